#include "FakeKeys.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstdio>
#include <stdexcept>

#include "Hashing.h"

namespace ias::p11::fake {
namespace {

[[noreturn]] void cryptoFailure(const char* what) {
    ERR_clear_error();
    throw BackendError(BackendErrc::Internal, what);
}

struct CtxDeleter {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_PKEY_CTX, CtxDeleter>;

FILE* openOrThrow(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "r");
    if (f == nullptr) throw std::runtime_error("cannot open " + path);
    return f;
}

Bytes bnParam(EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) cryptoFailure("bn param");
    Bytes out(static_cast<std::size_t>(BN_num_bytes(bn)));
    BN_bn2bin(bn, out.data());
    BN_free(bn);
    return out;
}

}  // namespace

Bytes loadCertificateDer(const std::string& path) {
    FILE* f = openOrThrow(path);
    X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (cert == nullptr) cryptoFailure("certificate");
    int len = i2d_X509(cert, nullptr);
    Bytes der(static_cast<std::size_t>(len));
    unsigned char* p = der.data();
    i2d_X509(cert, &p);
    X509_free(cert);
    return der;
}

LoadedKey loadKey(const std::string& dataDir, const std::string& name) {
    FILE* f = openOrThrow(dataDir + "/" + name + ".key.pem");
    EVP_PKEY* key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (key == nullptr) cryptoFailure("key");
    return LoadedKey{Pkey(key, PkeyDeleter{}), loadCertificateDer(dataDir + "/" + name + ".crt.pem")};
}

void describePublicKey(EVP_PKEY* key, PublicKeyInfo& out) {
    out.bits = static_cast<std::size_t>(EVP_PKEY_get_bits(key));
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
        out.kind = KeyKind::Rsa;
        out.modulus = bnParam(key, OSSL_PKEY_PARAM_RSA_N);
        out.publicExponent = bnParam(key, OSSL_PKEY_PARAM_RSA_E);
        return;
    }
    out.kind = KeyKind::Ec;
    out.ecParams = {0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};  // prime256v1
    std::size_t len = 0;
    EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0, &len);
    out.ecPoint.resize(len);
    if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, out.ecPoint.data(), len, &len) != 1)
        cryptoFailure("ec point");
}

Bytes signWith(EVP_PKEY* key, const SignRequest& r) {
    Ctx ctx(EVP_PKEY_CTX_new(key, nullptr));
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1) cryptoFailure("sign init");
    switch (r.scheme) {
        case SignScheme::RsaPkcs1:
            if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) cryptoFailure("padding");
            break;
        case SignScheme::RsaPss:
            if (!r.hash) throw BackendError(BackendErrc::InputInvalid, "PSS without hash");
            if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) != 1 ||
                EVP_PKEY_CTX_set_signature_md(ctx.get(), evpDigest(*r.hash)) != 1 ||
                EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), evpDigest(*r.hash)) != 1 ||
                EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_DIGEST) != 1)
                cryptoFailure("pss");
            break;
        case SignScheme::Ecdsa:
            break;
    }
    std::size_t len = 0;
    if (EVP_PKEY_sign(ctx.get(), nullptr, &len, r.input.data(), r.input.size()) != 1)
        cryptoFailure("sign len");
    Bytes sig(len);
    if (EVP_PKEY_sign(ctx.get(), sig.data(), &len, r.input.data(), r.input.size()) != 1)
        throw BackendError(BackendErrc::InputInvalid, "sign refused");
    sig.resize(len);
    if (r.scheme != SignScheme::Ecdsa) return sig;
    // DER ECDSA-Sig-Value → r||s, each the size of the order (what Cryptoki returns).
    const unsigned char* p = sig.data();
    ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    if (es == nullptr) cryptoFailure("ecdsa der");
    const std::size_t half = (static_cast<std::size_t>(EVP_PKEY_get_bits(key)) + 7) / 8;
    Bytes out(2 * half);
    BN_bn2binpad(ECDSA_SIG_get0_r(es), out.data(), static_cast<int>(half));
    BN_bn2binpad(ECDSA_SIG_get0_s(es), out.data() + half, static_cast<int>(half));
    ECDSA_SIG_free(es);
    return out;
}

SecureBuffer decryptWith(EVP_PKEY* key, ByteView cryptogram) {
    Ctx ctx(EVP_PKEY_CTX_new(key, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1)
        cryptoFailure("decrypt init");
    std::size_t len = 0;
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &len, cryptogram.data(), cryptogram.size()) != 1)
        cryptoFailure("decrypt len");
    SecureBuffer out(len);
    out.resize(len);
    if (EVP_PKEY_decrypt(ctx.get(), out.data(), &len, cryptogram.data(), cryptogram.size()) != 1) {
        ERR_clear_error();
        throw BackendError(BackendErrc::InputInvalid, "bad cryptogram");
    }
    out.resize(len);
    return out;
}

}  // namespace ias::p11::fake
