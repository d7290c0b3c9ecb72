#pragma once
// The response file of `challenge sign` (docs/challenge-response.md): PEM blocks, written and read by
// OpenSSL's PEM functions,
//   -----BEGIN IAS-ECC CHALLENGE SIGNATURE-----   with the header "Mechanism: <name>", then a blank line
//   -----BEGIN CERTIFICATE-----                   the authentication certificate
//   -----BEGIN CERTIFICATE-----                   the CA certificates found on the card (0 or more)
// Mechanism names: rsa-pkcs1-sha256, rsa-pss-sha256 (salt 32 bytes), ecdsa-sha256 (DER ECDSA-Sig-Value).
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::tool {

inline constexpr const char* kSignaturePemName = "IAS-ECC CHALLENGE SIGNATURE";

struct ChallengeResponseFile {
    std::string mechanism;
    Bytes signature;
    std::vector<Bytes> certificates;  // DER; the first one is the signer's
};

Bytes encodeResponse(const ChallengeResponseFile& response);
// ToolError(InputOutput) when `pem` holds no signature block, no certificate, or something else.
ChallengeResponseFile decodeResponse(ByteView pem, const std::string& name);

}  // namespace ias::tool
