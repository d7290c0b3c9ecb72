#pragma once
// All card I/O of the window, on one worker thread: it looks for a reader and a card twice a second, reads
// the card's PINs (AODF, rules, tries left by VERIFY without data) when one appears, and runs the PIN
// changes the window asks for. Results go to the callbacks, called on the worker thread (the window hands
// them to GTK's main loop). GTK's thread never waits for the card.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "CardSnapshot.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::pinchange {

class CardWatcher {
public:
    using SnapshotSink = std::function<void(const CardSnapshot&)>;
    using OutcomeSink = std::function<void(const ChangeOutcome&)>;

    // `reader`: a reader name (or part of one) to use, else the first reader with a card.
    CardWatcher(std::optional<std::string> reader, SnapshotSink onSnapshot, OutcomeSink onOutcome);
    ~CardWatcher();  // stops and joins the worker
    CardWatcher(const CardWatcher&) = delete;
    CardWatcher& operator=(const CardWatcher&) = delete;

    // Typed PINs (secure buffers, moved in); or, with none, the change on the reader's PIN-pad.
    void requestChange(const Bytes& authId, SecureBuffer oldPin, SecureBuffer newPin);
    void requestChangeOnPinPad(const Bytes& authId);
    // Unblock with the PUK (typed, moved in; empty when `pukOnPinPad`: the reader's keypad takes it) and the
    // new PIN.
    void requestUnblock(const Bytes& authId, SecureBuffer puk, SecureBuffer newPin, bool pukOnPinPad);

private:
    struct Job {
        Bytes authId;
        bool onPinPad = false;
        SecureBuffer oldPin;  // the current PIN, or the PUK of an unblock
        SecureBuffer newPin;
        bool unblock = false;
    };
    struct Connection;

    void run();
    void look();
    ChangeOutcome change(Job& job);
    ChangeOutcome unblock(Job& job);
    void afterCardWork(const Job& job, ChangeOutcome& outcome);
    void publish(CardSnapshot snapshot, bool always);

    std::optional<std::string> wantedReader_;
    SnapshotSink onSnapshot_;
    OutcomeSink onOutcome_;
    std::unique_ptr<Connection> connection_;  // worker thread only
    std::string lastPublished_;               // worker thread only

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::optional<Job> job_;
    std::thread worker_;
};

}  // namespace ias::pinchange
