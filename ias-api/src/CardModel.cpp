#include "ias/api/CardModel.h"

#include <algorithm>

namespace ias::api {
namespace {
bool same(const Bytes& a, ByteView b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}
}  // namespace

const char* toString(PinRole role) {
    switch (role) {
        case PinRole::Authentication:
            return "authentication";
        case PinRole::Signature:
            return "signature";
        case PinRole::Unblocking:
            return "unblocking (PUK)";
    }
    return "?";
}

const char* toString(SignMechanism m) {
    switch (m) {
        case SignMechanism::RsaPkcs1:
            return "RSA PKCS#1 (DigestInfo)";
        case SignMechanism::RsaPkcs1Sha1:
            return "RSA PKCS#1 SHA-1 (hash finished on the card)";
        case SignMechanism::RsaPkcs1Sha256:
            return "RSA PKCS#1 SHA-256 (hash finished on the card)";
        case SignMechanism::RsaPkcs1Sha1Digest:
            return "RSA PKCS#1 SHA-1 digest";
        case SignMechanism::RsaPkcs1Sha256Digest:
            return "RSA PKCS#1 SHA-256 digest";
        case SignMechanism::RsaPssSha256:
            return "RSA-PSS SHA-256";
        case SignMechanism::RsaPssSha384:
            return "RSA-PSS SHA-384";
        case SignMechanism::RsaPssSha512:
            return "RSA-PSS SHA-512";
        case SignMechanism::Ecdsa:
            return "ECDSA";
    }
    return "?";
}

bool KeyInfo::supports(SignMechanism m) const {
    return std::find(signMechanisms.begin(), signMechanisms.end(), m) != signMechanisms.end();
}

bool KeyInfo::qualified() const {
    return alwaysAuthenticate || (usage & key_usage::kNonRepudiation) != 0;
}

const PinInfo* Application::findPin(ByteView authId) const {
    for (const PinInfo& p : pins)
        if (same(p.authId, authId)) return &p;
    return nullptr;
}

bool Application::isAuthenticationKey(const KeyInfo& key) const {
    const PinInfo* pin = findPin(key.pinAuthId);
    return (key.usage & key_usage::kSign) != 0 && pin != nullptr && pin->role == PinRole::Authentication;
}

const KeyInfo* Application::findKey(ByteView id) const {
    for (const KeyInfo& k : keys)
        if (same(k.id, id)) return &k;
    return nullptr;
}

const CertificateInfo* Application::findCertificate(ByteView id) const {
    for (const CertificateInfo& c : certificates)
        if (same(c.id, id)) return &c;
    return nullptr;
}

}  // namespace ias::api
