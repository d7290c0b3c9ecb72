#pragma once
// The one place where errors of the card layer (ias::CardError and its kinds, ias::sm::SmError, transport
// errors, ias::api::ApiError, Pkcs15Error) become the module's BackendError. Message texts are kept for
// logs; only kinds decide the code.
#include "TokenBackend.h"

namespace ias::p11 {

// Call inside a catch block: rethrows the exception in flight as a BackendError (a BackendError as it is).
[[noreturn]] void rethrowAsBackendError();

// Runs f and translates whatever it throws.
template <typename F>
auto translatingErrors(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (...) {
        rethrowAsBackendError();
    }
}

}  // namespace ias::p11
