#pragma once
// The attribute rows every key object of the card shares, public or private (PKCS #11 2.40 sections 4.7-4.9:
// storage, key and the public parts of RSA and EC keys). Each key table adds its class-specific rows.
#include <vector>

#include "P11Object.h"

namespace ias::p11 {

template <typename K>
std::vector<AttributeRow<K>> keyAttributeRows(CK_OBJECT_CLASS cls) {
    using X = ObjectContext;
    using R = std::optional<Bytes>;
    // A row's value is a plain function pointer: the class goes in through one row per possible class.
    const auto classRow =
        cls == CKO_PRIVATE_KEY
            ? AttributeRow<K>{CKA_CLASS, [](const K&, const X&) -> R { return encodeUlong(CKO_PRIVATE_KEY); }}
            : AttributeRow<K>{CKA_CLASS, [](const K&, const X&) -> R { return encodeUlong(CKO_PUBLIC_KEY); }};
    const auto privateRow =
        cls == CKO_PRIVATE_KEY
            ? AttributeRow<K>{CKA_PRIVATE, [](const K&, const X&) -> R { return encodeBool(true); }}
            : AttributeRow<K>{CKA_PRIVATE, [](const K&, const X&) -> R { return encodeBool(false); }};
    return {
        classRow,
        privateRow,
        {CKA_TOKEN, [](const K&, const X&) -> R { return encodeBool(true); }},
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
        {CKA_LOCAL, [](const K& k, const X&) -> R { return encodeBool(k.local); }},
        {CKA_KEY_GEN_MECHANISM,
         [](const K&, const X&) -> R { return encodeUlong(CK_UNAVAILABLE_INFORMATION); }},
        {CKA_SUBJECT, [](const K&, const X& x) -> R { return x.subject; }},
        // RSA
        {CKA_MODULUS, [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(k.modulus) : R(); }},
        {CKA_PUBLIC_EXPONENT,
         [](const K& k, const X&) -> R { return k.kind == KeyKind::Rsa ? R(k.publicExponent) : R(); }},
        // EC
        {CKA_EC_PARAMS,
         [](const K& k, const X&) -> R { return k.kind == KeyKind::Ec ? R(k.ecParams) : R(); }},
    };
}

// `rows` followed by `more`.
template <typename K>
std::vector<AttributeRow<K>> withRows(std::vector<AttributeRow<K>> rows, std::vector<AttributeRow<K>> more) {
    rows.insert(rows.end(), more.begin(), more.end());
    return rows;
}

}  // namespace ias::p11
