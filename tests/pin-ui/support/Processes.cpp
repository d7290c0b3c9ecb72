#include "Processes.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <thread>

namespace ias::pinui::test {

namespace {

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// Spawns with `pipeWrite` as fd `target`; returns the pid or -1.
pid_t spawnWith(std::vector<std::string> argv, int pipeWrite, int target) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeWrite, target);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    auto args = pointers(argv);
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

// Reads until a newline (or end of file) arrives on `fd`, within `limit`.
std::string readLine(int fd, std::chrono::milliseconds limit, bool untilEof) {
    std::string out;
    auto end = std::chrono::steady_clock::now() + limit;
    for (;;) {
        auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{fd, POLLIN, 0};
        int pr = ::poll(&p, 1, static_cast<int>(left.count()));
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) break;
        char buf[4096];
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
        if (!untilEof && out.find('\n') != std::string::npos) break;
    }
    return out;
}

}  // namespace

void terminate(pid_t pid, std::chrono::milliseconds grace) {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    auto end = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < end) {
        if (::waitpid(pid, nullptr, WNOHANG) != 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
    RunResult result;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return result;
    pid_t pid = spawnWith(argv, fds[1], STDOUT_FILENO);
    ::close(fds[1]);
    if (pid < 0) {
        ::close(fds[0]);
        return result;
    }
    result.out = readLine(fds[0], limit, true);
    ::close(fds[0]);
    auto end = std::chrono::steady_clock::now() + limit;
    int status = 0;
    for (;;) {
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            result.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            return result;
        }
        if (std::chrono::steady_clock::now() >= end) {
            terminate(pid, std::chrono::milliseconds(500));
            return result;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

Announcing::Announcing(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    pid_ = spawnWith(argv, fds[1], 3);
    ::close(fds[1]);
    if (pid_ > 0) line_ = readLine(fds[0], limit, false);
    ::close(fds[0]);
    while (!line_.empty() && (line_.back() == '\n' || line_.back() == '\r')) line_.pop_back();
}

Announcing::Announcing(Announcing&& other) noexcept : pid_(other.pid_), line_(std::move(other.line_)) {
    other.pid_ = -1;
}

Announcing& Announcing::operator=(Announcing&& other) noexcept {
    if (this != &other) {
        stop();
        pid_ = other.pid_;
        line_ = std::move(other.line_);
        other.pid_ = -1;
    }
    return *this;
}

Announcing::~Announcing() {
    stop();
}

void Announcing::stop() {
    terminate(pid_);
    pid_ = -1;
}

}  // namespace ias::pinui::test
