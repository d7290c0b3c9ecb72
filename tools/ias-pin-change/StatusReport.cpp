#include "StatusReport.h"

#include <unistd.h>

namespace ias::pinchange {

namespace {

const char* presenceName(Presence p) {
    switch (p) {
        case Presence::Starting:
            return "starting";
        case Presence::NoService:
            return "no-service";
        case Presence::NoReader:
            return "no-reader";
        case Presence::NoCard:
            return "no-card";
        case Presence::Unreadable:
            return "unreadable";
        case Presence::Ready:
            return "ready";
    }
    return "?";
}

const char* resultName(ChangeResult r) {
    switch (r) {
        case ChangeResult::Changed:
            return "changed";
        case ChangeResult::WrongPin:
            return "wrong-pin";
        case ChangeResult::Blocked:
            return "blocked";
        case ChangeResult::CardRemoved:
            return "card-removed";
        case ChangeResult::SmFailure:
            return "sm-failure";
        case ChangeResult::Refused:
            return "refused";
        case ChangeResult::CardError:
            return "card-error";
        case ChangeResult::Unblocked:
            return "unblocked";
        case ChangeResult::WrongPuk:
            return "wrong-puk";
        case ChangeResult::PukBlocked:
            return "puk-blocked";
    }
    return "?";
}

std::string number(const std::optional<int>& n) {
    return n ? std::to_string(*n) : "?";
}

}  // namespace

void StatusReport::snapshot(const CardSnapshot& s) const {
    line(std::string("state ") + presenceName(s.presence) + " " + s.reader);
}

void StatusReport::selected(const PinChoice& p) const {
    line("pin " + toHex(p.authId) + " tries=" + number(p.triesLeft) + " blocked=" + (p.blocked ? "1" : "0") +
         " rules=" + std::to_string(p.minLength) + "-" + std::to_string(p.maxLength) +
         " digits=" + (p.digitsOnly ? "1" : "0") + " pad=" + (p.onPinPad ? "1" : "0"));
}

void StatusReport::selectedPuk(const PukChoice& p) const {
    line("puk " + toHex(p.authId) + " tries=" + number(p.triesLeft) + " blocked=" + (p.blocked ? "1" : "0") +
         " rules=" + std::to_string(p.minLength) + "-" + std::to_string(p.maxLength) +
         " pad=" + (p.onPinPad ? "1" : "0"));
}

void StatusReport::unblockMode(bool on) const {
    line(std::string("unblock ") + (on ? "1" : "0"));
}

void StatusReport::changeEnabled(bool enabled) const {
    line(std::string("change ") + (enabled ? "1" : "0"));
}

void StatusReport::busy() const {
    line("busy");
}

void StatusReport::outcome(const ChangeOutcome& o) const {
    line(std::string("result ") + resultName(o.result) + " tries=" + number(o.triesLeft));
}

void StatusReport::line(const std::string& text) const {
    if (fd_ < 0) return;
    const std::string out = text + "\n";
    // Best effort: a test that stopped reading must not stop the window.
    ssize_t written = ::write(fd_, out.data(), out.size());
    (void)written;
}

}  // namespace ias::pinchange
