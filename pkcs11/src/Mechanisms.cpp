#include "Mechanisms.h"

#include <algorithm>

namespace ias::p11 {
namespace {

bool contains(const std::vector<HashAlg>& list, HashAlg alg) {
    return std::find(list.begin(), list.end(), alg) != list.end();
}

}  // namespace

const std::vector<MechanismSpec>& allMechanisms() {
    using enum HashAlg;
    static const std::vector<MechanismSpec> table = {
        {CKM_RSA_PKCS, KeyKind::Rsa, SignScheme::RsaPkcs1, std::nullopt, false, true},
        {CKM_SHA1_RSA_PKCS, KeyKind::Rsa, SignScheme::RsaPkcs1, Sha1, false, false},
        {CKM_SHA224_RSA_PKCS, KeyKind::Rsa, SignScheme::RsaPkcs1, Sha224, false, false},
        {CKM_SHA256_RSA_PKCS, KeyKind::Rsa, SignScheme::RsaPkcs1, Sha256, false, false},
        {CKM_SHA384_RSA_PKCS, KeyKind::Rsa, SignScheme::RsaPkcs1, Sha384, false, false},
        {CKM_SHA512_RSA_PKCS, KeyKind::Rsa, SignScheme::RsaPkcs1, Sha512, false, false},
        {CKM_RSA_PKCS_PSS, KeyKind::Rsa, SignScheme::RsaPss, std::nullopt, true, false},
        {CKM_SHA256_RSA_PKCS_PSS, KeyKind::Rsa, SignScheme::RsaPss, Sha256, true, false},
        {CKM_SHA384_RSA_PKCS_PSS, KeyKind::Rsa, SignScheme::RsaPss, Sha384, true, false},
        {CKM_SHA512_RSA_PKCS_PSS, KeyKind::Rsa, SignScheme::RsaPss, Sha512, true, false},
        {CKM_ECDSA, KeyKind::Ec, SignScheme::Ecdsa, std::nullopt, false, false},
        {CKM_ECDSA_SHA256, KeyKind::Ec, SignScheme::Ecdsa, Sha256, false, false},
        {CKM_ECDSA_SHA384, KeyKind::Ec, SignScheme::Ecdsa, Sha384, false, false},
        {CKM_ECDSA_SHA512, KeyKind::Ec, SignScheme::Ecdsa, Sha512, false, false},
    };
    return table;
}

const MechanismSpec* findMechanism(CK_MECHANISM_TYPE type) {
    for (const auto& m : allMechanisms())
        if (m.type == type) return &m;
    return nullptr;
}

bool keyCanSign(const PrivateKeyInfo& key, const MechanismSpec& mech) {
    if (!key.sign || key.kind != mech.kind) return false;
    const SignAlgorithms& a = key.algorithms;
    switch (mech.scheme) {
        case SignScheme::RsaPkcs1:
            return mech.moduleHash ? contains(a.rsaPkcs1, *mech.moduleHash) : a.rsaPkcs1Raw;
        case SignScheme::RsaPss:
            return mech.moduleHash ? contains(a.rsaPss, *mech.moduleHash) : !a.rsaPss.empty();
        case SignScheme::Ecdsa:
            return mech.moduleHash ? contains(a.ecdsa, *mech.moduleHash) : a.ecdsaRaw;
    }
    return false;
}

bool keyCanDecrypt(const PrivateKeyInfo& key, const MechanismSpec& mech) {
    return key.decrypt && mech.canDecrypt && key.kind == KeyKind::Rsa;
}

bool keyAcceptsMechanism(const PrivateKeyInfo& key, const MechanismSpec& mech, bool protectedPath) {
    if (key.alwaysAuthenticate && mech.moduleHash && !protectedPath) return false;
    return keyCanSign(key, mech) || keyCanDecrypt(key, mech);
}

std::vector<CK_MECHANISM_TYPE> keyMechanisms(const PrivateKeyInfo& key, bool protectedPath) {
    std::vector<CK_MECHANISM_TYPE> out;
    for (const auto& m : allMechanisms())
        if (keyAcceptsMechanism(key, m, protectedPath)) out.push_back(m.type);
    return out;
}

CK_MECHANISM_TYPE mgfOf(HashAlg alg) {
    switch (alg) {
        case HashAlg::Sha1:
            return CKG_MGF1_SHA1;
        case HashAlg::Sha224:
            return CKG_MGF1_SHA224;
        case HashAlg::Sha256:
            return CKG_MGF1_SHA256;
        case HashAlg::Sha384:
            return CKG_MGF1_SHA384;
        case HashAlg::Sha512:
            return CKG_MGF1_SHA512;
    }
    return 0;
}

CK_MECHANISM_TYPE mechanismOfHash(HashAlg alg) {
    switch (alg) {
        case HashAlg::Sha1:
            return CKM_SHA_1;
        case HashAlg::Sha224:
            return CKM_SHA224;
        case HashAlg::Sha256:
            return CKM_SHA256;
        case HashAlg::Sha384:
            return CKM_SHA384;
        case HashAlg::Sha512:
            return CKM_SHA512;
    }
    return 0;
}

}  // namespace ias::p11
