#pragma once
// The persistent state of the card: the profile format with every key and file inlined (der=, data=),
// the dynamic counters (left=), and a final line "checksum sha256=<hex>" over all bytes before it.
// Saved atomically: temporary file, fsync, rename, fsync of the directory.
#include <filesystem>
#include <string>

#include "vcard/CardModel.h"

namespace ias::vcard {

std::string serializeState(const CardState& card);
void saveState(const CardState& card, const std::filesystem::path& stateFile);
// Throws CardStateError when the file is unreadable, its checksum does not match or it does not parse.
CardState loadState(const std::filesystem::path& stateFile);
// The same from the text of a state file (serializeState); `origin` names it in errors.
CardState parseState(const std::string& text, const std::filesystem::path& baseDir,
                     const std::string& origin);

}  // namespace ias::vcard
