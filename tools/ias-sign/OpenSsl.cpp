#include "OpenSsl.h"

#include <openssl/bn.h>
#include <openssl/err.h>

namespace ias::sign {

void throwOpenSsl(const std::string& what) {
    std::string message = what;
    char buffer[256];
    for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
        ERR_error_string_n(e, buffer, sizeof buffer);
        message += std::string(message == what ? ": " : "; ") + buffer;
    }
    throw CmsError(message);
}

X509Ptr certificateFromDer(const Bytes& der) {
    const unsigned char* p = der.data();
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert || p != der.data() + der.size()) throwOpenSsl("not one DER certificate");
    return cert;
}

Bytes certificateDer(X509* cert) {
    return toDer(i2d_X509, cert, "a certificate");
}

std::string nameText(const X509_NAME* name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string subjectText(X509* cert) {
    return nameText(X509_get_subject_name(cert));
}

std::optional<std::time_t> timeOf(const ASN1_TIME* t, std::string& text) {
    struct tm tm {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    text = buffer;
    return timegm(&tm);
}

std::string serialHex(const ASN1_INTEGER* serial) {
    std::unique_ptr<BIGNUM, OsslDeleter<BIGNUM, BN_free>> bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn) return "?";
    char* hex = BN_bn2hex(bn.get());
    std::string out = hex ? hex : "?";
    OPENSSL_free(hex);
    return out;
}

}  // namespace ias::sign
