#pragma once
// What the card tests check a signature with, all from OpenSSL (independent of the module): the public key of
// the card's certificate, the SHA-256 DigestInfo a CKM_RSA_PKCS caller signs
// (tests/support/SignatureCheck.h), and RSASSA-PKCS1-v1_5 checks.
#include <openssl/evp.h>

#include "CardModule.h"
#include "SignatureCheck.h"

namespace ias::p11::cardtest {

using PublicKey = testsupport::Pkey;
// The subject public key of a DER certificate; null when it does not parse.
using testsupport::publicKeyOfCertificate;
using testsupport::sha256DigestInfo;

// RSASSA-PKCS1-v1_5 with SHA-256 over message: what both CKM_SHA256_RSA_PKCS(message) and
// CKM_RSA_PKCS(sha256DigestInfo(message)) must produce.
inline bool verifiesSha256Pkcs1(EVP_PKEY* key, const Bytes& message, const Bytes& signature) {
    return !signature.empty() && testsupport::verifySignature(key, "pkcs1", EVP_sha256(), message, signature);
}

}  // namespace ias::p11::cardtest
