// Reading ahead (docs/performance.md, "Browser start"), through the module's C boundary over the in-process
// virtual card, after an earlier "process" kept the card's content: what Firefox's start costs the caller's
// thread, that content changed meanwhile is never served, that C_Finalize stops a read ahead at its next
// command, and that no thread is made when the application forbids it. Known answers: the certificates of
// the personalisation (made by OpenSSL's command line) and the changes the test itself makes to the card.
#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ModuleLog.h"
#include "ModuleWorld.h"
#include "ThreadWatch.h"
#include "ias/apdu/InProcessTransport.h"
#include "ias/api/Card.h"
#include "ias/api/ContentCache.h"
#include "vcard/VirtualCard.h"

namespace ias::readahead {
namespace {

namespace fs = std::filesystem;
using fuzz::ModuleWorld;

// Classes NSS looks for on every token at start: PKCS #11 3.0's profile objects, and its own root list
// (CKO_NSS + 4, NSS's pkcs11n.h).
constexpr CK_OBJECT_CLASS kProfileClass = 0x00000009UL;
constexpr CK_OBJECT_CLASS kNssBuiltinRootList = 0xCE534354UL;

std::size_t threadsOfThisProcess() {
    std::size_t n = 0;
    if (DIR* d = opendir("/proc/self/task")) {
        while (const dirent* e = readdir(d))
            if (e->d_name[0] != '.') ++n;
        closedir(d);
    }
    return n;
}

// The module's log lines, taken in-process (setLogSink), so that a test can wait for one.
struct LogLines {
    std::mutex mutex;
    std::condition_variable added;
    std::vector<std::string> lines;
    bool waitFor(const std::string& part) {
        std::unique_lock<std::mutex> lk(mutex);
        return added.wait_for(lk, std::chrono::seconds(60), [&] {
            return std::any_of(lines.begin(), lines.end(),
                               [&](const std::string& l) { return l.find(part) != std::string::npos; });
        });
    }
};
LogLines g_log;
void collect(std::string_view line) noexcept {
    try {
        std::lock_guard<std::mutex> lk(g_log.mutex);
        g_log.lines.emplace_back(line);
    } catch (...) {
    }
    g_log.added.notify_all();
}

class ReadAhead : public ::testing::Test {
protected:
    void SetUp() override {
        world_ = &ModuleWorld::instance();
        f_ = ModuleWorld::functions();
        world_->freshCard();
        char templ[] = "/tmp/ias-read-ahead.XXXXXX";
        ASSERT_NE(mkdtemp(templ), nullptr);
        dir_ = templ;
        world_->persistentDir = dir_;
        // An earlier process: nothing kept yet, so it reads the card and keeps its content.
        world_->cache = std::make_shared<api::ContentCache>();
        ASSERT_EQ(f_->C_Initialize(nullptr), CKR_OK);
        ASSERT_EQ(slots(CK_TRUE).size(), 2u);
        ASSERT_EQ(f_->C_Finalize(nullptr), CKR_OK);
        ASSERT_FALSE(fs::is_empty(dir_)) << "the first process kept nothing";
        // This process: its own memory cache, the card's commands watched.
        world_->cache = std::make_shared<api::ContentCache>();
        watch_ = std::make_unique<ThreadWatch>(world_->card());
        world_->endpoint = watch_.get();
    }
    void TearDown() override {
        if (watch_) watch_->release();
        f_->C_Finalize(nullptr);  // when a test ended early
        world_->endpoint = nullptr;
        world_->persistentDir.clear();
        world_->cache = std::make_shared<api::ContentCache>();
        std::error_code ec;
        fs::remove_all(dir_, ec);
        world_->freshCard();
    }

    std::vector<CK_SLOT_ID> slots(CK_BBOOL present) {
        CK_ULONG n = 0;
        EXPECT_EQ(f_->C_GetSlotList(present, nullptr, &n), CKR_OK);
        std::vector<CK_SLOT_ID> ids(n);
        EXPECT_EQ(f_->C_GetSlotList(present, ids.data(), &n), CKR_OK);
        ids.resize(n);
        return ids;
    }

