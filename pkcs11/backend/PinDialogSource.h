#pragma once
// A PIN the application did not give, asked of the user through ias-pinentry (pin-ui's client: posix_spawn,
// no GTK in the module). Cancel, a missing display, a missing or failing dialog program and the dialog's
// timeout all end in BackendError(Cancelled) and one log line.
#include <chrono>
#include <optional>
#include <string>

#include "TokenBackend.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::p11 {

enum class PinPurpose { Authentication, Signature, Puk, NewAuthentication, NewSignature };

struct PinQuestion {
    PinPurpose purpose = PinPurpose::Authentication;
    std::string tokenLabel;
    std::optional<int> triesLeft;
    bool digitsOnly = true;
    std::size_t minLength = 4;
    std::size_t maxLength = 8;
};

// Blocks until the user answered, cancelled, or `timeout` passed.
SecureBuffer askPinInDialog(const PinQuestion& question, std::chrono::seconds timeout);

}  // namespace ias::p11
