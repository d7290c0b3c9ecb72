// ordering: calls out of order get the state errors of the standard, and leave the module usable.
#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

class Ordering : public ModuleTest {
protected:
    void SetUp() override {
        ModuleTest::SetUp();
        s = open(kAuthSlot);
        key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    }
    CK_SESSION_HANDLE s = 0;
    CK_OBJECT_HANDLE key = 0;
    CK_MECHANISM mech{CKM_SHA256_RSA_PKCS, nullptr, 0};
};

TEST_F(Ordering, FindWithoutInitAndInitTwice) {
    CK_OBJECT_HANDLE h;
    CK_ULONG n = 0;
    EXPECT_EQ(p11->C_FindObjects(s, &h, 1, &n), CKR_OPERATION_NOT_INITIALIZED);
    EXPECT_EQ(p11->C_FindObjectsFinal(s), CKR_OPERATION_NOT_INITIALIZED);
    ASSERT_EQ(p11->C_FindObjectsInit(s, nullptr, 0), CKR_OK);
    EXPECT_EQ(p11->C_FindObjectsInit(s, nullptr, 0), CKR_OPERATION_ACTIVE);
    EXPECT_EQ(p11->C_FindObjectsFinal(s), CKR_OK);
    EXPECT_EQ(p11->C_FindObjectsInit(s, nullptr, 0), CKR_OK);
}

TEST_F(Ordering, SignBeforeLoginIsRefusedAtInit) {
    EXPECT_EQ(p11->C_SignInit(s, &mech, key), CKR_USER_NOT_LOGGED_IN);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    EXPECT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
}

TEST_F(Ordering, SignWithoutInitAndInitTwice) {
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    Bytes data = bytesOf("x"), sig(256);
    CK_ULONG len = sig.size();
    EXPECT_EQ(p11->C_Sign(s, data.data(), 1, sig.data(), &len), CKR_OPERATION_NOT_INITIALIZED);
    EXPECT_EQ(p11->C_SignUpdate(s, data.data(), 1), CKR_OPERATION_NOT_INITIALIZED);
    EXPECT_EQ(p11->C_SignFinal(s, sig.data(), &len), CKR_OPERATION_NOT_INITIALIZED);
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    EXPECT_EQ(p11->C_SignInit(s, &mech, key), CKR_OPERATION_ACTIVE);
    EXPECT_EQ(p11->C_Sign(s, data.data(), 1, sig.data(), &len), CKR_OK);
    EXPECT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);  // the signature ended the operation
}

TEST_F(Ordering, SignCannotFinishAMultiPartSignature) {
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    Bytes data = bytesOf("abc"), sig(256);
    CK_ULONG len = sig.size();
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    ASSERT_EQ(p11->C_SignUpdate(s, data.data(), data.size()), CKR_OK);
    // PKCS #11 3.0 lists no CKR_OPERATION_ACTIVE for C_Sign, and a failed C_Sign ends the operation.
    EXPECT_EQ(p11->C_Sign(s, data.data(), data.size(), sig.data(), &len), CKR_OPERATION_NOT_INITIALIZED);
    EXPECT_EQ(p11->C_SignFinal(s, sig.data(), &len), CKR_OPERATION_NOT_INITIALIZED);
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);  // a new signature may begin
}

TEST_F(Ordering, LogoutEndsTheSignature) {
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    ASSERT_EQ(p11->C_Logout(s), CKR_OK);
    Bytes data = bytesOf("abc"), sig(256);
    CK_ULONG len = sig.size();
    EXPECT_EQ(p11->C_Sign(s, data.data(), data.size(), sig.data(), &len), CKR_OPERATION_NOT_INITIALIZED);
}

TEST_F(Ordering, OperationsAreBoundToTheirSession) {
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_SESSION_HANDLE other = open(kAuthSlot);
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    ASSERT_EQ(p11->C_SignInit(other, &mech, key), CKR_OK);
    Bytes data = bytesOf("abc"), sig;
    ASSERT_EQ(finishSign(other, data, sig), CKR_OK);
    ASSERT_EQ(finishSign(s, data, sig), CKR_OK);
}

TEST_F(Ordering, ClosedSessionIsGone) {
    ASSERT_EQ(p11->C_CloseSession(s), CKR_OK);
    EXPECT_EQ(p11->C_CloseSession(s), CKR_SESSION_HANDLE_INVALID);
    EXPECT_EQ(p11->C_FindObjectsInit(s, nullptr, 0), CKR_SESSION_HANDLE_INVALID);
    EXPECT_EQ(login(s, CKU_USER, "1234"), CKR_SESSION_HANDLE_INVALID);
}

TEST_F(Ordering, FailedSignEndsTheOperation) {
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_MECHANISM raw{CKM_RSA_PKCS, nullptr, 0};
    ASSERT_EQ(p11->C_SignInit(s, &raw, key), CKR_OK);
    Bytes tooLong(250, 1), sig(256);
    CK_ULONG len = sig.size();
    EXPECT_EQ(p11->C_Sign(s, tooLong.data(), tooLong.size(), sig.data(), &len), CKR_DATA_LEN_RANGE);
    EXPECT_EQ(p11->C_Sign(s, tooLong.data(), 10, sig.data(), &len), CKR_OPERATION_NOT_INITIALIZED);
}

}  // namespace
}  // namespace ias::p11::test
