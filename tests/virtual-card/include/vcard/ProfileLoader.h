#pragma once
// Reads a card profile or a state file (docs/virtual-card.md, "Profile format") into a CardState.
#include <filesystem>
#include <string>

#include "vcard/CardModel.h"

namespace ias::vcard {

// Dynamic values kept in a state file beside the profile statements.
// Throws CardStateError (VirtualCard.h) with the line number on any error.
CardState loadProfile(const std::filesystem::path& profile);
// `baseDir` resolves file= and key= names.
CardState parseProfile(const std::string& text, const std::filesystem::path& baseDir,
                       const std::string& origin);

}  // namespace ias::vcard
