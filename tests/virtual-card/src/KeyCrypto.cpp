#include "vcard/KeyCrypto.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace ias::vcard {
namespace {

struct CtxFree {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_PKEY_CTX, CtxFree>;
struct BnFree {
    void operator()(BIGNUM* b) const { BN_clear_free(b); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

KeyHandle wrap(EVP_PKEY* raw, const char* what) {
    if (!raw) throw KeyError(what);
    return KeyHandle(raw, EVP_PKEY_free);
}

Ctx contextFor(const KeyHandle& key) {
    if (!key) throw KeyError("no key");
    Ctx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!ctx) throw KeyError("EVP_PKEY_CTX_new failed");
    return ctx;
}

Bn toBn(ByteView b) {
    Bn bn(BN_bin2bn(b.data(), static_cast<int>(b.size()), nullptr));
    if (!bn) throw KeyError("BN_bin2bn failed");
    return bn;
}

Bytes fromBn(const BIGNUM* bn, std::size_t width = 0) {
    Bytes out(width ? width : static_cast<std::size_t>(BN_num_bytes(bn)));
    if (BN_bn2binpad(bn, out.data(), static_cast<int>(out.size())) < 0) throw KeyError("BN_bn2binpad failed");
    return out;
}

Bytes bnParam(const KeyHandle& key, const char* name) {
    BIGNUM* raw = nullptr;
    if (!key || EVP_PKEY_get_bn_param(key.get(), name, &raw) != 1) throw KeyError("key parameter missing");
    Bn bn(raw);
    return fromBn(bn.get());
}

Bytes signWith(Ctx& ctx, ByteView input) {
    std::size_t len = 0;
    if (EVP_PKEY_sign(ctx.get(), nullptr, &len, input.data(), input.size()) != 1)
        throw KeyError("sign failed");
    Bytes sig(len);
    if (EVP_PKEY_sign(ctx.get(), sig.data(), &len, input.data(), input.size()) != 1)
        throw KeyError("sign failed");
    sig.resize(len);
    return sig;
}

}  // namespace

KeyHandle loadPrivateKeyPem(const std::string& pemPath) {
    BIO* bio = BIO_new_file(pemPath.c_str(), "r");
    if (!bio) throw KeyError("cannot open key file " + pemPath);
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return wrap(raw, ("not a PEM private key: " + pemPath).c_str());
}

KeyHandle loadPrivateKeyDer(ByteView pkcs8Der) {
    const unsigned char* p = pkcs8Der.data();
    return wrap(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(pkcs8Der.size())), "not a DER private key");
}

SecureBuffer privateKeyDer(const KeyHandle& key) {
    PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key.get());
    if (!info) throw KeyError("EVP_PKEY2PKCS8 failed");
    unsigned char* der = nullptr;
    const int len = i2d_PKCS8_PRIV_KEY_INFO(info, &der);
    PKCS8_PRIV_KEY_INFO_free(info);
    if (len <= 0) throw KeyError("i2d_PKCS8_PRIV_KEY_INFO failed");
    SecureBuffer out = SecureBuffer::copyOf(ByteView(der, static_cast<std::size_t>(len)));
    OPENSSL_clear_free(der, static_cast<std::size_t>(len));
    return out;
}

KeyHandle generateRsa(std::size_t bits, ByteView publicExponent) {
    Ctx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    Bn e = toBn(publicExponent);
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<int>(bits)) != 1 ||
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) != 1 ||
        EVP_PKEY_generate(ctx.get(), &raw) != 1)
        throw KeyError("RSA key generation failed");
    return wrap(raw, "RSA key generation failed");
}

KeyHandle generateEcP256() {
    return wrap(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), "EC key generation failed");
}

