#pragma once
// Owning handles for the OpenSSL objects ias-sign uses, and the one way an OpenSSL failure becomes an
// exception (with OpenSSL's own error queue in the message, so a refusal says what OpenSSL saw).
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ias::sign {

using Bytes = std::vector<std::uint8_t>;

template <typename T, void (*Free)(T*)>
struct OsslDeleter {
    void operator()(T* p) const { Free(p); }
};
using CmsPtr = std::unique_ptr<CMS_ContentInfo, OsslDeleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using X509Ptr = std::unique_ptr<X509, OsslDeleter<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OsslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, OsslDeleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, OsslDeleter<BIO, BIO_free_all>>;
using StorePtr = std::unique_ptr<X509_STORE, OsslDeleter<X509_STORE, X509_STORE_free>>;

// A CMS file that is not what it should be, or an OpenSSL call that failed.
class CmsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws CmsError("<what>: <OpenSSL's queued errors>") and clears the queue.
[[noreturn]] void throwOpenSsl(const std::string& what);

// The DER of an OpenSSL object through its i2d_ function (i2d_X509, i2d_X509_ATTRIBUTE …).
template <typename T>
Bytes toDer(int (*i2d)(const T*, unsigned char**), const T* object, const char* what) {
    const int n = i2d(object, nullptr);
    if (n <= 0) throwOpenSsl(std::string("cannot encode ") + what);
    Bytes der(static_cast<std::size_t>(n));
    unsigned char* p = der.data();
    i2d(object, &p);
    return der;
}

X509Ptr certificateFromDer(const Bytes& der);
Bytes certificateDer(X509* cert);
// A name on one line (RFC 2253), the certificate's subject so, and its serial in hexadecimal, for messages.
std::string nameText(const X509_NAME* name);
std::string subjectText(X509* cert);
std::string serialHex(const ASN1_INTEGER* serial);
// An ASN.1 time (UTCTime or GeneralizedTime) as "2026-12-05T02:30:00Z" in `text` and as time_t; nullopt (and
// `text` untouched) when it cannot be read.
std::optional<std::time_t> timeOf(const ASN1_TIME* t, std::string& text);

}  // namespace ias::sign
