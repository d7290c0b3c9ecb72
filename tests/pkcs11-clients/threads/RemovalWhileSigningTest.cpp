// The card leaves the reader (scripts/testbed stop-card, another process) while 8 threads sign over two
// sessions: every signature made before verifies, each session answers CKR_DEVICE_REMOVED exactly once and
// then CKR_SESSION_HANDLE_INVALID (never CKR_DEVICE_ERROR, even while PC/SC still shows the card), nothing
// else fails and no thread hangs; the slot shows no token. Back in
// the reader (start-card): the old sessions and the old key handle stay invalid, a new session is public and
// hides the private key until C_Login, and 8 threads sign again. (clients.card_sharing covers one session:
// removal, slot events, a signature after re-insertion.)
#include <chrono>
#include <cstdio>
#include <thread>

#include "CardTest.h"
#include "TestBedControl.h"
#include "ThreadedSigner.h"

namespace ias::p11::cardtest {
namespace {

class RemovalWhileSigning : public CardTest {
protected:
    void TearDown() override {
        if (cardOut) testbed("start-card");  // the next test finds the card in the reader
        CardTest::TearDown();
    }
    bool cardOut = false;
};

TEST_F(RemovalWhileSigning, EachSessionToldOnceThenInvalidAndReinsertionSignsAgain) {
    CK_C_INITIALIZE_ARGS args = osLocking();
    initialise(&args);
    openTwoSessionsAndLogIn();
    if (HasFatalFailure()) return;
    const CK_SESSION_HANDLE oldSessions[2] = {sessions[0], sessions[1]};
    const CK_OBJECT_HANDLE oldKey = key;
    {
        ThreadedSigner signer(ck, sessions, key, publicKey.get());
        // Threads run until their session is invalid; the bound only keeps a broken module from looping.
        signer.start(8, 2000, true);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (signer.verifiedSoFar() < 40 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        ASSERT_GE(signer.verifiedSoFar(), 40);
        const double removing = signer.secondsSinceStart();
        cardOut = testbed("stop-card");
        const double removed = signer.secondsSinceStart();  // PC/SC reports the reader empty
        ASSERT_TRUE(cardOut) << "scripts/testbed stop-card failed";
        const SigningTally tally = signer.join();
        EXPECT_EQ(tally.wrong, 0) << "signatures that do not verify";
        EXPECT_EQ(tally.wrongState, 0);
        // A removal is reported as one, never as a communication fault: when a command fails the transport
        // asks the reader's state and waits for pcscd's next look at the reader (PcscTransport.cpp).
        for (const auto& [rv, n] : tally.errors)
            EXPECT_TRUE(rv == CKR_DEVICE_REMOVED || rv == CKR_SESSION_HANDLE_INVALID)
                << n << " calls answered rv 0x" << std::hex << rv;
        EXPECT_EQ(tally.deviceRemoved[0], 1) << "CKR_DEVICE_REMOVED once per session";
        EXPECT_EQ(tally.deviceRemoved[1], 1) << "CKR_DEVICE_REMOVED once per session";
        EXPECT_EQ(tally.afterRemoved, 0) << "a session told CKR_DEVICE_REMOVED answered other than invalid";
        for (const auto& e : tally.examples) std::printf("  %s\n", e.c_str());
        const auto count = [&](CK_RV rv) { return tally.errors.count(rv) ? tally.errors.at(rv) : 0; };
        std::printf(
            "  %d signatures verified; stop-card from %.3f s to %.3f s; first failure %.3f s, first "
            "CKR_DEVICE_REMOVED %.3f s; CKR_DEVICE_ERROR %d times (the last call began %.3f s), "
            "CKR_DEVICE_REMOVED %d, "
            "CKR_SESSION_HANDLE_INVALID %d\n",
            tally.verified, removing, removed, tally.firstErrorSeconds, tally.firstRemovedSeconds,
            count(CKR_DEVICE_ERROR), tally.lastDeviceErrorSeconds, count(CKR_DEVICE_REMOVED),
            count(CKR_SESSION_HANDLE_INVALID));
    }

    CK_ULONG count = 99;
    ASSERT_EQ(p11->C_GetSlotList(CK_TRUE, nullptr, &count), CKR_OK);
    EXPECT_EQ(count, 0u) << "a token is still shown without the card";
    CK_SLOT_INFO slotInfo;
    ASSERT_EQ(p11->C_GetSlotInfo(slot, &slotInfo), CKR_OK);
    EXPECT_FALSE(slotInfo.flags & CKF_TOKEN_PRESENT);
    CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
    EXPECT_EQ(ck.openSession(slot, s), CKR_TOKEN_NOT_PRESENT);
    CK_SESSION_INFO info;
    for (CK_SESSION_HANDLE old : oldSessions)
        EXPECT_EQ(p11->C_GetSessionInfo(old, &info), CKR_SESSION_HANDLE_INVALID);

    cardOut = !testbed("start-card");
    ASSERT_FALSE(cardOut) << "scripts/testbed start-card failed";
    ASSERT_EQ(p11->C_GetSlotInfo(slot, &slotInfo), CKR_OK);
    EXPECT_TRUE(slotInfo.flags & CKF_TOKEN_PRESENT) << "the same slot shows the card again";
    for (CK_SESSION_HANDLE old : oldSessions)
        EXPECT_EQ(p11->C_GetSessionInfo(old, &info), CKR_SESSION_HANDLE_INVALID);
    // A fresh token: public (the card lost its power, and with it the PIN's verification) and private keys
    // hidden.
    ASSERT_EQ(ck.openSession(slot, s), CKR_OK);
    ASSERT_EQ(p11->C_GetSessionInfo(s, &info), CKR_OK);
    EXPECT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
    EXPECT_EQ(ck.findOne(s, CKO_PRIVATE_KEY, kAuthKeyId), CK_INVALID_HANDLE);
    ASSERT_EQ(ck.login(s, kAuthPin), CKR_OK);
    CK_MECHANISM mech{CKM_SHA256_RSA_PKCS, nullptr, 0};
    EXPECT_EQ(p11->C_SignInit(s, &mech, oldKey), CKR_KEY_HANDLE_INVALID)
        << "a key handle of the removed card";
    EXPECT_EQ(p11->C_CloseSession(s), CKR_OK);

    openTwoSessionsAndLogIn();
    if (HasFatalFailure()) return;
    ThreadedSigner signer(ck, sessions, key, publicKey.get());
    signer.start(8, 10);
    const SigningTally tally = signer.join();
    for (const auto& e : tally.examples) ADD_FAILURE() << e;
    EXPECT_EQ(tally.verified, 80);
    EXPECT_EQ(tally.wrong, 0);
    EXPECT_TRUE(tally.errors.empty());
}

}  // namespace
}  // namespace ias::p11::cardtest
