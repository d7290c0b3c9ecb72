// The signing threads.
#include "ThreadedSigner.h"

#include <algorithm>
#include <cstdio>

namespace ias::p11::cardtest {

void ThreadedSigner::start(int threads, int perThread, bool untilSessionInvalid) {
    started_ = std::chrono::steady_clock::now();
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

bool ThreadedSigner::record(int session, const char* call, double began, CK_RV rv, bool untilSessionInvalid) {
    const double now = secondsSinceStart();
    std::lock_guard<std::mutex> lk(tallyLock_);
    ++tally_.errors[rv];
    if (tally_.firstErrorSeconds < 0) tally_.firstErrorSeconds = now;
    if (tally_.deviceRemoved[session] > 0 && rv != CKR_SESSION_HANDLE_INVALID) ++tally_.afterRemoved;
    if (rv == CKR_DEVICE_ERROR)
        tally_.lastDeviceErrorSeconds = std::max(tally_.lastDeviceErrorSeconds, began);
    if (rv == CKR_DEVICE_REMOVED) {
        ++tally_.deviceRemoved[session];
        if (tally_.firstRemovedSeconds < 0) tally_.firstRemovedSeconds = now;
    }
    if (tally_.examples.size() < 8) {
        char text[96];
        std::snprintf(text, sizeof text, "%.3f s, session %d: %s -> rv 0x%lx", now, session, call, rv);
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
        bool signedOk = false, go = true;
        {
            std::lock_guard<std::mutex> lk(sessionLocks_[which]);
            const double began = secondsSinceStart();
            const CK_RV rv = ck_.sign(sessions_[which], raw ? CKM_RSA_PKCS : CKM_SHA256_RSA_PKCS, key_,
                                      raw ? sha256DigestInfo(message) : message, signature);
            if (rv != CKR_OK) {
                go = record(which, raw ? "CKM_RSA_PKCS" : "CKM_SHA256_RSA_PKCS", began, rv,
                            untilSessionInvalid);
            } else {
                signedOk = true;
                const CK_RV infoRv = ck_->C_GetSessionInfo(sessions_[which], &info);
                if (infoRv != CKR_OK) {
                    go = record(which, "C_GetSessionInfo", began, infoRv, untilSessionInvalid);
                } else if (info.state != CKS_RO_USER_FUNCTIONS) {
                    std::lock_guard<std::mutex> tl(tallyLock_);
                    ++tally_.wrongState;
                }
            }
        }
        if (signedOk) {
            if (verifiesSha256Pkcs1(publicKey_, message, signature)) {
                ++verified_;
            } else {
                std::lock_guard<std::mutex> lk(tallyLock_);
                ++tally_.wrong;
            }
        }
        if (!go) return;
    }
}

}  // namespace ias::p11::cardtest
