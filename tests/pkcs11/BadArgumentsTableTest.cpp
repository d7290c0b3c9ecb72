// bad_arguments_table: one row per function × bad argument × the code PKCS #11 3.0 (section 5) gives for it,
// so that every entry point is held to the same answers. NonsensibleArgumentsTest.cpp has the scattered
// cases this table grew from (NULL pointers of the common calls, unknown handles, flags); this table sweeps
// them over every function the module offers: before C_Initialize, with a closed session, with an object
// that is not one, with a buffer too small (the length must then say what is needed), out of order, twice,
// with mechanisms the token does not have, and PINs outside the card's rules for C_SetPIN / C_InitPIN.
// C_Login's answer to a PIN outside the card's rules is deliberately not here (it is being changed).
#include <cstring>
#include <functional>
#include <string>

#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

// Returned by a row when the call gave CKR_BUFFER_TOO_SMALL without setting the length it needs.
constexpr CK_RV kLengthNotSet = CKR_VENDOR_DEFINED | 0x1;

class BadArgumentsTable;
struct Row;
void PrintTo(const Row& row, std::ostream* os);
struct Row {
    std::string name;  // function_badArgument (the test's name)
    CK_RV expected;
    std::function<CK_RV(BadArgumentsTable&)> call;
    bool initialised = true;
};

class BadArgumentsTable : public ModuleTest, public ::testing::WithParamInterface<Row> {
public:
    using ModuleTest::login;
    using ModuleTest::p11;
    BadArgumentsTable() { initialise = GetParam().initialised; }
    void SetUp() override {
        ModuleTest::SetUp();
        if (!initialise) return;
        s = open(kAuthSlot);
        rw = open(kAuthSlot, true);
        closed = open(kAuthSlot);
        ASSERT_EQ(p11->C_CloseSession(closed), CKR_OK);
        cert = findOne(s, CKO_CERTIFICATE, 0x01);
        key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    }
    // Logs the user in and starts a signature (or decryption) with the authentication key.
    CK_RV signing(CK_MECHANISM_TYPE type = CKM_SHA256_RSA_PKCS) {
        CK_RV rv = login(s, CKU_USER, "1234");
        if (rv != CKR_OK) return rv;
        CK_MECHANISM m{type, nullptr, 0};
        return p11->C_SignInit(s, &m, key);
    }
    // The SO logs in on the read-write session (read-only sessions would forbid it:
    // CKR_SESSION_READ_ONLY_EXISTS).
    CK_RV soLogin() {
        const CK_RV rv = p11->C_CloseSession(s);
        return rv != CKR_OK ? rv : login(rw, CKU_SO, "12345678");
    }
    CK_RV decrypting() {
        CK_RV rv = login(s, CKU_USER, "1234");
        if (rv != CKR_OK) return rv;
        CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
        return p11->C_DecryptInit(s, &m, key);
    }
    // A call with an output buffer of `given` bytes that must answer CKR_BUFFER_TOO_SMALL with a larger
    // length; kLengthNotSet when the length was left as it was (or made smaller).
    static CK_RV tooSmall(CK_ULONG given, const std::function<CK_RV(CK_BYTE_PTR, CK_ULONG_PTR)>& call) {
        Bytes buf(given + 1);
        CK_ULONG len = given;
        const CK_RV rv = call(buf.data(), &len);
        if (rv == CKR_BUFFER_TOO_SMALL && len <= given) return kLengthNotSet;
        return rv;
    }
    static CK_UTF8CHAR_PTR u(const char* s) {
        return reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(s));
    }

    CK_SESSION_HANDLE s = 0, rw = 0, closed = 0;
    CK_OBJECT_HANDLE cert = 0, key = 0;
    Bytes data = Bytes(32, 0x5A), out = Bytes(512);
    CK_ULONG outLen = 512, count = 0;
    CK_MECHANISM sha256Rsa{CKM_SHA256_RSA_PKCS, nullptr, 0};
    CK_ATTRIBUTE classAttr{CKA_CLASS, nullptr, 0};
};

