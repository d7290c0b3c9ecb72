#pragma once
// What building a signature needs of a key: its certificate, the chain to send with it, and a signature
// over a hash. The card's key is one (CardSignatureKey); unit tests use a software key.
#include <vector>

#include "OpenSsl.h"
#include "SignatureAlgorithm.h"

namespace ias::sign {

class SignatureKey {
public:
    virtual ~SignatureKey() = default;
    virtual X509* certificate() = 0;
    // The certificates that lead from the signer's to a root (without the signer's), as the card holds them.
    virtual std::vector<X509*> chain() = 0;
    // The SignerInfo's signature value over `hash` (computed with `md`): for an RSA key PKCS#1 v1.5 over the
    // DigestInfo or PSS (MGF1 with `md`, salt as long as the hash) as `padding` says; for an EC key ECDSA as
    // DER Ecdsa-Sig-Value. Called once per signature, after everything else is ready, so that a PIN asked
    // for it is asked last and only when the signature will be written.
    virtual Bytes signHash(const EVP_MD* md, const Bytes& hash, RsaPadding padding) = 0;
};

}  // namespace ias::sign
