#pragma once
// Checks every top-level signer of a SignedData over a document (docs/ias-sign.md, "Verification rules"):
// the message digest against the document's own hash, the signature over the signed attributes, the signed
// attributes in DER order with content-type and signing-certificate-v2, the certificate's chain to the
// anchors at the signing time, and a key usage that allows signing (nonRepudiation: a qualified signature).
// Counter-signatures at every depth are checked the same way, their message digest over the signature value
// of the signer above, content-type absent. Signers' certificates are found by issuer and serial.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "OpenSsl.h"

namespace ias::sign {

struct SignerVerdict {
    std::string path;  // "1", "2", "2.1" (2's first counter-signature) …, depth-first in the file's order
    std::string subject, issuer, serial;
    std::string signingTime;            // as the attribute says it, empty when absent
    std::string keyType;                // "RSA-2048", "EC P-256" …
    std::string digest;                 // "SHA256" …
    std::string signatureAlgorithm;     // "RSA-PSS SHA-256", "RSA PKCS#1 v1.5", "ECDSA" …
    bool qualified = false;             // the certificate's key usage has nonRepudiation
    bool signatureRefused = false;      // digest, signature or attributes wrong
    bool certificateRefused = false;    // no certificate, no chain, wrong usage
    bool counterSignature = false;      // path has a dot: it signs the signature of the signer above
    std::string timeStamp;              // "<time> by <authority>" of its RFC 3161 time-stamp; empty: none
    std::vector<std::string> problems;  // empty: verified
    bool verified() const { return problems.empty(); }
};

struct VerifyOptions {
    std::string anchorsPem;         // file of trusted root certificates; empty: the system's store
    bool requireQualified = false;  // refuse signers whose certificate lacks nonRepudiation
};

// The document's hash under a digest algorithm (read from a file, or from a container's entry).
using DocumentDigester = std::function<Bytes(const EVP_MD*)>;

// Every signer over the detached document that `digestDocument` hashes (once per algorithm).
std::vector<SignerVerdict> verifySigners(CMS_ContentInfo* cms, const DocumentDigester& digestDocument,
                                         const VerifyOptions& options);
// The same over the document file at `documentPath`.
std::vector<SignerVerdict> verifySigners(CMS_ContentInfo* cms, const std::string& documentPath,
                                         const VerifyOptions& options);

}  // namespace ias::sign
