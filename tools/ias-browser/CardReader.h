#pragma once
// All card I/O of the browser, on one worker thread: it waits for PC/SC's events (SCardGetStatusChange on
// every reader and on the PnP pseudo-reader, for readers that come and go; SCardCancel wakes it for the
// window) and, when the shown reader gets a card (or the user picks another reader, or asks for a
// refresh), reads the card's home
// page through libias-api, the same calls as `ias-tool list` (identity, application, VERIFY without data
// for each counter, each certificate). The connection is closed once the page is read: the card is never
// held while the user reads. Results go to the sink, called on the worker thread (the window hands them to
// GTK's main loop). GTK's thread never waits for the card.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "CardViewNames.h"

namespace ias {
class PcscContext;
}

namespace ias::browser {

class CardReader {
public:
    using PageSink = std::function<void(const CardPage&)>;

    // `reader`: a reader name (or part of one) to show, else the first reader with a card.
    CardReader(std::optional<std::string> reader, PageSink onPage);
    ~CardReader();  // stops and joins the worker
    CardReader(const CardReader&) = delete;
    CardReader& operator=(const CardReader&) = delete;

    // Show this reader from now on (exact name, from the page's reader list).
    void chooseReader(const std::string& reader);
    // Read the card again (its counters may have changed in another application).
    void refresh();

private:
    void run();
    // Reads the page when something changed and hands it to the sink; returns the readers it saw.
    std::vector<ReaderEntry> look();
    void wakeLocked();  // mutex_ held

    PageSink onPage_;
    std::unique_ptr<PcscContext> context_;  // worker thread only
    std::string lastSeen_;                  // worker thread only: readers and cards at the last look

    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<std::string> wanted_;  // guarded by mutex_
    bool refresh_ = false;               // guarded by mutex_
    bool wantedChanged_ = false;         // guarded by mutex_
    long waiting_ = 0;                   // guarded by mutex_: the context the worker waits on, else 0
    bool stopping_ = false;              // guarded by mutex_
    std::thread worker_;
};

}  // namespace ias::browser
