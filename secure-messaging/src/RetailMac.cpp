// ISO/IEC 9797-1 MAC algorithm 3 (the "retail MAC"): single-DES CBC-MAC under K1, then the last block is
// decrypted with K2 and encrypted again with K1.
//
// OpenSSL 3 (Debian 12: 3.0.x) moved single DES (DES-CBC, DES-ECB) to the legacy provider, which is not
// loaded by default (`openssl enc -des-cbc` fails with "unsupported"). Loading it would change the global
// library context of the host process (Firefox has its own idea of OpenSSL state). Instead:
//  - DES-EDE with K1||K1 is E(K1) o D(K1) o E(K1) = E(K1): CBC over all but the last block gives H(n-1);
//  - the final step E(K1)(D(K2)(E(K1)(x_n xor H(n-1)))) is exactly one DES-EDE-CBC block under K1||K2
//    with IV = H(n-1).
#include <openssl/crypto.h>

#include "DesEdeCbc.h"
#include "ias/sm/SmCrypto.h"

namespace ias::sm {

Bytes retailMac(ByteView key16, ByteView paddedData) {
    using detail::kBlock;
    if (key16.size() != 16) throw SmCryptoError("retail MAC key must be 16 bytes");
    if (paddedData.empty() || paddedData.size() % kBlock != 0)
        throw SmCryptoError("retail MAC input must be padded to a non-empty multiple of 8 bytes");

    SecureBuffer k1k1(16);
    k1k1.append(key16.first(kBlock));
    k1k1.append(key16.first(kBlock));

    const std::size_t head = paddedData.size() - kBlock;
    SecureBuffer chain =
        detail::desEdeCbc(k1k1.view(), paddedData.first(head), {}, detail::Direction::Encrypt);
    SecureBuffer iv(kBlock);
    if (head == 0)
        iv.resize(kBlock);  // H(0) = ICV = 0
    else
        iv.append(chain.view().last(kBlock));

    SecureBuffer mac =
        detail::desEdeCbc(key16, paddedData.last(kBlock), iv.view(), detail::Direction::Encrypt);
    return Bytes(mac.view().begin(), mac.view().end());
}

bool macEquals(ByteView a, ByteView b) {
    if (a.size() != b.size() || a.empty()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ias::sm
