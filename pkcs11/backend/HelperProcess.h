#pragma once
// A program of the package run by the module (the way ias-pinentry is: posix_spawn, never fork): its stdout
// a pipe to the module, stdin /dev/null, stderr the host's (for the log), no other descriptor, the card
// layer's environment only. Always reaped, only by the process that started it; killed if still running.
// Held by a pidfd: a host that reaps children itself (SIGCHLD ignored, waitpid(-1)) frees the pid for reuse,
// and a pid would then name another process to kill or another child to reap; the pidfd names only ours.
#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace ias::p11 {

class HelperProcess {
public:
    // Starts `program` with `args`; throws std::runtime_error (why) when it cannot.
    HelperProcess(const std::string& program, const std::vector<std::string>& args);
    // kill() and reap() when still running (in the process that started it; a forked child only lets go).
    ~HelperProcess();
    HelperProcess(const HelperProcess&) = delete;
    HelperProcess& operator=(const HelperProcess&) = delete;

    // What the program wrote until it closed its stdout (exit, kill), at most `limit` bytes; blocks, at most
    // `patience` (then what came so far).
    std::string output(std::size_t limit, std::chrono::milliseconds patience);
    // Without blocking: the program closed its stdout or wrote something (output() may still wait for more).
    bool readable() const;
    // SIGKILL unless already reaped. Thread-safe.
    void kill() noexcept;
    // Waits until the program has ended; how ("exit status 0", "killed by signal 9"). Thread-safe.
    std::string reap() noexcept;
    // The pid given at the start (for a log line, and tests); it may name another process once reaped.
    pid_t startedAs() const { return startedAs_; }

private:
    const pid_t owner_;
    std::mutex mutex_;  // guards pid_ and pidfd_ against kill() during or after reap()
    pid_t pid_ = -1;
    pid_t startedAs_ = -1;
    int pidfd_ = -1;  // -1: a kernel without pidfd_open (before 5.3): the pid is used, as before
    bool reapedElsewhere_ = false;  // the host reaped the helper: reap() says so, kill() sends nothing
    int out_ = -1;
};

}  // namespace ias::p11
