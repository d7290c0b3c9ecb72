#include "CertificateFacts.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace ias::diag {
namespace {

std::string nameText(const X509_NAME* name) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return "?";
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string timeText(const ASN1_TIME* t) {
    struct tm tm {};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return "?";
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return out;
}

std::string joined(std::uint32_t bits, std::initializer_list<std::pair<std::uint32_t, const char*>> names) {
    std::string out;
    for (const auto& [bit, name] : names)
        if (bits & bit) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

}  // namespace

std::optional<CertificateFacts> certificateFacts(ByteView der, std::time_t now) {
    const unsigned char* p = der.data();
    std::unique_ptr<X509, decltype(&X509_free)> x(d2i_X509(nullptr, &p, static_cast<long>(der.size())),
                                                  X509_free);
    if (!x) return std::nullopt;
    CertificateFacts f;
    f.subject = nameText(X509_get_subject_name(x.get()));
    f.issuer = nameText(X509_get_issuer_name(x.get()));
    if (const ASN1_INTEGER* sn = X509_get0_serialNumber(x.get())) {
        std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(ASN1_INTEGER_to_BN(sn, nullptr), BN_free);
        if (bn) {
            char* hex = BN_bn2hex(bn.get());
            f.serial = hex ? hex : "";
            OPENSSL_free(hex);
        }
    }
    const ASN1_TIME* nb = X509_get0_notBefore(x.get());
    const ASN1_TIME* na = X509_get0_notAfter(x.get());
    f.notBefore = timeText(nb);
    f.notAfter = timeText(na);
    std::time_t at = now;
    f.notYetValid = X509_cmp_time(nb, &at) > 0;
    f.expired = X509_cmp_time(na, &at) < 0;
    int days = 0, seconds = 0;
    std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> nowTime(ASN1_TIME_set(nullptr, now),
                                                                  ASN1_TIME_free);
    if (!f.expired && !f.notYetValid && nowTime && ASN1_TIME_diff(&days, &seconds, nowTime.get(), na) == 1)
        f.daysLeft = days;
    const std::uint32_t ku = X509_get_key_usage(x.get());
    f.keyUsage = ku == UINT32_MAX ? "(not restricted)"
                                  : joined(ku, {{KU_DIGITAL_SIGNATURE, "digitalSignature"},
                                                {KU_NON_REPUDIATION, "nonRepudiation"},
                                                {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
                                                {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
                                                {KU_KEY_AGREEMENT, "keyAgreement"},
                                                {KU_KEY_CERT_SIGN, "keyCertSign"},
                                                {KU_CRL_SIGN, "cRLSign"}});
    const std::uint32_t xku = X509_get_extended_key_usage(x.get());
    if (xku != UINT32_MAX)
        f.extendedKeyUsage = joined(xku, {{XKU_SSL_CLIENT, "clientAuth"},
                                          {XKU_SMIME, "emailProtection"},
                                          {XKU_SSL_SERVER, "serverAuth"},
                                          {XKU_CODE_SIGN, "codeSigning"},
                                          {XKU_OCSP_SIGN, "OCSPSigning"},
                                          {XKU_TIMESTAMP, "timeStamping"}});
    return f;
}

}  // namespace ias::diag
