#pragma once
// The parts of a certificate that certificate viewers show beyond subject, issuer and dates: the public key,
// the signature algorithm and the extensions people look for (basic constraints, subject alternative name,
// policies, key identifiers, CRL distribution points, authority information access), each as OpenSSL's own
// text for it (X509V3_EXT_print: what `openssl x509 -text` prints). An absent extension is left out.
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::cardview {

struct CertificateField {
    std::string key;    // English, machine-readable: "public-key", "subject-key-identifier", …
    std::string value;  // several lines for some extensions
};

// Empty when `der` is not a certificate.
std::vector<CertificateField> certificateSections(ByteView der);

}  // namespace ias::cardview
