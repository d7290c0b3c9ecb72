#pragma once
// For tests (--status-fd N): what the window does, as lines on a file descriptor, so that a test reads the
// verdicts without the screen. The words are fixed English keys, never the translated labels: "ready",
// "check <id> running", "check <id> <OK|WARN|FAIL|SKIP>", "done <exit code>", "saved <text|json> <path>",
// "save-failed <path>", "copied <bytes>", "clicked <what>", "launched <what> <0|1>", "anonymise <0|1>",
// "help-at <x> <y>" (the Help button's centre in the X window, for a test's mouse).
#include <string>

namespace ias::diaggtk {

class StatusLines {
public:
    explicit StatusLines(int fd = -1) : fd_(fd) {}
    void line(const std::string& text) const;

private:
    int fd_;
};

}  // namespace ias::diaggtk
