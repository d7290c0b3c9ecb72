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

std::string pukTriesText(const PukChoice& puk) {
    if (puk.blocked) return tr("blocked");
    if (!puk.triesLeft) return puk.verified ? tr("not blocked (verified)") : tr("unknown");
    if (puk.maxTries)
        return formatTranslated(::ngettext("%d try left of %d", "%d tries left of %d", *puk.triesLeft),
                                *puk.triesLeft, *puk.maxTries);
    return formatTranslated(::ngettext("%d try left", "%d tries left", *puk.triesLeft), *puk.triesLeft);
}

std::string lengthRulesText(bool digitsOnly, std::size_t minLength, std::size_t maxLength) {
    const int min = static_cast<int>(minLength), max = static_cast<int>(maxLength);
    if (digitsOnly) {
        return min == max ? formatTranslated(::ngettext("Exactly %d digit.", "Exactly %d digits.", min), min)
                          : format("%d to %d digits.", min, max);
    }
    return min == max
               ? formatTranslated(::ngettext("Exactly %d character.", "Exactly %d characters.", min), min)
               : format("%d to %d characters.", min, max);
}

std::string rulesText(const PinChoice& pin) {
    return lengthRulesText(pin.digitsOnly, pin.minLength, pin.maxLength);
}

std::string blockedAdviceText(const PinChoice& pin) {
    if (!pin.puk)
        return tr("The PIN is blocked and this card cannot unblock it here. Contact the card's issuer.");
    if (pin.puk->blocked) return pukBlockedText();
    return tr(
        "The PIN is blocked. Enter your PUK (in the letter that came with the card) and choose a new "
        "PIN.");
}

std::string pukBlockedText() {
    return tr(
        "The PUK is blocked: the PIN can no longer be unblocked. Contact the card's issuer (the office "
        "that gave you the card) for a new card or to have it reset.");
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
            return pin ? blockedAdviceText(*pin) : tr("The PIN is blocked.");
        case ChangeResult::Unblocked:
            return o.triesLeft ? formatTranslated(
                                     ::ngettext("PIN unblocked: %d try again. Use the new PIN from now on.",
                                                "PIN unblocked: %d tries again. Use the new PIN from now on.",
                                                *o.triesLeft),
                                     *o.triesLeft)
                               : tr("PIN unblocked. Use the new PIN from now on.");
        case ChangeResult::WrongPuk:
            return o.triesLeft ? formatTranslated(::ngettext("Wrong PUK: %d try left. Nothing was changed.",
                                                             "Wrong PUK: %d tries left. Nothing was changed.",
                                                             *o.triesLeft),
                                                  *o.triesLeft)
                               : tr("Wrong PUK. Nothing was changed.");
        case ChangeResult::PukBlocked:
            return pukBlockedText();
        case ChangeResult::CardRemoved:
            if (o.unblocking)
                return tr(
                    "The card was removed during the unblock. Insert it and check the PIN's tries left.");
            return tr("The card was removed during the change. Insert it and check the PIN's tries left.");
        case ChangeResult::SmFailure:
            if (o.unblocking) return tr("Secure messaging with the card failed. Nothing was unblocked.");
            return tr(
                "Secure messaging with the card failed: the signature PIN could not be checked. Nothing "
                "was changed.");
        case ChangeResult::Refused:
            return format("The PINs were not accepted (%s).", o.detail.c_str());
        case ChangeResult::CardError:
            if (o.unblocking) return format("The card refused the unblock (%s).", o.detail.c_str());
            return format("The card refused the change (%s).", o.detail.c_str());
    }
    return {};
}

}  // namespace ias::pinchange
