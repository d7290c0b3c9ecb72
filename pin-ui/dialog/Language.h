#pragma once
// Picks a PIN window's language (the request's LANG, else the environment) and binds its translations.
#include <string>

namespace ias::pinui::dialog {

inline constexpr const char* kTextDomain = "ias-pinentry";

// Must run before GTK initialises. `requested` may be empty. The translations of `domain` are looked for in
// <executable's directory>/locale (build tree), else in the installed locale directory.
void selectLanguage(const std::string& requested, const char* domain = kTextDomain);

// The windows' shared text helpers (ias-pin-change, ias-diag-gtk, ias-browser): gettext in the program's
// default domain, and a translated pattern with its one %s replaced by `value`.
std::string tr(const char* english);
std::string formatText(const std::string& pattern, const std::string& value);

}  // namespace ias::pinui::dialog
