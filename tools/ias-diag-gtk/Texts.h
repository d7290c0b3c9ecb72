#pragma once
// The window's own words, translated (gettext domain "ias-diag-gtk", po/). The checks' findings and advice
// come from the checks' library as it reports them.
#include <string>

#include "Language.h"

#include "Check.h"

namespace ias::diaggtk {

inline constexpr const char* kTextDomain = "ias-diag-gtk";

using ias::pinui::dialog::tr;
// "OK", "WARN", "FAIL", "SKIP" as shown on a check's line (the report's own words, translated).
std::string statusWord(ias::diag::Status status);
// "5 OK, 2 warnings, 1 failure, 1 skipped" (only the non-zero counts).
std::string summaryText(const ias::diag::Report& report);

}  // namespace ias::diaggtk
