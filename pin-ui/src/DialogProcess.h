#pragma once
// One run of the dialog program: spawned with posix_spawn, a socket pair as its stdin and stdout, a minimal
// environment, no other descriptor, and always reaped. Private to ias_pinui_client.
#include <sys/types.h>
#include <chrono>
#include <string>
#include <string_view>

#include "ias/apdu/SecureBuffer.h"

namespace ias::pinui::detail {

class Deadline {
public:
    explicit Deadline(std::chrono::milliseconds fromNow) : end_(std::chrono::steady_clock::now() + fromNow) {}
    bool expired() const { return std::chrono::steady_clock::now() >= end_; }
    // Milliseconds left, rounded up, for poll(); 0 once expired.
    int remainingMs() const;

private:
    std::chrono::steady_clock::time_point end_;
};

enum class ReadEnd { Line, Eof, Timeout, Overflow, Error };

class DialogProcess {
public:
    DialogProcess() = default;
    DialogProcess(DialogProcess&& other) noexcept;
    DialogProcess& operator=(DialogProcess&& other) noexcept;
    DialogProcess(const DialogProcess&) = delete;
    DialogProcess& operator=(const DialogProcess&) = delete;
    ~DialogProcess();

    // Starts `program`; on failure returns a process that is not running and sets `error`.
    static DialogProcess start(const std::string& program, std::string& error);

    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }

    // Sends all of `text` (never raises SIGPIPE). False if the dialog is gone or the deadline passed.
    bool send(std::string_view text, const Deadline& deadline);

    // Reads into `into` (its capacity bounds the line) until a newline arrives, the peer closes, the
    // deadline passes or the capacity is exhausted. Bytes are received straight into secure memory.
    ReadEnd readLine(SecureBuffer& into, const Deadline& deadline);

    // Closes the channel, gives the dialog `grace` to exit, then SIGTERM, then SIGKILL; always reaps.
    // Returns a short description of how it ended ("exit status 2", "killed by signal 9").
    std::string stop(std::chrono::milliseconds grace);

private:
    pid_t pid_ = -1;
    int channel_ = -1;
};

}  // namespace ias::pinui::detail
