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

void CardConfirmation::runIfIdle() noexcept {
    {
        std::lock_guard<std::mutex> lk(mutex_);
        if (started_) return;
        started_ = true;
    }
    read();
}

void CardConfirmation::wait() {
    runIfIdle();  // no thread started: this caller reads
    std::unique_lock<std::mutex> lk(mutex_);
    done_.wait(lk, [this] { return finished_.load(); });
}

void CardConfirmation::stop() noexcept {
    card_->stop();
    if (!finished()) debugLine([&] { return "background read of " + reader_ + ": stopped"; });
}

void CardConfirmation::finish() noexcept {
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
