#pragma once
// The card's word on a description the module showed from kept content (reading ahead: docs/performance.md,
// "Browser start"). describe() runs once on the card: on a thread of its own when the application lets the
// module create threads, otherwise on the caller's thread when a call first needs the card's objects. The
// thread never takes a module or reader lock: it only fills in its result, which the module settles under the
// reader lock (Module::settleConfirmation).
#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "TokenBackend.h"

namespace ias::p11 {

class CardConfirmation {
public:
    // `reader`: its name, for the log.
    CardConfirmation(std::shared_ptr<CardConnection> card, std::string reader);
    // Stops an unfinished read and joins its thread (in the process that started it; a forked child only
    // lets go).
    ~CardConfirmation();
    CardConfirmation(const CardConfirmation&) = delete;
    CardConfirmation& operator=(const CardConfirmation&) = delete;

    // On a new thread. False when no thread could be made: wait() then reads on the caller's thread.
    bool start() noexcept;
    // Reads on the caller's thread unless the read was started already (then returns at once). For a thread
    // the application lends the module: one blocked in C_WaitForSlotEvent.
    void runIfIdle() noexcept;
    bool finished() const noexcept { return finished_.load(); }
    // Until the result is there; reads on the caller's thread when no thread was started.
    void wait();
    // The card's next command fails, so a read in progress ends soon after (C_Finalize). Thread-safe.
    void stop() noexcept;
    // Waits for the read to end and its thread to be gone (stop() first to make that soon). Thread-safe.
    void finish() noexcept;

    // After wait(): the card's description, or what the read threw.
    const std::optional<CardDescription>& description() const { return description_; }
    std::exception_ptr error() const { return error_; }

private:
    void read() noexcept;

    const std::shared_ptr<CardConnection> card_;
    const std::string reader_;
    const pid_t owner_;

    std::mutex mutex_;  // guards started_, the thread object and the end of the read
    std::condition_variable done_;
    bool started_ = false;
    std::thread thread_;
    std::atomic<bool> finished_{false};
    std::optional<CardDescription> description_;  // written once, before finished_
    std::exception_ptr error_;
};

}  // namespace ias::p11
