#include "RejectedPin.h"

#include <sodium.h>

namespace ias::p11 {
namespace {
constexpr std::size_t kDigestSize = crypto_generichash_BYTES;
}

RejectedPin::RejectedPin() : key_(crypto_generichash_KEYBYTES) {
    key_.resize(crypto_generichash_KEYBYTES);
    randombytes_buf(key_.data(), key_.size());
}

SecureBuffer RejectedPin::digestOf(ByteView pin) const {
    SecureBuffer out(kDigestSize);
    out.resize(kDigestSize);
    crypto_generichash(out.data(), out.size(), pin.data(), pin.size(), key_.data(), key_.size());
    return out;
}

void RejectedPin::remember(ByteView pin) {
    digest_ = digestOf(pin);
}

bool RejectedPin::matches(ByteView pin) const {
    if (digest_.empty()) return false;
    return digest_.equals(digestOf(pin).view());
}

void RejectedPin::forget() {
    digest_ = SecureBuffer();
}

}  // namespace ias::p11
