#pragma once
// Picks a PIN window's language (the request's LANG, else the environment) and binds its translations.
#include <string>

namespace ias::pinui::dialog {

inline constexpr const char* kTextDomain = "ias-pinentry";

// Must run before GTK initialises. `requested` may be empty. The translations of `domain` are looked for in
// <executable's directory>/locale (build tree), else in the installed locale directory.
void selectLanguage(const std::string& requested, const char* domain = kTextDomain);

}  // namespace ias::pinui::dialog
