#include "CardKey.h"

#include <optional>

#include "ExitCode.h"
#include "Mechanisms.h"

namespace ias::sign {
namespace {

using tool::Exit;
using tool::ToolError;

const api::KeyInfo& chooseKey(api::Card& card, const std::string& which) {
    if (which == "auth") return card.authenticationKey();
    if (which != "qualified") throw tool::UsageError("--key is qualified or auth");
    return card.qualifiedSignatureKey();
}

// What the card gets for `hash` and how: the hash itself when the card finishes the hash (PSO HASH with
// the digest + PSO CDS, what a qualified key offers), else the DigestInfo the card pads; ECDSA: the hash.
std::pair<api::SignMechanism, Bytes> cardInput(const api::KeyInfo& key, const EVP_MD* md, const Bytes& hash) {
    const std::string name = EVP_MD_get0_name(md);
    if (key.type == api::KeyType::Ec) {
        if (key.supports(api::SignMechanism::Ecdsa)) return {api::SignMechanism::Ecdsa, hash};
    } else {
        if (name == "SHA256" && key.supports(api::SignMechanism::RsaPkcs1Sha256Digest))
            return {api::SignMechanism::RsaPkcs1Sha256Digest, hash};
        if (key.supports(api::SignMechanism::RsaPkcs1))
            return {api::SignMechanism::RsaPkcs1, tool::digestInfo(name.c_str(), hash)};
    }
    throw ToolError(Exit::NotSupported, "key " + toHex(key.id) + " cannot sign a " + name + " hash");
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

Bytes CardSignatureKey::signHash(const EVP_MD* md, const Bytes& hash) {
    api::Card& card = session_.card();
    const auto [mechanism, input] = cardInput(key_, md, hash);
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
