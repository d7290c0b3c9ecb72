// The attributes of a private key on the card (PKCS #11 2.40 sections 4.8, 4.9; RSA and EC key objects).
// The key never leaves the card: SENSITIVE, never EXTRACTABLE, and its secret parts exist only as sensitive
// attributes.
#include "P11Object.h"

namespace ias::p11 {

const std::vector<AttributeRow<PrivateKeyInfo>>& privateKeyAttributeTable() {
    using K = PrivateKeyInfo;
    using X = ObjectContext;
    using R = std::optional<Bytes>;
    static const std::vector<AttributeRow<K>> table = {
        {CKA_CLASS, [](const K&, const X&) -> R { return encodeUlong(CKO_PRIVATE_KEY); }},
        {CKA_TOKEN, [](const K&, const X&) -> R { return encodeBool(true); }},
        {CKA_PRIVATE, [](const K&, const X&) -> R { return encodeBool(true); }},
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
        {CKA_ALLOWED_MECHANISMS, [](const K&, const X& x) -> R { return encodeUlongs(x.mechanisms); }},
        {CKA_SUBJECT, [](const K&, const X& x) -> R { return x.subject; }},
        {CKA_SENSITIVE, [](const K&, const X&) -> R { return encodeBool(true); }},
        {CKA_DECRYPT, [](const K& k, const X&) -> R { return encodeBool(k.decrypt); }},
        {CKA_SIGN, [](const K& k, const X&) -> R { return encodeBool(k.sign); }},
        {CKA_SIGN_RECOVER, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_UNWRAP, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_EXTRACTABLE, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_ALWAYS_SENSITIVE, [](const K&, const X&) -> R { return encodeBool(true); }},
        {CKA_NEVER_EXTRACTABLE, [](const K&, const X&) -> R { return encodeBool(true); }},
        {CKA_WRAP_WITH_TRUSTED, [](const K&, const X&) -> R { return encodeBool(false); }},
        {CKA_ALWAYS_AUTHENTICATE, [](const K& k, const X&) -> R { return encodeBool(k.alwaysAuthenticate); }},
        // RSA
        {CKA_MODULUS, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(k.modulus) : R(); }},
        {CKA_PUBLIC_EXPONENT,
         [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(k.publicExponent) : R(); }},
        {CKA_PRIVATE_EXPONENT,
         [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); }, true},
        {CKA_PRIME_1, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); },
         true},
        {CKA_PRIME_2, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); },
         true},
        {CKA_EXPONENT_1, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); },
         true},
        {CKA_EXPONENT_2, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); },
         true},
        {CKA_COEFFICIENT, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); },
         true},
        // EC
        {CKA_EC_PARAMS,
         [](const K& k, const X&) -> R { return k.kind == KeyKind::Ec ? R(k.ecParams) : R(); }},
        {CKA_VALUE, [](const K& k, const X&) -> R { return k.kind == KeyKind::Ec ? R(Bytes{}) : R(); }, true},
    };
    return table;
}

}  // namespace ias::p11
