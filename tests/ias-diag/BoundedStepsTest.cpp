// The bounds that keep the report from hanging: a step on its own thread, and a child process killed at
// its deadline.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "Bounded.h"
#include "CertificateFacts.h"
#include "ChildProcess.h"

namespace ias::diag {
namespace {

using namespace std::chrono_literals;

TEST(BoundedSteps, AFinishedStepGivesItsResult) {
    EXPECT_EQ(runBounded<int>(2s, [] { return 42; }), 42);
}

TEST(BoundedSteps, AStepBeyondItsLimitIsAbandoned) {
    auto release = std::make_shared<std::promise<void>>();
    auto released = release->get_future().share();
    const auto start = std::chrono::steady_clock::now();
    const int before = abandonedSteps();
    const std::optional<int> r = runBounded<int>(200ms, [released] {
        released.wait();
        return 1;
    });
    EXPECT_FALSE(r);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    EXPECT_EQ(abandonedSteps(), before + 1);
    release->set_value();  // let the abandoned thread end before the test process does
    std::this_thread::sleep_for(50ms);
}

TEST(BoundedSteps, AStepsExceptionIsRethrown) {
    EXPECT_THROW(runBounded<int>(2s, []() -> int { throw std::runtime_error("x"); }), std::runtime_error);
}

TEST(ChildProcess, OutputAndExitStatus) {
    const ChildOutcome o = runChild({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, 5s);
    ASSERT_TRUE(o.started);
    EXPECT_FALSE(o.timedOut);
    EXPECT_EQ(o.out, "out\n");
    EXPECT_EQ(o.err, "err\n");
    EXPECT_EQ(o.exitStatus, 3);
}

TEST(ChildProcess, ASignalIsReported) {
    const ChildOutcome o = runChild({"/bin/sh", "-c", "kill -SEGV $$"}, 5s);
    EXPECT_TRUE(o.signalled);
    EXPECT_EQ(o.signal, SIGSEGV);
}

TEST(ChildProcess, AHangingChildIsKilledAtTheDeadline) {
    const auto start = std::chrono::steady_clock::now();
    const ChildOutcome o = runChild({"/bin/sleep", "30"}, 300ms);
    EXPECT_TRUE(o.timedOut);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(ChildProcess, AChildThatClosesItsOutputButRunsOnIsKilledToo) {
    const ChildOutcome o = runChild({"/bin/sh", "-c", "exec >&- 2>&-; sleep 30"}, 300ms);
    EXPECT_TRUE(o.timedOut);
}

TEST(ChildProcess, AMissingProgramIsNotStarted) {
    const ChildOutcome o = runChild({"/nonexistent/program"}, 1s);
    EXPECT_FALSE(o.started && o.exitStatus == 0);
}

}  // namespace
}  // namespace ias::diag
