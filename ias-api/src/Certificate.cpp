#include "ias/api/Certificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

#include "ias/apdu/Tlv.h"

namespace ias::api {

namespace {

constexpr const char* kFile = "certificate";

struct X509Deleter {
    void operator()(X509* x) const { X509_free(x); }
};
struct BioDeleter {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct BnDeleter {
    void operator()(BIGNUM* b) const { BN_free(b); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;

// Runs an OpenSSL i2d_ function into Bytes.
template <typename T, typename F>
Bytes encode(const T* object, F i2d, const char* what) {
    unsigned char* buf = nullptr;
    const int len = i2d(const_cast<T*>(object), &buf);
    if (len <= 0 || buf == nullptr) throw Pkcs15Error(kFile, std::string("cannot encode the ") + what);
    Bytes out(buf, buf + len);
    OPENSSL_free(buf);
    return out;
}

Bytes bigNumber(const EVP_PKEY* key, const char* param, const char* what) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, param, &raw) != 1 || raw == nullptr)
        throw Pkcs15Error(kFile, std::string("no RSA ") + what);
    BnPtr bn(raw);
    Bytes out(static_cast<std::size_t>(BN_num_bytes(bn.get())));
    BN_bn2bin(bn.get(), out.data());
    return out;
}

std::string nameText(const X509_NAME* name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

void readPublicKey(X509* x, CertificateEssentials& out) {
    X509_PUBKEY* spki = X509_get_X509_PUBKEY(x);
    if (spki == nullptr) throw Pkcs15Error(kFile, "no subject public key");
    out.subjectPublicKeyInfo = encode(spki, i2d_X509_PUBKEY, "public key info");

    const unsigned char* keyBytes = nullptr;
    int keyLen = 0;
    X509_ALGOR* alg = nullptr;
    if (X509_PUBKEY_get0_param(nullptr, &keyBytes, &keyLen, &alg, spki) != 1)
        throw Pkcs15Error(kFile, "unreadable subject public key");

    EVP_PKEY* key = X509_get0_pubkey(x);  // owned by the certificate
    if (key == nullptr) return;           // a key type OpenSSL cannot decode: published as SPKI only
    out.keyBits = static_cast<std::uint32_t>(EVP_PKEY_get_bits(key));
    switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_RSA:
            out.keyType = KeyType::Rsa;
            out.rsaModulus = bigNumber(key, OSSL_PKEY_PARAM_RSA_N, "modulus");
            out.rsaPublicExponent = bigNumber(key, OSSL_PKEY_PARAM_RSA_E, "exponent");
            break;
        case EVP_PKEY_EC: {
            out.keyType = KeyType::Ec;
            int paramType = 0;
            const void* param = nullptr;
            X509_ALGOR_get0(nullptr, &paramType, &param, alg);
            if (paramType != V_ASN1_OBJECT || param == nullptr)
                throw Pkcs15Error(kFile, "EC key without a named curve");
            out.ecParameters = encode(static_cast<const ASN1_OBJECT*>(param), i2d_ASN1_OBJECT, "curve");
            out.ecPoint.assign(keyBytes, keyBytes + keyLen);
            break;
        }
        default:
            break;
    }
}

}  // namespace

ByteView certificateExtent(ByteView file) {
    try {
        std::size_t offset = 0;
        const Tlv t = parseTlv(file, offset, TlvMode::Der);
        if (t.tag != 0x30) throw Pkcs15Error(kFile, "does not start with a SEQUENCE");
        return t.encoded;
    } catch (const TlvError& e) {
        throw Pkcs15Error(kFile, e.what());
    }
}

namespace {

// OpenSSL leaves its reasons on the thread's error queue; a refused certificate must not leave them behind
// for the next, unrelated OpenSSL call of the host process to find.
struct ErrorQueueCleaner {
    ~ErrorQueueCleaner() { ERR_clear_error(); }
};

}  // namespace

CertificateEssentials parseCertificate(ByteView der) {
    const ErrorQueueCleaner cleaner;
    if (certificateExtent(der).size() != der.size())
        throw Pkcs15Error(kFile, "trailing bytes after the certificate");
    if (der.size() > 0x7FFFFFFF) throw Pkcs15Error(kFile, "too large");
    const unsigned char* p = der.data();
    X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!x) throw Pkcs15Error(kFile, "not an X.509 certificate");
    if (p != der.data() + der.size()) throw Pkcs15Error(kFile, "trailing bytes after the certificate");

    CertificateEssentials out;
    out.der.assign(der.begin(), der.end());
    const X509_NAME* subject = X509_get_subject_name(x.get());
    const X509_NAME* issuer = X509_get_issuer_name(x.get());
    const ASN1_INTEGER* serial = X509_get0_serialNumber(x.get());
    if (subject == nullptr || issuer == nullptr || serial == nullptr)
        throw Pkcs15Error(kFile, "missing subject, issuer or serial number");
    out.subject = encode(subject, i2d_X509_NAME, "subject");
    out.issuer = encode(issuer, i2d_X509_NAME, "issuer");
    out.serialNumber = encode(serial, i2d_ASN1_INTEGER, "serial number");
    out.subjectText = nameText(subject);
    readPublicKey(x.get(), out);
    return out;
}

}  // namespace ias::api
