#pragma once
// What the report says about one certificate: subject, issuer, serial, validity and key usage, decoded with
// OpenSSL from the DER the card holds.
#include <ctime>
#include <optional>
#include <string>

#include "ias/apdu/Bytes.h"

namespace ias::diag {

struct CertificateFacts {
    std::string subject;  // RFC 2253
    std::string issuer;
    std::string serial;     // hex
    std::string notBefore;  // "2026-01-01 00:00:00 UTC"
    std::string notAfter;
    bool expired = false;
    bool notYetValid = false;
    std::optional<int> daysLeft;   // until notAfter, when valid now
    std::string keyUsage;          // "digitalSignature, nonRepudiation" or "(none)"
    std::string extendedKeyUsage;  // "clientAuth, emailProtection" or ""
};

// nullopt when the bytes are not one DER certificate. `now` is the time validity is judged at.
std::optional<CertificateFacts> certificateFacts(ByteView der, std::time_t now);

}  // namespace ias::diag
