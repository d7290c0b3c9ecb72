#pragma once
// One run of the checks off the main loop: diagnose() on a worker thread, each check's start and result
// posted to GTK's main loop, so that a hung module or pcscd (bounded by the library) never freezes the
// window.
#include <functional>
#include <string>

#include "Check.h"
#include "DiagOptions.h"

namespace ias::diaggtk {

struct RunEvents {
    std::function<void(const std::string& id, const std::string& title)> started;
    std::function<void(const ias::diag::CheckResult& result)> finished;
    std::function<void(const ias::diag::Report& report)> done;
};

// Starts the run and returns at once; the events arrive on the main loop, in report order. The thread is
// detached: a step the library abandoned may outlive it, and the process ends with _exit (runsInFlight()).
void startRun(const ias::diag::DiagOptions& options, RunEvents events);
// Runs not yet done (the main loop has not had their "done").
int runsInFlight();

}  // namespace ias::diaggtk
