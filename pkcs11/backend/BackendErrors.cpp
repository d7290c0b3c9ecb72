#include "BackendErrors.h"

#include <new>
#include <string>

#include "GatedTransport.h"
#include "ModuleLog.h"
#include "ias/apdu/StatusWord.h"
#include "ias/apdu/Transport.h"
#include "ias/api/ApiError.h"
#include "ias/api/Pkcs15Error.h"
#include "ias/sm/SmError.h"

namespace ias::p11 {
namespace {

BackendErrc fromApiKind(api::ApiErrorKind kind) {
    switch (kind) {
        case api::ApiErrorKind::PinFormat:
            return BackendErrc::PinLengthInvalid;
        case api::ApiErrorKind::PinRequired:
        case api::ApiErrorKind::SecurityStateLost:
            return BackendErrc::NotAuthenticated;
        case api::ApiErrorKind::SmKeysMissing:
        case api::ApiErrorKind::Configuration:
            return BackendErrc::Communication;
        case api::ApiErrorKind::NotFound:
        case api::ApiErrorKind::NotSupported:
            return BackendErrc::KeyUnusable;
        case api::ApiErrorKind::InvalidInput:
            return BackendErrc::InputInvalid;
        case api::ApiErrorKind::CardContent:
        case api::ApiErrorKind::NoSpace:
            return BackendErrc::CardError;
    }
    return BackendErrc::Internal;
}

BackendErrc fromCardKind(CardErrorKind kind) {
    switch (kind) {
        case CardErrorKind::PinIncorrect:
            return BackendErrc::PinIncorrect;
        case CardErrorKind::PinBlocked:
            return BackendErrc::PinBlocked;
        case CardErrorKind::SecurityStatus:
            return BackendErrc::NotAuthenticated;
        case CardErrorKind::ReferenceNotUsable:
            return BackendErrc::PinNotInitialized;
        case CardErrorKind::SmFailure:
            return BackendErrc::Communication;
        case CardErrorKind::WrongParameters:
        case CardErrorKind::WrongLength:
            return BackendErrc::InputInvalid;
        case CardErrorKind::NotSupported:
            return BackendErrc::NotSupported;
        case CardErrorKind::ConditionsNotSatisfied:
        case CardErrorKind::FileNotFound:
        case CardErrorKind::DataNotFound:
        case CardErrorKind::RecordNotFound:
        case CardErrorKind::Memory:
        case CardErrorKind::FileExists:
        case CardErrorKind::Other:
            return BackendErrc::CardError;
    }
    return BackendErrc::CardError;
}

// The current exception as the BackendError the module maps to a CKR_* value.
[[noreturn]] void translateCurrent() {
    try {
        throw;
    } catch (const std::bad_alloc&) {
        throw;  // the module answers CKR_HOST_MEMORY
    } catch (const api::ApiError& e) {
        throw BackendError(fromApiKind(e.kind()), e.what());
    } catch (const PinIncorrect& e) {
        throw BackendError(BackendErrc::PinIncorrect, e.what(), e.triesLeft());
    } catch (const CardError& e) {  // SmError included (kind SmFailure)
        throw BackendError(fromCardKind(e.kind()), e.what());
    } catch (const CardRemovedError& e) {
        throw BackendError(BackendErrc::CardRemoved, e.what());
    } catch (const ReaderUnavailableError& e) {
        throw BackendError(BackendErrc::NoCard, e.what());
    } catch (const CardResetError& e) {
        // The card layer recovers from resets itself; one that escapes means the login is gone.
        throw BackendError(BackendErrc::NotAuthenticated, e.what());
    } catch (const TransportError& e) {
        throw BackendError(BackendErrc::Communication, e.what());
    } catch (const api::Pkcs15Error& e) {
        throw BackendError(BackendErrc::CardError, e.what());
    } catch (const std::exception& e) {
        throw BackendError(BackendErrc::Internal, e.what());
    } catch (...) {
        throw BackendError(BackendErrc::Internal, "unknown failure in the card layer");
    }
}
}  // namespace

void rethrowAsBackendError() {
    try {
        throw;
    } catch (const BackendError&) {
        throw;
    } catch (const ReadingStopped& e) {
        throw BackendError(BackendErrc::Communication, e.what());  // C_Finalize's doing: no card fault to log
    } catch (const std::exception& e) {
        // Every failure of the card layer that reaches the module is named once in the log, so that a support
        // desk can tell a card fault (status word, bad MAC, broken answer) from what the application was
        // told. The card layer's messages carry status words and file names, never a PIN.
        logLine(std::string("card: ") + e.what());
        translateCurrent();
    } catch (...) {
        logLine("card: unknown failure in the card layer");
        translateCurrent();
    }
}

}  // namespace ias::p11
