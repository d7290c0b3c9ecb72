#include "DialogProcess.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace ias::pinui::detail {

namespace {

// What the dialog needs to reach the user's display, speak the user's language and be accessible; nothing
// else of the host's environment goes through. IAS_PINENTRY_* carries test switches (docs/pin-ui.md).
constexpr const char* kPassedVariables[] = {
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "XDG_RUNTIME_DIR",
    "XDG_DATA_DIRS",
    "HOME",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "DBUS_SESSION_BUS_ADDRESS",
    "GDK_BACKEND",
    "GSK_RENDERER",
    "GTK_THEME",
    "GTK_A11Y",
    "GDK_SCALE",
    "GDK_DPI_SCALE",
};

std::vector<std::string> childEnvironment() {
    std::vector<std::string> env;
    for (const char* name : kPassedVariables) {
        const char* value = std::getenv(name);
        if (value != nullptr) env.push_back(std::string(name) + "=" + value);
    }
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        if (std::strncmp(*e, "IAS_PINENTRY_", 13) == 0) env.emplace_back(*e);
    }
    return env;
}

void closeFd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

std::string describeStatus(int status) {
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
    return "status " + std::to_string(status);
}

// Waits for `pid` until `deadline`. True once reaped (or reaped by someone else: a host with SIGCHLD
// ignored, or its own waitpid(-1)); `how` tells how it ended when known.
bool reapUntil(pid_t pid, const Deadline& deadline, std::string& how) {
    for (;;) {
        int status = 0;
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            how = describeStatus(status);
            return true;
        }
        if (r < 0 && errno != EINTR) {
            how = "reaped elsewhere";
            return true;
        }
        if (deadline.expired()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

int Deadline::remainingMs() const {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(end_ - std::chrono::steady_clock::now());
    return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

DialogProcess::DialogProcess(DialogProcess&& other) noexcept : pid_(other.pid_), channel_(other.channel_) {
    other.pid_ = -1;
    other.channel_ = -1;
}

DialogProcess& DialogProcess::operator=(DialogProcess&& other) noexcept {
    if (this != &other) {
        stop(std::chrono::milliseconds(0));
        pid_ = other.pid_;
        channel_ = other.channel_;
        other.pid_ = -1;
        other.channel_ = -1;
    }
    return *this;
}

DialogProcess::~DialogProcess() {
    stop(std::chrono::milliseconds(0));
}

DialogProcess DialogProcess::start(const std::string& program, std::string& error) {
    DialogProcess process;
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        error = std::string("socketpair failed: ") + std::strerror(errno);
        return process;
    }
    int ours = pair[0];
    // Above 2 so that dup2 onto 0 and 1 always makes fresh, inheritable descriptors.
    int theirs = ::fcntl(pair[1], F_DUPFD_CLOEXEC, 3);
    ::close(pair[1]);
    if (theirs < 0) {
        error = std::string("fcntl failed: ") + std::strerror(errno);
        ::close(ours);
        return process;
    }

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_adddup2(&actions, theirs, 0);
    posix_spawn_file_actions_adddup2(&actions, theirs, 1);
    // stderr stays the host's, for GTK's own diagnostics; everything from 3 up is closed.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    // The host may block or ignore signals (SIGPIPE, SIGTERM); the dialog starts with the defaults.
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> env = childEnvironment();
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string argv0 = program;
    char* argv[] = {argv0.data(), nullptr};

    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, program.c_str(), &actions, &attr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(theirs);
    if (rc != 0) {
        error = "cannot start " + program + ": " + std::strerror(rc);
        ::close(ours);
        return process;
    }
    process.pid_ = pid;
    process.channel_ = ours;
    return process;
}

bool DialogProcess::send(std::string_view text, const Deadline& deadline) {
    std::size_t done = 0;
    while (done < text.size()) {
        pollfd p{channel_, POLLOUT, 0};
        int pr = ::poll(&p, 1, deadline.remainingMs());
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) return false;
        ssize_t n = ::send(channel_, text.data() + done, text.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

ReadEnd DialogProcess::readLine(SecureBuffer& into, const Deadline& deadline) {
    std::size_t have = into.size();
    into.resize(into.capacity());
    auto finish = [&](ReadEnd end) {
        into.resize(have);  // wipes the unused tail
        return end;
    };
    while (have < into.capacity()) {
        pollfd p{channel_, POLLIN, 0};
        int pr = ::poll(&p, 1, deadline.remainingMs());
        if (pr < 0 && errno == EINTR) continue;
        if (pr < 0) return finish(ReadEnd::Error);
        if (pr == 0) return finish(ReadEnd::Timeout);
        ssize_t n = ::recv(channel_, into.data() + have, into.capacity() - have, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return finish(ReadEnd::Error);
        if (n == 0) return finish(ReadEnd::Eof);
        const std::uint8_t* start = into.data() + have;
        have += static_cast<std::size_t>(n);
        if (std::memchr(start, '\n', static_cast<std::size_t>(n)) != nullptr) return finish(ReadEnd::Line);
    }
    return finish(ReadEnd::Overflow);
}

std::string DialogProcess::stop(std::chrono::milliseconds grace) {
    closeFd(channel_);
    if (pid_ <= 0) return {};
    std::string how;
    if (!reapUntil(pid_, Deadline(grace), how)) {
        ::kill(pid_, SIGTERM);
        if (!reapUntil(pid_, Deadline(std::chrono::seconds(1)), how)) {
            ::kill(pid_, SIGKILL);
            reapUntil(pid_, Deadline(std::chrono::seconds(5)), how);
        }
    }
    pid_ = -1;
    return how;
}

}  // namespace ias::pinui::detail
