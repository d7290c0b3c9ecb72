#pragma once
// Hashes the module computes itself for the hash-and-sign mechanisms, and the PKCS #1 DigestInfo around them.
#include <openssl/types.h>

#include <memory>

#include "TokenBackend.h"

namespace ias::p11 {

std::size_t hashLength(HashAlg alg);
// The DER prefix of DigestInfo for `alg` (RFC 8017 section 9.2, note 1).
ByteView digestInfoPrefix(HashAlg alg);
Bytes digestInfo(HashAlg alg, ByteView hash);
// The hash whose DigestInfo, or whose value, `input` may be (by length); nullopt when none fits.
std::optional<HashAlg> hashOfDigestInfo(ByteView input);
std::optional<HashAlg> hashOfLength(std::size_t length);
// OpenSSL's digest for `alg`.
const EVP_MD* evpDigest(HashAlg alg);

// Incremental hashing with OpenSSL (EVP).
class Hasher {
public:
    explicit Hasher(HashAlg alg);
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;
    void update(ByteView data);
    Bytes finish();
    HashAlg algorithm() const { return alg_; }

private:
    HashAlg alg_;
    struct Context;
    std::unique_ptr<Context> ctx_;
};

}  // namespace ias::p11
