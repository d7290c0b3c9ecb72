#include "CardReader.h"

#include <chrono>

#include "ias/apdu/PcscTransport.h"
#include "ias/api/Card.h"

namespace ias::browser {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(500);

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
    }
    wake_.notify_all();
    worker_.join();
}

void CardReader::chooseReader(const std::string& reader) {
    {
        std::lock_guard lock(mutex_);
        if (wanted_ == reader) return;
        wanted_ = reader;
    }
    wake_.notify_all();
}

void CardReader::refresh() {
    {
        std::lock_guard lock(mutex_);
        refresh_ = true;
    }
    wake_.notify_all();
}

void CardReader::run() {
    for (;;) {
        look();
        std::unique_lock lock(mutex_);
        if (stopping_) break;
        wake_.wait_for(lock, kPollInterval, [this] { return stopping_ || refresh_; });
        if (stopping_) break;
    }
    context_.reset();
}

void CardReader::look() {
    std::optional<std::string> wanted;
    bool refresh = false;
    {
        std::lock_guard lock(mutex_);
        wanted = wanted_;
        refresh = refresh_;
        refresh_ = false;
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
        if (seen == lastSeen_ && !refresh) return;
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
        if (lastSeen_ == "no-service") return;
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
}

}  // namespace ias::browser
