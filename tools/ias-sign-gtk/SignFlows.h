#pragma once
// The window's actions, each one of ias-sign's commands called as the command line calls it
// (tools/ias-sign/Commands.h: runSign, runCosign, runCountersign, verifyFile) with the arguments the window
// builds: the PIN always through the desktop's dialog (--pin-dialog, ias-pinentry), never in this window.
// Runs on a worker thread: touches no GTK.
#include <string>
#include <vector>

#include "CmsVerify.h"
#include "ExitCode.h"
#include "SignedDocument.h"

namespace ias::signgtk {

enum class Action { Verify, Sign, Cosign, Countersign };
const char* actionName(Action action);  // "verify", "sign" … (status lines)

struct FlowSettings {
    std::string reader;   // empty: the first reader with a card
    std::string anchors;  // trusted roots (PEM); empty: the system's
    std::string key;      // "qualified" or "auth"
};

struct FlowOutcome {
    Action action = Action::Verify;
    tool::ErrorReport error{tool::Exit::Ok, "", -1};  // the action's; Ok when it succeeded
    SignedDocument files;                             // as found again after the action
    std::vector<sign::SignerVerdict> verdicts;        // the file read again and verified
    tool::ErrorReport readError{tool::Exit::Ok, "", -1};
};

// The action, then the signature file read again and verified (also after a failure: what is on disk).
// `signer`: the path of the signature to counter-sign.
FlowOutcome runFlow(Action action, const SignedDocument& files, const FlowSettings& settings,
                    const std::string& signer = {});

}  // namespace ias::signgtk
