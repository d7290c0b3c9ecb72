// fork() while 8 threads of the parent sign: a thread may hold one of the module's process-wide locks at the
// moment of the fork (the public-content cache's, taken for the key's descriptions at every signature),
// and a child that reused that copied lock would wait forever. Each child must initialise again, find the
// card's authentication certificate and read its value within 60 s (the parent's threads may keep the card
// busy meanwhile; a child still running then is a hang: the test prints its threads' stacks with gdb and
// kills it); the parent's signatures all verify.
// Probabilistic: the cache lock is held for microseconds per signature, so the test forks 20 times while 2400
// signatures are made; even so it is a chance catch (100 forks against the old code, which reused the
// parent's cache, did not hang). It guards fork() with running threads in general; the fix holds by
// construction (IasBackend.cpp: the child never touches a lock of the parent's cache).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "CardTest.h"
#include "ForkUnderSanitizers.h"
#include "ThreadedSigner.h"

namespace ias::p11::cardtest {
namespace {

// The child's steps; the exit status is the number of the first step that failed (0: all passed).
int childReadsCertificate(const Cryptoki& ck) {
    CK_C_INITIALIZE_ARGS args = osLocking();
    if (ck->C_Initialize(&args) != CKR_OK) return 1;
    const CK_SLOT_ID slot = ck.authenticationSlot();
    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    if (slot == CK_INVALID_HANDLE || ck.openSession(slot, session) != CKR_OK) return 2;
    const CK_OBJECT_HANDLE cert = ck.findOne(session, CKO_CERTIFICATE, kAuthKeyId);
    if (cert == CK_INVALID_HANDLE) return 3;
    if (ck.attribute(session, cert, CKA_VALUE).empty()) return 4;
    if (ck->C_Finalize(nullptr) != CKR_OK) return 5;
    return 0;
}

// Waits up to 60 s for the child. A child still running is hung: its stacks go to the test's output (gdb from
// Debian; they name the lock), then it is killed. Returns true for a hang.
bool hungAfterWaiting(pid_t child, int& status) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        const pid_t r = waitpid(child, &status, WNOHANG);
        if (r == child) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const std::string gdb =
        "gdb -p " + std::to_string(child) +
        " -batch -nx -ex 'thread apply all bt 30' </dev/null 2>&1 | grep -E '^(#|Thread)'";
    std::printf("  child %d hung; its stacks:\n", static_cast<int>(child));
    std::fflush(stdout);
    if (std::system(gdb.c_str()) != 0) std::printf("  (gdb could not attach)\n");
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    return true;
}

class ForkWhileSigning : public CardTest {};

TEST_F(ForkWhileSigning, EveryChildInitialisesAndReadsTheCard) {
    if (const char* why = forkWithThreadsSkipReason()) GTEST_SKIP() << why;
    CK_C_INITIALIZE_ARGS args = osLocking();
    initialise(&args);
    openTwoSessionsAndLogIn();
    if (HasFatalFailure()) return;
    constexpr int kThreads = 8, kPerThread = 300, kForks = 20;
    ThreadedSigner signer(ck, sessions, key, publicKey.get());
    signer.start(kThreads, kPerThread);
    int forks = 0, hung = 0, failed = 0, signedBeforeLastFork = 0;
    while (forks < kForks) {
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) _exit(childReadsCertificate(ck));
        ++forks;
        signedBeforeLastFork = signer.verifiedSoFar();
        int status = 0;
        if (hungAfterWaiting(child, status))
            ++hung;
        else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            ++failed;
            ADD_FAILURE() << "child " << forks << ": status " << status << " (first failed step "
                          << (WIFEXITED(status) ? WEXITSTATUS(status) : -1) << ")";
        }
    }
    const SigningTally tally = signer.join();
    for (const auto& e : tally.examples) ADD_FAILURE() << e;
    EXPECT_EQ(tally.verified, kThreads * kPerThread);
    EXPECT_EQ(tally.wrong, 0);
    EXPECT_EQ(hung, 0) << "children stuck on a lock copied from the parent";
    EXPECT_EQ(failed, 0);
    std::printf(
        "  %d forks while %d signatures were made (%d before the last fork): %d children hung, %d failed\n",
        forks, tally.verified, signedBeforeLastFork, hung, failed);
}

}  // namespace
}  // namespace ias::p11::cardtest
