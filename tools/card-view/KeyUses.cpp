#include "KeyUses.h"

namespace ias::cardview {

KeyUses keyUses(const api::Application& app, const api::KeyInfo& key) {
    using api::SignMechanism;
    KeyUses uses;
    // Web login is the authentication key's: never the qualified one (a site would get a qualified
    // signature).
    const bool login = app.isAuthenticationKey(key) && !key.qualified() && key.hasCertificate;
    const bool ecdsa = key.type == api::KeyType::Ec && key.supports(SignMechanism::Ecdsa);
    // TLS 1.3's RSA client signature is rsa_pss_rsae_sha256 (RFC 8446 §4.2.3); ECDSA needs no PSS.
    uses.webLoginTls13 = login && (ecdsa || key.supports(SignMechanism::RsaPssSha256));
    // TLS 1.2 signs a DigestInfo with PKCS#1 v1.5 (or PSS, when both sides offer it).
    uses.webLoginTls12 = login && (uses.webLoginTls13 || key.supports(SignMechanism::RsaPkcs1));
    uses.documentSignature = key.qualified() && key.hasCertificate && !key.signMechanisms.empty();
    uses.decipher = key.canDecipher;
    return uses;
}

std::vector<std::string> keyUseNames(const KeyUses& uses) {
    std::vector<std::string> names;
    if (uses.webLoginTls12) names.push_back("web-login-tls12");
    if (uses.webLoginTls13) names.push_back("web-login-tls13");
    if (uses.documentSignature) names.push_back("document-signature");
    if (uses.decipher) names.push_back("decipher");
    return names;
}

}  // namespace ias::cardview
