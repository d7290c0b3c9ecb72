// The low-level SHA API is deprecated in OpenSSL 3 but it is the only one that lets a hash resume from an
// intermediate state, which is exactly what on-card hash completion needs.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "vcard/HashCompletion.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

std::uint32_t word(ByteView b, std::size_t i) {
    return (std::uint32_t{b[4 * i]} << 24) | (std::uint32_t{b[4 * i + 1]} << 16) |
           (std::uint32_t{b[4 * i + 2]} << 8) | std::uint32_t{b[4 * i + 3]};
}

std::uint64_t bitCount(ByteView b) {
    std::uint64_t v = 0;
    for (std::uint8_t x : b) v = (v << 8) | x;
    return v;
}

}  // namespace

std::size_t digestSize(DigestAlgorithm alg) {
    return alg == DigestAlgorithm::Sha1 ? 20 : 32;
}

Bytes completeHash(DigestAlgorithm alg, ByteView state, ByteView remaining) {
    const std::size_t words = digestSize(alg);
    if (remaining.size() >= 64) fail(sw::WrongData);
    if (state.empty()) return hashAll(alg, remaining);
    if (state.size() != words + 8) fail(sw::WrongData);
    const std::uint64_t bits = bitCount(state.subspan(words));
    if (bits % 512 != 0) fail(sw::WrongData);  // only whole blocks can have been hashed
    Bytes out(digestSize(alg));
    if (alg == DigestAlgorithm::Sha1) {
        SHA_CTX c;
        SHA1_Init(&c);
        c.h0 = word(state, 0), c.h1 = word(state, 1), c.h2 = word(state, 2), c.h3 = word(state, 3),
        c.h4 = word(state, 4);
        c.Nl = static_cast<SHA_LONG>(bits), c.Nh = static_cast<SHA_LONG>(bits >> 32);
        SHA1_Update(&c, remaining.data(), remaining.size());
        SHA1_Final(out.data(), &c);
    } else {
        SHA256_CTX c;
        SHA256_Init(&c);
        for (std::size_t i = 0; i < 8; ++i) c.h[i] = word(state, i);
        c.Nl = static_cast<SHA_LONG>(bits), c.Nh = static_cast<SHA_LONG>(bits >> 32);
        SHA256_Update(&c, remaining.data(), remaining.size());
        SHA256_Final(out.data(), &c);
    }
    return out;
}

Bytes hashAll(DigestAlgorithm alg, ByteView data) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len,
                   alg == DigestAlgorithm::Sha1 ? EVP_sha1() : EVP_sha256(), nullptr) != 1)
        fail(sw::NoPreciseDiagnosis);
    out.resize(len);
    return out;
}

Bytes digestInfo(DigestAlgorithm alg, ByteView digest) {
    // DER prefixes of PKCS#1 v1.5 DigestInfo (RFC 8017 §9.2, note 1).
    static const Bytes kSha1 = fromHex("3021300906052B0E03021A05000414");
    static const Bytes kSha256 = fromHex("3031300D060960864801650304020105000420");
    Bytes out = alg == DigestAlgorithm::Sha1 ? kSha1 : kSha256;
    append(out, digest);
    return out;
}

}  // namespace ias::vcard
