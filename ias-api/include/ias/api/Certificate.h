#pragma once
// The parts of an X.509 certificate the PKCS#11 layer publishes (CKA_SUBJECT, CKA_ISSUER, CKA_SERIAL_NUMBER,
// CKA_PUBLIC_KEY_INFO, the RSA/EC public key). Decoded by OpenSSL; the DER bytes are returned as encoded.
#include <cstdint>
#include <optional>
#include <string>

#include "ias/api/Pkcs15Error.h"
#include "ias/api/Pkcs15Types.h"

namespace ias::api {

struct CertificateEssentials {
    Bytes der;                   // the whole certificate
    Bytes subject;               // DER of the subject Name
    Bytes issuer;                // DER of the issuer Name
    Bytes serialNumber;          // DER of the serial INTEGER (tag 02 included, as CKA_SERIAL_NUMBER wants)
    Bytes subjectPublicKeyInfo;  // DER of SubjectPublicKeyInfo
    std::optional<KeyType> keyType;  // empty for key types the card model does not use
    std::uint32_t keyBits = 0;
    Bytes rsaModulus;         // big-endian, no leading zero
    Bytes rsaPublicExponent;  // big-endian, no leading zero
    Bytes ecParameters;       // DER of the SPKI algorithm parameters (the namedCurve OID)
    Bytes ecPoint;            // the public point as in the SPKI BIT STRING (04 || X || Y)
    std::string subjectText;  // RFC 2253 one-line form, for labels and diagnostics
};

// Exactly one DER certificate (no trailing bytes). Throws Pkcs15Error("certificate", reason).
CertificateEssentials parseCertificate(ByteView der);

// The certificate at the start of a file that may be longer than it (filling after the content):
// the bytes of its outer DER TLV. Throws Pkcs15Error.
ByteView certificateExtent(ByteView file);

}  // namespace ias::api
