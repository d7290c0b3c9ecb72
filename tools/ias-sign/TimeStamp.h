#pragma once
// RFC 3161 signature time-stamps (CAdES-T: the unsigned attribute id-aa-signatureTimeStampToken of a
// SignerInfo, RFC 3161 appendix A): a time-stamping authority signs the hash of the SignerInfo's signature
// value together with the time. OpenSSL's TS API builds the request and checks the token; its HTTP client
// (OSSL_HTTP_transfer) posts the request: nothing else is needed, so nothing else is linked.
#include <ctime>
#include <optional>
#include <string>

#include "OpenSsl.h"

namespace ias::sign {

// Asks the TSA at `url` (http://…) for a token over `si`'s signature value, hashed with `md`, and stores it
// in `si`'s unsigned attributes. Before storing, the answer must be granted and be a token for this request
// (its imprint and nonce); its signature is checked by verify, against the anchors. Throws CmsError with the
// reason (unreachable, refused, a token for something else).
void addSignatureTimeStamp(CMS_SignerInfo* si, const std::string& url, const EVP_MD* md);
// CmsError unless `url` is an http:// URL addSignatureTimeStamp can use (checked before the card signs).
void checkTimeStampUrl(const std::string& url);

struct TimeStampCheck {
    bool present = false;
    std::string summary;              // "2026-12-05T02:30:00Z by CN=Test TSA,…"
    std::optional<std::time_t> time;  // the token's time, once it verified
    std::string problem;              // empty: verified
};

// The time-stamp of `si`, if it has one: the token's signature and the TSA's certificate (extended key usage
// timeStamping, a chain to `anchors` through the token's and `untrusted` certificates) and its imprint over
// `si`'s signature value.
TimeStampCheck checkSignatureTimeStamp(CMS_SignerInfo* si, X509_STORE* anchors, STACK_OF(X509) * untrusted);

}  // namespace ias::sign
