#include "ias/api/ApiError.h"

namespace ias::api {

const char* toString(ApiErrorKind kind) {
    switch (kind) {
        case ApiErrorKind::PinFormat:
            return "PIN format";
        case ApiErrorKind::PinRequired:
            return "PIN required";
        case ApiErrorKind::SecurityStateLost:
            return "security state lost";
        case ApiErrorKind::SmKeysMissing:
            return "secure-messaging keys missing";
        case ApiErrorKind::NotFound:
            return "not found";
        case ApiErrorKind::NotSupported:
            return "not supported";
        case ApiErrorKind::InvalidInput:
            return "invalid input";
        case ApiErrorKind::CardContent:
            return "card content";
        case ApiErrorKind::NoSpace:
            return "no space";
        case ApiErrorKind::Configuration:
            return "configuration";
    }
    return "?";
}

ApiError::ApiError(ApiErrorKind kind, const std::string& message)
    : std::runtime_error(message), kind_(kind) {}

}  // namespace ias::api
