// Small terminal-side helpers: the random source and SN.ICC.
#include <openssl/rand.h>

#include "ias/sm/SmSession.h"

namespace ias::sm {

RandomSource systemRandom() {
    return [](std::span<std::uint8_t> out) {
        if (out.empty()) return;
        if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1)
            throw SmCryptoError("the random generator failed");
    };
}

Bytes snIccFromSerial(ByteView serial) {
    constexpr std::size_t kSn = 8;
    if (serial.size() >= kSn) return Bytes(serial.end() - kSn, serial.end());
    Bytes sn(kSn - serial.size(), 0x00);
    append(sn, serial);
    return sn;
}

}  // namespace ias::sm
