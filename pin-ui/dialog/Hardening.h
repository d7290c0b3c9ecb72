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

// GTK 4.8's AT-SPI layer puts every character typed into a password entry, in clear, into text-changed
// events on the accessibility bus, where any listener of the session receives them. So accessibility is
// off (GTK_A11Y=none) unless the user asks for it (a screen-reader user who accepts that) by setting
// `optInVariable` to 1. Before GTK initialises.
void keepAccessibilityOffUnless(const char* optInVariable);

}  // namespace ias::pinui
