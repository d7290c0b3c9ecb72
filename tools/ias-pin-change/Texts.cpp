#include "Texts.h"

#include <libintl.h>

#include <cstdio>

namespace ias::pinchange {

namespace {

// printf-style formatting of a translated pattern (the translator may reorder nothing: one argument each).
template <typename... A>
std::string formatTranslated(const char* pattern, A... args) {
    char text[512];
    std::snprintf(text, sizeof text, pattern, args...);
    return text;
}

template <typename... A>
std::string format(const char* english, A... args) {
    return formatTranslated(::gettext(english), args...);
}

}  // namespace

std::string tr(const char* english) {
    return ::gettext(english);
}

std::string presenceText(const CardSnapshot& s) {
    switch (s.presence) {
        case Presence::Starting:
            return tr("Looking for the card reader…");
        case Presence::NoService:
            return tr("The smart-card service (pcscd) is not running.");
        case Presence::NoReader:
            return tr("No card reader found. Connect your reader.");
        case Presence::NoCard:
            return tr("Insert your card into the reader.");
        case Presence::Unreadable:
            return tr("This card cannot be used here: it is not an IAS-ECC card or it cannot be read.");
        case Presence::Ready:
            return s.cardLabel.empty()
                       ? format("Card found in %s.", s.reader.c_str())
                       : format("Card \"%s\" found in %s.", s.cardLabel.c_str(), s.reader.c_str());
    }
    return {};
}

std::string triesText(const PinChoice& pin) {
    if (pin.blocked) return tr("blocked");
    // A verified PIN's counter is full, but the card does not say its number then.
    if (!pin.triesLeft) return pin.verified ? tr("not blocked (verified)") : tr("unknown");
    if (pin.maxTries)
        return formatTranslated(::ngettext("%d try left of %d", "%d tries left of %d", *pin.triesLeft),
                                *pin.triesLeft, *pin.maxTries);
    return formatTranslated(::ngettext("%d try left", "%d tries left", *pin.triesLeft), *pin.triesLeft);
}

std::string rulesText(const PinChoice& pin) {
    const int min = static_cast<int>(pin.minLength), max = static_cast<int>(pin.maxLength);
    if (pin.digitsOnly) {
        return min == max ? format("Exactly %d digits.", min) : format("%d to %d digits.", min, max);
    }
    return min == max ? format("Exactly %d characters.", min) : format("%d to %d characters.", min, max);
}

std::string outcomeText(const ChangeOutcome& o, const PinChoice* pin) {
    switch (o.result) {
        case ChangeResult::Changed:
            return tr("PIN changed. From now on, use the new PIN.");
        case ChangeResult::WrongPin:
            if (o.triesLeft && *o.triesLeft == 0) return tr("Wrong current PIN. The PIN is now blocked.");
            return o.triesLeft
                       ? formatTranslated(::ngettext("Wrong current PIN: %d try left.",
                                                     "Wrong current PIN: %d tries left.", *o.triesLeft),
                                          *o.triesLeft)
                       : tr("Wrong current PIN.");
        case ChangeResult::Blocked:
            return format("The PIN is blocked. Unblock it with your PUK:\nias-tool pin unblock --pin-id %s",
                          pin ? toHex(pin->authId).c_str() : "…");
        case ChangeResult::CardRemoved:
            return tr("The card was removed during the change. Insert it and check the PIN's tries left.");
        case ChangeResult::SmFailure:
            return tr(
                "Secure messaging with the card failed: the signature PIN could not be checked. Nothing "
                "was changed.");
        case ChangeResult::Refused:
            return format("The PINs were not accepted (%s).", o.detail.c_str());
        case ChangeResult::CardError:
            return format("The card refused the change (%s).", o.detail.c_str());
    }
    return {};
}

}  // namespace ias::pinchange
