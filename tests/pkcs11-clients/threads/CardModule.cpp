// Loading the production module and the calls the card tests repeat.
#include "CardModule.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>

namespace ias::p11::cardtest {

CK_FUNCTION_LIST* cardModule() {
    static CK_FUNCTION_LIST* functions = [] {
        const char* path = std::getenv("IAS_PKCS11_MODULE");
        if (path == nullptr) return static_cast<CK_FUNCTION_LIST*>(nullptr);
        void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) return static_cast<CK_FUNCTION_LIST*>(nullptr);
        auto getList = reinterpret_cast<CK_C_GetFunctionList>(dlsym(handle, "C_GetFunctionList"));
        CK_FUNCTION_LIST* list = nullptr;
        if (getList == nullptr || getList(&list) != CKR_OK) return static_cast<CK_FUNCTION_LIST*>(nullptr);
        return list;
    }();
    return functions;
}

CK_SLOT_ID Cryptoki::authenticationSlot() const {
    CK_SLOT_ID slots[16];
    CK_ULONG count = 16;
    if (f_->C_GetSlotList(CK_TRUE, slots, &count) != CKR_OK) return CK_INVALID_HANDLE;
    for (CK_ULONG i = 0; i < count; ++i) {
        CK_SLOT_INFO info;
        if (f_->C_GetSlotInfo(slots[i], &info) != CKR_OK) continue;
        const std::string description(reinterpret_cast<const char*>(info.slotDescription),
                                      sizeof info.slotDescription);
        if (description.find("(authentication)") != std::string::npos) return slots[i];
    }
    return CK_INVALID_HANDLE;
}

CK_RV Cryptoki::openSession(CK_SLOT_ID slot, CK_SESSION_HANDLE& session) const {
    return f_->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &session);
}

CK_RV Cryptoki::login(CK_SESSION_HANDLE session, const std::string& pin) const {
    std::string copy = pin;
    return f_->C_Login(session, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(copy.data()), copy.size());
}

CK_OBJECT_HANDLE Cryptoki::findOne(CK_SESSION_HANDLE session, CK_OBJECT_CLASS cls, unsigned char id) const {
    CK_ATTRIBUTE templ[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_ID, &id, 1}};
    if (f_->C_FindObjectsInit(session, templ, 2) != CKR_OK) return CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE found[2];
    CK_ULONG count = 0;
    const CK_RV rv = f_->C_FindObjects(session, found, 2, &count);
    f_->C_FindObjectsFinal(session);
    return rv == CKR_OK && count == 1 ? found[0] : CK_INVALID_HANDLE;
}

Bytes Cryptoki::attribute(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type) const {
    CK_ATTRIBUTE a{type, nullptr, 0};
    if (f_->C_GetAttributeValue(session, object, &a, 1) != CKR_OK) return {};
    Bytes value(a.ulValueLen);
    a.pValue = value.data();
    if (f_->C_GetAttributeValue(session, object, &a, 1) != CKR_OK) return {};
    value.resize(a.ulValueLen);
    return value;
}

CK_RV Cryptoki::sign(CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism, CK_OBJECT_HANDLE key,
                     const Bytes& data, Bytes& signature) const {
    CK_MECHANISM mech{mechanism, nullptr, 0};
    CK_RV rv = f_->C_SignInit(session, &mech, key);
    if (rv != CKR_OK) return rv;
    Bytes in = data;
    signature.assign(1024, 0);
    CK_ULONG length = signature.size();
    rv = f_->C_Sign(session, in.data(), in.size(), signature.data(), &length);
    signature.resize(rv == CKR_OK ? length : 0);
    return rv;
}

}  // namespace ias::p11::cardtest
