#include "CardReader.h"

#include <winscard.h>

#include <chrono>

#include "ias/apdu/PcscTransport.h"
#include "ias/api/Card.h"

namespace ias::browser {

namespace {

// Without pcscd: how often to look for it again.
constexpr auto kServicePoll = std::chrono::milliseconds(500);
// The longest wait for a PC/SC event: a wake-up (refresh, another reader) that lands just before the wait
// begins is lost to SCardCancel, and costs at most this.
constexpr DWORD kEventBoundMs = 1000;
constexpr const char* kPnp = "\\\\?PnP?\\Notification";

// Blocks until PC/SC reports a change (a reader added or removed: the PnP pseudo-reader; a card inserted or
// removed in one of `readers`), SCardCancel from another thread, or the bound. No APDU, no connection.
void waitForReaderEvent(SCARDCONTEXT context, const std::vector<ReaderEntry>& readers) {
    std::vector<SCARD_READERSTATE> states(readers.size() + 1);
    states[0].szReader = kPnp;
    states[0].dwCurrentState = static_cast<DWORD>(readers.size()) << 16;  // pcsc-lite: the reader count
    for (std::size_t i = 0; i < readers.size(); ++i) {
        states[i + 1].szReader = readers[i].name.c_str();
        states[i + 1].dwCurrentState = SCARD_STATE_UNAWARE;
    }
    // The readers' states now, so that the wait below reports only what changes after them.
    if (SCardGetStatusChange(context, 0, states.data() + 1, static_cast<DWORD>(readers.size())) !=
        SCARD_S_SUCCESS)
        return;  // a reader left meanwhile: look again
    for (std::size_t i = 1; i < states.size(); ++i)
        states[i].dwCurrentState = states[i].dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
    SCardGetStatusChange(context, kEventBoundMs, states.data(), static_cast<DWORD>(states.size()));
}

// The reader to show: the one named (exactly, or the one containing the name), else the first with a card,
// else the first.
std::string chooseShown(const std::vector<ReaderEntry>& readers, const std::optional<std::string>& wanted) {
    if (wanted) {
        for (const ReaderEntry& r : readers)
            if (r.name == *wanted) return r.name;
        for (const ReaderEntry& r : readers)
            if (r.name.find(*wanted) != std::string::npos) return r.name;
    }
    for (const ReaderEntry& r : readers)
        if (r.hasCard) return r.name;
    return readers.empty() ? std::string() : readers.front().name;
}

}  // namespace

CardReader::CardReader(std::optional<std::string> reader, PageSink onPage)
    : onPage_(std::move(onPage)), wanted_(std::move(reader)) {
    worker_ = std::thread([this] { run(); });
}

CardReader::~CardReader() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wakeLocked();
    }
    worker_.join();
}

void CardReader::chooseReader(const std::string& reader) {
    std::lock_guard lock(mutex_);
    if (wanted_ == reader) return;
    wanted_ = reader;
    wantedChanged_ = true;
    wakeLocked();
}

void CardReader::refresh() {
    std::lock_guard lock(mutex_);
    refresh_ = true;
    wakeLocked();
}

// Look, then wait for the next PC/SC event (or a wake-up from the window, or pcscd to appear).
void CardReader::run() {
    for (;;) {
        const std::vector<ReaderEntry> readers = look();
        std::unique_lock lock(mutex_);
        if (stopping_) break;
        if (refresh_ || wantedChanged_) continue;
        if (!context_) {
            wake_.wait_for(lock, kServicePoll, [this] { return stopping_ || refresh_ || wantedChanged_; });
            continue;
        }
        waiting_ = context_->handle();
        lock.unlock();
        waitForReaderEvent(static_cast<SCARDCONTEXT>(context_->handle()), readers);
        lock.lock();
        waiting_ = 0;
    }
    context_.reset();
}

// From the window's thread: end the worker's wait now (SCardCancel is pcsc-lite's way for another thread).
void CardReader::wakeLocked() {
    if (waiting_ != 0) SCardCancel(static_cast<SCARDCONTEXT>(waiting_));
    wake_.notify_all();
}

std::vector<ReaderEntry> CardReader::look() {
    std::optional<std::string> wanted;
    bool refresh = false;
    {
        std::lock_guard lock(mutex_);
        wanted = wanted_;
        refresh = refresh_;
        refresh_ = false;
        wantedChanged_ = false;
    }
    CardPage page;
    try {
        if (!context_) context_ = std::make_unique<PcscContext>();
        for (const std::string& name : context_->listReaders())
            page.readers.push_back({name, context_->cardPresent(name)});
        page.reader = chooseShown(page.readers, wanted);
        // What the watcher saw: the readers, which hold a card, and the one shown. Unchanged → nothing sent.
        std::string seen = page.reader;
        for (const ReaderEntry& r : page.readers) seen += "|" + r.name + (r.hasCard ? "+" : "-");
        if (seen == lastSeen_ && !refresh) return page.readers;
        lastSeen_ = seen;
        if (page.readers.empty()) {
            page.presence = Presence::NoReader;
        } else if (!context_->cardPresent(page.reader)) {
            page.presence = Presence::NoCard;
        } else {
            CardPage read = readCardPage(*context_, page.reader);
            read.readers = page.readers;
            page = std::move(read);
            if (page.presence == Presence::NoCard) lastSeen_.clear();  // left while read: look again
        }
    } catch (const std::exception&) {
        // pcscd stopped (or never ran): a new context next time; said once.
        context_.reset();
        if (lastSeen_ == "no-service") return {};
        lastSeen_ = "no-service";
        page = CardPage{};
        page.presence = Presence::NoService;
        try {
            PcscContext probe;
            page.presence = Presence::NoReader;  // it answers again (it started meanwhile)
            lastSeen_.clear();
        } catch (const std::exception&) {
        }
    }
    onPage_(page);
    return page.readers;
}

}  // namespace ias::browser
