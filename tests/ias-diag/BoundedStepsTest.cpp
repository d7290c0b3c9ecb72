// The bounds that keep the report from hanging: a step on its own thread, and a child process killed at
// its deadline.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <future>

#include "Bounded.h"
#include "CertificateFacts.h"
#include "ChildProcess.h"

namespace ias::diag {
namespace {

using namespace std::chrono_literals;

// The limit of a step or child that normally ends in milliseconds: a hang guard a loaded machine never
// reaches.
constexpr auto kGenerous = 60s;

TEST(BoundedSteps, AFinishedStepGivesItsResult) {
    EXPECT_EQ(runBounded<int>(kGenerous, [] { return 42; }), 42);
}

TEST(BoundedSteps, AStepBeyondItsLimitIsAbandoned) {
    // The step cannot end before runBounded has returned (it waits for `release`, set only afterwards), so
    // returning at all proves the step was abandoned at its limit; no wall-clock bound is asserted.
    auto release = std::make_shared<std::promise<void>>();
    auto released = release->get_future().share();
    auto ended = std::make_shared<std::promise<void>>();
    const int before = abandonedSteps();
    const std::optional<int> r = runBounded<int>(200ms, [released, ended] {
        released.wait();
        ended->set_value();
        return 1;
    });
    EXPECT_FALSE(r);
    EXPECT_EQ(abandonedSteps(), before + 1);
    release->set_value();
    // The abandoned thread ends before the test process does.
    EXPECT_EQ(ended->get_future().wait_for(kGenerous), std::future_status::ready);
}

TEST(BoundedSteps, AStepsExceptionIsRethrown) {
    EXPECT_THROW(runBounded<int>(kGenerous, []() -> int { throw std::runtime_error("x"); }),
                 std::runtime_error);
}

TEST(ChildProcess, OutputAndExitStatus) {
    const ChildOutcome o = runChild({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, kGenerous);
    ASSERT_TRUE(o.started);
    EXPECT_FALSE(o.timedOut);
    EXPECT_EQ(o.out, "out\n");
    EXPECT_EQ(o.err, "err\n");
    EXPECT_EQ(o.exitStatus, 3);
}

TEST(ChildProcess, ASignalIsReported) {
    const ChildOutcome o = runChild({"/bin/sh", "-c", "kill -SEGV $$"}, kGenerous);
    EXPECT_TRUE(o.signalled);
    EXPECT_EQ(o.signal, SIGSEGV);
}

TEST(ChildProcess, AHangingChildIsKilledAtTheDeadline) {
    // The child would sleep for an hour: runChild returns (well inside CTest's timeout) only by killing it.
    const auto start = std::chrono::steady_clock::now();
    const ChildOutcome o = runChild({"/bin/sleep", "3600"}, 300ms);
    EXPECT_TRUE(o.timedOut);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);  // not before its deadline
}

TEST(ChildProcess, AChildThatClosesItsOutputButRunsOnIsKilledToo) {
    const ChildOutcome o = runChild({"/bin/sh", "-c", "exec >&- 2>&-; sleep 3600"}, 300ms);
    EXPECT_TRUE(o.timedOut);
}

TEST(ChildProcess, AMissingProgramIsNotStarted) {
    const ChildOutcome o = runChild({"/nonexistent/program"}, kGenerous);
    EXPECT_FALSE(o.started && o.exitStatus == 0);
}

}  // namespace
}  // namespace ias::diag
