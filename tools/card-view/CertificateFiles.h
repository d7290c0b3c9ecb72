#pragma once
// Getting a card's certificates and public keys out: a certificate as PEM or DER (chosen by the file name the
// holder types: .der/.cer/.crt → DER, anything else → PEM), the chain as the card holds it (PEM), the public
// key (PEM SubjectPublicKeyInfo, OpenSSH), and the fingerprints certificate viewers show. The window's
// export buttons and `ias-tool export` write the same bytes from these functions.
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::cardview {

enum class CertificateFormat { Pem, Der };

CertificateFormat formatForName(const std::string& path);
// RFC 7468 textual encoding: BEGIN/END CERTIFICATE lines, base64 in lines of 64.
std::string pemText(ByteView der);
// Writes the file (replacing it); false when it could not be written.
bool writeCertificate(const std::string& path, ByteView der, CertificateFormat format);
bool writeText(const std::string& path, const std::string& text);
// "AB:CD:…", upper-case hex pairs, as certificate viewers show fingerprints.
std::string fingerprint(ByteView der, const char* digest);

// The certificate and the ones among `candidates` that issued it, up to a self-signed root or as far as the
// candidates go, signer first (each checked by OpenSSL's X509_check_issued: names, key identifiers, key
// usage; signatures are not verified here). Throws std::invalid_argument when `der` is not a certificate.
std::vector<Bytes> issuerChain(ByteView der, const std::vector<Bytes>& candidates);
// Several certificates as consecutive PEM blocks.
std::string pemChain(const std::vector<Bytes>& chain);

// The certificate's public key as PEM SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"). Throws
// std::invalid_argument.
std::string publicKeyPem(ByteView der);
// The certificate's public key as one OpenSSH authorized_keys line: "ssh-rsa AAAA… COMMENT" or
// "ecdsa-sha2-nistp256|384|521 AAAA… COMMENT". Throws std::invalid_argument for other key types.
std::string opensshPublicKey(ByteView der, const std::string& comment);

}  // namespace ias::cardview
