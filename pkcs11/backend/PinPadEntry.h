#pragma once
// PIN entry on the reader's PIN-pad for the module (docs/pkcs11.md, "PIN-pad readers"): while the reader
// waits for the PIN, the "type your PIN on the reader" notice of ias-pinentry is shown when there is a
// display (without one the entry just proceeds); the reader's own outcomes become BackendErrors
// (cancel → Cancelled → CKR_FUNCTION_CANCELED, timeout → Timeout). The PIN never enters this process.
#include <functional>

#include "PinDialogSource.h"

namespace ias::p11 {

// Runs `enter` (the card operation that makes the reader ask for the PIN) under the notice.
void enterOnPinPad(const PinQuestion& question, const std::function<void()>& enter);

}  // namespace ias::p11
