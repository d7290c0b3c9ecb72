// threads: 8 threads × 50 signatures over two sessions of one token, every signature verified; concurrent
// searches and attribute reads; the same with the application's mutex callbacks.
#include <atomic>
#include <mutex>
#include <thread>

#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

class Threads : public ModuleTest {
protected:
    void run(int threads, int signaturesEach) {
        CK_SESSION_HANDLE sessions[2] = {open(kAuthSlot), open(kAuthSlot)};
        ASSERT_EQ(login(sessions[0], CKU_USER, "1234"), CKR_OK);
        CK_OBJECT_HANDLE key = findOne(sessions[0], CKO_PRIVATE_KEY, 0x01);
        CK_OBJECT_HANDLE cert = findOne(sessions[0], CKO_CERTIFICATE, 0x01);
        Pkey pub = publicKeyOfCertificate(attribute(sessions[0], cert, CKA_VALUE));
        // An application serialises the operations of one session (PKCS #11 2.40 section 2.5.2).
        std::mutex sessionLocks[2];
        std::atomic<int> good{0}, bad{0};
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                const int which = t % 2;
                for (int i = 0; i < signaturesEach; ++i) {
                    Bytes message =
                        bytesOf("thread " + std::to_string(t) + " signature " + std::to_string(i));
                    Bytes sig;
                    CK_RV rv;
                    {
                        std::lock_guard<std::mutex> lk(sessionLocks[which]);
                        rv = signOnce(sessions[which], CK_MECHANISM{CKM_SHA256_RSA_PKCS, nullptr, 0}, key,
                                      message, sig);
                    }
                    if (rv == CKR_OK && verifySignature(pub.get(), "pkcs1", EVP_sha256(), message, sig))
                        ++good;
                    else
                        ++bad;
                    // Reads that need no session lock on the application's side.
                    CK_TOKEN_INFO info;
                    if (p11->C_GetTokenInfo(kAuthSlot, &info) != CKR_OK) ++bad;
                    CK_ULONG n = 0;
                    if (p11->C_GetSlotList(CK_TRUE, nullptr, &n) != CKR_OK || n != 2) ++bad;
                }
            });
        }
        for (auto& th : pool) th.join();
        EXPECT_EQ(bad.load(), 0);
        EXPECT_EQ(good.load(), threads * signaturesEach);
        EXPECT_EQ(fake->signCount(), threads * signaturesEach);
    }
};

TEST_F(Threads, EightThreadsFiftySignaturesTwoSessions) {
    run(8, 50);
}

CK_RV createMutex(void** m) {
    *m = new std::mutex;
    return CKR_OK;
}
CK_RV destroyMutex(void* m) {
    delete static_cast<std::mutex*>(m);
    return CKR_OK;
}
CK_RV lockMutex(void* m) {
    static_cast<std::mutex*>(m)->lock();
    return CKR_OK;
}
CK_RV unlockMutex(void* m) {
    static_cast<std::mutex*>(m)->unlock();
    return CKR_OK;
}

TEST_F(Threads, WithTheApplicationsMutexCallbacks) {
    ASSERT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    CK_C_INITIALIZE_ARGS args{};
    args.CreateMutex = createMutex;
    args.DestroyMutex = destroyMutex;
    args.LockMutex = lockMutex;
    args.UnlockMutex = unlockMutex;
    ASSERT_EQ(p11->C_Initialize(&args), CKR_OK);
    run(4, 20);
}

TEST_F(Threads, OpenAndCloseSessionsConcurrently) {
    std::atomic<int> bad{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < 8; ++t)
        pool.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                CK_SESSION_HANDLE h = CK_INVALID_HANDLE;
                if (p11->C_OpenSession(kAuthSlot, CKF_SERIAL_SESSION, nullptr, nullptr, &h) != CKR_OK) ++bad;
                CK_SESSION_INFO info;
                if (p11->C_GetSessionInfo(h, &info) != CKR_OK) ++bad;
                if (p11->C_CloseSession(h) != CKR_OK) ++bad;
            }
        });
    for (auto& th : pool) th.join();
    EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace ias::p11::test
