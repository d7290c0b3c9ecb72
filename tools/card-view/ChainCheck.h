#pragma once
// A certificate's chain as the card holds it (tools/card-view issuerChain), judged offline against trust
// anchors: a PEM file the holder or the administrator names, else the system's store. OpenSSL's
// X509_verify_cert at the current time: signatures, validity, CA constraints; no revocation (that is asked
// for separately, never without the holder's action).
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::cardview {

enum class ChainTrust {
    Trusted,        // the chain verifies up to one of the anchors
    UntrustedRoot,  // it ends at a self-signed root that is not among the anchors
    Incomplete,     // the card lacks an issuer, and the anchors do not supply it
    Refused,        // something in the chain fails (expired, bad signature, not a CA …): `reason`
};

struct ChainView {
    std::vector<std::string> names;  // each certificate's subject CN (else the whole subject), signer first
    ChainTrust trust = ChainTrust::Incomplete;
    std::string reason;  // OpenSSL's words when not trusted
};

// `anchorsFile` empty: the system's default store. Throws std::invalid_argument when `der` is not a
// certificate.
ChainView checkChain(ByteView der, const std::vector<Bytes>& cardAuthorities, const std::string& anchorsFile);
const char* chainTrustName(ChainTrust t);
struct CardPage;
// The card's CA certificates on a page (the candidates for issuers).
std::vector<Bytes> authorities(const CardPage& page);  // "trusted", "untrusted-root", "incomplete", "refused"

}  // namespace ias::cardview
