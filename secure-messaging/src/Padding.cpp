// ISO/IEC 9797-1 padding method 2 (80 00 .. 00), used for both SM encryption and MAC input.
#include "DesEdeCbc.h"
#include "ias/sm/SmCrypto.h"

namespace ias::sm {

SecureBuffer pad(ByteView data) {
    const std::size_t padded = (data.size() / detail::kBlock + 1) * detail::kBlock;
    SecureBuffer out(padded);
    out.append(data);
    out.push_back(0x80);
    out.resize(padded);  // the new bytes are zero
    return out;
}

SecureBuffer unpad(ByteView data) {
    if (data.empty() || data.size() % detail::kBlock != 0)
        throw SmCryptoError("padded data has a bad length");
    // The padding is 80 followed by at most 7 zero bytes, all inside the last block. Callers check the MAC
    // before they decrypt and unpad, so the timing of this scan reveals nothing to an attacker.
    const std::size_t lastBlock = data.size() - detail::kBlock;
    std::size_t end = data.size();
    while (end > lastBlock && data[end - 1] == 0x00) --end;
    if (end == lastBlock || data[end - 1] != 0x80) throw SmCryptoError("bad ISO 9797-1 method 2 padding");
    return SecureBuffer::copyOf(data.first(end - 1));
}

}  // namespace ias::sm
