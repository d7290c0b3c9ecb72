#include "PinPadEntry.h"

#include <algorithm>

#include "ModuleLog.h"
#include "PinDialogSource.h"
#include "ias/apdu/PinPad.h"
#include "ias/pinui/PinPrompt.h"

namespace ias::p11 {
namespace {

[[noreturn]] void throwEntryError(const PinEntryError& e) {
    using Reason = PinEntryError::Reason;
    logLine(e.what());
    switch (e.reason()) {
        case Reason::Cancelled:
            throw BackendError(BackendErrc::Cancelled, e.what());
        case Reason::Timeout:
            throw BackendError(BackendErrc::Timeout, e.what());
        case Reason::Mismatch:
        case Reason::LengthRange:
            throw BackendError(BackendErrc::PinLengthInvalid, e.what());
        case Reason::Refused:
            break;
    }
    throw BackendError(BackendErrc::Communication, e.what());
}

}  // namespace

void enterOnPinPad(const PinQuestion& question, const std::function<void()>& enter) {
    const pinui::PinRequest request = pinRequestFor(question);
    // No display (or no dialog program): the reader still asks; the notice is a courtesy.
    pinui::PinPadNotice notice = pinui::PinPadNotice::show(request);
    if (!notice.shown())
        logLine("PIN-pad: no notice shown (" + notice.message() + "); the reader asks for the PIN");
    try {
        enter();
    } catch (const PinEntryError& e) {
        notice.close();
        throwEntryError(e);
    }
    notice.close();
}

}  // namespace ias::p11