using T = BadArgumentsTable;

void PrintTo(const Row& row, std::ostream* os) {
    *os << row.name;
}

// Every function the module offers, called with well-formed arguments on the session/slot/object given.
std::vector<std::pair<const char*, std::function<CK_RV(T&, CK_SESSION_HANDLE, CK_OBJECT_HANDLE)>>>
everyFunction() {
    using S = CK_SESSION_HANDLE;
    using O = CK_OBJECT_HANDLE;
    return {
        {"C_GetSessionInfo",
         [](T& t, S h, O) {
             CK_SESSION_INFO i;
             return t.p11->C_GetSessionInfo(h, &i);
         }},
        {"C_CloseSession", [](T& t, S h, O) { return t.p11->C_CloseSession(h); }},
        {"C_Login", [](T& t, S h, O) { return t.p11->C_Login(h, CKU_USER, T::u("1234"), 4); }},
        {"C_Logout", [](T& t, S h, O) { return t.p11->C_Logout(h); }},
        {"C_InitPIN", [](T& t, S h, O) { return t.p11->C_InitPIN(h, T::u("1234"), 4); }},
        {"C_SetPIN", [](T& t, S h, O) { return t.p11->C_SetPIN(h, T::u("1234"), 4, T::u("4321"), 4); }},
        {"C_FindObjectsInit", [](T& t, S h, O) { return t.p11->C_FindObjectsInit(h, nullptr, 0); }},
        {"C_FindObjects",
         [](T& t, S h, O) {
             CK_OBJECT_HANDLE o;
             return t.p11->C_FindObjects(h, &o, 1, &t.count);
         }},
        {"C_FindObjectsFinal", [](T& t, S h, O) { return t.p11->C_FindObjectsFinal(h); }},
        {"C_GetAttributeValue",
         [](T& t, S h, O o) {
             CK_ATTRIBUTE a{CKA_CLASS, nullptr, 0};
             return t.p11->C_GetAttributeValue(h, o, &a, 1);
         }},
        {"C_GetObjectSize", [](T& t, S h, O o) { return t.p11->C_GetObjectSize(h, o, &t.count); }},
        {"C_SignInit", [](T& t, S h, O o) { return t.p11->C_SignInit(h, &t.sha256Rsa, o); }},
        {"C_Sign", [](T& t, S h,
                      O) { return t.p11->C_Sign(h, t.data.data(), t.data.size(), t.out.data(), &t.outLen); }},
        {"C_SignUpdate", [](T& t, S h, O) { return t.p11->C_SignUpdate(h, t.data.data(), t.data.size()); }},
        {"C_SignFinal", [](T& t, S h, O) { return t.p11->C_SignFinal(h, t.out.data(), &t.outLen); }},
        {"C_DecryptInit",
         [](T& t, S h, O o) {
             CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
             return t.p11->C_DecryptInit(h, &m, o);
         }},
        {"C_Decrypt",
         [](T& t, S h, O) {
             return t.p11->C_Decrypt(h, t.data.data(), t.data.size(), t.out.data(), &t.outLen);
         }},
        {"C_SessionCancel",
         [](T&, S h, O) {
             CK_FUNCTION_LIST_3_0* f3 = nullptr;
             CK_INTERFACE_PTR i = nullptr;
             if (fakeModule().getInterface(nullptr, nullptr, &i, 0) != CKR_OK) return CKR_GENERAL_ERROR;
             f3 = static_cast<CK_FUNCTION_LIST_3_0*>(i->pFunctionList);
             return f3->C_SessionCancel(h, CKF_SIGN);
         }},
        {"C_GenerateRandom", [](T& t, S h, O) { return t.p11->C_GenerateRandom(h, t.out.data(), 8); }},
        {"C_DigestInit",
         [](T& t, S h, O) {
             CK_MECHANISM m{CKM_SHA256, nullptr, 0};
             return t.p11->C_DigestInit(h, &m);
         }},
        {"C_GetFunctionStatus", [](T& t, S h, O) { return t.p11->C_GetFunctionStatus(h); }},
    };
}

