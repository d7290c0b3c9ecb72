#pragma once
// A certificate out of the card: PEM or DER, chosen by the file name the holder types in the file chooser
// (.der/.cer/.crt → DER bytes, anything else → PEM), and the SHA-256 / SHA-1 fingerprints the details show.
#include <string>

#include "ias/apdu/Bytes.h"

namespace ias::browser {

enum class CertificateFormat { Pem, Der };

CertificateFormat formatForName(const std::string& path);
// RFC 7468 textual encoding: BEGIN/END CERTIFICATE lines, base64 in lines of 64.
std::string pemText(ByteView der);
// Writes the file (replacing it); false when it could not be written.
bool writeCertificate(const std::string& path, ByteView der, CertificateFormat format);
// "AB:CD:…", upper-case hex pairs, as certificate viewers show fingerprints.
std::string fingerprint(ByteView der, const char* digest);

}  // namespace ias::browser
