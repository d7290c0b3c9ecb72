// The client's side of the pipe: the PIN goes from the socket straight into secure memory. A process that
// holds a PIN from askPin has it in locked pages (VmLck > 0) and, once the result is destroyed, no copy of it
// in a full core dump (gcore -a).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>
#include <cstdlib>
#include <fstream>

#include "support/MemoryDump.h"
#include "support/Processes.h"

using namespace ias::pinui::test;

namespace {

const std::string kPin = "61803398";

struct Probe {
    pid_t pid = -1;
    int toProbe = -1;
    int fromProbe = -1;

    explicit Probe(const std::string& answerFile) {
        int in[2], out[2];
        if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return;
        std::vector<std::string> env = {
            "DISPLAY=:fake", std::string("IAS_PINUI_PROBE_DIALOG=") + IAS_PINUI_FAKE_DIALOG,
            "IAS_PINENTRY_TEST_FAKE=okfile", "IAS_PINENTRY_TEST_ANSWER_FILE=" + answerFile};
        std::vector<char*> envp;
        for (auto& e : env) envp.push_back(e.data());
        envp.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], 0);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        std::string program = IAS_PINUI_CLIENT_PROBE;
        char* argv[] = {program.data(), nullptr};
        if (::posix_spawn(&pid, argv[0], &actions, nullptr, argv, envp.data()) != 0) pid = -1;
        posix_spawn_file_actions_destroy(&actions);
        ::close(in[0]);
        ::close(out[1]);
        toProbe = in[1];
        fromProbe = out[0];
    }
    ~Probe() {
        if (toProbe >= 0) ::close(toProbe);
        if (fromProbe >= 0) ::close(fromProbe);
        terminate(pid);
    }
    std::string line() const {
        std::string out;
        char c;
        while (::read(fromProbe, &c, 1) == 1 && c != '\n') out.push_back(c);
        return out;
    }
    void next() const { (void)!::write(toProbe, "\n", 1); }
};

}  // namespace

TEST(ClientMemory, ThePinIsLockedWhileHeldAndGoneOnceDropped) {
    if (!gcoreAvailable()) GTEST_SKIP() << "gcore (gdb) is not installed";
    if (kSanitizedBuild) GTEST_SKIP() << "no full core dump under AddressSanitizer";
    std::string answerFile = std::string(IAS_PINUI_TEST_TMP) + "/probe-answer";
    { std::ofstream(answerFile) << kPin; }
    Probe probe(answerFile);
    ASSERT_GT(probe.pid, 0);
    ASSERT_EQ(probe.line(), "HOLDING");
    ::unlink(answerFile.c_str());

    EXPECT_GT(lockedKilobytes(probe.pid), 0) << "the PIN is not in locked memory";
    std::string prefix = std::string(IAS_PINUI_TEST_TMP) + "/probe-core";
    std::string holding = dumpCore(probe.pid, prefix + "-holding");
    ASSERT_FALSE(holding.empty()) << "gcore could not dump the probe";
    // Control: the dump sees the PIN the result holds (exactly once: no stray copy beside the secure buffer).
    EXPECT_EQ(countOccurrences(holding, kPin), 1u);
    ::unlink(holding.c_str());

    probe.next();
    ASSERT_EQ(probe.line(), "WIPED");
    std::string dropped = dumpCore(probe.pid, prefix + "-dropped");
    ASSERT_FALSE(dropped.empty());
    EXPECT_EQ(countOccurrences(dropped, kPin), 0u) << "a copy of the PIN remains: " << dropped;
    if (!HasFailure()) ::unlink(dropped.c_str());
}
