#include "ErrorMapping.h"

#include <new>

#include "CkError.h"

namespace ias::p11 {

namespace {

bool signsOrDecrypts(CkFunction function) {
    return function == CkFunction::Sign || function == CkFunction::SignPart ||
           function == CkFunction::Decrypt;
}

// A PIN problem (wrong, blocked, unusable length, never set) in a function that is not about a PIN.
// C_Sign, C_SignUpdate/Final and C_Decrypt verify a PIN only through the module's own dialog or the
// PIN-pad: the key's PIN is then not verified, which an application that can log in itself must be told
// (C_Login(CKU_CONTEXT_SPECIFIC) shows it the tries left). Anywhere else no command checks a PIN, so a
// PIN status word (63Cx, 6983) is a card fault.
CK_RV pinProblemOutsideLogin(CkFunction function) {
    return signsOrDecrypts(function) ? CKR_USER_NOT_LOGGED_IN : CKR_DEVICE_ERROR;
}

}  // namespace

CK_RV toCkRv(BackendErrc code, CkFunction function) {
    const bool pinFunction =
        function == CkFunction::Login || function == CkFunction::SetPin || function == CkFunction::InitPin;
    switch (code) {
        case BackendErrc::NoCard:
            return CKR_TOKEN_NOT_PRESENT;
        case BackendErrc::CardRemoved:
            return CKR_DEVICE_REMOVED;
        case BackendErrc::PinIncorrect:
            return pinFunction ? CKR_PIN_INCORRECT : pinProblemOutsideLogin(function);
        case BackendErrc::PinBlocked:
            return pinFunction ? CKR_PIN_LOCKED : pinProblemOutsideLogin(function);
        case BackendErrc::PinLengthInvalid:
            // C_Login: a PIN the card cannot hold cannot be the right one (CKR_PIN_LEN_RANGE is for
            // functions that set a PIN).
            if (function == CkFunction::Login) return CKR_PIN_INCORRECT;
            return pinFunction ? CKR_PIN_LEN_RANGE : pinProblemOutsideLogin(function);
        case BackendErrc::PinNotInitialized:
            return function == CkFunction::Login ? CKR_USER_PIN_NOT_INITIALIZED
                                                 : pinProblemOutsideLogin(function);
        case BackendErrc::NotAuthenticated:
            // The card's security status is not satisfied: the login is gone (another process reset the card)
            // where an operation needs it; C_InitPIN needs the SO (PUK) login. C_Login and C_SetPIN have no
            // such code, and in the other functions no command needs a login: a card fault there.
            return signsOrDecrypts(function) || function == CkFunction::InitPin ? CKR_USER_NOT_LOGGED_IN
                                                                                : CKR_DEVICE_ERROR;
        case BackendErrc::Cancelled:
            return CKR_FUNCTION_CANCELED;
        case BackendErrc::PinEntryUnavailable:
            // No dialog could be shown: an application that can log in itself must be told the key wants
            // the PIN (C_Login(CKU_CONTEXT_SPECIFIC), then the operation again), not that a user cancelled.
            return signsOrDecrypts(function) ? CKR_USER_NOT_LOGGED_IN : CKR_FUNCTION_CANCELED;
        case BackendErrc::Timeout:
            return CKR_FUNCTION_CANCELED;
        case BackendErrc::KeyUnusable:
            // Known before the operation starts (C_SignInit, C_DecryptInit); a card that refuses the key in
            // the middle of the operation or a PIN function is at fault.
            return function == CkFunction::Other ? CKR_KEY_FUNCTION_NOT_PERMITTED : CKR_DEVICE_ERROR;
        case BackendErrc::InputInvalid:
            switch (function) {
                case CkFunction::Decrypt:
                    return CKR_ENCRYPTED_DATA_INVALID;
                case CkFunction::Sign:
                    return CKR_DATA_INVALID;
                case CkFunction::SignPart:  // the module made the hash the card refused
                    return CKR_DEVICE_ERROR;
                case CkFunction::Login:  // the card refused the PIN's format (VERIFY 6700/6A80)
                    return CKR_PIN_INCORRECT;
                case CkFunction::SetPin:
                case CkFunction::InitPin:
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
                case CkFunction::SignPart:
                case CkFunction::Other:
                    return CKR_DATA_LEN_RANGE;
                case CkFunction::Login:
                case CkFunction::SetPin:
                case CkFunction::InitPin:
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
