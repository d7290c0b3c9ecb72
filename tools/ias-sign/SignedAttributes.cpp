#include "SignedAttributes.h"

#include <algorithm>

#include "Der.h"

namespace ias::sign {
namespace {

Bytes attributeDer(X509_ATTRIBUTE* attribute) {
    return toDer(i2d_X509_ATTRIBUTE, attribute, "a signed attribute");
}

std::vector<Bytes> attributesInFileOrder(const CMS_SignerInfo* si) {
    std::vector<Bytes> out;
    for (int i = 0; i < CMS_signed_get_attr_count(si); ++i)
        out.push_back(attributeDer(CMS_signed_get_attr(si, i)));
    return out;
}

// X.690 §11.6: compare as octet strings, the shorter padded at its end with zero octets.
bool derLess(const Bytes& a, const Bytes& b) {
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
        if (x != y) return x < y;
    }
    return false;
}

}  // namespace

void addSignedAttributes(CMS_SignerInfo* si, const Bytes& messageDigest, std::time_t signingTime,
                         bool withContentType) {
    if (withContentType && CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                                       OBJ_nid2obj(NID_pkcs7_data), -1) != 1)
        throwOpenSsl("content-type attribute");
    if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, messageDigest.data(),
                                    static_cast<int>(messageDigest.size())) != 1)
        throwOpenSsl("message-digest attribute");
    // UTCTime until 2049, GeneralizedTime after (RFC 5652 §11.3), as X509_time_adj chooses.
    std::unique_ptr<ASN1_TIME, OsslDeleter<ASN1_TIME, ASN1_TIME_free>> when(
        X509_time_adj(nullptr, 0, &signingTime));
    if (!when || CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, when->type, when.get(), -1) != 1)
        throwOpenSsl("signing-time attribute");
}

Bytes signedAttributesDer(const CMS_SignerInfo* si) {
    std::vector<Bytes> elements = attributesInFileOrder(si);
    std::sort(elements.begin(), elements.end(), derLess);
    Bytes content;
    for (const Bytes& e : elements) content.insert(content.end(), e.begin(), e.end());
    return der::wrap(0x31, content);
}

bool signedAttributesSorted(const CMS_SignerInfo* si) {
    const std::vector<Bytes> elements = attributesInFileOrder(si);
    return std::is_sorted(elements.begin(), elements.end(), derLess);
}

}  // namespace ias::sign
