#pragma once
// Picks the dialog's language (the request's LANG, else the environment) and binds its translations.
#include <string>

namespace ias::pinui::dialog {

inline constexpr const char* kTextDomain = "ias-pinentry";

// Must run before GTK initialises. `requested` may be empty.
void selectLanguage(const std::string& requested);

}  // namespace ias::pinui::dialog
