#include "PinDialog.h"

#include <algorithm>

#include "ExitCode.h"
#include "ias/pinui/PinPrompt.h"

namespace ias::tool {
namespace {

bool digitsOnly(api::PinType type) {
    return type != api::PinType::Utf8;
}

}  // namespace

pinui::PinRequest pinDialogQuestion(bool newValue) {
    pinui::PinRequest request;
    request.kind = newValue ? pinui::PinKind::NewAuthentication : pinui::PinKind::Authentication;
    request.rules.digitsOnly = false;
    request.rules.minLength = 1;
    request.rules.maxLength = pinui::kMaxPinLength;
    return request;
}

pinui::PinRequest pinDialogQuestion(api::Card& card, ByteView authId, bool newValue) {
    pinui::PinRequest request = pinDialogQuestion(newValue);
    const api::Application& app = card.application();
    const api::PinInfo* pin = app.findPin(authId);
    if (!pin) return request;
    switch (pin->role) {
        case api::PinRole::Signature:
            request.kind = newValue ? pinui::PinKind::NewSignature : pinui::PinKind::Signature;
            break;
        case api::PinRole::Unblocking:
            request.kind = pinui::PinKind::Puk;
            break;
        default:
            break;
    }
    request.tokenLabel = app.tokenInfo.label;
    const api::PinStatus status = card.pinStatus(authId);
    if (status.blocked && !newValue)
        throw ToolError(Exit::PinBlocked, (pin->label.empty() ? "the PIN" : pin->label) + " is blocked");
    if (!newValue) request.triesLeft = status.triesLeft;
    request.rules.digitsOnly = digitsOnly(pin->type);
    // The protocol carries 1..64; the card's own rules lie inside (0: the card does not say).
    if (status.minLength > 0) request.rules.minLength = std::min(status.minLength, pinui::kMaxPinLength);
    if (status.maxLength > 0)
        request.rules.maxLength =
            std::max(request.rules.minLength, std::min(status.maxLength, pinui::kMaxPinLength));
    return request;
}

SecureBuffer askPinInDialog(const pinui::PinRequest& question) {
    pinui::PromptResult result = pinui::askPin(question);
    switch (result.status) {
        case pinui::PromptStatus::Ok:
            return std::move(result.pin);
        case pinui::PromptStatus::Cancelled:
            throw ToolError(Exit::PinNotGiven, "PIN entry cancelled (" + result.message + ")");
        case pinui::PromptStatus::Unavailable:
            break;
    }
    throw ToolError(Exit::PinNotGiven, "no PIN dialog (" + result.message +
                                           "): give the PIN on the terminal or on a descriptor (--pin-fd N)");
}

}  // namespace ias::tool
