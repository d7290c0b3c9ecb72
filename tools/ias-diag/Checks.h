#pragma once
// The checks of the report, in the order it runs them (Diagnosis.cpp). Each returns its CheckResult and never
// throws; checks that need PC/SC share what the earlier ones found through PcscFindings.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Check.h"
#include "DiagOptions.h"
#include "Privacy.h"
#include "Translation.h"
#include "ias/apdu/Bytes.h"
#include "ias/api/CardModel.h"

namespace ias {
class PcscContext;
}

namespace ias::diag {

// What the PC/SC checks found, for the checks after them.
struct ReaderState {
    std::string name;
    bool present = false;      // a card is in it
    bool mute = false;         // a card that does not answer its reset
    bool exclusive = false;    // another application holds it exclusively
    bool unavailable = false;  // the reader is there but not usable
    Bytes atr;
};

struct PcscFindings {
    std::shared_ptr<PcscContext> context;  // null when no context could be made
    std::vector<ReaderState> readers;
    bool cardFound = false;                       // an IAS-ECC card with its PKCS#15 application
    std::optional<api::Application> application;  // that application, for the web-login check
};

// The middleware's effective settings from the configuration check, for the PIN-dialog check.
struct EffectiveSettings {
    std::string pinDialog = "never";  // never | signature | always
    bool contextDialog = true;
};

CheckResult checkSystem(const DiagOptions& options);
CheckResult checkPcscService(const DiagOptions& options, PcscFindings& pcsc);
CheckResult checkReaders(const DiagOptions& options, PcscFindings& pcsc);
CheckResult checkCard(const DiagOptions& options, const Privacy& privacy, PcscFindings& pcsc);
CheckResult checkWebLogin(const api::Application& application);
CheckResult checkModule(const DiagOptions& options, const Privacy& privacy, const PcscFindings& pcsc);
CheckResult checkConfiguration(const DiagOptions& options, EffectiveSettings& settings);
CheckResult checkRegistration(const DiagOptions& options, const Privacy& privacy);
CheckResult checkPinEntry(const DiagOptions& options, const EffectiveSettings& settings);

// A check that could not run because an earlier one failed.
CheckResult skipped(std::string id, std::string title, std::string reason);

}  // namespace ias::diag
