#pragma once
// What the card check reads from the card, as plain values: read on a worker thread (bounded), judged and
// described afterwards. Only public content and retry counters: no PIN is asked and no VERIFY carries data
// (Card::pinStatus sends VERIFY without data).
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ias/api/CardModel.h"

namespace ias {
class PcscContext;
}

namespace ias::diag {

struct PinReading {
    api::PinInfo info;
    std::optional<api::PinStatus> status;
    std::string error;
};

struct CertificateReading {
    api::CertificateInfo info;
    Bytes der;
    std::string error;
};

// What an interrupted administration left (Card::checkAdministration, read only).
struct AdministrationReading {
    std::string description;
    bool interrupted = false;  // readers see neither the old nor the new content until repaired
};

struct CardReading {
    std::string reader;
    std::string connectError;  // no connection (card mute, removed meanwhile)
    Bytes atr;
    std::optional<api::CardIdentity> identity;
    std::string identityError;  // EF.SN / EF.ATR not readable: not an IAS-ECC card
    std::optional<api::Application> application;
    std::string applicationError;  // no PKCS#15 application
    std::vector<PinReading> pins;
    std::vector<CertificateReading> certificates;
    std::vector<AdministrationReading> administration;
    std::string administrationError;
};

// The step the reading is in, for the message when it does not finish in time.
class ReadingProgress {
public:
    void set(std::string step) {
        std::lock_guard lock(mutex_);
        step_ = std::move(step);
    }
    std::string get() const {
        std::lock_guard lock(mutex_);
        return step_;
    }

private:
    mutable std::mutex mutex_;
    std::string step_ = "connecting";
};

// Connects to `reader` and reads; never throws (errors land in the reading).
CardReading readCard(const PcscContext& context, const std::string& reader, ReadingProgress& progress);

}  // namespace ias::diag
