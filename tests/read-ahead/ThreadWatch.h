#pragma once
// A card endpoint that notes which thread sent each command and can hold back the commands of every thread
// but the test's own (the module's read ahead) until the test lets them go.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/InProcessTransport.h"

namespace ias::readahead {

class ThreadWatch : public CardEndpoint {
public:
    explicit ThreadWatch(CardEndpoint& card) : card_(card), test_(std::this_thread::get_id()) {}

    Bytes atr() const override { return card_.atr(); }
    void reset() override {
        std::lock_guard<std::mutex> lk(mutex_);
        card_.reset();
    }
    Bytes process(ByteView command) override {
        std::unique_lock<std::mutex> lk(mutex_);
        const bool other = std::this_thread::get_id() != test_;
        if (other && holding_) {
            ++othersWaiting_;
            changed_.notify_all();
            // Hang guard only: the test lets it go.
            changed_.wait_for(lk, std::chrono::seconds(60), [&] { return !holding_; });
            --othersWaiting_;
        }
        (other ? others_ : testCommands_).emplace_back(command.begin(), command.end());
        return card_.process(command);
    }

    void hold() {
        std::lock_guard<std::mutex> lk(mutex_);
        holding_ = true;
    }
    void release() {
        {
            std::lock_guard<std::mutex> lk(mutex_);
            holding_ = false;
        }
        changed_.notify_all();
    }
    // Until a command of another thread waits (true), or 60 s passed (false).
    bool otherThreadWaits() {
        std::unique_lock<std::mutex> lk(mutex_);
        return changed_.wait_for(lk, std::chrono::seconds(60), [&] { return othersWaiting_ > 0; });
    }
    std::vector<Bytes> testThreadCommands() {
        std::lock_guard<std::mutex> lk(mutex_);
        return testCommands_;
    }
    std::vector<Bytes> otherThreadCommands() {
        std::lock_guard<std::mutex> lk(mutex_);
        return others_;
    }

private:
    CardEndpoint& card_;
    const std::thread::id test_;
    std::mutex mutex_;
    std::condition_variable changed_;
    bool holding_ = false;
    int othersWaiting_ = 0;
    std::vector<Bytes> testCommands_;
    std::vector<Bytes> others_;
};

}  // namespace ias::readahead
