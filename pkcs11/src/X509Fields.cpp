#include "X509Fields.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <memory>

namespace ias::p11 {
namespace {

template <typename T, int (*Encode)(const T*, unsigned char**)>
Bytes encode(const T* value) {
    if (value == nullptr) return {};
    int len = Encode(value, nullptr);
    if (len <= 0) return {};
    Bytes out(static_cast<std::size_t>(len));
    unsigned char* p = out.data();
    if (Encode(value, &p) != len) return {};
    return out;
}

}  // namespace

X509Fields parseX509Fields(ByteView der) {
    X509Fields fields;
    const unsigned char* p = der.data();
    std::unique_ptr<X509, decltype(&X509_free)> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())),
                                                     &X509_free);
    if (!cert) {
        ERR_clear_error();  // leave nothing on the host application's OpenSSL error queue
        return fields;
    }
    fields.subject = encode<X509_NAME, i2d_X509_NAME>(X509_get_subject_name(cert.get()));
    fields.issuer = encode<X509_NAME, i2d_X509_NAME>(X509_get_issuer_name(cert.get()));
    fields.serialNumber = encode<ASN1_INTEGER, i2d_ASN1_INTEGER>(X509_get0_serialNumber(cert.get()));
    ERR_clear_error();
    return fields;
}

}  // namespace ias::p11
