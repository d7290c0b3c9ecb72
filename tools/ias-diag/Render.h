#pragma once
// The report as text for people (one line per check, then the advice of the checks that are not OK, then a
// summary) and as JSON for programs (docs/ias-diag.md, "JSON"). Both only render: the model is Check.h.
#include <string>

#include "Check.h"

namespace ias::diag {

// `verbose`: the details of every check under its line.
std::string renderText(const Report& report, bool verbose);
std::string renderJson(const Report& report);
// A JSON string literal with its quotes (UTF-8 passes through; control characters are escaped).
std::string jsonString(const std::string& text);

}  // namespace ias::diag
