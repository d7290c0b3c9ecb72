#include "HelperProcess.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
// glibc 2.36's <sys/pidfd.h> (Debian 12) lacks its extern "C" block (added in 2.37).
extern "C" {
#include <sys/pidfd.h>
}
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace ias::p11 {
namespace {

// The card layer reads these (the private pcscd of a test bed, the configuration with its SM keys, the log
// level, where content is kept); nothing else of the host's environment reaches the helper.
bool passed(const char* entry) {
    static const char* const kNames[] = {"HOME=", "XDG_CACHE_HOME=", "PCSCLITE_CSOCK_NAME=", "LANG="};
    if (std::strncmp(entry, "IAS_ECC_", 8) == 0) return true;
    for (const char* name : kNames)
        if (std::strncmp(entry, name, std::strlen(name)) == 0) return true;
    return false;
}

class SpawnSetup {
public:
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
};

}  // namespace

HelperProcess::HelperProcess(const std::string& program, const std::vector<std::string>& args)
    : owner_(getpid()) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    SpawnSetup s;
    posix_spawn_file_actions_addopen(&s.actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&s.actions, fds[1], 1);  // dup2 clears FD_CLOEXEC on 1
    posix_spawn_file_actions_addclosefrom_np(&s.actions, 3);
    // The host may block or ignore signals; the helper starts with the defaults (SIGTERM, SIGPIPE end it).
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&s.attr, &none);
    posix_spawnattr_setsigdefault(&s.attr, &all);
    posix_spawnattr_setflags(&s.attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> argStore{program};
    argStore.insert(argStore.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argStore) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e)
        if (passed(*e)) envp.push_back(*e);
    envp.push_back(nullptr);

    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, program.c_str(), &s.actions, &s.attr, argv.data(), envp.data());
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
    }
    pid_ = startedAs_ = pid;
    out_ = fds[0];
    pidfd_ = ::pidfd_open(pid, 0);  // close-on-exec by the kernel
    // ESRCH: a host that reaps every child already reaped this one (it ended at once): nothing left to kill.
    if (pidfd_ < 0 && errno == ESRCH) {
        pid_ = -1;
        reapedElsewhere_ = true;
    }
}

HelperProcess::~HelperProcess() {
    if (getpid() != owner_) {
        // A forked child: the helper is the parent's, not ours to kill or reap.
        if (out_ >= 0) ::close(out_);
        if (pidfd_ >= 0) ::close(pidfd_);
        return;
    }
    kill();
    reap();
}

std::string HelperProcess::output(std::size_t limit, std::chrono::milliseconds patience) {
    const auto end = std::chrono::steady_clock::now() + patience;
    std::string text;
    char buf[512];
    while (out_ >= 0 && text.size() < limit) {
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{out_, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break;
        const ssize_t n = ::read(out_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    return text;
}

bool HelperProcess::readable() const {
    if (out_ < 0) return true;
    pollfd p{out_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
}

void HelperProcess::kill() noexcept {
    std::lock_guard<std::mutex> lk(mutex_);
    if (pid_ <= 0 || getpid() != owner_) return;
    if (pidfd_ >= 0)
        ::pidfd_send_signal(pidfd_, SIGKILL, nullptr, 0);
    else
        ::kill(pid_, SIGKILL);
}

std::string HelperProcess::reap() noexcept {
    std::lock_guard<std::mutex> lk(mutex_);
    if (out_ >= 0) {
        ::close(out_);
        out_ = -1;
    }
    if (pid_ <= 0) return reapedElsewhere_ ? "reaped elsewhere" : "reaped";
    siginfo_t info{};
    int r;
    do {
        r = pidfd_ >= 0 ? ::waitid(P_PIDFD, static_cast<id_t>(pidfd_), &info, WEXITED)
                        : ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED);
    } while (r < 0 && errno == EINTR);
    pid_ = -1;
    if (pidfd_ >= 0) {
        ::close(pidfd_);
        pidfd_ = -1;
    }
    if (r < 0) {  // a host that ignores SIGCHLD or waits for any child
        reapedElsewhere_ = true;
        return "reaped elsewhere";
    }
    if (info.si_code == CLD_EXITED) return "exit status " + std::to_string(info.si_status);
    if (info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED)
        return "killed by signal " + std::to_string(info.si_status);
    return "ended";
}

}  // namespace ias::p11
