#include "Attention.h"

namespace ias::cardview {

CertificateState certificateState(const CertificateView& c) {
    if (!c.facts) return CertificateState::Unreadable;
    if (c.facts->expired) return CertificateState::Expired;
    if (c.facts->notYetValid) return CertificateState::NotYetValid;
    if (c.facts->daysLeft && *c.facts->daysLeft <= kExpiringSoonDays) return CertificateState::ExpiringSoon;
    return CertificateState::Valid;
}

std::vector<AttentionItem> attentionItems(const CardPage& page) {
    using Kind = AttentionItem::Kind;
    std::vector<AttentionItem> blocked, lastTry, certificates;
    for (const PinView& pin : page.pins) {
        if (!pin.status) continue;
        const bool puk = pin.info.role == api::PinRole::Unblocking;
        if (pin.status->blocked)
            blocked.push_back(
                {puk ? Kind::PukBlocked : Kind::PinBlocked, pin.info.authId, pin.info.label, 0});
        else if (pin.status->triesLeft == 1)
            lastTry.push_back({Kind::LastTry, pin.info.authId, pin.info.label, 0});
    }
    for (const CertificateView& c : page.certificates) {
        switch (certificateState(c)) {
            case CertificateState::Expired:
                certificates.push_back({Kind::CertificateExpired, c.info.id, c.info.label, 0});
                break;
            case CertificateState::NotYetValid:
                certificates.push_back({Kind::CertificateNotYetValid, c.info.id, c.info.label, 0});
                break;
            case CertificateState::ExpiringSoon:
                certificates.push_back(
                    {Kind::CertificateExpiring, c.info.id, c.info.label, c.facts->daysLeft.value_or(0)});
                break;
            default:
                break;
        }
    }
    std::vector<AttentionItem> out = std::move(blocked);
    out.insert(out.end(), lastTry.begin(), lastTry.end());
    out.insert(out.end(), certificates.begin(), certificates.end());
    return out;
}

}  // namespace ias::cardview
