#include "ChangeOutcome.h"

#include "ias/apdu/PinPad.h"
#include "ias/apdu/StatusWord.h"
#include "ias/apdu/Transport.h"
#include "ias/api/ApiError.h"
#include "ias/sm/SmError.h"

namespace ias::pinchange {

ChangeOutcome outcomeOf(std::exception_ptr error) {
    ChangeOutcome out;
    try {
        std::rethrow_exception(error);
    } catch (const PinIncorrect& e) {
        out.result = ChangeResult::WrongPin;
        out.triesLeft = e.triesLeft();
        out.detail = "wrong PIN";
    } catch (const sm::SmError& e) {
        // Before CardError: an SM failure is one of its kinds.
        out.result = ChangeResult::SmFailure;
        out.detail = std::string("secure messaging failed (") + sm::toString(e.reason()) + ")";
    } catch (const CardError& e) {
        out.result = e.kind() == CardErrorKind::PinBlocked  ? ChangeResult::Blocked
                     : e.kind() == CardErrorKind::SmFailure ? ChangeResult::SmFailure
                                                            : ChangeResult::CardError;
        out.detail = e.statusWord().toString();
    } catch (const PinEntryError& e) {
        out.result = ChangeResult::Refused;
        out.detail = "PIN-pad: " + std::string(e.what());
    } catch (const TransportError& e) {
        // Removal, reader gone or pcscd stopped: the card was lost mid-way.
        out.result = ChangeResult::CardRemoved;
        out.detail = e.what();
    } catch (const api::ApiError& e) {
        out.result = e.kind() == api::ApiErrorKind::PinFormat       ? ChangeResult::Refused
                     : e.kind() == api::ApiErrorKind::SmKeysMissing ? ChangeResult::SmFailure
                                                                    : ChangeResult::CardError;
        out.detail = api::toString(e.kind());
    } catch (const std::exception& e) {
        out.result = ChangeResult::CardError;
        out.detail = e.what();
    } catch (...) {
        out.result = ChangeResult::CardError;
        out.detail = "unknown error";
    }
    return out;
}

ChangeOutcome unblockOutcomeOf(std::exception_ptr error) {
    ChangeOutcome out = outcomeOf(error);
    out.unblocking = true;
    if (out.result == ChangeResult::WrongPin) {
        const bool last = out.triesLeft && *out.triesLeft == 0;
        out.result = last ? ChangeResult::PukBlocked : ChangeResult::WrongPuk;
        out.detail = last ? "wrong PUK, now blocked" : "wrong PUK";
    } else if (out.result == ChangeResult::Blocked) {
        out.result = ChangeResult::PukBlocked;
        out.triesLeft = 0;
        out.detail = "PUK blocked";
    }
    return out;
}

}  // namespace ias::pinchange
