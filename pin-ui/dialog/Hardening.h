#pragma once
// Process-wide protection of the dialog's memory: no core dump, no ptrace by the user's other processes,
// pages locked in RAM. Called first thing in main, before any PIN can exist.
#include <string>

namespace ias::pinui {

struct HardeningReport {
    bool nonDumpable = false;
    bool coreDisabled = false;
    bool lockedCurrent = false;
    bool lockedFuture = false;
};

HardeningReport hardenProcess();

}  // namespace ias::pinui
