#include "Diagnosis.h"

#include <ctime>
#include <functional>

#include "Checks.h"

namespace ias::diag {
namespace {

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    struct tm tm {};
    gmtime_r(&now, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

// A check that threw (it should not) is reported, not propagated: the rest of the report still runs.
CheckResult runGuarded(const std::string& id, const std::string& title,
                       const std::function<CheckResult()>& check) {
    try {
        return check();
    } catch (const std::exception& e) {
        CheckResult r{id, title, Status::Fail, trf("the check itself failed: %1", {e.what()}), "", {}};
        r.advice = tr("Send this report to the support desk.");
        return r;
    } catch (...) {
        return CheckResult{id,
                           title,
                           Status::Fail,
                           tr("the check itself failed"),
                           tr("Send this report to the support desk."),
                           {}};
    }
}

}  // namespace

const std::vector<std::string>& checkIds() {
    static const std::vector<std::string> ids = {"system",        "pcsc",         "readers",
                                                 "card",          "web-login",    "module",
                                                 "configuration", "registration", "pinentry"};
    return ids;
}

Report diagnose(const DiagOptions& options) {
    return diagnose(options, nullptr);
}

Report diagnose(const DiagOptions& options, DiagObserver* observer) {
    // These two hide the namespace's guarded/skipped for the body below, so each check is announced to the
    // observer before it runs and after, without touching the order of the report.
    auto guarded = [observer](const std::string& id, const std::string& title,
                              const std::function<CheckResult()>& check) {
        if (observer != nullptr) observer->started(id, title);
        CheckResult result = runGuarded(id, title, check);
        if (observer != nullptr) observer->finished(result);
        return result;
    };
    auto skipped = [observer](const std::string& id, const std::string& title, const std::string& reason) {
        if (observer != nullptr) observer->started(id, title);
        CheckResult result = ias::diag::skipped(id, title, reason);
        if (observer != nullptr) observer->finished(result);
        return result;
    };
    Report report;
    report.version = IAS_DIAG_VERSION;
    report.generated = utcNow();
    report.anonymised = options.anonymise;
    const Privacy privacy(options.anonymise, options.home);
    PcscFindings pcsc;
    EffectiveSettings settings;

    report.checks.push_back(guarded("system", tr("System"), [&] { return checkSystem(options); }));
    report.checks.push_back(
        guarded("pcsc", tr("PC/SC service (pcscd)"), [&] { return checkPcscService(options, pcsc); }));
    if (pcsc.context)
        report.checks.push_back(
            guarded("readers", tr("Smart-card readers"), [&] { return checkReaders(options, pcsc); }));
    else
        report.checks.push_back(
            skipped("readers", tr("Smart-card readers"), tr("skipped: no PC/SC service")));
    const CheckResult& readers = report.checks.back();
    if (readers.status == Status::Skip)
        report.checks.push_back(skipped("card", tr("Card"), tr("skipped: no PC/SC service")));
    else if (readers.status == Status::Fail)
        report.checks.push_back(skipped("card", tr("Card"), tr("skipped: no reader")));
    else
        report.checks.push_back(
            guarded("card", tr("Card"), [&] { return checkCard(options, privacy, pcsc); }));
    // Needs the keys the card check read: skipped when it could not read the card's application.
    if (pcsc.application)
        report.checks.push_back(guarded("web-login", tr("Web login (TLS client certificate)"),
                                        [&] { return checkWebLogin(*pcsc.application); }));
    else
        report.checks.push_back(skipped("web-login", tr("Web login (TLS client certificate)"),
                                        tr("skipped: the card was not read")));
    // The module check runs whatever PC/SC said: loading the module does not need a card.
    report.checks.push_back(
        guarded("module", tr("PKCS#11 module"), [&] { return checkModule(options, privacy, pcsc); }));
    report.checks.push_back(
        guarded("configuration", tr("Configuration"), [&] { return checkConfiguration(options, settings); }));
    report.checks.push_back(guarded("registration", tr("Registration in Firefox, Thunderbird and p11-kit"),
                                    [&] { return checkRegistration(options, privacy); }));
    report.checks.push_back(guarded("pinentry", tr("PIN dialog (ias-pinentry)"),
                                    [&] { return checkPinEntry(options, settings); }));
    return report;
}

}  // namespace ias::diag
