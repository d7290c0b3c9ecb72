// card: the card in the chosen reader (--reader, else the first with a card), read through ias-api exactly
// as the module reads it: EF.SN and EF.ATR identify an IAS-ECC card, EF.DIR leads to the PKCS#15
// application; then the retry counter of every PIN (VERIFY without data) and every certificate.
#include <ctime>

#include "Bounded.h"
#include "CardReading.h"
#include "CertificateFacts.h"
#include "Checks.h"
#include "ias/apdu/PcscTransport.h"

namespace ias::diag {
namespace {

constexpr int kExpiryWarningDays = 30;

// The reader to read: the one named (exactly, or the only one containing the name), else the first with a
// card.
std::string chooseReader(const DiagOptions& options, const PcscFindings& pcsc, std::string& why) {
    if (options.reader) {
        std::vector<std::string> matches;
        for (const ReaderState& r : pcsc.readers) {
            if (r.name == *options.reader) return r.name;
            if (r.name.find(*options.reader) != std::string::npos) matches.push_back(r.name);
        }
        if (matches.size() == 1) return matches.front();
        why = matches.empty() ? trf("no reader named \"%1\"", {*options.reader})
                              : trf("\"%1\" names several readers", {*options.reader});
        return {};
    }
    for (const ReaderState& r : pcsc.readers)
        if (r.present) return r.name;
    why = tr("no card in any reader");
    return {};
}

void judgePins(const CardReading& reading, CheckResult& r) {
    for (const PinReading& p : reading.pins) {
        Detail d{"pin", {}};
        d.add("label", p.info.label)
            .add("role", api::toString(p.info.role))
            .add("reference", toHex(Bytes{p.info.reference}));
        if (!p.status) {
            d.add("tries_left", "unknown").add("error", p.error);
            r.problem(Status::Warn,
                      trf("The retry counter of %1 could not be read (%2).", {p.info.label, p.error}));
        } else if (p.status->blocked) {
            d.add("tries_left", "0").add("state", "blocked");
            if (p.info.role == api::PinRole::Unblocking)
                r.problem(Status::Fail, trf("%1 (the PUK) is blocked: the card cannot be unblocked any "
                                            "more; ask the card issuer for a new card.",
                                            {p.info.label}));
            else
                r.problem(Status::Fail, trf("%1 is blocked: unblock it with the PUK (ias-tool pin unblock "
                                            "--pin-id %2, or the PIN tool).",
                                            {p.info.label, toHex(p.info.authId)}));
        } else if (p.status->verified) {
            d.add("tries_left", "not shown by the card").add("state", "verified");
        } else {
            const int left = p.status->triesLeft.value_or(-1);
            d.add("tries_left", std::to_string(left));
            if (p.status->maxTries) d.add("max_tries", std::to_string(*p.status->maxTries));
            const bool low = p.status->maxTries ? left < *p.status->maxTries : left <= 1;
            d.add("state", low ? "wrong PIN entered before" : "ok");
            if (low)
                r.problem(Status::Warn,
                          trnf("%1 has %2 try left: a wrong PIN was entered before; the counter goes back to "
                               "the maximum after the next correct PIN, and the PIN is blocked when it "
                               "reaches 0.",
                               "%1 has %2 tries left: a wrong PIN was entered before; the counter goes back "
                               "to the maximum after the next correct PIN, and the PIN is blocked when it "
                               "reaches 0.",
                               static_cast<unsigned long>(left), {p.info.label, std::to_string(left)}));
        }
        r.details.push_back(std::move(d));
    }
}

// The card's keys as the PrKDF describes them: which PIN protects each, what it may do.
void describeKeys(const api::Application& app, CheckResult& r) {
    for (const api::KeyInfo& k : app.keys) {
        std::string usage;
        for (const auto& [bit, name] :
             {std::pair{api::key_usage::kSign, "sign"},
              std::pair{api::key_usage::kSignRecover, "signRecover"},
              std::pair{api::key_usage::kDecrypt, "decrypt"}, std::pair{api::key_usage::kUnwrap, "unwrap"},
              std::pair{api::key_usage::kDerive, "derive"},
              std::pair{api::key_usage::kNonRepudiation, "nonRepudiation"}})
            if (k.usage & bit) usage += (usage.empty() ? "" : ", ") + std::string(name);
        const api::PinInfo* pin = app.findPin(k.pinAuthId);
        r.details.push_back(Detail{"key", {}}
                                .add("label", k.label)
                                .add("id", toHex(k.id))
                                .add("type", k.type == api::KeyType::Rsa ? "RSA" : "EC")
                                .add("bits", std::to_string(k.bits))
                                .add("usage", usage)
                                .add("pin", pin ? pin->label : toHex(k.pinAuthId))
                                .add("pin_for_every_use", k.alwaysAuthenticate ? "yes" : "no")
                                .add("certificate", k.hasCertificate ? "yes" : "no"));
    }
}

void judgeCertificates(const CardReading& reading, const Privacy& privacy, CheckResult& r) {
    const std::time_t now = std::time(nullptr);
    for (const CertificateReading& c : reading.certificates) {
        Detail d{"certificate", {}};
        d.add("label", c.info.label)
            .add("id", toHex(c.info.id))
            .add("authority", c.info.authority ? "yes" : "no");
        if (!c.error.empty()) {
            d.add("error", c.error);
            r.problem(Status::Warn, trf("Certificate %1 could not be read (%2).", {c.info.label, c.error}));
            r.details.push_back(std::move(d));
            continue;
        }
        const auto f = certificateFacts(c.der, now);
        if (!f) {
            d.add("error", "not a DER certificate");
            r.problem(Status::Warn, trf("Certificate %1 on the card is malformed.", {c.info.label}));
            r.details.push_back(std::move(d));
            continue;
        }
        // The holder's name is personal; a CA's is not.
        d.add("subject", c.info.authority ? f->subject : privacy.personal(f->subject))
            .add("issuer", f->issuer)
            .add("serial", c.info.authority ? f->serial : privacy.personal(f->serial))
            .add("not_before", f->notBefore)
            .add("not_after", f->notAfter)
            .add("key_usage", f->keyUsage);
        if (!f->extendedKeyUsage.empty()) d.add("extended_key_usage", f->extendedKeyUsage);
        std::string validity = "valid";
        if (f->expired) {
            validity = "expired";
            r.problem(Status::Warn, trf("Certificate %1 expired on %2 (valid from %3): web sites and mail "
                                        "programs refuse it; ask the card issuer to renew it.",
                                        {c.info.label, f->notAfter, f->notBefore}));
        } else if (f->notYetValid) {
            validity = "not yet valid";
            r.problem(Status::Warn, trf("Certificate %1 is valid only from %2 (until %3): check the "
                                        "computer's date and time.",
                                        {c.info.label, f->notBefore, f->notAfter}));
        } else if (f->daysLeft && *f->daysLeft < kExpiryWarningDays) {
            validity = "expires in " + std::to_string(*f->daysLeft) + " days";
            r.problem(Status::Warn, trf("Certificate %1 expires on %2: ask the card issuer to renew it soon.",
                                        {c.info.label, f->notAfter}));
        }
        d.add("validity", validity);
        r.details.push_back(std::move(d));
    }
}

// What an interrupted administration (a card pulled while a key was generated or a certificate stored)
// left: named, with the command that repairs it.
void judgeAdministration(const CardReading& reading, CheckResult& r) {
    if (!reading.administrationError.empty())
        r.details.push_back(Detail{"administration", {}}.add("error", reading.administrationError));
    bool interrupted = false, leftover = false;
    for (const AdministrationReading& a : reading.administration) {
        r.details.push_back(Detail{"administration", {}}
                                .add("state", a.interrupted ? "interrupted" : "leftover")
                                .add("finding", a.description));
        (a.interrupted ? interrupted : leftover) = true;
    }
    if (interrupted)
        r.problem(Status::Fail,
                  tr("An administration of the card (key generation, certificate change) was interrupted: "
                     "some keys or certificates are hidden until it is finished; the card issuer (or whoever "
                     "holds the administration keys) finishes it with \"ias-tool card check --repair\"."));
    else if (leftover)
        r.problem(Status::Warn,
                  tr("An interrupted administration left unused objects on the card (the card works); "
                     "\"ias-tool card check --repair\" removes them (needs the administration keys)."));
}

}  // namespace

CheckResult checkCard(const DiagOptions& options, const Privacy& privacy, PcscFindings& pcsc) {
    CheckResult r{"card", tr("Card"), Status::Ok, "", "", {}};
    std::string why;
    const std::string reader = chooseReader(options, pcsc, why);
    if (reader.empty()) {
        r.finding = why;
        if (options.reader)
            r.problem(Status::Fail,
                      tr("Name a reader of the readers check with --reader, or leave --reader out."));
        else
            r.problem(Status::Fail,
                      tr("No card: insert the card into the reader (chip first, contacts facing up) "
                         "and run the report again; if it is inserted, take it out and insert it "
                         "again, or try another reader."));
        return r;
    }
    auto progress = std::make_shared<ReadingProgress>();
    std::shared_ptr<PcscContext> context = pcsc.context;
    std::optional<CardReading> read;
    try {
        read = runBounded<CardReading>(
            options.timeout, [context, reader, progress] { return readCard(*context, reader, *progress); });
    } catch (const std::exception& e) {
        r.finding = trf("the card could not be read: %1", {e.what()});
        r.problem(Status::Fail, tr("Take the card out, insert it again and run the report again."));
        return r;
    }
    if (!read) {
        r.finding = trf("the card in \"%1\" did not answer within %2 s (%3)",
                        {reader, std::to_string(options.timeout.count() / 1000), progress->get()});
        r.problem(Status::Fail, tr("The card or the reader hangs: take the card out, unplug and replug the "
                                   "reader, and run the report again."));
        return r;
    }
    const CardReading& c = *read;
    Detail card{"card", {}};
    card.add("reader", c.reader);
    if (!c.atr.empty()) card.add("atr", toHex(c.atr));
    if (!c.connectError.empty()) {
        r.details.push_back(std::move(card));
        r.finding = trf("no connection to the card in \"%1\": %2", {reader, c.connectError});
        r.problem(Status::Fail, tr("No card or a card that does not answer: take it out, insert it again "
                                   "(chip first, contacts facing up) and run the report again."));
        return r;
    }
    if (!c.identity) {
        card.add("ias_ecc", "no");
        r.details.push_back(std::move(card));
        r.finding = trf("the card in \"%1\" is not recognised as IAS-ECC (EF.SN/EF.ATR: %2)",
                        {reader, c.identityError});
        r.problem(Status::Fail, tr("This middleware reads IAS-ECC cards only: check that this is the "
                                   "identity card it is meant for (another card, or the card inserted the "
                                   "wrong way?)."));
        return r;
    }
    const api::CardIdentity& id = *c.identity;
    card.add("ias_ecc", "yes").add("serial", privacy.personal(toHex(id.serial)));
    if (id.preIssuing.size() >= 4)
        card.add("ias_ecc_version",
                 std::to_string(id.preIssuing[3] >> 4) + "." + std::to_string(id.preIssuing[3] & 0x0F));
    if (!c.application) {
        card.add("pkcs15", "not found");
        r.details.push_back(std::move(card));
        r.finding = trf("IAS-ECC card in \"%1\" without a readable PKCS#15 application: %2",
                        {reader, c.applicationError});
        r.problem(Status::Fail, tr("The card's certificates cannot be found: the card may be blank or "
                                   "damaged; send this report to the support desk."));
        return r;
    }
    const api::Application& app = *c.application;
    card.add("pkcs15", "found")
        .add("application", toHex(app.aid))
        .add("token_label", app.tokenInfo.label)
        .add("token_serial", privacy.personal(toHex(app.tokenInfo.serialNumber)))
        .add("manufacturer", app.tokenInfo.manufacturerId);
    r.details.push_back(std::move(card));
    pcsc.cardFound = true;
    pcsc.application = app;
    judgePins(c, r);
    describeKeys(app, r);
    judgeCertificates(c, privacy, r);
    judgeAdministration(c, r);
    r.finding = trf("IAS-ECC card in \"%1\": %2 PINs, %3 keys, %4 certificates",
                    {reader, std::to_string(app.pins.size()), std::to_string(app.keys.size()),
                     std::to_string(c.certificates.size())});
    if (r.status != Status::Ok) r.finding += tr(" (see advice)");
    return r;
}

}  // namespace ias::diag