    // What Firefox does with a module at start (docs/performance.md): every slot, token and mechanism
    // list, a session per token and NSS's two searches for objects no card has. One session per token.
    std::vector<CK_SESSION_HANDLE> firefoxStart() {
        std::vector<CK_SESSION_HANDLE> sessions;
        for (CK_SLOT_ID slot : slots(CK_FALSE)) {
            CK_SLOT_INFO si;
            EXPECT_EQ(f_->C_GetSlotInfo(slot, &si), CKR_OK);
            if (!(si.flags & CKF_TOKEN_PRESENT)) continue;
            CK_TOKEN_INFO ti;
            EXPECT_EQ(f_->C_GetTokenInfo(slot, &ti), CKR_OK);
            CK_ULONG n = 0;
            EXPECT_EQ(f_->C_GetMechanismList(slot, nullptr, &n), CKR_OK);
            std::vector<CK_MECHANISM_TYPE> mechanisms(n);
            EXPECT_EQ(f_->C_GetMechanismList(slot, mechanisms.data(), &n), CKR_OK);
            CK_SESSION_HANDLE s = 0;
            EXPECT_EQ(f_->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &s), CKR_OK);
            for (CK_OBJECT_CLASS cls : {kProfileClass, kNssBuiltinRootList})
                EXPECT_TRUE(find(s, cls).empty());
            sessions.push_back(s);
        }
        return sessions;
    }

    std::vector<CK_OBJECT_HANDLE> find(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, CK_RV* rv = nullptr) {
        CK_ATTRIBUTE t{CKA_CLASS, &cls, sizeof cls};
        const CK_RV init = f_->C_FindObjectsInit(s, &t, 1);
        if (rv) *rv = init;
        if (init != CKR_OK) {
            EXPECT_NE(rv, nullptr) << "C_FindObjectsInit: " << init;
            return {};
        }
        std::vector<CK_OBJECT_HANDLE> out(64);
        CK_ULONG n = 0;
        EXPECT_EQ(f_->C_FindObjects(s, out.data(), out.size(), &n), CKR_OK);
        EXPECT_EQ(f_->C_FindObjectsFinal(s), CKR_OK);
        out.resize(n);
        return out;
    }

    Bytes attribute(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type) {
        CK_ATTRIBUTE a{type, nullptr, 0};
        EXPECT_EQ(f_->C_GetAttributeValue(s, o, &a, 1), CKR_OK);
        Bytes v(a.ulValueLen);
        a.pValue = v.data();
        EXPECT_EQ(f_->C_GetAttributeValue(s, o, &a, 1), CKR_OK);
        return v;
    }

    std::vector<Bytes> certificateValues(CK_SESSION_HANDLE s) {
        std::vector<Bytes> values;
        for (CK_OBJECT_HANDLE o : find(s, CKO_CERTIFICATE)) values.push_back(attribute(s, o, CKA_VALUE));
        return values;
    }

    bool isPersonalisationCertificate(const Bytes& der) {
        for (const auto& [name, value] : world_->certificates)
            if (value == der) return true;
        return false;
    }

    // The card changed by another application while the module reads ahead: administration under secure
    // messaging, straight to the card (the held read ahead sends nothing meanwhile).
    std::unique_ptr<api::Card> administration() {
        transport_ = std::make_unique<InProcessTransport>(world_->card());
        return std::make_unique<api::Card>(*transport_, api::Card::Options{nullptr, world_->smKeys, {}});
    }

