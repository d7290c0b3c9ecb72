// nonsensible_arguments: NULL pointers, unknown handles and slots, bad lengths and flags never crash and get
// the standard's error codes.
#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

class NonsensibleArguments : public ModuleTest {
protected:
    void SetUp() override {
        ModuleTest::SetUp();
        s = open(kAuthSlot);
    }
    CK_SESSION_HANDLE s = 0;
};

TEST_F(NonsensibleArguments, NullPointers) {
    EXPECT_EQ(p11->C_GetSlotList(CK_FALSE, nullptr, nullptr), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_GetSlotInfo(kAuthSlot, nullptr), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_GetTokenInfo(kAuthSlot, nullptr), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_GetMechanismList(kAuthSlot, nullptr, nullptr), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_GetMechanismInfo(kAuthSlot, CKM_RSA_PKCS, nullptr), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_OpenSession(kAuthSlot, CKF_SERIAL_SESSION, nullptr, nullptr, nullptr),
              CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_GetSessionInfo(s, nullptr), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_Login(s, CKU_USER, nullptr, 4), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_Login(s, CKU_USER, nullptr, 0), CKR_ARGUMENTS_BAD);  // no protected path here
    EXPECT_EQ(p11->C_FindObjectsInit(s, nullptr, 3), CKR_ARGUMENTS_BAD);
    ASSERT_EQ(p11->C_FindObjectsInit(s, nullptr, 0), CKR_OK);
    CK_ULONG n = 0;
    EXPECT_EQ(p11->C_FindObjects(s, nullptr, 5, &n), CKR_ARGUMENTS_BAD);
    CK_OBJECT_HANDLE h;
    EXPECT_EQ(p11->C_FindObjects(s, &h, 1, nullptr), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_FindObjectsFinal(s), CKR_OK);
    EXPECT_EQ(p11->C_GetAttributeValue(s, 1, nullptr, 2), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_SignInit(s, nullptr, 1), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_DecryptInit(s, nullptr, 1), CKR_ARGUMENTS_BAD);
    CK_SLOT_ID slot;
    EXPECT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, nullptr, nullptr), CKR_ARGUMENTS_BAD);
    int reserved = 0;
    EXPECT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, &reserved), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_GetFunctionList(nullptr), CKR_ARGUMENTS_BAD);
}

TEST_F(NonsensibleArguments, NullPointersInsideASignature) {
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    CK_MECHANISM mech{CKM_SHA256_RSA_PKCS, nullptr, 0};
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    EXPECT_EQ(p11->C_Sign(s, nullptr, 10, nullptr, nullptr), CKR_ARGUMENTS_BAD);
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    EXPECT_EQ(p11->C_SignUpdate(s, nullptr, 5), CKR_ARGUMENTS_BAD);
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    EXPECT_EQ(p11->C_SignFinal(s, nullptr, nullptr), CKR_ARGUMENTS_BAD);
    // Empty data is legitimate.
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    CK_ULONG len = 0;
    EXPECT_EQ(p11->C_Sign(s, nullptr, 0, nullptr, &len), CKR_OK);
    Bytes sig(len);
    EXPECT_EQ(p11->C_Sign(s, nullptr, 0, sig.data(), &len), CKR_OK);
}

TEST_F(NonsensibleArguments, UnknownHandles) {
    CK_SESSION_INFO info;
    EXPECT_EQ(p11->C_GetSessionInfo(0, &info), CKR_SESSION_HANDLE_INVALID);
    EXPECT_EQ(p11->C_GetSessionInfo(0xDEADBEEF, &info), CKR_SESSION_HANDLE_INVALID);
    EXPECT_EQ(p11->C_CloseSession(12345), CKR_SESSION_HANDLE_INVALID);
    CK_SESSION_HANDLE h;
    EXPECT_EQ(p11->C_OpenSession(77, CKF_SERIAL_SESSION, nullptr, nullptr, &h), CKR_SLOT_ID_INVALID);
    EXPECT_EQ(p11->C_CloseAllSessions(77), CKR_SLOT_ID_INVALID);
    CK_OBJECT_CLASS cls;
    CK_ATTRIBUTE a{CKA_CLASS, &cls, sizeof cls};
    EXPECT_EQ(p11->C_GetAttributeValue(s, 0, &a, 1), CKR_OBJECT_HANDLE_INVALID);
    EXPECT_EQ(p11->C_GetAttributeValue(s, 999999, &a, 1), CKR_OBJECT_HANDLE_INVALID);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_MECHANISM mech{CKM_RSA_PKCS, nullptr, 0};
    EXPECT_EQ(p11->C_SignInit(s, &mech, 999999), CKR_KEY_HANDLE_INVALID);
    // An object of the other token is not an object of this session.
    CK_SESSION_HANDLE sig = open(kSignSlot);
    CK_OBJECT_HANDLE sigKey = findOne(sig, CKO_PRIVATE_KEY, 0x02);
    EXPECT_EQ(p11->C_SignInit(s, &mech, sigKey), CKR_KEY_HANDLE_INVALID);
    EXPECT_EQ(p11->C_GetAttributeValue(s, sigKey, &a, 1), CKR_OBJECT_HANDLE_INVALID);
}

