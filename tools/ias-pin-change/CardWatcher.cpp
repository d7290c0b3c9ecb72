#include "CardWatcher.h"

#include <chrono>

#include "ChangeOutcome.h"
#include "ias/apdu/PcscTransport.h"
#include "ias/api/Card.h"

namespace ias::pinchange {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(500);

// The reader to use: the one named (exactly, or the one containing the name), else the first with a card.
std::optional<std::string> chooseReader(const PcscContext& context, const std::vector<std::string>& readers,
                                        const std::optional<std::string>& wanted) {
    for (const std::string& r : readers) {
        if (wanted ? (r == *wanted || r.find(*wanted) != std::string::npos) : context.cardPresent(r))
            return r;
    }
    return std::nullopt;
}

std::string keyOf(const CardSnapshot& s) {
    std::string key = std::to_string(static_cast<int>(s.presence)) + "|" + s.reader;
    for (const PinChoice& p : s.pins)
        key += "|" + toHex(p.authId) + ":" + std::to_string(p.triesLeft.value_or(-1)) +
               (p.blocked ? "b" : "") + (p.verified ? "v" : "");
    return key;
}

}  // namespace

struct CardWatcher::Connection {
    PcscContext context;
    std::unique_ptr<PcscTransport> transport;
    std::unique_ptr<api::Card> card;
    CardSnapshot snapshot;

    // The PINs a holder changes (not the PUK), each with its rules and tries left.
    void readPins() {
        snapshot.pins.clear();
        const api::Application& app = card->application();
        snapshot.cardLabel = app.tokenInfo.label;
        for (const api::PinInfo& info : app.pins) {
            if (info.role == api::PinRole::Unblocking || info.changeDisabled) continue;
            PinChoice pin;
            pin.authId = info.authId;
            pin.label = info.label;
            pin.signature = info.role == api::PinRole::Signature;
            pin.digitsOnly = info.type == api::PinType::AsciiNumeric;
            if (info.minLength > 0) pin.minLength = info.minLength;
            if (info.maxLength > 0) pin.maxLength = info.maxLength;
            snapshot.pins.push_back(pin);
        }
        for (PinChoice& pin : snapshot.pins) readPuk(pin);
        refreshStatus();
        for (PinChoice& pin : snapshot.pins) {
            try {
                pin.onPinPad = card->pinEntryOnReader(pin.authId);
                if (pin.puk) pin.puk->onPinPad = card->pukEntryOnReader(pin.authId);
            } catch (const std::exception&) {
                pin.onPinPad = false;
                if (pin.puk) pin.puk->onPinPad = false;
            }
        }
    }

    // The PUK the card wants for unblocking this PIN (libias-api's choice, as ias-tool's).
    void readPuk(PinChoice& pin) {
        try {
            const api::PinInfo* info = card->unblockingPuk(pin.authId);
            if (info == nullptr) return;
            PukChoice puk;
            puk.authId = info->authId;
            puk.label = info->label;
            puk.digitsOnly = info->type == api::PinType::AsciiNumeric;
            if (info->minLength > 0) puk.minLength = info->minLength;
            if (info->maxLength > 0) puk.maxLength = info->maxLength;
            pin.puk = puk;
        } catch (const TransportError&) {
            throw;
        } catch (const std::exception&) {
            pin.puk.reset();  // no unblock offered for this PIN
        }
    }

    // Tries left and the card's own length rules: VERIFY without data, no PIN sent.
    void refreshStatus() {
        for (PinChoice& pin : snapshot.pins) {
            refreshCounter(pin);
            if (pin.puk) refreshCounter(*pin.puk);
        }
    }

    // One PIN's or PUK's state from VERIFY without data (PinChoice and PukChoice hold the same fields).
    template <typename Choice>
    void refreshCounter(Choice& choice) {
        try {
            const api::PinStatus s = card->pinStatus(choice.authId);
            choice.blocked = s.blocked;
            choice.verified = s.verified;
            choice.triesLeft = s.triesLeft;
            choice.maxTries = s.maxTries;
            if (s.minLength > 0) choice.minLength = s.minLength;
            if (s.maxLength > 0) choice.maxLength = s.maxLength;
        } catch (const TransportError&) {
            throw;  // the card went away: the caller starts over
        } catch (const std::exception&) {
            choice.triesLeft.reset();  // unknown; the change itself will tell
        }
    }
};

CardWatcher::CardWatcher(std::optional<std::string> reader, SnapshotSink onSnapshot, OutcomeSink onOutcome)
    : wantedReader_(std::move(reader)), onSnapshot_(std::move(onSnapshot)), onOutcome_(std::move(onOutcome)) {
    worker_ = std::thread([this] { run(); });
}

CardWatcher::~CardWatcher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

void CardWatcher::requestChange(const Bytes& authId, SecureBuffer oldPin, SecureBuffer newPin) {
    {
        std::lock_guard lock(mutex_);
        job_ = Job{authId, false, std::move(oldPin), std::move(newPin)};
    }
    wake_.notify_all();
}

void CardWatcher::requestChangeOnPinPad(const Bytes& authId) {
    {
        std::lock_guard lock(mutex_);
        job_ = Job{authId, true, {}, {}};
    }
    wake_.notify_all();
}