    ModuleWorld* world_ = nullptr;
    CK_FUNCTION_LIST_3_0* f_ = nullptr;
    std::string dir_;
    std::unique_ptr<ThreadWatch> watch_;
    std::unique_ptr<InProcessTransport> transport_;
};

TEST_F(ReadAhead, FirefoxStartAsksTheCallersThreadForTokenInfoAndRetryCountersOnly) {
    watch_->hold();
    ASSERT_EQ(f_->C_Initialize(nullptr), CKR_OK);
    const std::vector<CK_SESSION_HANDLE> sessions = firefoxStart();
    ASSERT_EQ(sessions.size(), 2u);
    // The read ahead is on its way to the card, held at its first command: everything above was answered
    // with what the caller's thread sent, which is TokenInfo's head (SELECT by path, one READ BINARY) and
    // the retry counters (VERIFY without data), in one transaction: the SELECT of TokenInfo made the
    // application current, so its local PIN needs no SELECT of its own (issue 16: at most 5).
    ASSERT_TRUE(watch_->otherThreadWaits());
    const std::vector<Bytes> mine = watch_->testThreadCommands();
    std::string sent;
    for (const Bytes& c : mine) sent += " " + toHex(ByteView(c.data(), std::min<std::size_t>(c.size(), 5)));
    std::printf("caller's thread during the start: %zu commands:%s\n", mine.size(), sent.c_str());
    std::size_t verifies = 0, selectsByPath = 0, selectsByName = 0, reads = 0;
    bool readingTokenInfo = false;
    for (const Bytes& c : mine) {
        ASSERT_GE(c.size(), 4u);
        const std::uint8_t ins = c[1], p1 = c[2];
        if (ins == 0xA4 && p1 == 0x08) {  // SELECT by path from the MF: TokenInfo (…5032) only
            ++selectsByPath;
            ASSERT_GE(c.size(), 7u);
            EXPECT_EQ(c[5 + c[4] - 2], 0x50) << sent;
            EXPECT_EQ(c[5 + c[4] - 1], 0x32) << sent;
            readingTokenInfo = true;
        } else if (ins == 0xB0) {
            ++reads;
            EXPECT_TRUE(readingTokenInfo) << "a READ BINARY of another file:" << sent;
        } else if (ins == 0xA4 && p1 == 0x04) {
            ++selectsByName;
            readingTokenInfo = false;
        } else if (ins == 0x20) {
            EXPECT_EQ(c.size(), 4u) << "a VERIFY with data";
            ++verifies;
            readingTokenInfo = false;
        } else {
            ADD_FAILURE() << "unexpected command:" << sent;
        }
    }
    EXPECT_EQ(selectsByPath, 1u) << sent;
    EXPECT_EQ(reads, 1u) << "one READ BINARY, for TokenInfo's head:" << sent;
    EXPECT_EQ(selectsByName, 0u) << sent;
    EXPECT_EQ(verifies, 3u) << "the global PIN, the signature PIN and the PUK";
    EXPECT_EQ(mine.size(), 5u) << sent;
    watch_->release();
    // Objects come from the card, once it has confirmed them.
    const std::vector<Bytes> values = certificateValues(sessions[0]);
    EXPECT_FALSE(values.empty());
    for (const Bytes& v : values) EXPECT_TRUE(isPersonalisationCertificate(v));
    EXPECT_NE(std::find(values.begin(), values.end(), world_->certificates.at("auth")), values.end());
    EXPECT_FALSE(watch_->otherThreadCommands().empty()) << "the confirmation went to the card";
    EXPECT_EQ(watch_->testThreadCommands().size(), mine.size()) << "the caller waited, it did not read";
    EXPECT_EQ(f_->C_Finalize(nullptr), CKR_OK);
}

TEST_F(ReadAhead, ObjectsChangedWhileReadingAheadAreTheCardsNotTheKeptOnes) {
    watch_->hold();
    ASSERT_EQ(f_->C_Initialize(nullptr), CKR_OK);
    const std::vector<CK_SESSION_HANDLE> sessions = firefoxStart();
    ASSERT_EQ(sessions.size(), 2u);
    ASSERT_TRUE(watch_->otherThreadWaits());
    const Bytes imported = world_->certificates.at("root-ca");
    administration()->storeCertificate(imported, api::CertificateStoreRequest{Bytes{0x21}, "Imported", true});
    watch_->release();
    // The session opened on the kept content goes on (nothing it showed has changed) and sees the card's
    // certificates, the imported one included.
    std::vector<CK_OBJECT_HANDLE> certs = find(sessions[0], CKO_CERTIFICATE);
    bool seen = false;
    for (CK_OBJECT_HANDLE o : certs)
        if (attribute(sessions[0], o, CKA_ID) == Bytes{0x21}) {
            seen = true;
            EXPECT_EQ(attribute(sessions[0], o, CKA_VALUE), imported);
            const Bytes label = attribute(sessions[0], o, CKA_LABEL);
            EXPECT_EQ(std::string(label.begin(), label.end()), "Imported");
        }
    EXPECT_TRUE(seen) << "the certificate imported while the module read ahead";
    CK_SLOT_ID slot = 0;
    EXPECT_EQ(f_->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_NO_EVENT);
    EXPECT_EQ(f_->C_Finalize(nullptr), CKR_OK);
}

TEST_F(ReadAhead, AKeptTokenTheCardContradictsGoesAndComesBack) {
    watch_->hold();
    ASSERT_EQ(f_->C_Initialize(nullptr), CKR_OK);
    const std::vector<CK_SESSION_HANDLE> sessions = firefoxStart();
    ASSERT_EQ(sessions.size(), 2u);
    ASSERT_TRUE(watch_->otherThreadWaits());
    // The qualified-signature key (iD 02) deleted: the signature token's mechanisms are no longer those the
    // start showed.
    administration()->deleteKey(Bytes{0x02});
    watch_->release();
    CK_RV rv = CKR_OK;
    find(sessions[1], CKO_PRIVATE_KEY, &rv);
    EXPECT_EQ(rv, CKR_DEVICE_REMOVED) << "a session on the token as it was kept";
    CK_SLOT_ID slot = 0;
    EXPECT_EQ(f_->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_OK) << "the slot event";
    // New sessions see the card as it is: no key with iD 02 on any token.
    for (CK_SLOT_ID s : slots(CK_TRUE)) {
        CK_SESSION_HANDLE h = 0;
        ASSERT_EQ(f_->C_OpenSession(s, CKF_SERIAL_SESSION, nullptr, nullptr, &h), CKR_OK);
        for (CK_OBJECT_HANDLE o : find(h, CKO_PRIVATE_KEY)) EXPECT_NE(attribute(h, o, CKA_ID), Bytes{0x02});
    }
    EXPECT_EQ(f_->C_Finalize(nullptr), CKR_OK);
}

TEST_F(ReadAhead, FinalizeStopsAReadAheadAtItsNextCommandAndLeavesNoThread) {
    // A sanitizer's runtime starts a thread of its own with the process's first thread: let it start first.
    std::thread([] {}).join();
    const std::size_t threadsBefore = threadsOfThisProcess();
    p11::setLogSink(collect);
    p11::setDebugLog(true);
    watch_->hold();
    ASSERT_EQ(f_->C_Initialize(nullptr), CKR_OK);
    firefoxStart();
    ASSERT_TRUE(watch_->otherThreadWaits());
    std::atomic<CK_RV> finalized{CKR_GENERAL_ERROR};
    std::thread finalizer([&] { finalized = f_->C_Finalize(nullptr); });
    // C_Finalize has told the read to stop; the command it had under way then reaches the card, and no
    // other after it.
    EXPECT_TRUE(g_log.waitFor(": stopped"));
    watch_->release();
    finalizer.join();
    p11::setDebugLog(false);
    p11::setLogSink(nullptr);
    EXPECT_EQ(finalized.load(), CKR_OK);
    EXPECT_EQ(watch_->otherThreadCommands().size(), 1u);
    EXPECT_EQ(threadsOfThisProcess(), threadsBefore) << "a thread of the module outlived C_Finalize";
}

// NSS initialises every module with CKF_LIBRARY_CANT_CREATE_OS_THREADS, and Firefox keeps a thread of its own
// blocked in C_WaitForSlotEvent: the read ahead runs there, not on the thread that asks for tokens.
TEST_F(ReadAhead, WithoutThreadsOfItsOwnTheModuleReadsAheadOnTheSlotEventThread) {
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_LIBRARY_CANT_CREATE_OS_THREADS | CKF_OS_LOCKING_OK;
    watch_->hold();
    ASSERT_EQ(f_->C_Initialize(&args), CKR_OK);
    std::atomic<CK_RV> waited{CKR_OK};
    std::thread monitor([&] {
        CK_SLOT_ID slot = 0;
        waited = f_->C_WaitForSlotEvent(0, &slot, nullptr);
    });
    const std::vector<CK_SESSION_HANDLE> sessions = firefoxStart();
    ASSERT_EQ(sessions.size(), 2u);
    // The application's waiting thread reads: held at its first command, while the start is done.
    EXPECT_TRUE(watch_->otherThreadWaits());
    const std::size_t atStart = watch_->testThreadCommands().size();
    watch_->release();
    const std::vector<Bytes> values = certificateValues(sessions[0]);
    EXPECT_NE(std::find(values.begin(), values.end(), world_->certificates.at("auth")), values.end());
    EXPECT_FALSE(watch_->otherThreadCommands().empty());
    EXPECT_EQ(watch_->testThreadCommands().size(), atStart) << "the caller read what the waiting thread had";
    EXPECT_EQ(f_->C_Finalize(nullptr), CKR_OK);
    monitor.join();
    EXPECT_EQ(waited.load(), CKR_CRYPTOKI_NOT_INITIALIZED);
}

TEST_F(ReadAhead, ApplicationThatForbidsThreadsGetsNone) {
    const std::size_t threadsBefore = threadsOfThisProcess();
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_LIBRARY_CANT_CREATE_OS_THREADS | CKF_OS_LOCKING_OK;
    ASSERT_EQ(f_->C_Initialize(&args), CKR_OK);
    const std::vector<CK_SESSION_HANDLE> sessions = firefoxStart();
    ASSERT_EQ(sessions.size(), 2u);
    EXPECT_EQ(threadsOfThisProcess(), threadsBefore);
    const std::size_t atStart = watch_->testThreadCommands().size();
    // The first call that needs objects confirms the kept content itself.
    const std::vector<Bytes> values = certificateValues(sessions[0]);
    EXPECT_NE(std::find(values.begin(), values.end(), world_->certificates.at("auth")), values.end());
    EXPECT_GT(watch_->testThreadCommands().size(), atStart);
    EXPECT_TRUE(watch_->otherThreadCommands().empty());
    EXPECT_EQ(threadsOfThisProcess(), threadsBefore);
    EXPECT_EQ(f_->C_Finalize(nullptr), CKR_OK);
}

}  // namespace
}  // namespace ias::readahead