std::vector<Row> rows() {
    std::vector<Row> r;
    // CKR_CRYPTOKI_NOT_INITIALIZED: every function before C_Initialize (handles as a client would keep them).
    for (auto& [name, call] : everyFunction())
        r.push_back({std::string(name) + "_notInitialised", CKR_CRYPTOKI_NOT_INITIALIZED,
                     [c = call](T& t) { return c(t, 1, 1); }, false});
    r.push_back({"C_GetSlotInfo_notInitialised", CKR_CRYPTOKI_NOT_INITIALIZED,
                 [](T& t) {
                     CK_SLOT_INFO i;
                     return t.p11->C_GetSlotInfo(kAuthSlot, &i);
                 },
                 false});
    r.push_back({"C_GetTokenInfo_notInitialised", CKR_CRYPTOKI_NOT_INITIALIZED,
                 [](T& t) {
                     CK_TOKEN_INFO i;
                     return t.p11->C_GetTokenInfo(kAuthSlot, &i);
                 },
                 false});
    r.push_back({"C_GetMechanismList_notInitialised", CKR_CRYPTOKI_NOT_INITIALIZED,
                 [](T& t) { return t.p11->C_GetMechanismList(kAuthSlot, nullptr, &t.count); }, false});
    r.push_back({"C_OpenSession_notInitialised", CKR_CRYPTOKI_NOT_INITIALIZED,
                 [](T& t) {
                     CK_SESSION_HANDLE h;
                     return t.p11->C_OpenSession(kAuthSlot, CKF_SERIAL_SESSION, nullptr, nullptr, &h);
                 },
                 false});
    r.push_back({"C_CloseAllSessions_notInitialised", CKR_CRYPTOKI_NOT_INITIALIZED,
                 [](T& t) { return t.p11->C_CloseAllSessions(kAuthSlot); }, false});
    r.push_back({"C_WaitForSlotEvent_notInitialised", CKR_CRYPTOKI_NOT_INITIALIZED,
                 [](T& t) {
                     CK_SLOT_ID slot;
                     return t.p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr);
                 },
                 false});
    // CKR_SESSION_HANDLE_INVALID: every session function with a session that was closed, and with 0.
    for (auto& [name, call] : everyFunction()) {
        r.push_back({std::string(name) + "_closedSession", CKR_SESSION_HANDLE_INVALID,
                     [c = call](T& t) { return c(t, t.closed, t.cert); }});
        r.push_back({std::string(name) + "_session0", CKR_SESSION_HANDLE_INVALID,
                     [c = call](T& t) { return c(t, CK_INVALID_HANDLE, t.cert); }});
    }
    // CKR_OBJECT_HANDLE_INVALID (CKR_KEY_HANDLE_INVALID for a key argument): 0, and a handle never given.
    for (CK_OBJECT_HANDLE bad : {CK_OBJECT_HANDLE{0}, CK_OBJECT_HANDLE{0x7FFFFFF0}}) {
        const std::string which = bad == 0 ? "_object0" : "_objectNeverGiven";
        r.push_back({"C_GetAttributeValue" + which, CKR_OBJECT_HANDLE_INVALID, [bad](T& t) {
                         CK_ATTRIBUTE a{CKA_CLASS, nullptr, 0};
                         return t.p11->C_GetAttributeValue(t.s, bad, &a, 1);
                     }});
        r.push_back({"C_GetObjectSize" + which, CKR_OBJECT_HANDLE_INVALID,
                     [bad](T& t) { return t.p11->C_GetObjectSize(t.s, bad, &t.count); }});
        r.push_back({"C_SignInit" + which, CKR_KEY_HANDLE_INVALID, [bad](T& t) {
                         const CK_RV rv = t.login(t.s, CKU_USER, "1234");
                         return rv != CKR_OK ? rv : t.p11->C_SignInit(t.s, &t.sha256Rsa, bad);
                     }});
        r.push_back({"C_DecryptInit" + which, CKR_KEY_HANDLE_INVALID, [bad](T& t) {
                         const CK_RV rv = t.login(t.s, CKU_USER, "1234");
                         CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
                         return rv != CKR_OK ? rv : t.p11->C_DecryptInit(t.s, &m, bad);
                     }});
    }
    // CKR_BUFFER_TOO_SMALL, with the length set to what is needed.
    r.push_back({"C_GetSlotList_bufferTooSmall", CKR_BUFFER_TOO_SMALL, [](T& t) {
                     CK_SLOT_ID one[1];
                     CK_ULONG n = 1;
                     const CK_RV rv = t.p11->C_GetSlotList(CK_FALSE, one, &n);
                     return rv == CKR_BUFFER_TOO_SMALL && n != 2 ? kLengthNotSet : rv;
                 }});
    r.push_back({"C_GetMechanismList_bufferTooSmall", CKR_BUFFER_TOO_SMALL, [](T& t) {
                     CK_MECHANISM_TYPE one[1];
                     CK_ULONG n = 1;
                     const CK_RV rv = t.p11->C_GetMechanismList(kAuthSlot, one, &n);
                     return rv == CKR_BUFFER_TOO_SMALL && n <= 1 ? kLengthNotSet : rv;
                 }});
    r.push_back({"C_Sign_bufferTooSmall", CKR_BUFFER_TOO_SMALL, [](T& t) {
                     const CK_RV rv = t.signing();
                     if (rv != CKR_OK) return rv;
                     return T::tooSmall(10, [&](CK_BYTE_PTR b, CK_ULONG_PTR l) {
                         return t.p11->C_Sign(t.s, t.data.data(), 32, b, l);
                     });
                 }});
    r.push_back({"C_SignFinal_bufferTooSmall", CKR_BUFFER_TOO_SMALL, [](T& t) {
                     CK_RV rv = t.signing();
                     if (rv == CKR_OK) rv = t.p11->C_SignUpdate(t.s, t.data.data(), 32);
                     if (rv != CKR_OK) return rv;
                     return T::tooSmall(
                         0, [&](CK_BYTE_PTR b, CK_ULONG_PTR l) { return t.p11->C_SignFinal(t.s, b, l); });
                 }});
    r.push_back({"C_GetAttributeValue_bufferTooSmall", CKR_BUFFER_TOO_SMALL, [](T& t) {
                     Bytes one(1);
                     CK_ATTRIBUTE a{CKA_VALUE, one.data(), 1};
                     const CK_RV rv = t.p11->C_GetAttributeValue(t.s, t.cert, &a, 1);
                     return rv == CKR_BUFFER_TOO_SMALL && a.ulValueLen != CK_UNAVAILABLE_INFORMATION
                                ? kLengthNotSet
                                : rv;
                 }});
    r.push_back({"C_GetInterfaceList_bufferTooSmall", CKR_BUFFER_TOO_SMALL, [](T&) {
                     CK_INTERFACE one[1];
                     CK_ULONG n = 1;
                     const CK_RV rv = fakeModule().getInterfaceList(one, &n);
                     return rv == CKR_BUFFER_TOO_SMALL && n <= 1 ? kLengthNotSet : rv;
                 }});
    // CKR_OPERATION_NOT_INITIALIZED: the second half of an operation without the first.
    r.push_back({"C_SignUpdate_noSignInit", CKR_OPERATION_NOT_INITIALIZED,
                 [](T& t) { return t.p11->C_SignUpdate(t.s, t.data.data(), 32); }});
    r.push_back({"C_Decrypt_noDecryptInit", CKR_OPERATION_NOT_INITIALIZED,
                 [](T& t) { return t.p11->C_Decrypt(t.s, t.data.data(), 32, t.out.data(), &t.outLen); }});
    r.push_back({"C_Decrypt_afterItsEnd", CKR_OPERATION_NOT_INITIALIZED, [](T& t) {
                     CK_RV rv = t.decrypting();
                     if (rv != CKR_OK) return rv;
                     CK_ULONG len = t.out.size();
                     t.p11->C_Decrypt(t.s, t.data.data(), 17, t.out.data(), &len);  // a wrong length ends it
                     return t.p11->C_Decrypt(t.s, t.data.data(), 32, t.out.data(), &t.outLen);
                 }});
    r.push_back({"C_SignFinal_afterSign", CKR_OPERATION_NOT_INITIALIZED, [](T& t) {
                     CK_RV rv = t.signing();
                     if (rv == CKR_OK) rv = t.p11->C_Sign(t.s, t.data.data(), 32, t.out.data(), &t.outLen);
                     return rv != CKR_OK ? rv : t.p11->C_SignFinal(t.s, t.out.data(), &t.outLen);
                 }});
    // CKR_OPERATION_ACTIVE: an operation started twice.
    r.push_back({"C_DecryptInit_twice", CKR_OPERATION_ACTIVE, [](T& t) {
                     CK_RV rv = t.decrypting();
                     CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
                     return rv != CKR_OK ? rv : t.p11->C_DecryptInit(t.s, &m, t.key);
                 }});
    r.push_back({"C_SignInit_duringMultipart", CKR_OPERATION_ACTIVE, [](T& t) {
                     CK_RV rv = t.signing();
                     if (rv == CKR_OK) rv = t.p11->C_SignUpdate(t.s, t.data.data(), 32);
                     return rv != CKR_OK ? rv : t.p11->C_SignInit(t.s, &t.sha256Rsa, t.key);
                 }});
    // CKR_MECHANISM_INVALID: mechanisms the token does not have.
    const std::pair<CK_MECHANISM_TYPE, const char*> badMechanisms[] = {{CKM_SHA256, "Sha256"},
                                                                       {CKM_AES_CBC, "AesCbc"},
                                                                       {CKM_RSA_X_509, "RsaX509"},
                                                                       {CKM_VENDOR_DEFINED | 7, "Vendor"}};
    for (auto [bad, label] : badMechanisms) {
        r.push_back({std::string("C_SignInit_mechanism") + label, CKR_MECHANISM_INVALID,
                     [bad = bad](T& t) { return t.signing(bad); }});
        r.push_back(
            {std::string("C_DecryptInit_mechanism") + label, CKR_MECHANISM_INVALID, [bad = bad](T& t) {
                 const CK_RV rv = t.login(t.s, CKU_USER, "1234");
                 CK_MECHANISM m{bad, nullptr, 0};
                 return rv != CKR_OK ? rv : t.p11->C_DecryptInit(t.s, &m, t.key);
             }});
    }
    r.push_back({"C_DecryptInit_signatureMechanism", CKR_MECHANISM_INVALID, [](T& t) {
                     const CK_RV rv = t.login(t.s, CKU_USER, "1234");
                     return rv != CKR_OK ? rv : t.p11->C_DecryptInit(t.s, &t.sha256Rsa, t.key);
                 }});
    // CKR_ARGUMENTS_BAD: pointers and reserved arguments the others do not cover.
    r.push_back({"C_Finalize_reservedNotNull", CKR_ARGUMENTS_BAD, [](T& t) {
                     int reserved = 0;
                     return t.p11->C_Finalize(&reserved);
                 }});
    r.push_back({"C_Initialize_someMutexCallbacks", CKR_ARGUMENTS_BAD,
                 [](T& t) {
                     CK_C_INITIALIZE_ARGS a{};
                     a.CreateMutex = [](CK_VOID_PTR_PTR) -> CK_RV { return CKR_OK; };
                     return t.p11->C_Initialize(&a);
                 },
                 false});
    r.push_back({"C_Initialize_reservedNotNull", CKR_ARGUMENTS_BAD,
                 [](T& t) {
                     int reserved = 0;
                     CK_C_INITIALIZE_ARGS a{};
                     a.pReserved = &reserved;
                     return t.p11->C_Initialize(&a);
                 },
                 false});
    r.push_back({"C_SetPIN_nullOldPin", CKR_ARGUMENTS_BAD,
                 [](T& t) { return t.p11->C_SetPIN(t.rw, nullptr, 4, T::u("4321"), 4); }});
    r.push_back({"C_SetPIN_nullNewPin", CKR_ARGUMENTS_BAD,
                 [](T& t) { return t.p11->C_SetPIN(t.rw, T::u("1234"), 4, nullptr, 4); }});
    r.push_back({"C_InitPIN_nullPin", CKR_ARGUMENTS_BAD, [](T& t) {
                     const CK_RV rv = t.soLogin();
                     return rv != CKR_OK ? rv : t.p11->C_InitPIN(t.rw, nullptr, 4);
                 }});
    r.push_back({"C_GetObjectSize_nullSize", CKR_ARGUMENTS_BAD,
                 [](T& t) { return t.p11->C_GetObjectSize(t.s, t.cert, nullptr); }});
    r.push_back({"C_Decrypt_nullLength", CKR_ARGUMENTS_BAD, [](T& t) {
                     const CK_RV rv = t.decrypting();
                     return rv != CKR_OK ? rv
                                         : t.p11->C_Decrypt(t.s, t.data.data(), 32, t.out.data(), nullptr);
                 }});
    r.push_back({"C_Decrypt_nullInput", CKR_ARGUMENTS_BAD, [](T& t) {
                     const CK_RV rv = t.decrypting();
                     return rv != CKR_OK ? rv : t.p11->C_Decrypt(t.s, nullptr, 256, t.out.data(), &t.outLen);
                 }});
    r.push_back({"C_GetMechanismList_nullCount", CKR_ARGUMENTS_BAD,
                 [](T& t) { return t.p11->C_GetMechanismList(kAuthSlot, nullptr, nullptr); }});
    r.push_back({"C_GetInterfaceList_nullCount", CKR_ARGUMENTS_BAD,
                 [](T&) { return fakeModule().getInterfaceList(nullptr, nullptr); }});
    r.push_back({"C_GetInterface_nullInterface", CKR_ARGUMENTS_BAD,
                 [](T&) { return fakeModule().getInterface(nullptr, nullptr, nullptr, 0); }});
    r.push_back({"C_LoginUser_withUserName", CKR_ARGUMENTS_BAD, [](T& t) {
                     CK_INTERFACE_PTR i = nullptr;
                     if (fakeModule().getInterface(nullptr, nullptr, &i, 0) != CKR_OK)
                         return CKR_GENERAL_ERROR;
                     auto* f3 = static_cast<CK_FUNCTION_LIST_3_0*>(i->pFunctionList);
                     return f3->C_LoginUser(t.s, CKU_USER, T::u("1234"), 4, T::u("alice"), 5);
                 }});
    // CKR_PIN_LEN_RANGE: a new PIN outside the card's rules (the authentication PIN has 4 to 8 digits).
    for (const char* bad : {"", "12", "123", "123456789", "1234567890123456"}) {
        const std::string len = "_newPinOf" + std::to_string(std::strlen(bad)) + "Digits";
        r.push_back({"C_SetPIN" + len, CKR_PIN_LEN_RANGE, [bad](T& t) {
                         return t.p11->C_SetPIN(t.rw, T::u("1234"), 4, T::u(bad), std::strlen(bad));
                     }});
        r.push_back({"C_InitPIN" + len, CKR_PIN_LEN_RANGE, [bad](T& t) {
                         const CK_RV rv = t.soLogin();
                         return rv != CKR_OK ? rv : t.p11->C_InitPIN(t.rw, T::u(bad), std::strlen(bad));
                     }});
    }
    return r;
}

TEST_P(BadArgumentsTable, AnswersTheStandardsCode) {
    const Row& row = GetParam();
    const CK_RV rv = row.call(*this);
    EXPECT_NE(rv, kLengthNotSet) << row.name << ": CKR_BUFFER_TOO_SMALL without the length it needs";
    EXPECT_EQ(rv, row.expected) << row.name;
}

INSTANTIATE_TEST_SUITE_P(Rows, BadArgumentsTable, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

}  // namespace
}  // namespace ias::p11::test
