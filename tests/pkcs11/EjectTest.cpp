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

// The same card removed and put back while the application made no call: it cannot tell that from a reset
// by another process, and is treated the same way (pkcs11/src/CardReturn.cpp): the session and the handles
// go on, the card forgot the PIN, and no PIN is kept across the removal.
TEST_F(Eject, SameCardPutBackUnseenKeepsTheSessionButNotTheCardsLogin) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    fake->removeCard(kReader0);
    fake->insertCard(kReader0);
    CK_ULONG n = 0;
    ASSERT_EQ(p11->C_GetSlotList(CK_TRUE, nullptr, &n), CKR_OK);  // sees the card back, not its absence
    EXPECT_EQ(n, 2u);
    CK_SESSION_INFO info;
    ASSERT_EQ(p11->C_GetSessionInfo(s, &info), CKR_OK);
    Bytes sig;
    CK_MECHANISM mech{CKM_SHA256_RSA_PKCS, nullptr, 0};
    const int verifies = fake->verifyCount(fake::kAuthPin);
    EXPECT_EQ(signOnce(s, mech, key, bytesOf("data"), sig), CKR_USER_NOT_LOGGED_IN);
    EXPECT_EQ(fake->verifyCount(fake::kAuthPin), verifies);  // no PIN kept from before the removal
    ASSERT_EQ(p11->C_GetSessionInfo(s, &info), CKR_OK);
    EXPECT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    EXPECT_EQ(signOnce(s, mech, key, bytesOf("data"), sig), CKR_OK);  // the same key handle
}

// Put back unseen, and the very next call is the signature: its first card command finds the connection
// stale, nothing reached the card, and the call is made again on the card that is back.
TEST_F(Eject, SameCardPutBackUnseenThenSignAnswersTheLoginNotARemoval) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    fake->removeCard(kReader0);
    fake->insertCard(kReader0);
    Bytes sig;
    CK_MECHANISM mech{CKM_SHA256_RSA_PKCS, nullptr, 0};
    EXPECT_EQ(signOnce(s, mech, key, bytesOf("data"), sig), CKR_USER_NOT_LOGGED_IN);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    EXPECT_EQ(signOnce(s, mech, key, bytesOf("data"), sig), CKR_OK);
}

// The application was told the card left (C_WaitForSlotEvent): its sessions end the PKCS #11 way even if
// the same card is back by its next call.
TEST_F(Eject, RemovalReportedBySlotEventEndsSessionsEvenWhenTheSameCardIsBack) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    fake->removeCard(kReader0);
    CK_SLOT_ID slot = 0;
    ASSERT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_OK);
    fake->insertCard(kReader0);
    CK_ULONG n = 0;
    ASSERT_EQ(p11->C_GetSlotList(CK_TRUE, nullptr, &n), CKR_OK);
    EXPECT_EQ(n, 2u);
    CK_SESSION_INFO info;
    EXPECT_EQ(p11->C_GetSessionInfo(s, &info), CKR_DEVICE_REMOVED);
    EXPECT_EQ(p11->C_GetSessionInfo(s, &info), CKR_SESSION_HANDLE_INVALID);
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
