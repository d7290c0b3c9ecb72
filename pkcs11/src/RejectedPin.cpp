#include "RejectedPin.h"

#include <sodium.h>

#include "ias/apdu/VectorRegisters.h"

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
    // BLAKE2b's SIMD rounds leave the PIN's message words in vector registers (xmm15 held it after C_Logout
    // and C_Finalize, in the residue tests' core dumps).
    clearVectorRegisters();
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
