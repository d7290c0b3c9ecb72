#include "ErrorMapping.h"

#include <new>

#include "CkError.h"

namespace ias::p11 {

CK_RV toCkRv(BackendErrc code) {
    switch (code) {
        case BackendErrc::NoCard:
            return CKR_TOKEN_NOT_PRESENT;
        case BackendErrc::CardRemoved:
            return CKR_DEVICE_REMOVED;
        case BackendErrc::PinIncorrect:
            return CKR_PIN_INCORRECT;
        case BackendErrc::PinBlocked:
            return CKR_PIN_LOCKED;
        case BackendErrc::PinLengthInvalid:
            return CKR_PIN_LEN_RANGE;
        case BackendErrc::PinNotInitialized:
            return CKR_USER_PIN_NOT_INITIALIZED;
        case BackendErrc::NotAuthenticated:
            return CKR_USER_NOT_LOGGED_IN;
        case BackendErrc::Cancelled:
            return CKR_FUNCTION_CANCELED;
        case BackendErrc::Timeout:
            return CKR_FUNCTION_CANCELED;
        case BackendErrc::KeyUnusable:
            return CKR_KEY_FUNCTION_NOT_PERMITTED;
        case BackendErrc::InputInvalid:
            return CKR_DATA_INVALID;
        case BackendErrc::InputTooLong:
            return CKR_DATA_LEN_RANGE;
        case BackendErrc::NotSupported:
            return CKR_FUNCTION_NOT_SUPPORTED;
        case BackendErrc::CardError:
            return CKR_DEVICE_ERROR;
        case BackendErrc::Communication:
            return CKR_DEVICE_ERROR;
        case BackendErrc::Internal:
            return CKR_GENERAL_ERROR;
    }
    return CKR_GENERAL_ERROR;
}

CK_RV currentExceptionToCkRv() noexcept {
    try {
        throw;
    } catch (const CkError& e) {
        return e.rv();
    } catch (const BackendError& e) {
        return toCkRv(e.code());
    } catch (const std::bad_alloc&) {
        return CKR_HOST_MEMORY;
    } catch (...) {
        return CKR_GENERAL_ERROR;
    }
}

}  // namespace ias::p11
