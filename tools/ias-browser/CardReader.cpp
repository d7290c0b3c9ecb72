#include "CardReader.h"

#include <chrono>
#include <ctime>

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

CardPage readCardPage(const PcscContext& context, const std::string& reader) {
    CardPage page;
    page.reader = reader;
    std::unique_ptr<PcscTransport> transport;
    try {
        transport = std::make_unique<PcscTransport>(context, reader);
        page.atr = transport->atr();
    } catch (const std::exception& e) {
        page.presence = context.cardPresent(reader) ? Presence::Unknown : Presence::NoCard;
        page.unknownWhy = e.what();
        return page;
    }
    api::Card card(*transport);
    try {
        page.identity = card.identity();
        page.application = card.application();
    } catch (const CardRemovedError&) {
        page.presence = Presence::NoCard;
        return page;
    } catch (const std::exception& e) {
        page.presence = Presence::Unknown;
        page.unknownWhy = e.what();
        return page;
    }
    for (const api::PinInfo& pin : page.application->pins) {
        PinView view{pin, std::nullopt, {}};
        try {
            view.status = card.pinStatus(pin.authId);
        } catch (const CardRemovedError&) {
            page.presence = Presence::NoCard;
            return page;
        } catch (const std::exception& e) {
            view.error = e.what();
        }
        page.pins.push_back(std::move(view));
    }
    const std::time_t now = std::time(nullptr);
    for (const api::CertificateInfo& info : page.application->certificates) {
        CertificateView view{info, {}, std::nullopt, {}};
        try {
            view.der = card.certificate(info.id);
            view.facts = diag::certificateFacts(view.der, now);
        } catch (const CardRemovedError&) {
            page.presence = Presence::NoCard;
            return page;
        } catch (const std::exception& e) {
            view.error = e.what();
        }
        page.certificates.push_back(std::move(view));
    }
    page.presence = Presence::Ready;
    return page;
}

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
