#include "CardKey.h"

#include <optional>

#include "ExitCode.h"
#include "Mechanisms.h"

namespace ias::sign {
namespace {

using tool::Exit;
using tool::ToolError;

// --key qualified (default), auth, or a key's PKCS#15 iD in hex as `ias-tool list` shows it (a card may hold
// more than one authentication key, e.g. RSA and EC).
const api::KeyInfo& chooseKey(api::Card& card, const std::string& which) {
    if (which == "auth") return card.authenticationKey();
    if (which == "qualified") return card.qualifiedSignatureKey();
    const bool hex = !which.empty() && which.size() % 2 == 0 &&
                     which.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    if (!hex) throw tool::UsageError("--key is qualified, auth or a key's iD in hex (ias-tool list)");
    const api::KeyInfo* key = card.application().findKey(fromHex(which));
    if (key == nullptr || !key->hasCertificate || key->signMechanisms.empty())
        throw ToolError(Exit::NotFound, "no signing key " + which + " with a certificate on the card");
    return *key;
}

// The card's mechanism for a signature with `md` (and for RSA `padding`): PSS from the hash (algorithms
// 35-37); PKCS#1 v1.5 with the card finishing a SHA-256 hash (PSO HASH with the digest + PSO CDS, what a
// qualified key offers), else over the DigestInfo the card pads; ECDSA from the hash. Throws before any PIN
// when the key cannot: --pss with an EC key is a usage error, a hash or padding the card lacks "not
// supported".
api::SignMechanism mechanismFor(const api::KeyInfo& key, const EVP_MD* md, RsaPadding padding) {
    const std::string name = EVP_MD_get0_name(md);
    if (key.type == api::KeyType::Ec) {
        if (padding == RsaPadding::Pss)
            throw tool::UsageError("--pss is RSA-PSS: key " + toHex(key.id) +
                                   " is an EC key, which signs ECDSA (leave out --pss)");
        if (key.supports(api::SignMechanism::Ecdsa)) return api::SignMechanism::Ecdsa;
    } else if (padding == RsaPadding::Pss) {
        // --digest allows SHA-256, SHA-384 and SHA-512 only (chosenDigest).
        const api::SignMechanism pss = name == "SHA256"   ? api::SignMechanism::RsaPssSha256
                                       : name == "SHA384" ? api::SignMechanism::RsaPssSha384
                                                          : api::SignMechanism::RsaPssSha512;
        if (key.supports(pss)) return pss;
        throw ToolError(Exit::NotSupported, "key " + toHex(key.id) + " does not do " + api::toString(pss) +
                                                " on this card; without --pss it signs RSA PKCS#1 v1.5");
    } else {
        if (name == "SHA256" && key.supports(api::SignMechanism::RsaPkcs1Sha256Digest))
            return api::SignMechanism::RsaPkcs1Sha256Digest;
        if (key.supports(api::SignMechanism::RsaPkcs1)) return api::SignMechanism::RsaPkcs1;
    }
    throw ToolError(Exit::NotSupported, "key " + toHex(key.id) + " cannot sign a " + name + " hash");
}

// What the card gets for `hash` under `mechanism`: the DigestInfo when the card pads one, else the hash.
Bytes cardInput(api::SignMechanism mechanism, const EVP_MD* md, const Bytes& hash) {
    if (mechanism == api::SignMechanism::RsaPkcs1) return tool::digestInfo(EVP_MD_get0_name(md), hash);
    return hash;
}

}  // namespace

CardSignatureKey::CardSignatureKey(const tool::Args& cardArgs, tool::Session& session,
                                   const std::string& which)
    : cardArgs_(cardArgs), session_(session), pins_(cardArgs), key_(chooseKey(session.card(), which)) {
    api::Card& card = session_.card();
    certificate_ = certificateFromDer(card.certificate(key_.id));
    std::vector<X509Ptr> authorities;
    for (const api::CertificateInfo& info : card.application().certificates)
        if (info.authority) authorities.push_back(certificateFromDer(card.certificate(info.id)));
    // The chain in order, signer's issuer first, as far as the card's CA certificates go.
    X509* current = certificate_.get();
    for (bool found = true; found && X509_check_issued(current, current) != X509_V_OK;) {
        found = false;
        for (X509Ptr& ca : authorities)
            if (ca && X509_check_issued(ca.get(), current) == X509_V_OK) {
                current = ca.get();
                chain_.push_back(std::move(ca));
                found = true;
                break;
            }
    }
}

std::vector<X509*> CardSignatureKey::chain() {
    std::vector<X509*> out;
    for (X509Ptr& c : chain_) out.push_back(c.get());
    return out;
}

void CardSignatureKey::check(const EVP_MD* md, RsaPadding padding) const {
    mechanismFor(key_, md, padding);
}

Bytes CardSignatureKey::signHash(const EVP_MD* md, const Bytes& hash, RsaPadding padding) {
    api::Card& card = session_.card();
    const api::SignMechanism mechanism = mechanismFor(key_, md, padding);
    const Bytes input = cardInput(mechanism, md, hash);
    const bool hostSource = tool::hostPinSource(cardArgs_);
    Bytes signature;
    if (!key_.pinAuthId.empty() && !hostSource && card.pinEntryOnReader(key_.pinAuthId)) {
        // One transaction: nothing may come between the PIN the holder typed and the signature it allows.
        api::Card::Hold hold(card);
        card.verifyPinOnReader(key_.pinAuthId);
        signature = card.sign(key_.id, mechanism, input);
    } else {
        const std::optional<SecureBuffer> pin = tool::keyPin(cardArgs_, pins_, card, key_);
        signature = card.sign(key_.id, mechanism, input, pin ? &*pin : nullptr);
    }
    return mechanism == api::SignMechanism::Ecdsa ? tool::ecdsaRawToDer(signature) : signature;
}

}  // namespace ias::sign
