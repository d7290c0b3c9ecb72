#pragma once
// The one error of the terminal's secure messaging. It is a CardError of kind SmFailure, so the layers above
// map it like any other card failure (ias-api, then CKR_* in pkcs11/); reason() tells what went wrong for
// logs and tests. Whenever an SmSession throws it, the session is already closed and its keys wiped.
#include <string>

#include "ias/apdu/StatusWord.h"

namespace ias::sm {

enum class SmFailureReason {
    SetupRejected,         // MSE SET AT or GET CHALLENGE refused or malformed
    AuthenticationFailed,  // the card refused our cryptogram, or its answer failed our checks
    ResponseMacMismatch,   // DO8E of a response does not verify (also: SSC out of step, replay)
    MalformedResponse,     // missing DO99/DO8E, unknown or misplaced DO, bad indicator, length or padding
    PlainSuccess,          // 9000 or a warning (62xx, 63xx but 63Cx) without SM data objects
    CardRejectedSm,        // the card answered 6882/6987/6988: it has dropped its session
    SessionClosed,         // transmit on a session that is closed
};

const char* toString(SmFailureReason reason);

class SmError : public CardError {
public:
    // `sw` is the status the card answered where there is one (0000 when the failure is ours alone).
    SmError(SmFailureReason reason, const std::string& message, StatusWord sw = {});
    SmFailureReason reason() const { return reason_; }
    const char* what() const noexcept override { return message_.c_str(); }

private:
    SmFailureReason reason_;
    std::string message_;
};

}  // namespace ias::sm
