#pragma once
// A signature key of the card as ias-sign uses it: the qualified-signature key (default) or the
// authentication key, its certificate and the CA certificates the card holds, and a signature over a hash
// with the key's PIN asked for that signature — on the reader's PIN-pad when it can take it, else through
// ias-tool's PIN reader (terminal, --pin-fd) — verified in the same card transaction as the signature.
#include <string>

#include "PinReader.h"
#include "Session.h"
#include "SignatureKey.h"

namespace ias::sign {

class CardSignatureKey : public SignatureKey {
public:
    // `which`: "qualified" or "auth". Throws ToolError(NotFound) when the card has no such key with a
    // certificate. Reads the certificates (no PIN yet).
    CardSignatureKey(const tool::Args& cardArgs, tool::Session& session, const std::string& which);

    X509* certificate() override { return certificate_.get(); }
    std::vector<X509*> chain() override;
    Bytes signHash(const EVP_MD* md, const Bytes& hash, RsaPadding padding) override;
    // Throws, before any PIN, unless the key signs with `md` and `padding` on this card: tool::UsageError
    // for RSA-PSS with an EC key, ToolError(NotSupported) for an algorithm the card's key lacks.
    void check(const EVP_MD* md, RsaPadding padding) const;
    const api::KeyInfo& key() const { return key_; }

private:
    const tool::Args& cardArgs_;
    tool::Session& session_;
    tool::PinReader pins_;
    api::KeyInfo key_;
    X509Ptr certificate_;
    std::vector<X509Ptr> chain_;
};

}  // namespace ias::sign
