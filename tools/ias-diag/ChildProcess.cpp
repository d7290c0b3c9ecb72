#include "ChildProcess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace ias::diag {
namespace {

constexpr std::size_t kMaxOut = 64 * 1024;
constexpr std::size_t kMaxErr = 4 * 1024;

struct Pipe {
    int fd[2] = {-1, -1};
    ~Pipe() {
        for (int f : fd)
            if (f >= 0) ::close(f);
    }
    void closeEnd(int i) {
        if (fd[i] >= 0) ::close(fd[i]);
        fd[i] = -1;
    }
};

void append(std::string& to, const char* data, std::size_t n, std::size_t max, bool keepTail) {
    to.append(data, n);
    if (to.size() > max) to = keepTail ? to.substr(to.size() - max) : to.substr(0, max);
}

}  // namespace

ChildOutcome runChild(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
    ChildOutcome o;
    Pipe out, err;
    if (::pipe2(out.fd, O_CLOEXEC) != 0 || ::pipe2(err.fd, O_CLOEXEC) != 0) {
        o.startError = std::string("pipe: ") + std::strerror(errno);
        return o;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out.fd[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err.fd[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        o.startError = std::string("cannot start ") + argv[0] + ": " + std::strerror(rc);
        return o;
    }
    o.started = true;
    out.closeEnd(1);
    err.closeEnd(1);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    bool outOpen = true, errOpen = true;
    char buffer[4096];
    while (outOpen || errOpen) {
        // Timed out only once the deadline has passed: the milliseconds left are rounded up, never down (a
        // truncated 0.9 ms used to end the wait just before the deadline).
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            o.timedOut = true;
            break;
        }
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
        pollfd fds[2] = {{out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}};
        if (!outOpen) fds[0].fd = -1;
        if (!errOpen) fds[1].fd = -1;
        const int n = ::poll(fds, 2, static_cast<int>(left.count()));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
            if (got <= 0) {
                (i == 0 ? outOpen : errOpen) = false;
                continue;
            }
            if (i == 0)
                append(o.out, buffer, static_cast<std::size_t>(got), kMaxOut, false);
            else
                append(o.err, buffer, static_cast<std::size_t>(got), kMaxErr, true);
        }
    }
    // Both pipes closed does not mean the child ended (it may have closed them and still run): bounded wait.
    int status = 0;
    for (;;) {
        const pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (o.timedOut || std::chrono::steady_clock::now() >= deadline) {
            o.timedOut = true;
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return o;
        }
        ::usleep(10 * 1000);
    }
    if (WIFSIGNALED(status)) {
        o.signalled = true;
        o.signal = WTERMSIG(status);
    } else if (WIFEXITED(status)) {
        o.exitStatus = WEXITSTATUS(status);
    }
    return o;
}

}  // namespace ias::diag
