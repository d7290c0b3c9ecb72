#pragma once
// The whole report: the checks in order, each independent; a check whose input an earlier FAIL took away is
// SKIPped with the reason. Never throws and never waits longer than the options' bounds per step.
#include "Check.h"
#include "DiagOptions.h"

namespace ias::diag {

Report diagnose(const DiagOptions& options);

// The ids in report order (what the JSON always holds).
const std::vector<std::string>& checkIds();

}  // namespace ias::diag
