// The attributes of a public key object (PKCS #11 2.40 sections 4.8, 4.9; RSA and EC key objects).
#include "KeyAttributeRows.h"

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
    static const std::vector<AttributeRow<K>> table = withRows(
        keyAttributeRows<K>(CKO_PUBLIC_KEY),
        {
            // What the card says the key is for (PuKDF usage), as OpenSC reports it: a signature key's
            // public key does not encrypt.
            {CKA_ENCRYPT, [](const K& k, const X&) -> R { return encodeBool(k.encrypt); }},
            {CKA_VERIFY, [](const K& k, const X&) -> R { return encodeBool(k.verify); }},
            {CKA_VERIFY_RECOVER, [](const K&, const X&) -> R { return encodeBool(false); }},
            {CKA_WRAP, [](const K&, const X&) -> R { return encodeBool(false); }},
            {CKA_TRUSTED, [](const K&, const X&) -> R { return encodeBool(false); }},
            // RSA
            {CKA_MODULUS_BITS,
             [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(encodeUlong(k.bits)) : R(); }},
            // EC
            {CKA_EC_POINT,
             [](const K& k, const X&) -> R {
                 return k.kind == KeyKind::Ec ? R(octetString(k.ecPoint)) : R();
             }},
        });
    return table;
}

}  // namespace ias::p11
