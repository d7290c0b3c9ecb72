#include "Texts.h"

#include <libintl.h>

#include <cstdio>

namespace ias::browser {

std::string countText(const char* singular, const char* plural, int n) {
    const std::string pattern = ::ngettext(singular, plural, static_cast<unsigned long>(n < 0 ? 0 : n));
    const std::size_t at = pattern.find("%d");
    if (at == std::string::npos) return pattern;
    return pattern.substr(0, at) + std::to_string(n) + pattern.substr(at + 2);
}

std::string presenceTitle(Presence presence) {
    switch (presence) {
        case Presence::Starting:
            return tr("Looking for the card reader…");
        case Presence::NoService:
            return tr("The smart-card service (pcscd) is not running");
        case Presence::NoReader:
            return tr("No card reader found");
        case Presence::NoCard:
            return tr("Insert your card");
        case Presence::Unknown:
            return tr("This card cannot be read here");
        case Presence::Ready:
            return tr("Your card");
    }
    return {};
}

std::string presenceAdvice(const CardPage& page) {
    switch (page.presence) {
        case Presence::Starting:
            return {};
        case Presence::NoService:
            return tr("Start it with: sudo systemctl start pcscd.socket. ias-diag-gtk tells more.");
        case Presence::NoReader:
            return tr("Connect a card reader. If it is connected, unplug it and plug it in again.");
        case Presence::NoCard:
            return formatText(tr("Put your card in the reader \"%s\"."), page.reader);
        case Presence::Unknown:
            return tr(
                "It is not an IAS-ECC card, or another application uses it exclusively. Close that "
                "application, or take the card out and put it back.");
        case Presence::Ready:
            return {};
    }
    return {};
}

std::vector<std::string> atrLines(const AtrFacts& f) {
    std::vector<std::string> out;
    if (!f.wellFormed) out.push_back(tr("The ATR does not follow ISO/IEC 7816-3 exactly."));
    out.push_back(f.inverseConvention ? tr("Inverse convention.") : tr("Direct convention."));
    std::string protocols;
    for (int p : f.protocols)
        protocols += (protocols.empty() ? "" : ", ") + std::string("T=") + std::to_string(p);
    out.push_back(formatText(tr("Protocols: %s."), protocols));
    if (f.clockRateFactor && f.baudRateFactor)
        out.push_back(formatText(tr("Speed: %s."), "Fi=" + std::to_string(*f.clockRateFactor) +
                                                       ", Di=" + std::to_string(*f.baudRateFactor)));
    std::string historical = toHex(f.historical);
    if (!f.historicalText.empty()) historical += " (\"" + f.historicalText + "\")";
    out.push_back(
        countText("%d historical byte: ", "%d historical bytes: ", static_cast<int>(f.historical.size())) +
        historical);
    if (f.checkByteOk) out.push_back(*f.checkByteOk ? tr("Check byte correct.") : tr("Check byte wrong."));
    return out;
}

std::string chipText(const api::CardIdentity& identity) {
    const Bytes& p = identity.preIssuing;
    if (p.size() < 4) return {};
    return "IAS-ECC " + std::to_string(p[3] >> 4) + "." + std::to_string(p[3] & 0x0F) + ", " +
           formatText(tr("chip OS %s"), std::to_string(p[2] >> 4) + "." + std::to_string(p[2] & 0x0F)) +
           ", " + formatText(tr("manufacturer %s"), toHex(ByteView(p).first(1))) + ", " +
           formatText(tr("chip type %s"), toHex(ByteView(p).subspan(1, 1)));
}

std::string buffersText(const api::BufferSizes& b) {
    return formatText(tr("%s bytes per command"), std::to_string(b.send)) + ", " +
           formatText(tr("%s bytes per answer"), std::to_string(b.receive)) + " (" +
           formatText(tr("secure messaging: %s"),
                      std::to_string(b.sendSm) + "/" + std::to_string(b.receiveSm)) +
           ")";
}

std::string roleText(api::PinRole role) {
    switch (role) {
        case api::PinRole::Authentication:
            return tr("authentication PIN");
        case api::PinRole::Signature:
            return tr("signature PIN");
        case api::PinRole::Unblocking:
            return tr("PUK");
    }
    return {};
}

std::string pinStateText(const PinView& pin) {
    if (!pin.status) return tr("Tries left unknown");
    const api::PinStatus& s = *pin.status;
    if (s.blocked) return tr("Blocked");
    if (s.verified) return tr("Verified in this card session");
    if (!s.triesLeft) return tr("Tries left unknown");
    if (!s.maxTries) return countText("%d try left", "%d tries left", *s.triesLeft);
    return formatText(countText("%d try left of %s", "%d tries left of %s", *s.triesLeft),
                      std::to_string(*s.maxTries));
}

std::string certificateStateText(const CertificateView& c) {
    if (!c.facts) return tr("Unreadable certificate");
    const std::string until = c.facts->notAfter;
    switch (certificateState(c)) {
        case CertificateState::Expired:
            return formatText(tr("Expired on %s"), until);
        case CertificateState::NotYetValid:
            return formatText(tr("Not valid before %s"), c.facts->notBefore);
        case CertificateState::ExpiringSoon:
            return countText("Expires in %d day", "Expires in %d days", c.facts->daysLeft.value_or(0)) +
                   " (" + until + ")";
        case CertificateState::Valid:
            return formatText(tr("Valid until %s"), until) + " (" +
                   countText("%d day", "%d days", c.facts->daysLeft.value_or(0)) + ")";
        case CertificateState::Unreadable:
            break;
    }
    return tr("Unreadable certificate");
}

std::string revocationText() {
    return tr("Revocation not checked");
}

std::string attentionText(const AttentionItem& item) {
    using Kind = AttentionItem::Kind;
    switch (item.kind) {
        case Kind::PinBlocked:
            return formatText(tr("The PIN \"%s\" is blocked: unblock it with the PUK."), item.label);
        case Kind::PukBlocked:
            return formatText(tr("The PUK \"%s\" is blocked: only the card issuer can help."), item.label);
        case Kind::LastTry:
            return formatText(tr("Last try for \"%s\": one more wrong PIN blocks it."), item.label);
        case Kind::CertificateExpired:
            return formatText(tr("The certificate \"%s\" has expired: ask the card issuer for a new card."),
                              item.label);
        case Kind::CertificateNotYetValid:
            return formatText(tr("The certificate \"%s\" is not valid yet."), item.label);
        case Kind::CertificateExpiring:
            return formatText(
                countText("The certificate \"%s\" expires in %d day: ask the card issuer to renew it.",
                          "The certificate \"%s\" expires in %d days: ask the card issuer to renew it.",
                          item.days),
                item.label);
    }
    return {};
}

std::string attentionNoneText() {
    return tr("Nothing needs your attention.");
}

std::string chainTrustText(const ChainView& chain) {
    switch (chain.trust) {
        case ChainTrust::Trusted:
            return tr("The chain leads to one of your trust anchors and verifies (revocation aside).");
        case ChainTrust::UntrustedRoot:
            return tr("The chain ends at a root that is not among your trust anchors.");
        case ChainTrust::Incomplete:
            return tr(
                "The chain is incomplete: the issuer is neither on the card nor among your trust anchors.");
        case ChainTrust::Refused:
            return formatText(tr("The chain does not verify: %s"), chain.reason);
    }
    return {};
}

}  // namespace ias::browser
