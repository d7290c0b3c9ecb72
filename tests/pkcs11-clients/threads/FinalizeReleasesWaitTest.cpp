// A thread blocked in C_WaitForSlotEvent (SCardGetStatusChange on the real pcscd) is released by C_Finalize
// from another thread (SCardCancel): it returns CKR_CRYPTOKI_NOT_INITIALIZED, and C_Finalize waits for it.
#include <atomic>
#include <chrono>
#include <thread>

#include "CardTest.h"

namespace ias::p11::cardtest {
namespace {

class FinalizeReleasesWait : public CardTest {};

TEST_F(FinalizeReleasesWait, BlockedWaitReturnsNotInitialised) {
    CK_C_INITIALIZE_ARGS args = osLocking();
    initialise(&args);
    std::atomic<bool> returned{false};
    std::atomic<CK_RV> rv{CKR_OK};
    std::thread waiter([&] {
        CK_SLOT_ID slot = CK_INVALID_HANDLE;
        rv = p11->C_WaitForSlotEvent(0, &slot, nullptr);
        returned = true;
    });
    // The pause gives the waiter time to block (nothing of the module says it has); the assertions hold
    // whether it did or not: a wait begun after C_Finalize is refused with the same code.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(returned.load()) << "C_WaitForSlotEvent returned without an event (rv 0x" << std::hex
                                  << rv.load() << ")";
    EXPECT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    initialised = false;
    // The waiter has left the module once C_Finalize returns, but it may not yet have run the statement after
    // the call (the scheduler decides, TSan makes that window wide): join it, do not assume it. No wall-clock
    // bound: C_Finalize returns only once no thread is inside C_WaitForSlotEvent (Module::shutdown), so a
    // wait that were not released would hang the test into CTest's timeout.
    waiter.join();
    EXPECT_TRUE(returned.load());
    EXPECT_EQ(rv.load(), static_cast<CK_RV>(CKR_CRYPTOKI_NOT_INITIALIZED));
}

}  // namespace
}  // namespace ias::p11::cardtest
