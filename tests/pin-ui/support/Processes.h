#pragma once
// Small process helpers for the gui tests: run a tool to completion with a time limit, or keep a server
// running for the life of an object. Everything started is stopped and reaped.
#include <sys/types.h>
#include <chrono>
#include <string>
#include <vector>

namespace ias::pinui::test {

struct RunResult {
    int exitStatus = -1;  // -1: killed (time limit) or could not start
    std::string out;
};

// Runs argv[0] (an absolute path) with the test's environment; stdout captured, stderr kept.
RunResult run(const std::vector<std::string>& argv,
              std::chrono::milliseconds limit = std::chrono::seconds(60));

// A background process started with one extra descriptor (fd 3, the write end of a pipe) on which it
// announces itself with one line (Xvfb -displayfd 3, dbus-daemon --print-address=3).
class Announcing {
public:
    Announcing() = default;
    Announcing(const std::vector<std::string>& argv, std::chrono::milliseconds limit);
    Announcing(Announcing&& other) noexcept;
    Announcing& operator=(Announcing&& other) noexcept;
    ~Announcing();

    const std::string& announced() const { return line_; }
    pid_t pid() const { return pid_; }
    void stop();

private:
    pid_t pid_ = -1;
    std::string line_;
};

// SIGTERM, then SIGKILL after `grace`, then reap.
void terminate(pid_t pid, std::chrono::milliseconds grace = std::chrono::seconds(2));

}  // namespace ias::pinui::test
