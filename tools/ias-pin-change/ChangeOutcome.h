#pragma once
// The exception a PIN change ended with → what the window says. Kinds are mapped, never message texts.
#include <exception>

#include "CardSnapshot.h"

namespace ias::pinchange {

ChangeOutcome outcomeOf(std::exception_ptr error);
// The same for an unblock: a refused or blocked PIN there is the PUK (the only secret the card checks).
ChangeOutcome unblockOutcomeOf(std::exception_ptr error);

}  // namespace ias::pinchange
