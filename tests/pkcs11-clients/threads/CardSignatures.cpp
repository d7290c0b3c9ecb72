// Signature checks with OpenSSL.
#include "CardSignatures.h"

#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

namespace ias::p11::cardtest {

PublicKey publicKeyOfCertificate(const Bytes& der) {
    const unsigned char* p = der.data();
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    if (cert == nullptr) return nullptr;
    PublicKey key(X509_get_pubkey(cert));
    X509_free(cert);
    return key;
}

Bytes sha256DigestInfo(const Bytes& message) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(message.data(), message.size(), digest);
    X509_SIG* info = X509_SIG_new();
    X509_ALGOR* alg = nullptr;
    ASN1_OCTET_STRING* value = nullptr;
    X509_SIG_getm(info, &alg, &value);
    Bytes out;
    if (X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) == 1 &&
        ASN1_OCTET_STRING_set(value, digest, sizeof digest) == 1) {
        unsigned char* der = nullptr;
        const int len = i2d_X509_SIG(info, &der);
        if (len > 0) out.assign(der, der + len);
        OPENSSL_free(der);
    }
    X509_SIG_free(info);
    return out;
}

bool verifiesSha256Pkcs1(EVP_PKEY* key, const Bytes& message, const Bytes& signature) {
    if (key == nullptr || signature.empty()) return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    bool ok = EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), nullptr, key) == 1 &&
              EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1 &&
              EVP_DigestVerify(ctx, signature.data(), signature.size(), message.data(), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

}  // namespace ias::p11::cardtest
