// eject: card removal mid-session, void sessions, reinsertion, another process resetting the card.
#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

using Eject = ModuleTest;

TEST_F(Eject, RemovalVoidsSessionsAndReinsertionWorks) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    CK_MECHANISM mech{CKM_SHA256_RSA_PKCS, nullptr, 0};
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    fake->removeCard(kReader0);
    Bytes data = bytesOf("hello"), sig(256);
    CK_ULONG len = sig.size();
    EXPECT_EQ(p11->C_Sign(s, data.data(), data.size(), sig.data(), &len), CKR_DEVICE_REMOVED);
    CK_SESSION_INFO info;
    EXPECT_EQ(p11->C_GetSessionInfo(s, &info), CKR_SESSION_HANDLE_INVALID);
    CK_TOKEN_INFO tinfo;
    EXPECT_EQ(p11->C_GetTokenInfo(kAuthSlot, &tinfo), CKR_TOKEN_NOT_PRESENT);

    fake->insertCard(kReader0);
    CK_SESSION_HANDLE s2 = open(kAuthSlot);
    ASSERT_EQ(p11->C_GetSessionInfo(s2, &info), CKR_OK);
    EXPECT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));  // the login went with the card
    ASSERT_EQ(login(s2, CKU_USER, "1234"), CKR_OK);
    CK_OBJECT_HANDLE key2 = findOne(s2, CKO_PRIVATE_KEY, 0x01);
    EXPECT_EQ(signOnce(s2, mech, key2, data, sig), CKR_OK);
}

TEST_F(Eject, RemovalSeenBySlotListVoidsSessions) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    fake->removeCard(kReader0);
    CK_ULONG n = 0;
    ASSERT_EQ(p11->C_GetSlotList(CK_TRUE, nullptr, &n), CKR_OK);
    EXPECT_EQ(n, 0u);
    CK_SESSION_INFO info;
    EXPECT_EQ(p11->C_GetSessionInfo(s, &info), CKR_DEVICE_REMOVED);
    EXPECT_EQ(p11->C_GetSessionInfo(s, &info), CKR_SESSION_HANDLE_INVALID);
    EXPECT_EQ(p11->C_CloseSession(s), CKR_SESSION_HANDLE_INVALID);
}

TEST_F(Eject, OtherCardInsertedInBetweenIsANewToken) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    fake->removeCard(kReader0);
    fake->insertCard(kReader0);  // same card back, but a new insertion: state must be re-read
    CK_SESSION_INFO info;
    CK_ULONG n = 0;
    ASSERT_EQ(p11->C_GetSlotList(CK_TRUE, nullptr, &n), CKR_OK);
    EXPECT_EQ(n, 2u);
    EXPECT_NE(p11->C_GetSessionInfo(s, &info), CKR_OK);
}

TEST_F(Eject, CardResetByAnotherProcessIsReportedTruthfully) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    fake->resetCardSecurity(kReader0);
    Bytes sig;
    CK_MECHANISM mech{CKM_SHA256_RSA_PKCS, nullptr, 0};
    EXPECT_EQ(signOnce(s, mech, key, bytesOf("data"), sig), CKR_USER_NOT_LOGGED_IN);
    CK_SESSION_INFO info;
    ASSERT_EQ(p11->C_GetSessionInfo(s, &info), CKR_OK);
    EXPECT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    EXPECT_EQ(signOnce(s, mech, key, bytesOf("data"), sig), CKR_OK);
}

}  // namespace
}  // namespace ias::p11::test
