// The attributes of a public key object (PKCS #11 2.40 sections 4.8, 4.9; RSA and EC key objects).
#include "P11Object.h"

namespace ias::p11 {
namespace {

// CKA_EC_POINT is the DER OCTET STRING around the uncompressed point (what NSS, OpenSSL and GnuTLS expect).
Bytes octetString(const Bytes& point) {
    Bytes out{0x04};
    const std::size_t n = point.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
    } else if (n <= 0xFF) {
        out.push_back(0x81);
        out.push_back(static_cast<std::uint8_t>(n));
    } else {
        out.push_back(0x82);
        appendU16(out, static_cast<std::uint16_t>(n));
    }
    append(out, point);
    return out;
}

}  // namespace

const std::vector<AttributeRow<PublicKeyInfo>>& publicKeyAttributeTable() {
    using K = PublicKeyInfo;
    using X = ObjectContext;
    using R = std::optional<Bytes>;
    static const std::vector<AttributeRow<K>> table = {
        {CKA_CLASS, [](const K&, const X&) -> R { return encodeUlong(CKO_PUBLIC_KEY); }},
        {CKA_TOKEN, [](const K&, const X&) -> R { return encodeBool(true); }},
        {CKA_PRIVATE, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_MODIFIABLE, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_COPYABLE, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_DESTROYABLE, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_LABEL, [](const K& k, const X&) -> R { return encodeText(k.label); }},
        {CKA_ID, [](const K& k, const X&) -> R { return k.id; }},
        {CKA_KEY_TYPE,
         [](const K& k, const X&) -> R { return encodeUlong(k.kind == KeyKind::Rsa ? CKK_RSA : CKK_EC); }},
        {CKA_START_DATE, [](const K&, const X&) -> R { return Bytes{}; }},
        {CKA_END_DATE, [](const K&, const X&) -> R { return Bytes{}; }},
        {CKA_DERIVE, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_LOCAL, [](const K&, const X&) -> R { return encodeBool(true); }},
        {CKA_KEY_GEN_MECHANISM,
         [](const K&, const X&) -> R { return encodeUlong(CK_UNAVAILABLE_INFORMATION); }},
        {CKA_SUBJECT, [](const K&, const X& x) -> R { return x.subject; }},
        {CKA_ENCRYPT, [](const K& k, const X&) -> R { return encodeBool(k.kind == KeyKind::Rsa); }},
        {CKA_VERIFY, [](const K&, const X&) -> R { return encodeBool(true); }},
        {CKA_VERIFY_RECOVER, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_WRAP, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_TRUSTED, [](const K&, const X&) -> R { return encodeBool(false); }},
        // RSA
        {CKA_MODULUS, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(k.modulus) : R(); }},
        {CKA_MODULUS_BITS,
         [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(encodeUlong(k.bits)) : R(); }},
        {CKA_PUBLIC_EXPONENT,
         [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(k.publicExponent) : R(); }},
        // EC
        {CKA_EC_PARAMS,
         [](const K& k, const X&) -> R { return k.kind == KeyKind::Ec ? R(k.ecParams) : R(); }},
        {CKA_EC_POINT,
         [](const K& k, const X&) -> R { return k.kind == KeyKind::Ec ? R(octetString(k.ecPoint)) : R(); }},
    };
    return table;
}

}  // namespace ias::p11
