// CWA 14890 session keys (ias-ecc-card-facts.md §6 step 6): H(K.IFD xor K.ICC || 00 00 00 0c), c = 1 for
// ENC and 2 for MAC, first 16 bytes; H is SHA-1 (algorithm 0C) or SHA-256 (algorithm 8C).
#include <openssl/evp.h>

#include "ias/sm/SmCrypto.h"

namespace ias::sm {

namespace {
constexpr std::size_t kKeyHalf = 32;
constexpr std::size_t kSessionKey = 16;

SecureBuffer deriveOne(ByteView shared, std::uint8_t counter, KdfHash hash) {
    SecureBuffer input(kKeyHalf + 4);
    input.append(shared);
    const std::uint8_t tail[4] = {0x00, 0x00, 0x00, counter};
    input.append(ByteView(tail, sizeof tail));

    SecureBuffer digest(EVP_MAX_MD_SIZE);
    digest.resize(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    const EVP_MD* md = hash == KdfHash::Sha1 ? EVP_sha1() : EVP_sha256();
    if (EVP_Digest(input.data(), input.size(), digest.data(), &length, md, nullptr) != 1 ||
        length < kSessionKey)
        throw SmCryptoError("session key digest failed");
    digest.resize(kSessionKey);
    return digest;
}
}  // namespace

SessionKeys deriveSessionKeys(ByteView kIfd, ByteView kIcc, KdfHash hash) {
    if (kIfd.size() != kKeyHalf || kIcc.size() != kKeyHalf)
        throw SmCryptoError("K.IFD and K.ICC must be 32 bytes each");
    SecureBuffer shared(kKeyHalf);
    shared.resize(kKeyHalf);
    for (std::size_t i = 0; i < kKeyHalf; ++i) shared[i] = kIfd[i] ^ kIcc[i];
    return SessionKeys{deriveOne(shared.view(), 0x01, hash), deriveOne(shared.view(), 0x02, hash)};
}

}  // namespace ias::sm
