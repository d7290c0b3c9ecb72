#pragma once
// A PIN the application did not give, asked of the user through ias-pinentry (pin-ui's client: posix_spawn,
// no GTK in the module). Cancel and the dialog's timeout end in BackendError(Cancelled), a missing display or
// a missing or failing dialog program in BackendError(PinEntryUnavailable); each with one log line.
#include <chrono>
#include <optional>
#include <string>

#include "TokenBackend.h"
#include "ias/apdu/SecureBuffer.h"
#include "ias/pinui/PinRequest.h"

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

// What the dialog (or the PIN-pad notice) shows for `question`, within the dialog protocol's limits.
pinui::PinRequest pinRequestFor(const PinQuestion& question);

// Blocks until the user answered, cancelled, or `timeout` passed.
SecureBuffer askPinInDialog(const PinQuestion& question, std::chrono::seconds timeout);

}  // namespace ias::p11
