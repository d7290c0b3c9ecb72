// HelperProcess (pkcs11/backend): the module's child process is reaped and killed through a pidfd, so a host
// that reaps children itself cannot make it signal or reap another process that got the helper's pid.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "HelperProcess.h"

namespace ias::p11 {
namespace {

using namespace std::chrono_literals;

// SIGCHLD ignored, as some hosts do: the kernel reaps every child at once. Restored at the end of the scope.
class HostReapsChildren {
public:
    HostReapsChildren() {
        ignore_.sa_handler = SIG_IGN;
        ::sigaction(SIGCHLD, &ignore_, &saved_);
    }
    ~HostReapsChildren() { restore(); }
    void restore() { ::sigaction(SIGCHLD, &saved_, nullptr); }

private:
    struct sigaction ignore_ {};
    struct sigaction saved_ {};
};

// A helper that ends only when released (the FIFO opened and closed for writing), so that it is surely
// running while HelperProcess starts it.
class HeldHelper {
public:
    HeldHelper() {
        char dir[] = "/tmp/ias-helper-process.XXXXXX";
        if (::mkdtemp(dir) == nullptr) throw std::runtime_error("mkdtemp");
        dir_ = dir;
        fifo_ = dir_ + "/release";
        if (::mkfifo(fifo_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo");
        helper.emplace("/bin/sh", std::vector<std::string>{"-c", "cat \"$0\" >/dev/null", fifo_});
    }
    ~HeldHelper() {
        helper.reset();
        ::unlink(fifo_.c_str());
        ::rmdir(dir_.c_str());
    }
    void release() { ::close(::open(fifo_.c_str(), O_WRONLY)); }
    std::optional<HelperProcess> helper;

private:
    std::string dir_, fifo_;
};

// Waits until `pid` names no process (the kernel reaped it); a generous bound turns a fault into a failure.
bool gone(pid_t pid) {
    for (int i = 0; i < 60000; ++i) {
        if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
        ::usleep(1000);
    }
    return false;
}

// A child of ours that waits to be killed, made to get `wanted` as its pid through ns_last_pid (root only).
// Other processes may fork between the write and ours: tried again, 200 times at most.
pid_t childWithPid(pid_t wanted) {
    for (int attempt = 0; attempt < 200; ++attempt) {
        {
            std::ofstream last("/proc/sys/kernel/ns_last_pid");
            last << (wanted - 1);
            if (!last.flush()) return -1;
        }
        const pid_t child = ::fork();
        if (child == 0) {
            for (;;) ::pause();
        }
        if (child == wanted || child < 0) return child;
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
    }
    return -1;
}

TEST(HelperProcess, SaysHowTheProgramEnded) {
    HelperProcess done("/bin/sh", {"-c", "echo ready; exit 3"});
    EXPECT_EQ(done.output(64, 60s), "ready\n");
    EXPECT_EQ(done.reap(), "exit status 3");
    HelperProcess sleeper("/bin/sh", {"-c", "exec sleep 600"});
    sleeper.kill();
    EXPECT_EQ(sleeper.reap(), "killed by signal 9");
    EXPECT_EQ(sleeper.reap(), "reaped");
}

TEST(HelperProcess, AHostThatReapsChildrenIsSaidSo) {
    HostReapsChildren host;
    HeldHelper held;
    HelperProcess& helper = *held.helper;
    held.release();
    EXPECT_EQ(helper.output(64, 60s), "");  // stdout closed: it ended
    ASSERT_TRUE(gone(helper.startedAs()));
    EXPECT_EQ(helper.reap(), "reaped elsewhere");
}

TEST(HelperProcess, APidReusedAfterTheHostReapedTheHelperIsNeitherKilledNorReaped) {
    if (::geteuid() != 0) GTEST_SKIP() << "ns_last_pid needs root (CI runs as root)";
    HostReapsChildren host;
    HeldHelper held;
    HelperProcess& helper = *held.helper;
    held.release();
    EXPECT_EQ(helper.output(64, 60s), "");
    const pid_t old = helper.startedAs();
    ASSERT_TRUE(gone(old));
    host.restore();  // the other child is the host's own, reaped by the host below
    const pid_t other = childWithPid(old);
    if (other != old) GTEST_SKIP() << "could not give another process the helper's old pid " << old;
    helper.kill();
    EXPECT_EQ(helper.reap(), "reaped elsewhere");
    int status = 0;
    EXPECT_EQ(::waitpid(other, &status, WNOHANG), 0) << "the host's other child was killed or reaped";
    ::kill(other, SIGKILL);
    ASSERT_EQ(::waitpid(other, &status, 0), other);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

}  // namespace
}  // namespace ias::p11
