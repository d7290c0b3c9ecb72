#pragma once
// The fake card's software keys (OpenSSL), loaded from tests/pkcs11/data (made by make-test-keys.sh).
#include <openssl/evp.h>

#include <memory>
#include <string>

#include "TokenBackend.h"

namespace ias::p11::fake {

struct PkeyDeleter {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::shared_ptr<EVP_PKEY>;

struct LoadedKey {
    Pkey key;
    Bytes certificateDer;
};

LoadedKey loadKey(const std::string& dataDir, const std::string& name);
Bytes loadCertificateDer(const std::string& path);
// Fills kind, bits, modulus/exponent or EC params/point from the key.
void describePublicKey(EVP_PKEY* key, PublicKeyInfo& out);

Bytes signWith(EVP_PKEY* key, const SignRequest& request);
SecureBuffer decryptWith(EVP_PKEY* key, ByteView cryptogram);

}  // namespace ias::p11::fake
