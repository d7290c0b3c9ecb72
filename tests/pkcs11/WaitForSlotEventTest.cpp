// wait_for_slot_event: CKF_DONT_BLOCK, a blocking wait woken by an insertion or removal, and a blocking wait
// released by C_Finalize in another thread.
#include <chrono>
#include <future>
#include <thread>

#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

using namespace std::chrono_literals;
using WaitForSlotEvent = ModuleTest;

// A hang guard for events that take milliseconds: never reached unless the module is broken.
constexpr auto kEventBound = 60s;

// Waits (bounded) until a thread of the module is blocked in the backend's wait for a reader change.
bool someoneWaits(FakeControl& control) {
    const auto deadline = std::chrono::steady_clock::now() + kEventBound;
    while (control.blockedWaits() == 0) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

TEST_F(WaitForSlotEvent, NoEventWithoutBlocking) {
    CK_SLOT_ID slot = 99;
    EXPECT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_NO_EVENT);  // the card was there
}

TEST_F(WaitForSlotEvent, RemovalAndInsertionAreEvents) {
    fake->removeCard(kReader0);
    CK_SLOT_ID slot = 99;
    ASSERT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_OK);
    EXPECT_EQ(slot, kAuthSlot);
    ASSERT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_OK);
    EXPECT_EQ(slot, kSignSlot);
    EXPECT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_NO_EVENT);
    fake->insertCard(kReader0);
    ASSERT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_OK);
    EXPECT_EQ(slot, kAuthSlot);
}

TEST_F(WaitForSlotEvent, BlockingWaitWakesOnInsertion) {
    fake->reset(1, false);
    ASSERT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    ASSERT_EQ(p11->C_Initialize(nullptr), CKR_OK);
    auto waiter = std::async(std::launch::async, [&] {
        CK_SLOT_ID slot = 99;
        CK_RV rv = p11->C_WaitForSlotEvent(0, &slot, nullptr);
        return std::make_pair(rv, slot);
    });
    ASSERT_TRUE(someoneWaits(*fake)) << "C_WaitForSlotEvent never blocked";
    fake->insertCard(kReader0);
    ASSERT_EQ(waiter.wait_for(kEventBound), std::future_status::ready);
    auto [rv, slot] = waiter.get();
    EXPECT_EQ(rv, CKR_OK);
    EXPECT_EQ(slot, kAuthSlot);
    CK_SLOT_INFO info;
    ASSERT_EQ(p11->C_GetSlotInfo(slot, &info), CKR_OK);
    EXPECT_NE(info.flags & CKF_TOKEN_PRESENT, 0u);
}

TEST_F(WaitForSlotEvent, NewReaderWithACardIsAnEvent) {
    fake->addReader("Late Reader");
    fake->insertCard("Late Reader");
    CK_SLOT_ID slot = 99;
    ASSERT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_OK);
    EXPECT_EQ(slot, 3u);
}

TEST_F(WaitForSlotEvent, FinaliseReleasesABlockedWait) {
    auto waiter = std::async(std::launch::async, [&] {
        CK_SLOT_ID slot = 99;
        return p11->C_WaitForSlotEvent(0, &slot, nullptr);
    });
    // Blocked for sure before C_Finalize, which cancels the backend wait (counted) and releases it.
    ASSERT_TRUE(someoneWaits(*fake)) << "C_WaitForSlotEvent never blocked";
    EXPECT_EQ(waiter.wait_for(0ms), std::future_status::timeout);
    const int cancelsBefore = fake->waitCancels();
    ASSERT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    EXPECT_EQ(fake->waitCancels(), cancelsBefore + 1);
    ASSERT_EQ(waiter.wait_for(kEventBound), std::future_status::ready);
    EXPECT_EQ(waiter.get(), CKR_CRYPTOKI_NOT_INITIALIZED);
    p11 = nullptr;  // already finalised
}

}  // namespace
}  // namespace ias::p11::test
