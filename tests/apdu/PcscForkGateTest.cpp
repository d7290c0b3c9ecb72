// The fork gate of PcscCall: fork() waits for our threads to leave libpcsclite (bounded), and a child can
// call into libpcsclite at once. A fake "call" (a sleep inside a PcscCall) stands for a PC/SC call that
// holds libpcsclite's client mutex; the real case runs in ForkWhileSigning on the test bed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "ias/apdu/PcscCall.h"

namespace {

using namespace std::chrono_literals;

// A hang guard for a child that leaves at once: generous, so that a loaded machine never reaches it.
constexpr std::chrono::milliseconds kChildBound{60000};

// Waits for a child at most `limit`; a child still running is killed and counted as hung.
bool childExitedCleanly(pid_t child, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        const pid_t r = waitpid(child, &status, WNOHANG);
        if (r == child) return WIFEXITED(status) && WEXITSTATUS(status) == 0;
        std::this_thread::sleep_for(5ms);
    }
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    return false;
}

// fork() with a child that leaves at once.
pid_t forkAnEmptyChild() {
    const pid_t child = fork();
    if (child == 0) _exit(0);
    return child;
}

TEST(PcscForkGate, ForkWaitsUntilNoThreadIsInsideAPcscCall) {
    // By construction: the call leaves only once it has seen the door closed, i.e. while fork() waits for it.
    // A caller not scheduled for the whole of kForkGateBound would let the gate time out (counted): that run
    // proves nothing either way and is made again.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const std::uint64_t timeoutsBefore = ias::pcscForkGateTimeouts();
        std::atomic<bool> inside{false}, left{false}, forkReturned{false};
        std::thread caller([&] {
            ias::pcsc([&] {
                inside = true;
                while (!ias::pcscForkGateClosed() && !forkReturned) std::this_thread::sleep_for(1ms);
                left = true;
                return 0;
            });
        });
        while (!inside) std::this_thread::yield();
        const pid_t child = forkAnEmptyChild();
        ASSERT_GT(child, 0);
        const bool leftBeforeForkReturned = left.load();
        forkReturned = true;
        caller.join();
        EXPECT_TRUE(childExitedCleanly(child, kChildBound));
        if (ias::pcscForkGateTimeouts() != timeoutsBefore) continue;  // the gate gave up waiting: again
        // fork() returned in the parent only after the call had ended.
        EXPECT_TRUE(leftBeforeForkReturned);
        return;
    }
    FAIL() << "in 5 attempts the caller never left its call within the gate's bound";
}

TEST(PcscForkGate, ACallStuckLongerThanTheBoundDelaysForkButDoesNotBlockIt) {
    const std::uint64_t timeoutsBefore = ias::pcscForkGateTimeouts();
    std::atomic<bool> inside{false}, release{false}, left{false};
    std::thread caller([&] {
        ias::pcsc([&] {
            inside = true;
            while (!release) std::this_thread::sleep_for(1ms);
            left = true;
            return 0;
        });
    });
    while (!inside) std::this_thread::yield();
    const pid_t child = forkAnEmptyChild();
    ASSERT_GT(child, 0);
    EXPECT_FALSE(left.load());  // the fork went on while the call was still inside
    EXPECT_EQ(ias::pcscForkGateTimeouts(), timeoutsBefore + 1);
    release = true;
    caller.join();
    EXPECT_TRUE(childExitedCleanly(child, kChildBound));
}

TEST(PcscForkGate, ChildrenCallAtOnceWhileParentThreadsKeepCalling) {
    // Four threads enter and leave PcscCall without pause; every child makes a PcscCall of its own right
    // after fork(): with the gate's lock or count copied in a wrong state it would wait forever.
    std::atomic<bool> stop{false};
    std::atomic<long> calls{0};
    std::vector<std::thread> callers;
    for (int i = 0; i < 4; ++i)
        callers.emplace_back([&] {
            while (!stop) ias::pcsc([&] { return ++calls; });
        });
    while (calls.load() == 0) std::this_thread::yield();  // the callers are running before the first fork
    int clean = 0;
    constexpr int kForks = 50;
    for (int i = 0; i < kForks; ++i) {
        const pid_t child = fork();
        if (child == 0) {
            ias::pcsc([] { return 0; });
            _exit(0);
        }
        ASSERT_GT(child, 0);
        if (childExitedCleanly(child, kChildBound)) ++clean;
    }
    stop = true;
    for (auto& t : callers) t.join();
    EXPECT_EQ(clean, kForks);
    EXPECT_GT(calls.load(), 0);
}

TEST(PcscForkGate, CallsMadeWhileForkWaitsStartOnlyAfterIt) {
    // A second thread arriving while fork() waits for the first must not get in before the fork: otherwise a
    // steady stream of calls could keep the door open for ever (and one of them could be the one holding
    // libpcsclite's lock at the fork). Nothing here depends on timing: the first call stays inside until the
    // second thread has seen the door closed, and the second's call checks, from inside, that the gate has
    // counted the fork — which the gate does under its lock before it opens the door. The only bound is the
    // gate's own (kForkGateBound): a second thread not scheduled at all for that long would see the door
    // open again and is told apart (its call then reports the run as not made, and the scenario is re-run).
    for (int attempt = 0; attempt < 5; ++attempt) {
        const std::uint64_t forksBefore = ias::pcscForksThroughGate();
        std::atomic<bool> firstInside{false}, secondSawClosed{false}, secondGaveUp{false};
        std::atomic<std::uint64_t> forksSeenInside{0};
        std::thread first([&] {
            ias::pcsc([&] {
                firstInside = true;
                while (!secondSawClosed && !secondGaveUp) std::this_thread::sleep_for(1ms);
                return 0;
            });
        });
        while (!firstInside) std::this_thread::yield();
        std::thread second([&] {
            const auto deadline = std::chrono::steady_clock::now() + ias::kForkGateBound;
            while (!ias::pcscForkGateClosed()) {
                if (std::chrono::steady_clock::now() > deadline) {
                    secondGaveUp = true;
                    return;
                }
                std::this_thread::sleep_for(1ms);
            }
            secondSawClosed = true;
            ias::pcsc([&] { return forksSeenInside = ias::pcscForksThroughGate(); });
        });
        const pid_t child = forkAnEmptyChild();
        ASSERT_GT(child, 0);
        first.join();
        second.join();
        EXPECT_TRUE(childExitedCleanly(child, kChildBound));
        if (secondGaveUp) continue;  // the fork was over before the second thread ever ran: try again
        EXPECT_EQ(forksSeenInside.load(), forksBefore + 1);
        return;
    }
    FAIL() << "in 5 attempts the second thread never ran while fork() was waiting";
}

}  // namespace
