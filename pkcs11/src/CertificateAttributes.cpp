// The attributes of an X.509 certificate object (PKCS #11 2.40 sections 4.4, 4.6).
#include <openssl/sha.h>

#include "P11Object.h"
#include "X509Fields.h"

namespace ias::p11 {

const std::vector<AttributeRow<CertificateInfo>>& certificateAttributeTable() {
    using C = CertificateInfo;
    using X = ObjectContext;
    using R = std::optional<Bytes>;
    static const std::vector<AttributeRow<C>> table = {
        {CKA_CLASS, [](const C&, const X&) -> R { return encodeUlong(CKO_CERTIFICATE); }},
        {CKA_TOKEN, [](const C&, const X&) -> R { return encodeBool(true); }},
        {CKA_PRIVATE, [](const C&, const X&) -> R { return encodeBool(false); }},
        {CKA_MODIFIABLE, [](const C&, const X&) -> R { return encodeBool(false); }},
        {CKA_COPYABLE, [](const C&, const X&) -> R { return encodeBool(false); }},
        {CKA_DESTROYABLE, [](const C&, const X&) -> R { return encodeBool(false); }},
        {CKA_LABEL, [](const C& c, const X&) -> R { return encodeText(c.label); }},
        {CKA_ID, [](const C& c, const X&) -> R { return c.id; }},
        {CKA_CERTIFICATE_TYPE, [](const C&, const X&) -> R { return encodeUlong(CKC_X_509); }},
        {CKA_TRUSTED, [](const C& c, const X&) -> R { return encodeBool(c.trusted); }},
        // 1 = token user, 2 = authority.
        {CKA_CERTIFICATE_CATEGORY,
         [](const C& c, const X&) -> R { return encodeUlong(c.authority ? 2 : 1); }},
        {CKA_CHECK_VALUE,
         [](const C& c, const X&) -> R {
             unsigned char digest[SHA_DIGEST_LENGTH];
             SHA1(c.der.data(), c.der.size(), digest);
             return Bytes(digest, digest + 3);
         }},
        {CKA_START_DATE, [](const C&, const X&) -> R { return Bytes{}; }},
        {CKA_END_DATE, [](const C&, const X&) -> R { return Bytes{}; }},
        {CKA_SUBJECT, [](const C& c, const X&) -> R { return parseX509Fields(c.der).subject; }},
        {CKA_ISSUER, [](const C& c, const X&) -> R { return parseX509Fields(c.der).issuer; }},
        {CKA_SERIAL_NUMBER, [](const C& c, const X&) -> R { return parseX509Fields(c.der).serialNumber; }},
        {CKA_VALUE, [](const C& c, const X&) -> R { return c.der; }},
        {CKA_URL, [](const C&, const X&) -> R { return Bytes{}; }},
        {CKA_HASH_OF_SUBJECT_PUBLIC_KEY, [](const C&, const X&) -> R { return Bytes{}; }},
        {CKA_HASH_OF_ISSUER_PUBLIC_KEY, [](const C&, const X&) -> R { return Bytes{}; }},
        {CKA_JAVA_MIDP_SECURITY_DOMAIN, [](const C&, const X&) -> R { return encodeUlong(0); }},
        {CKA_NAME_HASH_ALGORITHM, [](const C&, const X&) -> R { return encodeUlong(CKM_SHA_1); }},
    };
    return table;
}

}  // namespace ias::p11
