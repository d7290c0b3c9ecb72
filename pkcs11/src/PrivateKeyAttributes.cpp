// The attributes of a private key on the card (PKCS #11 2.40 sections 4.8, 4.9; RSA and EC key objects).
// The key never leaves the card: SENSITIVE, never EXTRACTABLE, and its secret parts exist only as sensitive
// attributes.
#include "KeyAttributeRows.h"

namespace ias::p11 {

const std::vector<AttributeRow<PrivateKeyInfo>>& privateKeyAttributeTable() {
    using K = PrivateKeyInfo;
    using X = ObjectContext;
    using R = std::optional<Bytes>;
    static const std::vector<AttributeRow<K>> table = withRows(
        keyAttributeRows<K>(CKO_PRIVATE_KEY),
        {
            {CKA_ALLOWED_MECHANISMS, [](const K&, const X& x) -> R { return encodeUlongs(x.mechanisms); }},
            {CKA_SENSITIVE, [](const K&, const X&) -> R { return encodeBool(true); }},
            {CKA_DECRYPT, [](const K& k, const X&) -> R { return encodeBool(k.decrypt); }},
            {CKA_SIGN, [](const K& k, const X&) -> R { return encodeBool(k.sign); }},
            {CKA_SIGN_RECOVER, [](const K&, const X&) -> R { return encodeBool(false); }},
            {CKA_UNWRAP, [](const K&, const X&) -> R { return encodeBool(false); }},
            {CKA_EXTRACTABLE, [](const K&, const X&) -> R { return encodeBool(false); }},
            {CKA_ALWAYS_SENSITIVE, [](const K&, const X&) -> R { return encodeBool(true); }},
            {CKA_NEVER_EXTRACTABLE, [](const K&, const X&) -> R { return encodeBool(true); }},
            {CKA_WRAP_WITH_TRUSTED, [](const K&, const X&) -> R { return encodeBool(false); }},
            {CKA_ALWAYS_AUTHENTICATE,
             [](const K& k, const X&) -> R { return encodeBool(k.alwaysAuthenticate); }},
            // RSA: the secret parts exist but are never revealed
            {CKA_PRIVATE_EXPONENT,
             [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); }, true},
            {CKA_PRIME_1, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); },
             true},
            {CKA_PRIME_2, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); },
             true},
            {CKA_EXPONENT_1,
             [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); }, true},
            {CKA_EXPONENT_2,
             [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); }, true},
            {CKA_COEFFICIENT,
             [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(Bytes{}) : R(); }, true},
            // EC
            {CKA_VALUE, [](const K& k, const X&) -> R { return k.kind == KeyKind::Ec ? R(Bytes{}) : R(); },
             true},
        });
    return table;
}

}  // namespace ias::p11
