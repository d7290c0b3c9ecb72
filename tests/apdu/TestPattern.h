#pragma once
// Helpers shared by the apdu tests: the data pattern of vectors/Vectors.inc and hex shorthands.
#include <cstdint>
#include <string>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::test {

// The same bytes as pattern(n) in vectors/make_vectors.py.
inline Bytes pattern(std::size_t n) {
    Bytes out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>((i * 7 + 3) & 0xFF);
    return out;
}

inline std::string hexOf(const SecureBuffer& b) {
    return toHex(b.view());
}

}  // namespace ias::test
