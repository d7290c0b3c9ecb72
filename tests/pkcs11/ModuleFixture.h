#pragma once
// Loads the test build of the module (libias-pkcs11-fake.so) with dlopen once per process and calls it only
// through its function lists, as an application does. Helpers for sessions, objects and signatures.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "Cryptoki.h"
#include "FakeControl.h"
#include "SignatureCheck.h"

namespace ias::p11::test {

using Bytes = std::vector<unsigned char>;
using fake::FakeControl;

struct LoadedModule {
    void* handle = nullptr;
    CK_FUNCTION_LIST* functions = nullptr;
    CK_C_GetInterface getInterface = nullptr;
    CK_C_GetInterfaceList getInterfaceList = nullptr;
    FakeControl* control = nullptr;
};

inline LoadedModule& fakeModule() {
    static LoadedModule m = [] {
        LoadedModule l;
        l.handle = dlopen(IAS_PKCS11_FAKE_MODULE, RTLD_NOW | RTLD_LOCAL);
        if (l.handle == nullptr) return l;
        auto getList = reinterpret_cast<CK_C_GetFunctionList>(dlsym(l.handle, "C_GetFunctionList"));
        if (getList != nullptr) getList(&l.functions);
        l.getInterface = reinterpret_cast<CK_C_GetInterface>(dlsym(l.handle, "C_GetInterface"));
        l.getInterfaceList = reinterpret_cast<CK_C_GetInterfaceList>(dlsym(l.handle, "C_GetInterfaceList"));
        auto control = reinterpret_cast<FakeControl* (*)()>(dlsym(l.handle, "ias_pkcs11_fake_control"));
        if (control != nullptr) l.control = control();
        return l;
    }();
    return m;
}

inline constexpr CK_SLOT_ID kAuthSlot = 1;  // first reader, authentication token
inline constexpr CK_SLOT_ID kSignSlot = 2;  // first reader, signature token
inline const std::string kReader0 = "Fake Reader 0";

inline Bytes bytesOf(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

class ModuleTest : public ::testing::Test {
protected:
    void SetUp() override {
        LoadedModule& m = fakeModule();
        ASSERT_NE(m.handle, nullptr) << dlerror();
        ASSERT_NE(m.functions, nullptr);
        ASSERT_NE(m.control, nullptr);
        p11 = m.functions;
        fake = m.control;
        fake->reset(1, true);
        if (initialise) {
            ASSERT_EQ(p11->C_Initialize(nullptr), CKR_OK);
        }
    }
    void TearDown() override {
        if (p11 != nullptr) p11->C_Finalize(nullptr);
    }

    // C_GetSlotList's two calls: the slot IDs (with a token only when `present`).
    std::vector<CK_SLOT_ID> slots(CK_BBOOL present) {
        CK_ULONG n = 0;
        EXPECT_EQ(p11->C_GetSlotList(present, nullptr, &n), CKR_OK);
        std::vector<CK_SLOT_ID> ids(n);
        EXPECT_EQ(p11->C_GetSlotList(present, ids.data(), &n), CKR_OK);
        ids.resize(n);
        return ids;
    }
    CK_SESSION_HANDLE open(CK_SLOT_ID slot, bool rw = false) {
        CK_SESSION_HANDLE h = CK_INVALID_HANDLE;
        CK_FLAGS flags = CKF_SERIAL_SESSION | (rw ? CKF_RW_SESSION : 0);
        EXPECT_EQ(p11->C_OpenSession(slot, flags, nullptr, nullptr, &h), CKR_OK);
        return h;
    }
    CK_RV login(CK_SESSION_HANDLE s, CK_USER_TYPE user, const std::string& pin) {
        std::string copy = pin;
        return p11->C_Login(s, user, reinterpret_cast<CK_UTF8CHAR_PTR>(copy.data()), copy.size());
    }
    std::vector<CK_OBJECT_HANDLE> find(CK_SESSION_HANDLE s, std::vector<CK_ATTRIBUTE> templ) {
        std::vector<CK_OBJECT_HANDLE> out;
        EXPECT_EQ(p11->C_FindObjectsInit(s, templ.empty() ? nullptr : templ.data(), templ.size()), CKR_OK);
        CK_OBJECT_HANDLE buf[4];
        CK_ULONG n = 0;
        do {
            EXPECT_EQ(p11->C_FindObjects(s, buf, 4, &n), CKR_OK);
            out.insert(out.end(), buf, buf + n);
        } while (n > 0);
        EXPECT_EQ(p11->C_FindObjectsFinal(s), CKR_OK);
        return out;
    }
    CK_OBJECT_HANDLE findOne(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, unsigned char id) {
        CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_ID, &id, 1}};
        auto found = find(s, {t[0], t[1]});
        EXPECT_EQ(found.size(), 1u);
        return found.empty() ? CK_INVALID_HANDLE : found[0];
    }
    Bytes attribute(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type) {
        CK_ATTRIBUTE a{type, nullptr, 0};
        EXPECT_EQ(p11->C_GetAttributeValue(s, o, &a, 1), CKR_OK);
        Bytes v(a.ulValueLen);
        a.pValue = v.data();
        EXPECT_EQ(p11->C_GetAttributeValue(s, o, &a, 1), CKR_OK);
        v.resize(a.ulValueLen);
        return v;
    }
    // C_SignInit + C_Sign (with a length query first) ; returns the rv of the first failing call.
    CK_RV signOnce(CK_SESSION_HANDLE s, CK_MECHANISM mech, CK_OBJECT_HANDLE key, const Bytes& data,
                   Bytes& sig) {
        CK_RV rv = p11->C_SignInit(s, &mech, key);
        if (rv != CKR_OK) return rv;
        return finishSign(s, data, sig);
    }
    CK_RV finishSign(CK_SESSION_HANDLE s, const Bytes& data, Bytes& sig) {
        Bytes in = data;
        CK_ULONG len = 0;
        CK_RV rv = p11->C_Sign(s, in.data(), in.size(), nullptr, &len);
        if (rv != CKR_OK) return rv;
        sig.assign(len, 0);
        rv = p11->C_Sign(s, in.data(), in.size(), sig.data(), &len);
        sig.resize(rv == CKR_OK ? len : 0);
        return rv;
    }
    CK_RV signMultipart(CK_SESSION_HANDLE s, CK_MECHANISM mech, CK_OBJECT_HANDLE key, const Bytes& data,
                        Bytes& sig) {
        CK_RV rv = p11->C_SignInit(s, &mech, key);
        if (rv != CKR_OK) return rv;
        Bytes in = data;
        const std::size_t half = in.size() / 2;
        if ((rv = p11->C_SignUpdate(s, in.data(), half)) != CKR_OK) return rv;
        if ((rv = p11->C_SignUpdate(s, in.data() + half, in.size() - half)) != CKR_OK) return rv;
        CK_ULONG len = 0;
        if ((rv = p11->C_SignFinal(s, nullptr, &len)) != CKR_OK) return rv;
        sig.assign(len, 0);
        rv = p11->C_SignFinal(s, sig.data(), &len);
        sig.resize(rv == CKR_OK ? len : 0);
        return rv;
    }

    CK_FUNCTION_LIST* p11 = nullptr;
    FakeControl* fake = nullptr;
    bool initialise = true;
};

// ---- independent verification with OpenSSL (tests/support/SignatureCheck.h) ----

using testsupport::digest;
using testsupport::mdByName;
using testsupport::Pkey;
using testsupport::publicKeyOfCertificate;
using testsupport::verifySignature;

}  // namespace ias::p11::test
