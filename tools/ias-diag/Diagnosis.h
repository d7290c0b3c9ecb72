#pragma once
// The whole report: the checks in order, each independent; a check whose input an earlier FAIL took away is
// SKIPped with the reason. Never throws and never waits longer than the options' bounds per step.
#include "Check.h"
#include "DiagOptions.h"

namespace ias::diag {

Report diagnose(const DiagOptions& options);

// Told of each check as the report runs (the window shows them live), on the thread that runs diagnose().
class DiagObserver {
public:
    virtual ~DiagObserver() = default;
    virtual void started(const std::string& id, const std::string& title) = 0;
    virtual void finished(const CheckResult& result) = 0;
};
// The same report, with each check announced to `observer` (may be null) before it runs and after.
Report diagnose(const DiagOptions& options, DiagObserver* observer);

// The ids in report order (what the JSON always holds).
const std::vector<std::string>& checkIds();

}  // namespace ias::diag
