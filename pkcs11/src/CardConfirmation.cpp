#include "CardConfirmation.h"

#include <unistd.h>

#include <chrono>

#include "ModuleLog.h"

namespace ias::p11 {
namespace {

// A debug line that may fail to be made (no memory) without ending the process.
template <typename F>
void debugLine(F&& text) noexcept {
    try {
        logDebug(text());
    } catch (...) {
    }
}

}  // namespace

CardConfirmation::CardConfirmation(std::shared_ptr<CardConnection> card, std::string reader)
    : card_(std::move(card)), reader_(std::move(reader)), owner_(getpid()) {}

CardConfirmation::~CardConfirmation() {
    if (getpid() == owner_) {
        // Unfinished, it reads a card that is being let go (removed, or the module finalised).
        if (!finished()) stop();
        finish();
        return;
    }
    // A forked child: the thread was the parent's and does not exist here.
    std::lock_guard<std::mutex> lk(mutex_);
    if (thread_.joinable()) thread_.detach();
}

bool CardConfirmation::start() noexcept {
    std::lock_guard<std::mutex> lk(mutex_);
    if (started_) return true;
    try {
        thread_ = std::thread([this] { read(); });
    } catch (...) {
        return false;  // no thread (resources): the first call that needs the card reads it
    }
    started_ = true;
    return true;
}

void CardConfirmation::read() noexcept {
    const auto begin = std::chrono::steady_clock::now();
    const std::uint64_t before = card_->commandsSent();
    debugLine([&] { return "background read of " + reader_ + ": start"; });
    std::optional<CardDescription> description;
    std::exception_ptr error;
    try {
        description = card_->describe();
    } catch (...) {
        error = std::current_exception();
    }
    debugLine([&] {
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - begin)
                .count();
        return "background read of " + reader_ + ": done, " + std::to_string(card_->commandsSent() - before) +
               " commands, " + std::to_string(ms) + " ms" + (error ? ", failed" : "");
    });
    {
        std::lock_guard<std::mutex> lk(mutex_);
        description_ = std::move(description);
        error_ = error;
        finished_.store(true);
    }
    done_.notify_all();
}

void CardConfirmation::startElsewhere(std::unique_ptr<RemoteConfirmation> remote,
                                      std::shared_ptr<CardConnection> kept, std::string shown) {
    std::lock_guard<std::mutex> lk(mutex_);
    remote_ = std::move(remote);
    kept_ = std::move(kept);
    shown_ = std::move(shown);
    debugLine([&] { return "background read of " + reader_ + ": start, in ias-card-confirm"; });
}

bool CardConfirmation::collect() noexcept {
    std::shared_ptr<RemoteConfirmation> remote;
    {
        std::lock_guard<std::mutex> lk(mutex_);
        remote = remote_;
    }
    if (!remote) return false;
    std::string why;
    std::optional<std::string> digest;
    try {
        digest = remote->verdict(why);
    } catch (...) {
        why = "no answer";
    }
    const bool same = digest && *digest == shown_;
    {
        std::lock_guard<std::mutex> lk(mutex_);
        if (!remote_) return keptConfirmed_;  // collected by another caller meanwhile
        remote_.reset();                      // reaped by verdict()
        if (same) {
            keptConfirmed_ = true;
            started_ = true;
            finished_.store(true);
        }
    }
    if (same) {
        debugLine(
            [&] { return "background read of " + reader_ + ": verdict of ias-card-confirm: the same"; });
        done_.notify_all();
        return true;
    }
    // The card here confirms instead (today's way): it differs, or the helper could not say.
    kept_.reset();
    debugLine([&] {
        return "card in " + reader_ + ": ias-card-confirm " +
               (digest ? std::string("found other content") : "could not confirm: " + why) +
               "; the card is read at the first call that needs its objects";
    });
    return false;
}

void CardConfirmation::collectIfAnswered() noexcept {
    std::shared_ptr<RemoteConfirmation> remote;
    {
        std::lock_guard<std::mutex> lk(mutex_);
        remote = remote_;
    }
    if (remote && remote->ready()) collect();
}

void CardConfirmation::runIfIdle() noexcept {
    {
        std::lock_guard<std::mutex> lk(mutex_);
        if (started_ || remote_) return;
        started_ = true;
    }
    read();
}

void CardConfirmation::wait() {
    if (collect()) return;
    runIfIdle();  // no thread started: this caller reads
    std::unique_lock<std::mutex> lk(mutex_);
    done_.wait(lk, [this] { return finished_.load(); });
}

void CardConfirmation::stop() noexcept {
    std::shared_ptr<RemoteConfirmation> remote;
    {
        std::lock_guard<std::mutex> lk(mutex_);
        remote = remote_;
    }
    if (remote) remote->stop();
    card_->stop();
    if (!finished()) debugLine([&] { return "background read of " + reader_ + ": stopped"; });
}

void CardConfirmation::finish() noexcept {
    // The helper, stopped or not, is waited for and reaped here (C_Finalize): no zombie is left.
    std::shared_ptr<RemoteConfirmation> remote;
    {
        std::lock_guard<std::mutex> lk(mutex_);
        remote = std::move(remote_);
    }
    remote.reset();
    std::unique_lock<std::mutex> lk(mutex_);
    if (!started_) return;
    done_.wait(lk, [this] { return finished_.load(); });
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
        std::thread t = std::move(thread_);
        lk.unlock();
        t.join();
    }
}

}  // namespace ias::p11
