#include "PublicKeys.h"

#include <openssl/core_names.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "ExitCode.h"

namespace ias::tool {
namespace {

std::string curveName(const Bytes& oidDer) {
    const unsigned char* p = oidDer.data();
    ASN1_OBJECT* oid = d2i_ASN1_OBJECT(nullptr, &p, static_cast<long>(oidDer.size()));
    const int nid = oid ? OBJ_obj2nid(oid) : NID_undef;
    ASN1_OBJECT_free(oid);
    const char* name = nid == NID_undef ? nullptr : OBJ_nid2sn(nid);
    if (!name) throw ToolError(Exit::NotSupported, "the key's elliptic curve is unknown to OpenSSL");
    return name;
}

}  // namespace

EvpKey toEvpKey(const api::PublicKey& key) {
    std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(),
                                                                          OSSL_PARAM_BLD_free);
    std::unique_ptr<BIGNUM, decltype(&BN_free)> n(nullptr, BN_free), e(nullptr, BN_free);
    std::string curve;
    bool ok = build != nullptr;
    if (key.type == api::KeyType::Rsa) {
        n.reset(BN_bin2bn(key.modulus.data(), static_cast<int>(key.modulus.size()), nullptr));
        e.reset(BN_bin2bn(key.exponent.data(), static_cast<int>(key.exponent.size()), nullptr));
        ok = ok && n && e && OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) &&
             OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get());
    } else {
        curve = curveName(key.ecParameters);
        ok = ok &&
             OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.c_str(), 0) &&
             OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, key.ecPoint.data(),
                                              key.ecPoint.size());
    }
    OSSL_PARAM* params = ok ? OSSL_PARAM_BLD_to_param(build.get()) : nullptr;
    EVP_PKEY_CTX* ctx =
        EVP_PKEY_CTX_new_from_name(nullptr, key.type == api::KeyType::Rsa ? "RSA" : "EC", nullptr);
    EVP_PKEY* pkey = nullptr;
    ok = params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
         EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    if (!ok) throw ToolError(Exit::CardError, "the card's public key is not usable by OpenSSL");
    return EvpKey(pkey, EVP_PKEY_free);
}

Bytes publicKeyPem(EVP_PKEY* key) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1)
        throw ToolError(Exit::Internal, "cannot write PEM");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return Bytes(data, data + len);
}

}  // namespace ias::tool
