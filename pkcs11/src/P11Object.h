#pragma once
// A Cryptoki object as the module shows it: a class, a handle and its attributes, made once per card
// insertion from the backend's description through the attribute tables.
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "Cryptoki.h"
#include "TokenBackend.h"

namespace ias::p11 {

struct AttributeValue {
    Bytes value;
    bool sensitive = false;  // exists but is never revealed (CKR_ATTRIBUTE_SENSITIVE)
};

using Attributes = std::map<CK_ATTRIBUTE_TYPE, AttributeValue>;

struct P11Object {
    CK_OBJECT_HANDLE handle = 0;
    CK_OBJECT_CLASS objectClass = 0;
    bool hiddenUntilLogin = false;
    std::optional<std::size_t> privateKeyIndex;  // into TokenDescription::privateKeys
    Attributes attributes;
};

// What an attribute row may need beyond the object's own description.
struct ObjectContext {
    Bytes subject;                              // from the certificate with the same CKA_ID
    std::vector<CK_MECHANISM_TYPE> mechanisms;  // CKA_ALLOWED_MECHANISMS
};

// One row of an attribute table: nullopt from `value` means the object has no such attribute.
template <typename Info>
struct AttributeRow {
    CK_ATTRIBUTE_TYPE type;
    std::optional<Bytes> (*value)(const Info&, const ObjectContext&);
    bool sensitive = false;
};

template <typename Info>
Attributes buildAttributes(const std::vector<AttributeRow<Info>>& table, const Info& info,
                           const ObjectContext& context) {
    Attributes out;
    for (const auto& row : table) {
        std::optional<Bytes> v = row.value(info, context);
        if (v) out[row.type] = AttributeValue{std::move(*v), row.sensitive};
    }
    return out;
}

// Encodings of attribute values (native CK_ULONG and CK_BBOOL, as the application reads them).
inline Bytes encodeBool(bool b) {
    return Bytes{static_cast<std::uint8_t>(b ? CK_TRUE : CK_FALSE)};
}
inline Bytes encodeUlong(CK_ULONG v) {
    Bytes out(sizeof v);
    std::memcpy(out.data(), &v, sizeof v);
    return out;
}
inline Bytes encodeUlongs(const std::vector<CK_ULONG>& values) {
    Bytes out(values.size() * sizeof(CK_ULONG));
    if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());
    return out;
}
inline Bytes encodeText(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

const std::vector<AttributeRow<CertificateInfo>>& certificateAttributeTable();
const std::vector<AttributeRow<PrivateKeyInfo>>& privateKeyAttributeTable();
const std::vector<AttributeRow<PublicKeyInfo>>& publicKeyAttributeTable();

}  // namespace ias::p11
