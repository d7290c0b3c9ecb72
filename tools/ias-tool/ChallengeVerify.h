#pragma once
// What `challenge verify` checks in a response, with OpenSSL (docs/challenge-response.md): the certificate
// chains to the anchors (X509_verify_cert, validity at the current time, the response's other
// certificates as untrusted intermediates), its key usage has digitalSignature, and the signature is the
// one of its key over SHA-256 of the exact message.
#include <string>

#include "ChallengeResponseFile.h"

namespace ias::tool {

// Throws ToolError(CertificateRefused), ToolError(SignatureRefused), ToolError(InputOutput) for an
// unreadable anchor file. Returns the certificate's subject (one line).
std::string verifyResponse(const ChallengeResponseFile& response, ByteView message,
                           const std::string& anchorPath);

}  // namespace ias::tool
