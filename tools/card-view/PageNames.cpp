#include "PageNames.h"

namespace ias::cardview {

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
        case Presence::Unknown:
            return "unknown";
        case Presence::Ready:
            return "ready";
    }
    return "?";
}

const char* roleName(api::PinRole r) {
    switch (r) {
        case api::PinRole::Authentication:
            return "authentication";
        case api::PinRole::Signature:
            return "signature";
        case api::PinRole::Unblocking:
            return "puk";
    }
    return "?";
}

const char* certificateStateName(CertificateState s) {
    switch (s) {
        case CertificateState::Valid:
            return "valid";
        case CertificateState::ExpiringSoon:
            return "expiring";
        case CertificateState::Expired:
            return "expired";
        case CertificateState::NotYetValid:
            return "not-yet-valid";
        case CertificateState::Unreadable:
            return "unreadable";
    }
    return "?";
}

const char* attentionName(AttentionItem::Kind k) {
    using Kind = AttentionItem::Kind;
    switch (k) {
        case Kind::PinBlocked:
            return "pin-blocked";
        case Kind::PukBlocked:
            return "puk-blocked";
        case Kind::LastTry:
            return "last-try";
        case Kind::CertificateExpired:
            return "cert-expired";
        case Kind::CertificateNotYetValid:
            return "cert-not-yet-valid";
        case Kind::CertificateExpiring:
            return "cert-expiring";
    }
    return "?";
}

}  // namespace ias::cardview
