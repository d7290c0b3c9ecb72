#pragma once
// Remembers the PIN the card just rejected, as a keyed hash in secure memory, so that a client resending the
// same wrong answer (NSS does, without limit) does not burn the card's tries. Forgotten on any success,
// a new card, or a different answer.
#include "ias/apdu/SecureBuffer.h"

namespace ias::p11 {

class RejectedPin {
public:
    RejectedPin();
    void remember(ByteView pin);
    bool matches(ByteView pin) const;
    void forget();

private:
    SecureBuffer digestOf(ByteView pin) const;
    SecureBuffer key_;
    SecureBuffer digest_;
};

}  // namespace ias::p11