void CardWatcher::requestUnblock(const Bytes& authId, SecureBuffer puk, SecureBuffer newPin,
                                 bool pukOnPinPad) {
    {
        std::lock_guard lock(mutex_);
        job_ = Job{authId, pukOnPinPad, std::move(puk), std::move(newPin), true};
    }
    wake_.notify_all();
}

void CardWatcher::run() {
    for (;;) {
        std::optional<Job> job;
        {
            std::unique_lock lock(mutex_);
            if (stopping_) break;
            job.swap(job_);
        }
        if (job) {
            ChangeOutcome outcome = change(*job);
            job.reset();  // the PINs' secure buffers are wiped here
            onOutcome_(outcome);
        } else {
            look();
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, kPollInterval, [this] { return stopping_ || job_.has_value(); });
    }
    connection_.reset();
}

void CardWatcher::look() {
    CardSnapshot snapshot;
    try {
        if (!connection_) connection_ = std::make_unique<Connection>();
        Connection& c = *connection_;
        const std::vector<std::string> readers = c.context.listReaders();
        if (readers.empty()) {
            c.card.reset();
            c.transport.reset();
            snapshot.presence = Presence::NoReader;
            return publish(snapshot, false);
        }
        const std::optional<std::string> reader = chooseReader(c.context, readers, wantedReader_);
        if (c.card && reader && *reader == c.transport->reader() && c.context.cardPresent(*reader)) {
            return;  // the same card, still there
        }
        c.card.reset();
        c.transport.reset();
        if (!reader || !c.context.cardPresent(*reader)) {
            snapshot.presence = wantedReader_ && !reader ? Presence::NoReader : Presence::NoCard;
            if (reader) snapshot.reader = *reader;
            return publish(snapshot, false);
        }
        c.snapshot = {};
        c.snapshot.reader = *reader;
        try {
            c.transport = std::make_unique<PcscTransport>(c.context, *reader);
            c.card = std::make_unique<api::Card>(*c.transport);
            c.readPins();
            c.snapshot.presence = c.snapshot.pins.empty() ? Presence::Unreadable : Presence::Ready;
        } catch (const TransportError&) {
            throw;
        } catch (const std::exception&) {
            c.snapshot.presence = Presence::Unreadable;  // not our card, or malformed content
        }
        publish(c.snapshot, true);
    } catch (const ReaderUnavailableError&) {
        // pcscd stopped (or never ran), or the reader went away: start over with a new context next time.
        connection_.reset();
        snapshot.presence = Presence::NoService;
        try {
            PcscContext probe;
            snapshot.presence = Presence::NoReader;
        } catch (const std::exception&) {
        }
        publish(snapshot, false);
    } catch (const TransportError&) {
        // Removed while being read: looked at again on the next round.
        if (connection_) {
            connection_->card.reset();
            connection_->transport.reset();
        }
        snapshot.presence = Presence::NoCard;
        publish(snapshot, false);
    }
}

ChangeOutcome CardWatcher::change(Job& job) {
    if (!connection_ || !connection_->card) {
        ChangeOutcome out;
        out.result = ChangeResult::CardRemoved;
        out.detail = "no card";
        return out;
    }
    Connection& c = *connection_;
    ChangeOutcome outcome;
    if (job.unblock) return unblock(job);
    try {
        if (job.onPinPad) {
            c.card->changePinOnReader(job.authId);
        } else {
            c.card->changePin(job.authId, job.oldPin, job.newPin);
        }
        outcome.detail = "changed";
    } catch (...) {
        outcome = outcomeOf(std::current_exception());
    }
    afterCardWork(job, outcome);
    return outcome;
}

// The counters after a change or an unblock (VERIFY without data), published; a lost card is dropped here
// and found again by look().
void CardWatcher::afterCardWork(const Job& job, ChangeOutcome& outcome) {
    Connection& c = *connection_;
    try {
        if (outcome.result != ChangeResult::CardRemoved) {
            c.refreshStatus();
            for (const PinChoice& pin : c.snapshot.pins)
                if (pin.authId == job.authId && outcome.result == ChangeResult::Unblocked)
                    outcome.triesLeft = pin.triesLeft ? pin.triesLeft : pin.maxTries;
            publish(c.snapshot, true);
        }
    } catch (const std::exception&) {
        c.card.reset();
        c.transport.reset();
    }
    if (outcome.result == ChangeResult::CardRemoved) {
        c.card.reset();
        c.transport.reset();
    }
}

// The PUK (typed, or on the reader's keypad) and the new PIN: Card::unblockPin / unblockPinOnReader, as
// `ias-tool pin unblock`. After it, the PIN's and the PUK's counters are read again.
ChangeOutcome CardWatcher::unblock(Job& job) {
    Connection& c = *connection_;
    ChangeOutcome outcome;
    outcome.unblocking = true;
    try {
        if (job.onPinPad) {
            c.card->unblockPinOnReader(job.authId, &job.newPin);
        } else {
            c.card->unblockPin(job.authId, job.oldPin, &job.newPin);
        }
        outcome.result = ChangeResult::Unblocked;
        outcome.detail = "unblocked";
    } catch (...) {
        outcome = unblockOutcomeOf(std::current_exception());
    }
    afterCardWork(job, outcome);
    return outcome;
}

void CardWatcher::publish(CardSnapshot snapshot, bool always) {
    std::string key = keyOf(snapshot);
    if (!always && key == lastPublished_) return;
    lastPublished_ = std::move(key);
    onSnapshot_(snapshot);
}

}  // namespace ias::pinchange