TEST_F(NonsensibleArguments, BadFlagsAndTypes) {
    CK_SESSION_HANDLE h;
    EXPECT_EQ(p11->C_OpenSession(kAuthSlot, 0, nullptr, nullptr, &h), CKR_SESSION_PARALLEL_NOT_SUPPORTED);
    EXPECT_EQ(p11->C_OpenSession(kAuthSlot, CKF_RW_SESSION, nullptr, nullptr, &h),
              CKR_SESSION_PARALLEL_NOT_SUPPORTED);
    EXPECT_EQ(login(s, 0xFFFF, "1234"), CKR_USER_TYPE_INVALID);
    CK_MECHANISM_INFO info;
    EXPECT_EQ(p11->C_GetMechanismInfo(kAuthSlot, 0xFFFFFFFF, &info), CKR_MECHANISM_INVALID);
    CK_MECHANISM withParams{CKM_SHA256_RSA_PKCS, &info, sizeof info};
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    EXPECT_EQ(p11->C_SignInit(s, &withParams, key), CKR_MECHANISM_PARAM_INVALID);
    CK_RSA_PKCS_PSS_PARAMS p{CKM_SHA256, CKG_MGF1_SHA256, 32};
    CK_MECHANISM shortParams{CKM_RSA_PKCS_PSS, &p, sizeof p - 1};
    EXPECT_EQ(p11->C_SignInit(s, &shortParams, key), CKR_MECHANISM_PARAM_INVALID);
}

TEST_F(NonsensibleArguments, BadLengths) {
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    CK_MECHANISM mech{CKM_RSA_PKCS, nullptr, 0};
    ASSERT_EQ(p11->C_DecryptInit(s, &mech, key), CKR_OK);
    Bytes shortCryptogram(17), out(256);
    CK_ULONG outLen = out.size();
    EXPECT_EQ(p11->C_Decrypt(s, shortCryptogram.data(), shortCryptogram.size(), out.data(), &outLen),
              CKR_ENCRYPTED_DATA_LEN_RANGE);
    Bytes garbage(256, 0x5A);
    ASSERT_EQ(p11->C_DecryptInit(s, &mech, key), CKR_OK);
    EXPECT_NE(p11->C_Decrypt(s, garbage.data(), garbage.size(), out.data(), &outLen), CKR_OK);
    CK_ULONG hugeCount = static_cast<CK_ULONG>(-1);
    CK_SLOT_ID slots[2];
    EXPECT_EQ(p11->C_GetSlotList(CK_FALSE, slots, &hugeCount), CKR_OK);
    EXPECT_EQ(hugeCount, 2u);
    std::string longPin(4096, '1');
    EXPECT_EQ(p11->C_Logout(s), CKR_OK);
    EXPECT_EQ(login(s, CKU_USER, longPin), CKR_PIN_INCORRECT);
    CK_ATTRIBUTE nullValue{CKA_LABEL, nullptr, 5};
    EXPECT_EQ(p11->C_FindObjectsInit(s, &nullValue, 1), CKR_ARGUMENTS_BAD);
}

TEST_F(NonsensibleArguments, UnsupportedFunctionsSaySo) {
    CK_MECHANISM mech{CKM_SHA256, nullptr, 0};
    EXPECT_EQ(p11->C_DigestInit(s, &mech), CKR_FUNCTION_NOT_SUPPORTED);
    EXPECT_EQ(p11->C_DigestInit(424242, &mech), CKR_SESSION_HANDLE_INVALID);
    EXPECT_EQ(p11->C_CreateObject(s, nullptr, 0, nullptr), CKR_FUNCTION_NOT_SUPPORTED);
    EXPECT_EQ(p11->C_GenerateRandom(s, nullptr, 0), CKR_RANDOM_NO_RNG);  // no CKF_RNG
    EXPECT_EQ(p11->C_InitToken(kAuthSlot, nullptr, 0, nullptr), CKR_FUNCTION_NOT_SUPPORTED);
    EXPECT_EQ(p11->C_GetFunctionStatus(s), CKR_FUNCTION_NOT_PARALLEL);
}

}  // namespace
}  // namespace ias::p11::test