KeyHandle rsaFromPrimes(ByteView pBytes, ByteView qBytes, ByteView eBytes) {
    Bn p = toBn(pBytes), q = toBn(qBytes), e = toBn(eBytes);
    Bn n(BN_new()), d(BN_new()), p1(BN_new()), q1(BN_new()), phi(BN_new()), dmp1(BN_new()), dmq1(BN_new()),
        iqmp(BN_new());
    std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> bnCtx(BN_CTX_new(), BN_CTX_free);
    if (!n || !d || !p1 || !q1 || !phi || !dmp1 || !dmq1 || !iqmp || !bnCtx) throw KeyError("BN_new failed");
    BN_CTX* c = bnCtx.get();
    if (!BN_mul(n.get(), p.get(), q.get(), c) || !BN_sub(p1.get(), p.get(), BN_value_one()) ||
        !BN_sub(q1.get(), q.get(), BN_value_one()) || !BN_mul(phi.get(), p1.get(), q1.get(), c) ||
        !BN_mod_inverse(d.get(), e.get(), phi.get(), c) || !BN_mod(dmp1.get(), d.get(), p1.get(), c) ||
        !BN_mod(dmq1.get(), d.get(), q1.get(), c) || !BN_mod_inverse(iqmp.get(), q.get(), p.get(), c))
        throw KeyError("inconsistent RSA components");
    std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> bld(OSSL_PARAM_BLD_new(),
                                                                        OSSL_PARAM_BLD_free);
    if (!bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dmp1.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dmq1.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, iqmp.get()))
        throw KeyError("OSSL_PARAM_BLD failed");
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld.get());
    Ctx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    const bool ok = params && ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
                    EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params) == 1;
    OSSL_PARAM_free(params);
    if (!ok) throw KeyError("EVP_PKEY_fromdata failed");
    return wrap(raw, "EVP_PKEY_fromdata failed");
}

bool isRsa(const KeyHandle& key) {
    return key && EVP_PKEY_is_a(key.get(), "RSA");
}

std::size_t keyBits(const KeyHandle& key) {
    return key ? static_cast<std::size_t>(EVP_PKEY_get_bits(key.get())) : 0;
}

Bytes rsaModulus(const KeyHandle& key) {
    return bnParam(key, OSSL_PKEY_PARAM_RSA_N);
}

Bytes rsaPublicExponent(const KeyHandle& key) {
    return bnParam(key, OSSL_PKEY_PARAM_RSA_E);
}

Bytes ecPublicPoint(const KeyHandle& key) {
    std::size_t len = 0;
    if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nullptr, 0, &len) != 1)
        throw KeyError("EC public point missing");
    Bytes out(len);
    if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out.data(), out.size(),
                                        &len) != 1)
        throw KeyError("EC public point missing");
    out.resize(len);
    return out;
}

std::size_t ecOrderBytes(const KeyHandle& key) {
    return (keyBits(key) + 7) / 8;
}

Bytes rsaSignPkcs1(const KeyHandle& key, ByteView digestInfo) {
    Ctx ctx = contextFor(key);
    if (EVP_PKEY_sign_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1)
        throw KeyError("sign init failed");
    return signWith(ctx, digestInfo);
}

Bytes rsaSignPss(const KeyHandle& key, ByteView hash, PssHash md) {
    const EVP_MD* digest = md == PssHash::Sha256   ? EVP_sha256()
                           : md == PssHash::Sha384 ? EVP_sha384()
                                                   : EVP_sha512();
    if (hash.size() != static_cast<std::size_t>(EVP_MD_get_size(digest)))
        throw KeyError("PSS: wrong hash size");
    Ctx ctx = contextFor(key);
    if (EVP_PKEY_sign_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), digest) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), digest) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), EVP_MD_get_size(digest)) != 1)
        throw KeyError("PSS init failed");
    return signWith(ctx, hash);
}

Bytes ecdsaSign(const KeyHandle& key, ByteView hash) {
    Ctx ctx = contextFor(key);
    if (EVP_PKEY_sign_init(ctx.get()) != 1) throw KeyError("ECDSA init failed");
    const Bytes der = signWith(ctx, hash);
    const unsigned char* p = der.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
    if (!sig) throw KeyError("ECDSA signature decoding failed");
    const std::size_t width = ecOrderBytes(key);
    Bytes out = fromBn(ECDSA_SIG_get0_r(sig), width);
    append(out, fromBn(ECDSA_SIG_get0_s(sig), width));
    ECDSA_SIG_free(sig);
    return out;
}

SecureBuffer rsaDecryptPkcs1(const KeyHandle& key, ByteView cryptogram) {
    Ctx ctx = contextFor(key);
    if (EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1)
        throw KeyError("decrypt init failed");
    std::size_t len = 0;
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &len, cryptogram.data(), cryptogram.size()) != 1)
        throw KeyError("decrypt failed");
    SecureBuffer out(len);
    out.resize(len);
    if (EVP_PKEY_decrypt(ctx.get(), out.data(), &len, cryptogram.data(), cryptogram.size()) != 1)
        throw KeyError("decrypt failed");
    out.resize(len);
    return out;
}

}  // namespace ias::vcard
