// Module: object search and attribute values (PKCS #11 2.40 sections 5.7 and 5.8).
#include <algorithm>
#include <cstring>

#include "CkError.h"
#include "Module.h"

namespace ias::p11 {
namespace {

bool matches(const P11Object& object, const CK_ATTRIBUTE* templ, CK_ULONG count) {
    for (CK_ULONG i = 0; i < count; ++i) {
        auto it = object.attributes.find(templ[i].type);
        if (it == object.attributes.end() || it->second.sensitive) return false;
        const Bytes& v = it->second.value;
        if (v.size() != templ[i].ulValueLen) return false;
        if (!v.empty() && std::memcmp(v.data(), templ[i].pValue, v.size()) != 0) return false;
    }
    return true;
}

// The template asks for a class of object the module never shows (it has certificates, public and private
// keys only): it matches nothing on any card.
bool classNeverOnCard(const CK_ATTRIBUTE* templ, CK_ULONG count) {
    for (CK_ULONG i = 0; i < count; ++i) {
        if (templ[i].type != CKA_CLASS) continue;
        if (templ[i].ulValueLen != sizeof(CK_OBJECT_CLASS)) return true;
        CK_OBJECT_CLASS cls;
        std::memcpy(&cls, templ[i].pValue, sizeof cls);
        if (cls != CKO_CERTIFICATE && cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return true;
    }
    return false;
}

}  // namespace

void Module::findObjectsInit(CK_SESSION_HANDLE handle, CK_ATTRIBUTE_PTR templ, CK_ULONG count) {
    require(templ != nullptr || count == 0, CKR_ARGUMENTS_BAD);
    for (CK_ULONG i = 0; i < count; ++i)
        require(templ[i].pValue != nullptr || templ[i].ulValueLen == 0, CKR_ARGUMENTS_BAD);
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    // A search for objects no card has (NSS looks for its root list and profile objects on every token
    // at start) is answered without waiting for the card.
    const bool none = classNeverOnCard(templ, count);
    Token& token = sessionToken(*session, none ? Need::Kept : Need::Card);
    require(!session->find.has_value(), CKR_OPERATION_ACTIVE);
    if (none) {
        session->find = FindOperation{};
        return;
    }
    FindOperation op;
    for (const auto& o : token.objects())
        if (token.isVisible(o) && matches(o, templ, count)) op.matches.push_back(o.handle);
    session->find = std::move(op);
}

void Module::findObjects(CK_SESSION_HANDLE handle, CK_OBJECT_HANDLE_PTR objects, CK_ULONG max,
                         CK_ULONG_PTR count) {
    require(count != nullptr && (objects != nullptr || max == 0), CKR_ARGUMENTS_BAD);
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    sessionToken(*session, Need::Kept);
    require(session->find.has_value(), CKR_OPERATION_NOT_INITIALIZED);
    FindOperation& op = *session->find;
    CK_ULONG n = 0;
    while (n < max && op.next < op.matches.size()) objects[n++] = op.matches[op.next++];
    *count = n;
}

void Module::findObjectsFinal(CK_SESSION_HANDLE handle) {
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    sessionToken(*session, Need::Kept);
    require(session->find.has_value(), CKR_OPERATION_NOT_INITIALIZED);
    session->find.reset();
}

CK_RV Module::getAttributeValue(CK_SESSION_HANDLE handle, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_PTR templ,
                                CK_ULONG count) {
    require(templ != nullptr || count == 0, CKR_ARGUMENTS_BAD);
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    Token& token = sessionToken(*session);
    const P11Object* o = token.findVisible(object);
    require(o != nullptr, CKR_OBJECT_HANDLE_INVALID);
    // Every attribute is processed even when an earlier one fails; the result names one of the failures.
    bool sensitive = false, invalid = false, tooSmall = false;
    for (CK_ULONG i = 0; i < count; ++i) {
        CK_ATTRIBUTE& a = templ[i];
        auto it = o->attributes.find(a.type);
        if (it == o->attributes.end()) {
            a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
            invalid = true;
        } else if (it->second.sensitive) {
            a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
            sensitive = true;
        } else if (a.pValue == nullptr) {
            a.ulValueLen = it->second.value.size();
        } else if (a.ulValueLen < it->second.value.size()) {
            a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
            tooSmall = true;
        } else {
            const Bytes& v = it->second.value;
            if (!v.empty()) std::memcpy(a.pValue, v.data(), v.size());
            a.ulValueLen = v.size();
        }
    }
    if (sensitive) return CKR_ATTRIBUTE_SENSITIVE;
    if (invalid) return CKR_ATTRIBUTE_TYPE_INVALID;
    if (tooSmall) return CKR_BUFFER_TOO_SMALL;
    return CKR_OK;
}

void Module::getObjectSize(CK_SESSION_HANDLE handle, CK_OBJECT_HANDLE object, CK_ULONG_PTR size) {
    require(size != nullptr, CKR_ARGUMENTS_BAD);
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    Token& token = sessionToken(*session);
    const P11Object* o = token.findVisible(object);
    require(o != nullptr, CKR_OBJECT_HANDLE_INVALID);
    CK_ULONG total = 0;
    for (const auto& [type, value] : o->attributes) total += value.value.size();
    *size = total;
}

}  // namespace ias::p11
