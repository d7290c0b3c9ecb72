// fork() while a thread waits in C_WaitForSlotEvent: the PC/SC fork gate ends that wait with SCardCancel so
// the fork need not wait out the slice, the children start a module of their own, and the waiting thread —
// whose wait was cancelled under it — still reports the next real event (the card taken out).
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "CardTest.h"
#include "ForkUnderSanitizers.h"
#include "TestBedControl.h"

namespace ias::p11::cardtest {
namespace {

// A child: its own C_Initialize and slot list, then out. Exit code 0 when both worked.
int childListsSlots(CK_FUNCTION_LIST* p11) {
    if (p11->C_Initialize(nullptr) != CKR_OK) _exit(1);
    CK_ULONG count = 0;
    if (p11->C_GetSlotList(CK_TRUE, nullptr, &count) != CKR_OK || count == 0) _exit(2);
    p11->C_Finalize(nullptr);
    _exit(0);
}

class ForkWhileWaiting : public CardTest {};

TEST_F(ForkWhileWaiting, WaitSurvivesTheForksAndReportsTheRemoval) {
    if (const char* why = forkWithThreadsSkipReason()) GTEST_SKIP() << why;
    CK_C_INITIALIZE_ARGS args = osLocking();
    initialise(&args);
    CK_ULONG count = 0;
    ASSERT_EQ(p11->C_GetSlotList(CK_TRUE, nullptr, &count), CKR_OK);
    ASSERT_GT(count, 0u);
    std::atomic<bool> returned{false};
    std::atomic<CK_RV> rv{CKR_GENERAL_ERROR};
    std::thread waiter([&] {
        CK_SLOT_ID slot = CK_INVALID_HANDLE;
        rv = p11->C_WaitForSlotEvent(0, &slot, nullptr);
        returned = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    constexpr int kForks = 5;
    int clean = 0;
    double longestForkMs = 0;
    for (int i = 0; i < kForks; ++i) {
        const auto before = std::chrono::steady_clock::now();
        const pid_t child = fork();
        if (child == 0) childListsSlots(p11);
        ASSERT_GT(child, 0);
        longestForkMs = std::max(
            longestForkMs,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count());
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) ++clean;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the waiter back in its wait
    }
    EXPECT_EQ(clean, kForks);
    EXPECT_FALSE(returned.load()) << "C_WaitForSlotEvent returned on a fork, rv 0x" << std::hex << rv.load();
    ASSERT_TRUE(testbed("stop-card"));
    waiter.join();
    EXPECT_EQ(rv.load(), static_cast<CK_RV>(CKR_OK)) << "the removal after the forks was not reported";
    EXPECT_TRUE(testbed("start-card"));
    std::printf("  %d forks while a thread waited for a slot event: longest fork() %.1f ms\n", kForks,
                longestForkMs);
}

}  // namespace
}  // namespace ias::p11::cardtest
