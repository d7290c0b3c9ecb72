#pragma once
// What needs the holder's attention first, most urgent first: a blocked PIN (the PUK unblocks it, in
// ias-pin-change), a blocked PUK (only the issuer helps), a PIN at its last try, a certificate expired, not
// yet valid or expiring soon. Judged from the page's values only.
#include <string>
#include <vector>

#include "CardPage.h"

namespace ias::cardview {

// A certificate expiring within this many days is said to expire soon.
inline constexpr int kExpiringSoonDays = 30;

enum class CertificateState { Valid, ExpiringSoon, Expired, NotYetValid, Unreadable };
CertificateState certificateState(const CertificateView& c);

struct AttentionItem {
    enum class Kind {
        PinBlocked,
        PukBlocked,
        LastTry,
        CertificateExpired,
        CertificateNotYetValid,
        CertificateExpiring
    };
    Kind kind;
    Bytes id;           // the PIN's authId or the certificate's iD
    std::string label;  // the card's label of it
    int days = 0;       // CertificateExpiring: days left
};

std::vector<AttentionItem> attentionItems(const CardPage& page);

}  // namespace ias::cardview
