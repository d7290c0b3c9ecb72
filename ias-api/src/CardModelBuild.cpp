// The card model built from the parsed PKCS#15 objects: PIN roles from AODF flags and key links, keys
// with their PIN, certificate and public key by iD, and the card algorithms from PrKDF algRefs through
// TokenInfo (docs/ias-api.md, "The card model").
#include <algorithm>

#include "CardImpl.h"

namespace ias::api {
namespace {

// The card mechanisms an IAS-ECC algorithm reference (MSE tag 80) stands for.
void addMechanisms(std::uint8_t algRef, KeyInfo& k) {
    auto add = [&](SignMechanism m) {
        if (!k.supports(m)) k.signMechanisms.push_back(m);
    };
    switch (algRef) {
        case 0x02:
            add(SignMechanism::RsaPkcs1);
            break;
        case 0x12:
            add(SignMechanism::RsaPkcs1Sha1);
            add(SignMechanism::RsaPkcs1Sha1Digest);
            break;
        case 0x42:
            add(SignMechanism::RsaPkcs1Sha256);
            add(SignMechanism::RsaPkcs1Sha256Digest);
            break;
        case 0x35:
            add(SignMechanism::RsaPssSha256);
            break;
        case 0x36:
            add(SignMechanism::RsaPssSha384);
            break;
        case 0x37:
            add(SignMechanism::RsaPssSha512);
            break;
        case 0x70:
            add(SignMechanism::Ecdsa);
            break;
        case 0x1A:
        case 0x0A:
            k.canDecipher = true;
            break;
        default:
            break;
    }
}

}  // namespace

void Card::Impl::buildModel() {
    Application& a = *app;
    a.pins.clear(), a.keys.clear(), a.certificates.clear();

    for (const PrivateKeyObject& o : privateKeys) {
        KeyInfo k;
        k.id = o.key.id;
        k.label = o.common.label;
        k.type = o.type;
        k.bits = o.type == KeyType::Rsa ? o.modulusBits : o.fieldSizeBits;
        k.usage = o.key.usage;
        k.keyReference = static_cast<std::uint8_t>(o.key.keyReference.value_or(0) & 0x1F);
        k.aid = o.path.aid.empty() ? a.aid : o.path.aid;
        k.pinAuthId = o.common.authId;
        k.alwaysAuthenticate = o.common.userConsent.value_or(0) > 0;
        for (std::uint32_t r : o.key.algRefs) {
            for (const AlgorithmInfo& alg : a.tokenInfo.supportedAlgorithms) {
                if (alg.reference != r || !alg.algRef) continue;
                const std::uint8_t b = static_cast<std::uint8_t>(*alg.algRef);
                if (std::find(k.cardAlgorithms.begin(), k.cardAlgorithms.end(), b) == k.cardAlgorithms.end())
                    k.cardAlgorithms.push_back(b);
                k.pkcs11Mechanisms.push_back(alg.mechanism);
            }
        }
        if (o.key.algRefs.empty()) {
            // No algRefs: what every IAS-ECC card does with such a key (facts §5).
            if (o.type == KeyType::Ec) {
                k.cardAlgorithms = {0x70};
            } else {
                if (o.key.usage & (key_usage::kSign | key_usage::kNonRepudiation))
                    k.cardAlgorithms.push_back(0x02);
                if (o.key.usage & key_usage::kDecrypt) k.cardAlgorithms.push_back(0x1A);
            }
        }
        for (std::uint8_t b : k.cardAlgorithms) addMechanisms(b, k);
        for (const CertificateObject& c : certificateObjects)
            if (c.id == k.id) k.hasCertificate = true;
        k.local = (o.key.accessFlags & key_access::kLocal) != 0;
        for (const PublicKeyObject& p : publicKeys) {
            if (p.key.id != k.id || k.hasPublicKeyObject) continue;
            k.hasPublicKeyObject = true;
            k.publicUsage = p.key.usage;
            k.publicLocal = (p.key.accessFlags & key_access::kLocal) != 0;
        }
        a.keys.push_back(std::move(k));
    }

    for (const PinObject& o : pinObjects) {
        PinInfo p;
        p.authId = o.authId;
        p.label = o.common.label;
        p.reference = static_cast<std::uint8_t>(o.reference);
        p.local = o.local() || (o.reference & 0x80);
        p.unblockedBy = o.common.authId;
        p.type = o.type;
        p.minLength = o.minLength;
        p.maxLength = o.maxLength.value_or(0);
        p.storedLength = o.storedLength;
        p.padChar = o.padChar;
        p.needsPadding = (o.pinFlags & pin_flags::kNeedsPadding) != 0;
        p.changeDisabled = (o.pinFlags & pin_flags::kChangeDisabled) != 0;
        p.unblockDisabled = (o.pinFlags & pin_flags::kUnblockDisabled) != 0;
        if (o.unblockingPin() || o.soPin()) {
            p.role = PinRole::Unblocking;
        } else {
            p.role = PinRole::Authentication;
            for (const KeyInfo& k : a.keys)
                if (k.pinAuthId == p.authId && (k.usage & key_usage::kNonRepudiation))
                    p.role = PinRole::Signature;
        }
        a.pins.push_back(std::move(p));
    }

    for (const CertificateObject& o : certificateObjects) {
        CertificateInfo c;
        c.id = o.id;
        c.label = o.common.label;
        c.authority = o.authority;
        c.path = o.path;
        a.certificates.push_back(std::move(c));
    }
}

const PinInfo& Card::Impl::pin(ByteView authId) {
    const PinInfo* p = app->findPin(authId);
    if (!p) throw ApiError(ApiErrorKind::NotFound, "no PIN with authId " + toHex(authId));
    return *p;
}

const KeyInfo& Card::Impl::key(ByteView id) {
    const KeyInfo* k = app->findKey(id);
    if (!k) throw ApiError(ApiErrorKind::NotFound, "no private key with iD " + toHex(id));
    return *k;
}

Card::Card(Transport& transport) : Card(transport, Options{}) {}
Card::Card(Transport& transport, Options options)
    : impl_(std::make_unique<Impl>(transport, std::move(options))) {}
Card::~Card() = default;

}  // namespace ias::api
