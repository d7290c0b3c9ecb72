// One process keeps the production module for a long run: thousands of signatures, card removals and pcscd
// restarts (scripts/testbed stop-card/start-card and restart-pcscd, as another process and the service
// manager do them). Every signature must verify with the certificate read through the module (OpenSSL checks
// it, not the module), every event must be reported the PKCS#11 way (the same card back: the login is lost),
// and memory and file descriptors must stay flat: the descriptors exactly (same state at both
// measurements), the heap without a trend (what it grew in the second half of the run, when caches have long
// reached their size).
// IAS_SOAK_TRACE=1 prints the footprint after every event.
// The run's size comes from IAS_SOAK_SIGNATURES, IAS_SOAK_REMOVALS and IAS_SOAK_PCSCD_RESTARTS.
#include <dirent.h>
#include <gtest/gtest.h>
#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "../threads/CardModule.h"
#include "../threads/CardSignatures.h"
#include "../threads/TestBedControl.h"

namespace ias::p11::cardtest {
namespace {

long setting(const char* name, long fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::strtol(v, nullptr, 10) : fallback;
}

struct Footprint {
    long rssKiB = 0;
    long fds = 0;
    long heapBytes = 0;  // bytes the allocator has handed out and not got back
};

Footprint footprint() {
    Footprint f;
    if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
        long size = 0, resident = 0;
        if (std::fscanf(statm, "%ld %ld", &size, &resident) == 2)
            f.rssKiB = resident * (sysconf(_SC_PAGESIZE) / 1024);
        std::fclose(statm);
    }
    if (DIR* d = opendir("/proc/self/fd")) {
        while (const dirent* e = readdir(d))
            if (e->d_name[0] != '.') ++f.fds;
        closedir(d);
        --f.fds;  // the directory stream itself
    }
    f.heapBytes = static_cast<long>(mallinfo2().uordblks);
    return f;
}

void print(const char* when, const Footprint& f) {
    std::printf("  %-28s RSS %6ld KiB, %3ld open fds, heap in use %8ld bytes\n", when, f.rssKiB, f.fds,
                f.heapBytes);
}

class Soak : public ::testing::Test {
protected:
    void SetUp() override {
        p11 = cardModule();
        ASSERT_NE(p11, nullptr) << "IAS_PKCS11_MODULE not loadable";
        ck = Cryptoki(p11);
        CK_C_INITIALIZE_ARGS args{};
        args.flags = CKF_OS_LOCKING_OK;
        ASSERT_EQ(p11->C_Initialize(&args), CKR_OK);
    }
    void TearDown() override {
        if (cardOut) testbed("start-card");
        EXPECT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    }

    // Waits (bounded, a hang guard only) until the module shows the card's authentication token again, then
    // opens a session, logs in and finds the key and certificate.
    void reconnect() {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        slot = CK_INVALID_HANDLE;
        while ((slot = ck.authenticationSlot()) == CK_INVALID_HANDLE &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ASSERT_NE(slot, CK_INVALID_HANDLE) << "the token did not come back within 60 s";
        ASSERT_EQ(ck.openSession(slot, session), CKR_OK);
        ASSERT_EQ(ck.login(session, kAuthPin), CKR_OK);
        key = ck.findOne(session, CKO_PRIVATE_KEY, kAuthKeyId);
        ASSERT_NE(key, CK_INVALID_HANDLE);
        const CK_OBJECT_HANDLE cert = ck.findOne(session, CKO_CERTIFICATE, kAuthKeyId);
        ASSERT_NE(cert, CK_INVALID_HANDLE);
        const Bytes der = ck.attribute(session, cert, CKA_VALUE);
        if (certificate.empty()) {
            certificate = der;
            publicKey = publicKeyOfCertificate(der);
            ASSERT_NE(publicKey, nullptr) << "the certificate read through the module does not parse";
        }
        ASSERT_EQ(der, certificate) << "the certificate read after an event differs";
    }

    // n signatures over distinct messages, each verified by OpenSSL.
    void sign(long n) {
        for (long i = 0; i < n; ++i, ++signatures) {
            const std::string text = "soak message " + std::to_string(signatures);
            const Bytes message(text.begin(), text.end());
            Bytes signature;
            ASSERT_EQ(ck.sign(session, CKM_SHA256_RSA_PKCS, key, message, signature), CKR_OK)
                << "signature " << signatures;
            ASSERT_TRUE(verifiesSha256Pkcs1(publicKey.get(), message, signature))
                << "signature " << signatures;
        }
    }

    // An event of another process, then the old session must be reported gone and a new one works.
    void event(const char* command) {
        const bool removal = std::string(command) == "removal";
        if (removal) {
            cardOut = testbed("stop-card");
            ASSERT_TRUE(cardOut) << "stop-card failed";
            cardOut = !testbed("start-card");
            ASSERT_FALSE(cardOut) << "start-card failed";
        } else {
            ASSERT_TRUE(testbed("restart-pcscd")) << "restart-pcscd failed";
        }
        // The module learns of the event at its next card command. The same card is back and this process
        // made no call meanwhile: the session goes on (pkcs11/src/CardReturn.cpp), the card forgot the PIN,
        // and with no display to ask it in, the signature is told so the PKCS#11 way; the session turns
        // public. It is closed here so that the run's session count stays flat.
        const Bytes message{'x'};
        Bytes signature;
        const CK_RV rv = ck.sign(session, CKM_SHA256_RSA_PKCS, key, message, signature);
        EXPECT_EQ(rv, static_cast<CK_RV>(CKR_USER_NOT_LOGGED_IN))
            << command << ": a signature on the old session answered 0x" << std::hex << rv;
        CK_SESSION_INFO info;
        EXPECT_EQ(p11->C_GetSessionInfo(session, &info), CKR_OK) << command << ": the session did not go on";
        EXPECT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION)) << command;
        EXPECT_EQ(p11->C_CloseSession(session), CKR_OK) << command;
        reconnect();
    }

