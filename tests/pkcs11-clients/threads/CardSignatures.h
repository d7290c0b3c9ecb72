#pragma once
// What the card tests check a signature with, all from OpenSSL (independent of the module): the public key of
// the card's certificate, the SHA-256 DigestInfo a CKM_RSA_PKCS caller signs, and RSASSA-PKCS1-v1_5 checks.
#include <openssl/evp.h>

#include <memory>

#include "CardModule.h"

namespace ias::p11::cardtest {

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PublicKey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// The subject public key of a DER certificate; null when it does not parse.
PublicKey publicKeyOfCertificate(const Bytes& der);
// DER DigestInfo { sha256, SHA-256(message) }, encoded by OpenSSL (X509_SIG).
Bytes sha256DigestInfo(const Bytes& message);
// RSASSA-PKCS1-v1_5 with SHA-256 over message: what both CKM_SHA256_RSA_PKCS(message) and
// CKM_RSA_PKCS(sha256DigestInfo(message)) must produce.
bool verifiesSha256Pkcs1(EVP_PKEY* key, const Bytes& message, const Bytes& signature);

}  // namespace ias::p11::cardtest
