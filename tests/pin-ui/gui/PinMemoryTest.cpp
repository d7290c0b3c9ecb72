// The dialog's memory: pages locked while the PIN is typed; after the answer, a core dump of the still
// running process holds no copy of the PIN. The dialog is started directly (not through the client) with
// IAS_PINENTRY_TEST_PAUSE_AFTER_ANSWER, so that it stays alive after answering until the test kills it.
#include <spawn.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>

#include "support/DialogFixture.h"
#include "support/MemoryDump.h"

using namespace ias::pinui;
using namespace ias::pinui::test;
using namespace std::chrono_literals;

namespace {

const std::string kPin = "58274319";  // distinctive: no other 8-digit run of the process should match it

// ias-pinentry on a socket pair, as the client starts it, plus the test's pause switch.
struct PausedDialog {
    pid_t pid = -1;
    int channel = -1;

    explicit PausedDialog(const char* extraVariable) {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return;
        std::vector<std::string> env;
        for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
        env.emplace_back("IAS_PINENTRY_TEST_PAUSE_AFTER_ANSWER=1");
        if (extraVariable != nullptr) env.emplace_back(extraVariable);
        std::vector<char*> envp;
        for (auto& e : env) envp.push_back(e.data());
        envp.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, pair[1], 0);
        posix_spawn_file_actions_adddup2(&actions, pair[1], 1);
        std::string program = IAS_PINENTRY_BUILD_PATH;
        char* argv[] = {program.data(), nullptr};
        if (::posix_spawn(&pid, argv[0], &actions, nullptr, argv, envp.data()) != 0) pid = -1;
        posix_spawn_file_actions_destroy(&actions);
        ::close(pair[1]);
        channel = pair[0];
    }
    ~PausedDialog() {
        if (channel >= 0) ::close(channel);
        terminate(pid);
    }
    void send(const std::string& text) const {
        (void)::send(channel, text.data(), text.size(), MSG_NOSIGNAL);
    }
    // Everything the dialog writes until it closes its side (the pause point) or 10 s pass.
    std::string readToEnd() const {
        std::string out;
        timeval tv{10, 0};
        ::setsockopt(channel, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char buf[256];
        for (;;) {
            ssize_t n = ::recv(channel, buf, sizeof buf, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            out.append(buf, static_cast<std::size_t>(n));
        }
        return out;
    }
};

class DialogMemory : public DialogTest, public ::testing::WithParamInterface<const char*> {};

}  // namespace

// Default: accessibility off. With IAS_PINENTRY_ACCESSIBILITY=1, GTK sends each typed character to the
// accessibility bus, and clearing the entry one character at a time keeps the whole PIN out of those events.
TEST_P(DialogMemory, ThePinIsLockedWhileTypedAndGoneAfterTheAnswer) {
    if (!gcoreAvailable()) GTEST_SKIP() << "gcore (gdb) is not installed";
    if (kSanitizedBuild) GTEST_SKIP() << "no full core dump under AddressSanitizer";
    PausedDialog dialog(GetParam());
    ASSERT_GT(dialog.pid, 0);
    dialog.send(encodeRequest(request(PinKind::Authentication, 3)));
    std::string w = gui().waitForWindow(kTitleEn);
    ASSERT_FALSE(w.empty());
    gui().type(w, kPin);

    EXPECT_GT(lockedKilobytes(dialog.pid), 0) << "VmLck is 0 while the dialog holds a PIN";

    // Control: while the entry holds the PIN, the dump finds it; otherwise a clean dump would prove nothing.
    std::string prefix = std::string(IAS_PINUI_TEST_TMP) + "/pinentry-core";
    std::string before = dumpCore(dialog.pid, prefix + "-typed");
    ASSERT_FALSE(before.empty()) << "gcore could not dump the dialog";
    EXPECT_GE(countOccurrences(before, kPin), 1u) << "the search does not see the PIN held by the entry";
    ::unlink(before.c_str());

    gui().key(w, "Return");
    EXPECT_EQ(dialog.readToEnd(), "OK " + kPin + "\n");

    std::string after = dumpCore(dialog.pid, prefix + "-answered");
    ASSERT_FALSE(after.empty()) << "gcore could not dump the dialog after its answer";
    EXPECT_EQ(countOccurrences(after, kPin), 0u) << "the PIN is still in the dialog's memory: " << after;
    EXPECT_EQ(countOccurrences(after, utf16le(kPin)), 0u) << "a UTF-16 copy of the PIN remains: " << after;
    if (!HasFailure()) ::unlink(after.c_str());
}

INSTANTIATE_TEST_SUITE_P(Accessibility, DialogMemory,
                         ::testing::Values(nullptr, "IAS_PINENTRY_ACCESSIBILITY=1"),
                         [](const auto& info) { return std::string(info.param == nullptr ? "Off" : "On"); });
