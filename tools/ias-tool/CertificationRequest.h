#pragma once
// A PKCS#10 certification request whose signature the card makes with its own key: proof of possession
// of the private key, which never leaves the card. OpenSSL builds and encodes the CertificationRequestInfo;
// the tool hashes it, the card signs, the tool assembles the request and verifies it before handing it out.
#include <functional>
#include <string>

#include "ias/apdu/Bytes.h"
#include "ias/api/CardModel.h"

namespace ias::tool {

// Signs `toBeSigned` (the DER CertificationRequestInfo) and returns the signature as X.509 wants it (RSA:
// PKCS#1 v1.5 over a DigestInfo; EC: DER ECDSA-Sig-Value).
using RequestSigner = std::function<Bytes(ByteView toBeSigned)>;

// `subject` as "/CN=Alice/O=Example" (a backslash escapes '/'). `digest`: SHA256, SHA384 or SHA512.
// Throws UsageError for a malformed subject, ToolError(CardError) when the card's signature does not verify.
Bytes makeCertificationRequest(const api::PublicKey& key, const std::string& subject, const char* digest,
                               const RequestSigner& sign);

}  // namespace ias::tool
