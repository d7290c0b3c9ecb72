// 8 threads × 50 signatures over two sessions of the card's authentication token after one C_Login: every
// signature verifies with OpenSSL against the card's certificate, no call fails, the login stays visible to
// both sessions. Once with the operating system's locks (CKF_OS_LOCKING_OK), once with the application's
// mutex callbacks (no CKF_OS_LOCKING_OK), which the module must then really use.
#include <atomic>
#include <mutex>

#include "CardTest.h"
#include "ThreadedSigner.h"

namespace ias::p11::cardtest {
namespace {

constexpr int kThreads = 8;
constexpr int kSignaturesEach = 50;

class ConcurrentSignatures : public CardTest {
protected:
    void signFromEightThreads() {
        openTwoSessionsAndLogIn();
        if (HasFatalFailure()) return;
        ThreadedSigner signer(ck, sessions, key, publicKey.get());
        signer.start(kThreads, kSignaturesEach);
        const SigningTally tally = signer.join();
        for (const auto& e : tally.examples) ADD_FAILURE() << e;
        EXPECT_EQ(tally.verified, kThreads * kSignaturesEach);
        EXPECT_EQ(tally.wrong, 0) << "signatures that do not verify";
        EXPECT_EQ(tally.wrongState, 0) << "sessions that lost the token's login";
        EXPECT_TRUE(tally.errors.empty());
    }
};

TEST_F(ConcurrentSignatures, EightThreadsFiftyEachWithOsLocking) {
    CK_C_INITIALIZE_ARGS args = osLocking();
    initialise(&args);
    signFromEightThreads();
}

// The application's mutexes, counted so the test fails if the module ignores them.
std::atomic<int> created{0}, destroyed{0}, locked{0}, unlocked{0};

CK_RV createMutex(void** m) {
    if (m == nullptr) return CKR_ARGUMENTS_BAD;
    *m = new std::mutex;
    ++created;
    return CKR_OK;
}
CK_RV destroyMutex(void* m) {
    delete static_cast<std::mutex*>(m);
    ++destroyed;
    return CKR_OK;
}
CK_RV lockMutex(void* m) {
    static_cast<std::mutex*>(m)->lock();
    ++locked;
    return CKR_OK;
}
CK_RV unlockMutex(void* m) {
    ++unlocked;
    static_cast<std::mutex*>(m)->unlock();
    return CKR_OK;
}

TEST_F(ConcurrentSignatures, EightThreadsFiftyEachWithTheApplicationsMutexes) {
    CK_C_INITIALIZE_ARGS args{};
    args.CreateMutex = createMutex;
    args.DestroyMutex = destroyMutex;
    args.LockMutex = lockMutex;
    args.UnlockMutex = unlockMutex;
    initialise(&args);
    signFromEightThreads();
    // The module lock and the reader locks are the application's: each signature takes them.
    EXPECT_GE(created.load(), 2);
    EXPECT_GE(locked.load(), kThreads * kSignaturesEach);
    EXPECT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    initialised = false;
    EXPECT_EQ(locked.load(), unlocked.load());
    EXPECT_EQ(destroyed.load(), created.load()) << "C_Finalize leaves application mutexes behind";
}

}  // namespace
}  // namespace ias::p11::cardtest
