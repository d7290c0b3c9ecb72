#include "CardDescriptionMapping.h"

#include <algorithm>

#include "ias/api/Certificate.h"

namespace ias::p11 {
namespace {

constexpr std::size_t kTokenLabelField = 32;  // CK_TOKEN_INFO.label

bool contains(const std::vector<HashAlg>& v, HashAlg h) {
    return std::find(v.begin(), v.end(), h) != v.end();
}

// "<card label> <PIN label>" when it fits the 32 bytes of CK_TOKEN_INFO.label, else the PIN's label: the
// browser's PIN prompt shows this name, so it must say which PIN is asked.
std::string tokenLabel(const api::Application& app, const api::PinInfo& pin, TokenRole role) {
    std::string pinLabel = pin.label;
    if (pinLabel.empty())
        pinLabel = role == TokenRole::Authentication ? "Authentication PIN" : "Signature PIN";
    const std::string& card = app.tokenInfo.label.empty() ? app.label : app.tokenInfo.label;
    const std::string both = card.empty() ? pinLabel : card + " " + pinLabel;
    return both.size() <= kTokenLabelField ? both : pinLabel;
}

// The PUK that unblocks `pin`: its AODF link, else the card's only unblocking PIN.
std::optional<PinRef> pukOf(const api::Application& app, const api::PinInfo& pin) {
    std::optional<PinRef> any;
    for (std::size_t i = 0; i < app.pins.size(); ++i) {
        const api::PinInfo& p = app.pins[i];
        if (p.role != api::PinRole::Unblocking) continue;
        if (!pin.unblockedBy.empty() && p.authId == pin.unblockedBy) return static_cast<PinRef>(i);
        if (!any) any = static_cast<PinRef>(i);
    }
    return pin.unblockedBy.empty() ? any : std::nullopt;
}

PrivateKeyInfo privateKeyOf(const api::KeyInfo& key, KeyRef ref, const std::vector<CertificateInfo>& certs,
                            const std::function<api::PublicKey(ByteView)>& publicKey) {
    PrivateKeyInfo k;
    k.id = key.id;
    k.label = key.label;
    k.kind = key.type == api::KeyType::Ec ? KeyKind::Ec : KeyKind::Rsa;
    k.bits = key.bits;
    k.ref = ref;
    k.sign = (key.usage & (api::key_usage::kSign | api::key_usage::kNonRepudiation)) != 0 &&
             !key.signMechanisms.empty();
    k.decrypt = key.canDecipher;
    k.alwaysAuthenticate = key.alwaysAuthenticate;
    k.local = key.local;
    k.needsLogin = true;
    // CKA_PRIVATE is TRUE (PrKDF: private objects): listed after C_Login only, as OpenSC does. Clients
    // that find a key before logging in never log in (libp11's engine then signs without login and fails).
    k.hiddenUntilLogin = true;
    k.algorithms = signAlgorithmsOf(key);
    // The public half from the certificate when there is one (no APDU), else from the card.
    auto cert = std::find_if(certs.begin(), certs.end(), [&](const auto& c) { return c.id == key.id; });
    if (cert != certs.end()) {
        const api::CertificateEssentials e = api::parseCertificate(view(cert->der));
        k.modulus = e.rsaModulus;
        k.publicExponent = e.rsaPublicExponent;
        k.ecParams = e.ecParameters;
        k.ecPoint = e.ecPoint;
    } else {
        const api::PublicKey p = publicKey(view(key.id));
        k.modulus = p.modulus;
        k.publicExponent = p.exponent;
        k.ecParams = p.ecParameters;
        k.ecPoint = p.ecPoint;
    }
    return k;
}

// The public half of `key`: its PuKDF entry's usage and local flag when the card lists one; else what the
// private key's own usage implies (OpenSC would say encrypt, verify and verifyRecover for any key: the card
// knows better).
PublicKeyInfo publicKeyOf(const api::KeyInfo& key, const PrivateKeyInfo& privateKey) {
    using namespace api::key_usage;
    PublicKeyInfo p = static_cast<const PublicKeyInfo&>(privateKey);
    p.hiddenUntilLogin = false;
    const std::uint32_t usage = key.hasPublicKeyObject
                                    ? key.publicUsage
                                    : ((key.usage & (kDecrypt | kUnwrap)) ? kEncrypt : 0u) |
                                          ((key.usage & (kSign | kNonRepudiation)) ? kVerify : 0u);
    p.local = key.hasPublicKeyObject ? key.publicLocal : key.local;
    p.encrypt = p.kind == KeyKind::Rsa && (usage & kEncrypt) != 0;
    p.verify = (usage & kVerify) != 0;
    return p;
}

}  // namespace

SignAlgorithms signAlgorithmsOf(const api::KeyInfo& key) {
    using api::SignMechanism;
    SignAlgorithms a;
    if (key.supports(SignMechanism::RsaPkcs1)) {
        // The card pads any DigestInfo: the module builds it for every hash.
        a.rsaPkcs1Raw = true;
        a.rsaPkcs1 = {HashAlg::Sha1, HashAlg::Sha224, HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512};
    }
    if (key.supports(SignMechanism::RsaPkcs1Sha1Digest) && !contains(a.rsaPkcs1, HashAlg::Sha1))
        a.rsaPkcs1.push_back(HashAlg::Sha1);
    if (key.supports(SignMechanism::RsaPkcs1Sha256Digest) && !contains(a.rsaPkcs1, HashAlg::Sha256))
        a.rsaPkcs1.push_back(HashAlg::Sha256);
    if (key.supports(SignMechanism::RsaPssSha256)) a.rsaPss.push_back(HashAlg::Sha256);
    if (key.supports(SignMechanism::RsaPssSha384)) a.rsaPss.push_back(HashAlg::Sha384);
    if (key.supports(SignMechanism::RsaPssSha512)) a.rsaPss.push_back(HashAlg::Sha512);
    if (key.supports(SignMechanism::Ecdsa)) {
        a.ecdsaRaw = true;
        a.ecdsa = {HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512};
    }
    return a;
}

CardDescription describeCard(const api::CardIdentity& identity, const api::Application& app,
                             const std::function<Bytes(ByteView)>& certificate,
                             const std::function<api::PublicKey(ByteView)>& publicKey) {
    CardDescription d;
    d.manufacturer = app.tokenInfo.manufacturerId.empty() ? "IAS-ECC" : app.tokenInfo.manufacturerId;
    d.model = "IAS-ECC";
    d.serialNumber = toHex(view(identity.serial));
    if (identity.preIssuing.size() >= 4) {  // EF.ATR 46: IC maker, IC type, OS version, IAS-ECC version
        d.firmwareMajor = identity.preIssuing[2] >> 4;
        d.firmwareMinor = identity.preIssuing[2] & 0x0F;
        d.hardwareMajor = identity.preIssuing[3] >> 4;
        d.hardwareMinor = identity.preIssuing[3] & 0x0F;
    }

    std::vector<CertificateInfo> certs;
    for (const api::CertificateInfo& c : app.certificates) {
        CertificateInfo ci;
        ci.id = c.id;
        ci.label = c.label;
        ci.authority = c.authority;
        ci.der = certificate(view(c.id));
        certs.push_back(std::move(ci));
    }

    for (std::size_t p = 0; p < app.pins.size(); ++p) {
        const api::PinInfo& pin = app.pins[p];
        if (pin.role == api::PinRole::Unblocking) continue;
        const TokenRole role =
            pin.role == api::PinRole::Signature ? TokenRole::Signature : TokenRole::Authentication;
        if (std::any_of(d.tokens.begin(), d.tokens.end(), [&](const auto& t) { return t.role == role; }))
            continue;  // one token per role: a second PIN of the same role is not offered
        TokenDescription t;
        t.role = role;
        t.label = tokenLabel(app, pin, role);
        t.userPin = static_cast<PinRef>(p);
        t.soPin = pukOf(app, pin);
        for (std::size_t k = 0; k < app.keys.size(); ++k) {
            const api::KeyInfo& key = app.keys[k];
            if (key.pinAuthId != pin.authId) continue;
            t.privateKeys.push_back(privateKeyOf(key, static_cast<KeyRef>(k), certs, publicKey));
            t.publicKeys.push_back(publicKeyOf(key, t.privateKeys.back()));
        }
        d.tokens.push_back(std::move(t));
    }
    // A certificate lives on the token of its key, and only there: NSS gives a certificate found on two
    // tokens the slot of the first one and looks for its private key on that slot only, so a signature
    // certificate also shown on the authentication token could never sign (Thunderbird: "Unable to sign
    // message"). Certificates without a key on a token (CAs) go to the authentication token, as OpenSC's
    // public objects go to its first slot.
    for (TokenDescription& t : d.tokens) {
        for (const CertificateInfo& c : certs) {
            const auto owner = std::find_if(d.tokens.begin(), d.tokens.end(), [&](const TokenDescription& o) {
                return std::any_of(o.privateKeys.begin(), o.privateKeys.end(),
                                   [&](const auto& k) { return k.id == c.id; });
            });
            if (owner != d.tokens.end() ? &*owner == &t : t.role == TokenRole::Authentication)
                t.certificates.push_back(c);
        }
    }
    return d;
}

}  // namespace ias::p11
