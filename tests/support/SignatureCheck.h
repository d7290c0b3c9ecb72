#pragma once
// What a module or card signed, checked independently with OpenSSL: the known answers of the module tests
// (tests/pkcs11/ModuleFixture.h), the card tests on the test bed (tests/pkcs11-clients/threads/
// CardSignatures.h), the card layer's tests (tests/ias-api/CardFixture.h) and the hostile-card harness.
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

namespace ias::testsupport {

using SignedBytes = std::vector<unsigned char>;

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

inline Pkey publicKeyOfCertificate(const SignedBytes& der) {
    const unsigned char* p = der.data();
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    if (cert == nullptr) return nullptr;
    Pkey key(X509_get_pubkey(cert));
    X509_free(cert);
    return key;
}

inline const EVP_MD* mdByName(const std::string& name) {
    return EVP_get_digestbyname(name.c_str());
}

// Verifies `sig` over `message` with hash `md`: scheme "pkcs1", "pss" (salt = hash length) or "ecdsa" (r||s,
// two halves of equal length; an empty or odd-length value is no signature).
inline bool verifySignature(EVP_PKEY* key, const std::string& scheme, const EVP_MD* md,
                            const SignedBytes& message, SignedBytes sig) {
    if (key == nullptr) return false;
    if (scheme == "ecdsa") {
        if (sig.empty() || sig.size() % 2 != 0) return false;
        const std::size_t half = sig.size() / 2;
        ECDSA_SIG* es = ECDSA_SIG_new();
        ECDSA_SIG_set0(es, BN_bin2bn(sig.data(), static_cast<int>(half), nullptr),
                       BN_bin2bn(sig.data() + half, static_cast<int>(half), nullptr));
        unsigned char* der = nullptr;
        const int len = i2d_ECDSA_SIG(es, &der);
        ECDSA_SIG_free(es);
        if (len <= 0) return false;
        sig.assign(der, der + len);
        OPENSSL_free(der);
    }
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    bool ok = EVP_DigestVerifyInit(ctx, &pctx, md, nullptr, key) == 1;
    if (ok && scheme == "pss") {
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) == 1;
    }
    ok = ok && EVP_DigestVerify(ctx, sig.data(), sig.size(), message.data(), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

inline SignedBytes digest(const EVP_MD* md, const SignedBytes& message) {
    SignedBytes out(EVP_MAX_MD_SIZE);
    unsigned int len = 0;
    EVP_Digest(message.data(), message.size(), out.data(), &len, md, nullptr);
    out.resize(len);
    return out;
}

// DER DigestInfo { sha256, SHA-256(message) }, encoded by OpenSSL (X509_SIG): what a CKM_RSA_PKCS caller
// signs.
inline SignedBytes sha256DigestInfo(const SignedBytes& message) {
    unsigned char hash[SHA256_DIGEST_LENGTH];
    SHA256(message.data(), message.size(), hash);
    X509_SIG* info = X509_SIG_new();
    X509_ALGOR* alg = nullptr;
    ASN1_OCTET_STRING* value = nullptr;
    X509_SIG_getm(info, &alg, &value);
    SignedBytes out;
    if (X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) == 1 &&
        ASN1_OCTET_STRING_set(value, hash, sizeof hash) == 1) {
        unsigned char* der = nullptr;
        const int len = i2d_X509_SIG(info, &der);
        if (len > 0) out.assign(der, der + len);
        OPENSSL_free(der);
    }
    X509_SIG_free(info);
    return out;
}

}  // namespace ias::testsupport
