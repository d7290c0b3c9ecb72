#include "Texts.h"

#include <glib.h>
#include <libintl.h>

#define _(s) gettext(s)

namespace ias::pinui::dialog {

namespace {

// g_strdup_printf into a std::string; the format comes from our own catalogue.
template <typename... Args>
std::string format(const char* fmt, Args... args) {
    gchar* s = g_strdup_printf(fmt, args...);
    std::string out(s);
    g_free(s);
    return out;
}

bool isPinPad(const PinRequest& r) {
    return r.mode == DialogMode::PinPad;
}

}  // namespace

std::string windowTitle() {
    return _("Smart card PIN");
}

std::string heading(const PinRequest& r) {
    switch (r.kind) {
        case PinKind::Authentication:
            return isPinPad(r) ? _("Type your authentication PIN on the reader's keypad")
                               : _("Enter your authentication PIN");
        case PinKind::Signature:
            return isPinPad(r) ? _("Type your signature PIN on the reader's keypad")
                               : _("Enter your signature PIN");
        case PinKind::Puk:
            return isPinPad(r) ? _("Type your PUK on the reader's keypad") : _("Enter your PUK");
        case PinKind::NewAuthentication:
            return isPinPad(r) ? _("Type your new PIN on the reader's keypad")
                               : _("Choose a new authentication PIN");
        case PinKind::NewSignature:
            return isPinPad(r) ? _("Type your new PIN on the reader's keypad")
                               : _("Choose a new signature PIN");
    }
    return {};
}

std::string bodyMarkup(const PinRequest& r) {
    const char* fmt = nullptr;
    switch (r.kind) {
        case PinKind::Authentication:
            fmt = _("%s asks for the authentication PIN of your smart card.");
            break;
        case PinKind::Signature:
            fmt =
                _("%s wants to create an electronic signature with your smart card. Enter your signature PIN "
                  "only if you approve it.");
            break;
        case PinKind::Puk:
            fmt = _("%s asks for the PUK of your smart card to unblock a PIN.");
            break;
        case PinKind::NewAuthentication:
        case PinKind::NewSignature:
            fmt = _("%s asks you to choose a new PIN for your smart card.");
            break;
    }
    gchar* who = r.caller.empty() ? g_markup_escape_text(_("An application"), -1)
                                  : g_markup_printf_escaped("<b>%s</b>", r.caller.c_str());
    std::string out = format(fmt, who);
    g_free(who);
    return out;
}

std::string tokenLine(const PinRequest& r) {
    return r.tokenLabel.empty() ? std::string() : format(_("Card: %s"), r.tokenLabel.c_str());
}

std::string rulesLine(const PinRules& rules) {
    int lo = static_cast<int>(rules.minLength), hi = static_cast<int>(rules.maxLength);
    if (rules.digitsOnly) {
        return lo == hi ? format(ngettext("Exactly %d digit", "Exactly %d digits", lo), lo)
                        : format(_("%d to %d digits"), lo, hi);
    }
    return lo == hi ? format(ngettext("Exactly %d character", "Exactly %d characters", lo), lo)
                    : format(_("%d to %d characters"), lo, hi);
}

std::string triesLine(const PinRequest& r) {
    if (!r.triesLeft || isNewPinKind(r.kind)) return {};
    int n = *r.triesLeft;
    if (n == 0) return _("No tries left: this code is blocked.");
    if (n == 1) {
        return r.kind == PinKind::Puk
                   ? _("Last try: if this PUK is wrong, the card can no longer be unblocked.")
                   : _("Last try: if this PIN is wrong, it will be blocked.");
    }
    return format(ngettext("%d try left", "%d tries left", n), n);
}

bool triesAreCritical(const PinRequest& r) {
    return r.triesLeft && *r.triesLeft <= 1 && !isNewPinKind(r.kind);
}

std::string entryLabel(const PinRequest& r) {
    if (r.kind == PinKind::Puk) return _("_PUK");
    return isNewPinKind(r.kind) ? _("_New PIN") : _("_PIN");
}

std::string confirmLabel() {
    return _("C_onfirm new PIN");
}

std::string digitsOnlyProblem() {
    return _("Only digits are allowed.");
}

std::string mismatchProblem() {
    return _("The two PINs do not match.");
}

std::string cancelLabel() {
    return _("_Cancel");
}

std::string okLabel() {
    return _("_OK");
}

std::string pinPadWaiting() {
    return _("Waiting for the card reader…");
}

std::string pinPadStaysOffComputer() {
    return _("Follow the instructions on the reader. The code does not pass through this computer.");
}

}  // namespace ias::pinui::dialog
