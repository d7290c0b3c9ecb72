// The signing threads.
#include "ThreadedSigner.h"

#include <cstdio>

namespace ias::p11::cardtest {

void ThreadedSigner::start(int threads, int perThread, bool untilSessionInvalid) {
    for (int t = 0; t < threads; ++t)
        pool_.emplace_back(
            [this, t, perThread, untilSessionInvalid] { work(t, perThread, untilSessionInvalid); });
}

SigningTally ThreadedSigner::join() {
    for (auto& th : pool_) th.join();
    pool_.clear();
    std::lock_guard<std::mutex> lk(tallyLock_);
    tally_.verified = verified_.load();
    return tally_;
}

bool ThreadedSigner::record(int session, const char* call, CK_RV rv, bool untilSessionInvalid) {
    std::lock_guard<std::mutex> lk(tallyLock_);
    ++tally_.errors[rv];
    if (rv == CKR_DEVICE_REMOVED) ++tally_.deviceRemoved[session];
    if (tally_.examples.size() < 8) {
        char text[96];
        std::snprintf(text, sizeof text, "session %d: %s -> rv 0x%lx", session, call, rv);
        tally_.examples.emplace_back(text);
    }
    return untilSessionInvalid && rv != CKR_SESSION_HANDLE_INVALID;
}

void ThreadedSigner::work(int thread, int perThread, bool untilSessionInvalid) {
    const int which = thread % 2;
    for (int i = 0; i < perThread; ++i) {
        const std::string text = "thread " + std::to_string(thread) + " signature " + std::to_string(i);
        const Bytes message(text.begin(), text.end());
        const bool raw = i % 2 == 1;
        Bytes signature;
        CK_SESSION_INFO info{};
        CK_RV rv;
        CK_RV infoRv = CKR_OK;
        {
            std::lock_guard<std::mutex> lk(sessionLocks_[which]);
            rv = ck_.sign(sessions_[which], raw ? CKM_RSA_PKCS : CKM_SHA256_RSA_PKCS, key_,
                          raw ? sha256DigestInfo(message) : message, signature);
            if (rv == CKR_OK) infoRv = ck_->C_GetSessionInfo(sessions_[which], &info);
        }
        if (rv != CKR_OK) {
            if (record(which, raw ? "CKM_RSA_PKCS" : "CKM_SHA256_RSA_PKCS", rv, untilSessionInvalid))
                continue;
            return;
        }
        if (verifiesSha256Pkcs1(publicKey_, message, signature)) {
            ++verified_;
        } else {
            std::lock_guard<std::mutex> lk(tallyLock_);
            ++tally_.wrong;
        }
        if (infoRv != CKR_OK) {
            if (!record(which, "C_GetSessionInfo", infoRv, untilSessionInvalid)) return;
        } else if (info.state != CKS_RO_USER_FUNCTIONS) {
            std::lock_guard<std::mutex> lk(tallyLock_);
            ++tally_.wrongState;
        }
    }
}

}  // namespace ias::p11::cardtest
