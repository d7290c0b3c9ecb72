#pragma once
// One run of a program with its stdout and stderr read into strings, bounded in time: at the deadline the
// child is killed (SIGKILL) and reaped. Used for the module probe.
#include <chrono>
#include <string>
#include <vector>

namespace ias::diag {

struct ChildOutcome {
    bool started = false;
    std::string startError;
    bool timedOut = false;  // killed at the deadline
    bool signalled = false;
    int signal = 0;
    int exitStatus = 0;
    std::string out;
    std::string err;  // the last kMaxErr bytes
};

ChildOutcome runChild(const std::vector<std::string>& argv, std::chrono::milliseconds limit);

}  // namespace ias::diag
