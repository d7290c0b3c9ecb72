#pragma once
// The card's public content as the card browser shows it and `ias-tool list --json` reports it: the readers,
// the chosen one, and the card's home page (its identity, PINs with their counters, keys, certificates with
// their validity). Plain values: they cross from ias-browser's worker thread to GTK's main loop.
#include <optional>
#include <string>
#include <vector>

#include "CertificateFacts.h"
#include "ias/api/CardModel.h"

namespace ias::cardview {

enum class Presence {
    Starting,   // nothing looked at yet
    NoService,  // pcscd not running
    NoReader,   // no reader connected
    NoCard,     // readers, none with a card
    Unknown,    // a card, but not an IAS-ECC card this program can read
    Ready,      // the card's home page is read
};

struct ReaderEntry {
    std::string name;
    bool hasCard = false;
};

struct PinView {
    api::PinInfo info;
    std::optional<api::PinStatus> status;  // empty: the counter could not be read (error says why)
    std::string error;
};

struct CertificateView {
    api::CertificateInfo info;
    Bytes der;
    std::optional<diag::CertificateFacts> facts;  // empty: not one DER certificate
    std::string error;                            // the card would not give it
};

struct CardPage {
    Presence presence = Presence::Starting;
    std::vector<ReaderEntry> readers;
    std::string reader;      // the reader shown
    std::string unknownWhy;  // Unknown: what failed, English and technical (the details line)
    Bytes atr;
    std::optional<api::CardIdentity> identity;
    std::optional<api::Application> application;
    std::vector<PinView> pins;
    std::vector<CertificateView> certificates;
};

}  // namespace ias::cardview