    CK_FUNCTION_LIST* p11 = nullptr;
    Cryptoki ck{nullptr};
    CK_SLOT_ID slot = CK_INVALID_HANDLE;
    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    Bytes certificate;
    PublicKey publicKey;
    long signatures = 0;
    bool cardOut = false;
};

TEST_F(Soak, SignaturesRemovalsAndPcscdRestartsKeepResultsRightAndMemoryAndFdsFlat) {
    const long totalSignatures = setting("IAS_SOAK_SIGNATURES", 10000);
    const long removals = setting("IAS_SOAK_REMOVALS", 200);
    const long restarts = setting("IAS_SOAK_PCSCD_RESTARTS", 20);
    ASSERT_GE(removals, 2);
    ASSERT_GE(restarts, 1);
    const long events = removals + restarts;
    // Events evenly spread; a pcscd restart every (events / restarts)-th event.
    const long perSegment = totalSignatures / (events + 1);
    const long restartEvery = events / restarts;
    std::printf("soak: %ld signatures, %ld removals, %ld pcscd restarts (%ld signatures between events)\n",
                totalSignatures, removals, restarts, perSegment);

    reconnect();
    if (HasFatalFailure()) return;
    // Warm-up: the first event of each kind fills what stays (libpcsclite's context, OpenSSL's tables).
    sign(perSegment);
    event("removal");
    event("restart-pcscd");
    if (HasFatalFailure()) return;
    const Footprint start = footprint();
    Footprint middle;
    long doneRemovals = 1, doneRestarts = 1;
    for (long e = 2; e < events; ++e) {
        sign(perSegment);
        if (HasFatalFailure()) return;
        const bool restart = (e % restartEvery == 0 && doneRestarts < restarts) || doneRemovals == removals;
        event(restart ? "restart-pcscd" : "removal");
        if (HasFatalFailure()) return;
        ++(restart ? doneRestarts : doneRemovals);
        if (e == events / 2) middle = footprint();
        if (std::getenv("IAS_SOAK_TRACE") != nullptr)
            print(restart ? "after a pcscd restart" : "after a removal", footprint());
    }
    sign(totalSignatures - signatures);
    if (HasFatalFailure()) return;
    const Footprint end = footprint();
    std::printf("soak: %ld signatures verified, %ld removals, %ld pcscd restarts\n", signatures, doneRemovals,
                doneRestarts);
    print("after the warm-up", start);
    print("half-way", middle);
    print("at the end", end);
    EXPECT_EQ(signatures, totalSignatures);
    EXPECT_EQ(doneRemovals, removals);
    EXPECT_EQ(doneRestarts, restarts);
    EXPECT_EQ(end.fds, start.fds) << "file descriptors grew";
#if defined(__SANITIZE_ADDRESS__)
    // Under AddressSanitizer the figures say nothing: its allocator keeps freed memory in quarantine (RSS
    // grows by design) and glibc's mallinfo2 sees none of it. LeakSanitizer checks leaks at exit instead.
    std::printf(
        "soak: memory bounds not checked under AddressSanitizer (LeakSanitizer checks leaks at exit)\n");
#else
    // A leak grows with the events; caches stop growing (OpenSSL 3's fetch caches grow by ~85 KB over the
    // first ~30 events, then stay: IAS_SOAK_TRACE=1 prints the footprint after every event). 32 KiB over the
    // second half is ~1 KB per event at CI's setting, ~300 bytes at the full one.
    const long secondHalfEvents = events - events / 2;
    std::printf("soak: heap in use grew %ld bytes over the last %ld events (%ld per event)\n",
                end.heapBytes - middle.heapBytes, secondHalfEvents,
                (end.heapBytes - middle.heapBytes) / secondHalfEvents);
    EXPECT_LE(end.heapBytes - middle.heapBytes, 32 * 1024) << "heap in use grew in the second half";
    EXPECT_LE(end.rssKiB - start.rssKiB, 1024) << "resident memory grew by more than 1 MiB";
#endif
    EXPECT_EQ(p11->C_CloseSession(session), CKR_OK);
}

}  // namespace
}  // namespace ias::p11::cardtest
