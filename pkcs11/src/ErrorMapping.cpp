#include "ErrorMapping.h"

#include <new>

#include "CkError.h"

namespace ias::p11 {

CK_RV toCkRv(BackendErrc code, CkFunction function) {
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
            // C_Login: a PIN the card cannot hold cannot be the right one (CKR_PIN_LEN_RANGE is for
            // functions that set a PIN).
            return function == CkFunction::Login ? CKR_PIN_INCORRECT : CKR_PIN_LEN_RANGE;
        case BackendErrc::PinNotInitialized:
            return CKR_USER_PIN_NOT_INITIALIZED;
        case BackendErrc::NotAuthenticated:
            return CKR_USER_NOT_LOGGED_IN;
        case BackendErrc::Cancelled:
            return CKR_FUNCTION_CANCELED;
        case BackendErrc::PinEntryUnavailable:
            // No dialog could be shown: an application that can log in itself must be told the key wants
            // the PIN (C_Login(CKU_CONTEXT_SPECIFIC), then the operation again), not that a user cancelled.
            return function == CkFunction::Sign || function == CkFunction::Decrypt ? CKR_USER_NOT_LOGGED_IN
                                                                                   : CKR_FUNCTION_CANCELED;
        case BackendErrc::Timeout:
            return CKR_FUNCTION_CANCELED;
        case BackendErrc::KeyUnusable:
            return CKR_KEY_FUNCTION_NOT_PERMITTED;
        case BackendErrc::InputInvalid:
            switch (function) {
                case CkFunction::Decrypt:
                    return CKR_ENCRYPTED_DATA_INVALID;
                case CkFunction::Sign:
                    return CKR_DATA_INVALID;
                case CkFunction::Login:  // the card refused the PIN's format (VERIFY 6700/6A80)
                    return CKR_PIN_INCORRECT;
                case CkFunction::SetPin:
                    return CKR_PIN_INVALID;
                case CkFunction::Other:
                    break;
            }
            return CKR_FUNCTION_FAILED;
        case BackendErrc::InputTooLong:
            switch (function) {
                case CkFunction::Decrypt:
                    return CKR_ENCRYPTED_DATA_LEN_RANGE;
                case CkFunction::Sign:
                case CkFunction::Other:
                    return CKR_DATA_LEN_RANGE;
                case CkFunction::Login:
                case CkFunction::SetPin:
                    break;
            }
            return CKR_FUNCTION_FAILED;
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

CK_RV currentExceptionToCkRv(CkFunction function) noexcept {
    try {
        throw;
    } catch (const CkError& e) {
        return e.rv();
    } catch (const BackendError& e) {
        return toCkRv(e.code(), function);
    } catch (const std::bad_alloc&) {
        return CKR_HOST_MEMORY;
    } catch (...) {
        return CKR_GENERAL_ERROR;
    }
}

}  // namespace ias::p11
