#pragma once
// The card's word on a description the module showed from kept content (reading ahead: docs/performance.md,
// "Browser start"). describe() runs once on the card: on a thread of its own when the application lets the
// module create threads; otherwise in another process (startElsewhere: the ias-card-confirm helper), whose
// verdict the first call that needs the card's objects collects; otherwise, or when the helper cannot say
// the card holds what was shown, on the caller's thread when a call first needs the card's objects. The
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
    // Where no thread may be made: another process confirms the card (`remote`); `kept` is the kept view
    // (its transaction released) that showed the description whose digest is `shown`. If the verdict is
    // that digest, wait() reads nothing and keptConfirmed() is true; else wait() reads as without it.
    void startElsewhere(std::unique_ptr<RemoteConfirmation> remote, std::shared_ptr<CardConnection> kept,
                        std::string shown);
    // Reads on the caller's thread unless the read was started already or another process confirms the
    // card (then returns at once). For a thread the application lends the module: one blocked in
    // C_WaitForSlotEvent.
    void runIfIdle() noexcept;
    // Without blocking: collects the other process's verdict when it has answered (reaps it: no zombie
    // waits for the first call that needs objects).
    void collectIfAnswered() noexcept;
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
    // After wait(): the other process confirmed what the kept view showed; keptView() serves the card.
    bool keptConfirmed() const { return keptConfirmed_; }
    std::shared_ptr<CardConnection> keptView() const { return kept_; }

private:
    void read() noexcept;
    // The other process's verdict, once (blocks until it answered); true when it confirmed the view.
    bool collect() noexcept;

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

    // startElsewhere(): guarded by mutex_ (stop() may come from another thread while collect() waits).
    std::shared_ptr<RemoteConfirmation> remote_;
    std::shared_ptr<CardConnection> kept_;
    std::string shown_;
    bool keptConfirmed_ = false;  // written once, before finished_
};

}  // namespace ias::p11
