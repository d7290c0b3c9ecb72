#include "PinDialogSource.h"

#include <algorithm>

#include "ModuleLog.h"
#include "ias/pinui/PinPrompt.h"

namespace ias::p11 {
namespace {

pinui::PinKind kindOf(PinPurpose purpose) {
    switch (purpose) {
        case PinPurpose::Authentication:
            return pinui::PinKind::Authentication;
        case PinPurpose::Signature:
            return pinui::PinKind::Signature;
        case PinPurpose::Puk:
            return pinui::PinKind::Puk;
        case PinPurpose::NewAuthentication:
            return pinui::PinKind::NewAuthentication;
        case PinPurpose::NewSignature:
            return pinui::PinKind::NewSignature;
    }
    return pinui::PinKind::Authentication;
}

}  // namespace

pinui::PinRequest pinRequestFor(const PinQuestion& question) {
    pinui::PinRequest request;
    request.kind = kindOf(question.purpose);
    request.tokenLabel = question.tokenLabel;
    request.triesLeft = question.triesLeft;
    request.rules.digitsOnly = question.digitsOnly;
    // The protocol carries 1..64; the card's own rules are far inside.
    request.rules.minLength = std::max<std::size_t>(1, std::min(question.minLength, pinui::kMaxPinLength));
    request.rules.maxLength =
        std::max(request.rules.minLength, std::min(question.maxLength, pinui::kMaxPinLength));
    return request;
}

SecureBuffer askPinInDialog(const PinQuestion& question, std::chrono::seconds timeout) {
    const pinui::PinRequest request = pinRequestFor(question);
    // request.caller stays empty: the client names the calling application (Firefox, Thunderbird, ...).
    pinui::PromptOptions options;
    options.timeout = timeout;
    pinui::PromptResult result = pinui::askPin(request, options);
    switch (result.status) {
        case pinui::PromptStatus::Ok:
            return std::move(result.pin);
        case pinui::PromptStatus::Cancelled:
            logLine("PIN dialog: no PIN (" + result.message + "): CKR_FUNCTION_CANCELED");
            throw BackendError(BackendErrc::Cancelled, "PIN dialog cancelled: " + result.message);
        case pinui::PromptStatus::Unavailable:
            break;
    }
    // Nobody was asked: the function says what an application can still do (ErrorMapping.cpp).
    logLine("PIN dialog unavailable (" + result.message + ")");
    throw BackendError(BackendErrc::PinEntryUnavailable, "PIN dialog unavailable: " + result.message);
}

}  // namespace ias::p11
