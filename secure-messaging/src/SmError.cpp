#include "ias/sm/SmError.h"

namespace ias::sm {

const char* toString(SmFailureReason reason) {
    switch (reason) {
        case SmFailureReason::SetupRejected:
            return "SM setup rejected";
        case SmFailureReason::AuthenticationFailed:
            return "device authentication failed";
        case SmFailureReason::ResponseMacMismatch:
            return "response MAC mismatch";
        case SmFailureReason::MalformedResponse:
            return "malformed SM response";
        case SmFailureReason::PlainSuccess:
            return "unprotected success answer";
        case SmFailureReason::CardRejectedSm:
            return "card rejected secure messaging";
        case SmFailureReason::SessionClosed:
            return "SM session closed";
    }
    return "SM failure";
}

SmError::SmError(SmFailureReason reason, const std::string& message, StatusWord sw)
    : CardError(CardErrorKind::SmFailure, sw, "secure messaging"),
      reason_(reason),
      message_(std::string("secure messaging: ") + toString(reason) + ": " + message +
               (sw == StatusWord{} ? std::string() : " (card answered " + sw.toString() + ")")) {}

}  // namespace ias::sm
