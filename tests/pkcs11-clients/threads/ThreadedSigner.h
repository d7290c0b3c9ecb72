#pragma once
// Signatures from several threads over two sessions of one token, every one checked with OpenSSL. Thread t
// uses session t % 2 and alternates CKM_SHA256_RSA_PKCS (over the message) and CKM_RSA_PKCS (over the
// message's SHA-256 DigestInfo); the application serialises the calls of one session, as PKCS #11 asks.
// After each signature the session must report the token's login (CKS_RO_USER_FUNCTIONS).
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "CardModule.h"
#include "CardSignatures.h"

namespace ias::p11::cardtest {

struct SigningTally {
    int verified = 0;                 // CKR_OK and OpenSSL verifies it
    int wrong = 0;                    // CKR_OK but it does not verify: never acceptable
    int wrongState = 0;               // C_GetSessionInfo said something other than CKS_RO_USER_FUNCTIONS
    std::map<CK_RV, int> errors;      // any other return value, by value
    int deviceRemoved[2] = {0, 0};    // CKR_DEVICE_REMOVED per session
    int afterRemoved = 0;             // answers other than CKR_SESSION_HANDLE_INVALID after that
    double firstErrorSeconds = -1;    // since start(): the first failure of any kind
    double firstRemovedSeconds = -1;  // since start(): the first CKR_DEVICE_REMOVED
    double lastDeviceErrorSeconds =
        -1;                             // since start(): the start of the last call answered CKR_DEVICE_ERROR
    std::vector<std::string> examples;  // the first few failures, for the test's output
};

class ThreadedSigner {
public:
    ThreadedSigner(const Cryptoki& ck, const CK_SESSION_HANDLE (&sessions)[2], CK_OBJECT_HANDLE key,
                   EVP_PKEY* publicKey)
        : ck_(ck), sessions_{sessions[0], sessions[1]}, key_(key), publicKey_(publicKey) {}
    ~ThreadedSigner() { join(); }

    // Starts the threads. A thread stops after perThread signatures, at its first error, or, with
    // untilSessionInvalid, only when its session says CKR_SESSION_HANDLE_INVALID (card removal).
    void start(int threads, int perThread, bool untilSessionInvalid = false);
    int verifiedSoFar() const { return verified_.load(); }
    double secondsSinceStart() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    }
    SigningTally join();

private:
    void work(int thread, int perThread, bool untilSessionInvalid);
    // Called under the session's lock, so a session's answers are recorded in their order; `began`: when the
    // call started (seconds since start()). False when the thread should stop.
    bool record(int session, const char* call, double began, CK_RV rv, bool untilSessionInvalid);

    const Cryptoki& ck_;
    CK_SESSION_HANDLE sessions_[2];
    CK_OBJECT_HANDLE key_;
    EVP_PKEY* publicKey_;
    std::mutex sessionLocks_[2];
    std::vector<std::thread> pool_;
    std::chrono::steady_clock::time_point started_;
    std::atomic<int> verified_{0};
    std::mutex tallyLock_;
    SigningTally tally_;
};

}  // namespace ias::p11::cardtest
