// ias-vcard: the virtual IAS-ECC card as a vpcd client, so a real pcscd (and every PC/SC client) sees it in
// a reader. See docs/testbed.md.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "ApduLog.h"
#include "CardSession.h"
#include "VpcdLink.h"
#include "vcard/VirtualCard.h"

namespace {

std::atomic<bool> g_stop{false};

extern "C" void onSignal(int) {
    g_stop = true;
}

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string state, profile, apduLog, faultFile;
    ias::vcard::LatencyModel latency;
    bool atrOnly = false;
};

int usage() {
    std::fprintf(
        stderr,
        "usage: ias-vcard --port N [--host 127.0.0.1] --state FILE [--profile FILE]\n"
        "                 [--latency-ms F] [--latency-per-byte-ms F] [--apdu-log FILE] [--atr-only]\n"
        "                 [--fault-file FILE]\n");
    return 2;
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        try {
            if (a == "--atr-only") {
                o.atrOnly = true;
            } else if (!value(v)) {
                return false;
            } else if (a == "--port") {
                o.port = std::stoi(v);
            } else if (a == "--host") {
                o.host = v;
            } else if (a == "--state") {
                o.state = v;
            } else if (a == "--profile") {
                o.profile = v;
            } else if (a == "--fault-file") {
                o.faultFile = v;
            } else if (a == "--apdu-log") {
                o.apduLog = v;
            } else if (a == "--latency-ms") {
                o.latency.fixedMs = std::stod(v);
            } else if (a == "--latency-per-byte-ms") {
                o.latency.perByteMs = std::stod(v);
            } else {
                return false;
            }
        } catch (const std::exception&) {
            return false;
        }
    }
    return o.port > 0 && o.port < 65536 && (o.atrOnly || !o.state.empty());
}

// The `atr` line of a profile (for --atr-only, where no card is built).
ias::Bytes atrFromProfile(const std::string& profile) {
    std::ifstream in(profile);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::string key, hex;
        if (ss >> key >> hex && key == "atr") return ias::fromHex(hex);
    }
    return ias::fromHex("3BDF18FF8191FE1FC30031B8640C01ECC173940180829000B3");
}

// Fault injection (docs/virtual-card.md): writing a number k to the file is the mark; after k more commands
// the card leaves the reader (its state as the k-th command left it) and comes back when the file is removed.
class FaultFile {
public:
    explicit FaultFile(std::string path) : path_(std::move(path)) {}
    // Arms the card when the file holds a number it has not seen yet.
    void poll(ias::vcard::VirtualCard& card) {
        if (path_.empty()) return;
        std::ifstream in(path_);
        std::string text;
        if (!in || !std::getline(in, text) || text.empty() || text == seen_) return;
        seen_ = text;
        try {
            card.dieAfter(static_cast<std::size_t>(std::stoul(text)));
        } catch (const std::exception&) {
            std::fprintf(stderr, "ias-vcard: fault file holds no number: %s\n", text.c_str());
        }
    }
    // Waits until the file is gone (the card is put back), or a stop.
    void awaitRemoval(const std::atomic<bool>& stop) {
        while (!stop && std::ifstream(path_)) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        seen_.clear();
    }

private:
    std::string path_;
    std::string seen_;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) return usage();

    struct sigaction sa {};
    sa.sa_handler = onSignal;  // no SA_RESTART: a blocking call returns EINTR and the loop sees the flag
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    std::unique_ptr<ias::vcard::VirtualCard> card;
    ias::Bytes atr;
    try {
        if (o.atrOnly) {
            atr = atrFromProfile(o.profile);
        } else {
            card = std::make_unique<ias::vcard::VirtualCard>(o.state, o.profile);
            atr = card->atr();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ias-vcard: cannot open the card: %s\n", e.what());
        return 1;
    }

    ias::vcard::ApduLog log(o.apduLog);
    if (!log.ok()) {
        std::fprintf(stderr, "ias-vcard: cannot write %s\n", o.apduLog.c_str());
        return 1;
    }
    ias::vcard::CardSession session(card.get(), atr, o.latency, log);
    ias::vcard::VpcdLink link(o.host, o.port);
    FaultFile fault(o.faultFile);

    // vpcd closes the connection when pcscd stops; a new pcscd listens again on the same port, so the card
    // simply reconnects (inserted again).
    while (!g_stop) {
        if (!link.connect(g_stop, std::chrono::milliseconds(100))) break;
        log.event("connected to vpcd " + o.host + ":" + std::to_string(o.port));
        std::fprintf(stderr, "ias-vcard: connected to vpcd %s:%d\n", o.host.c_str(), o.port);
        while (!g_stop) {
            auto message = link.receive(g_stop);
            if (!message) break;
            if (card) fault.poll(*card);
            if (auto reply = session.handle(*message)) {
                if (!link.send(*reply)) break;
            }
            if (card && card->dead()) break;
        }
        link.close();
        if (card && card->dead()) {
            log.event("removed (fault injection)");
            std::fprintf(stderr, "ias-vcard: removed (fault injection)\n");
            fault.awaitRemoval(g_stop);
            card->revive();
            log.event("put back (fault injection)");
            continue;
        }
        if (card) card->powerOff();  // as if pulled out of the reader
        log.event("disconnected");
    }
    std::fprintf(stderr, "ias-vcard: stopped\n");
    return 0;
}
