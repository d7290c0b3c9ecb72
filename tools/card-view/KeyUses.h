#pragma once
// What a key of the card is good for, in the terms a holder meets: a web site's login (TLS client
// authentication) — TLS 1.3 signs with RSA-PSS or ECDSA only, so a key whose card algorithms are PKCS#1 v1.5
// alone serves TLS 1.2 sites and fails on TLS 1.3-only ones, and the holder should learn it here, not at
// the site —, the qualified signature of documents, deciphering. Judged from the card's PKCS#15 description.
#include <string>
#include <vector>

#include "ias/api/CardModel.h"

namespace ias::cardview {

struct KeyUses {
    bool webLoginTls12 = false;      // an authentication key that signs a TLS 1.2 handshake
    bool webLoginTls13 = false;      // ... and a TLS 1.3 one (RSA-PSS SHA-256 or ECDSA on the card)
    bool documentSignature = false;  // the qualified signature key (non-repudiation, a PIN for every use)
    bool decipher = false;           // PKCS#1 v1.5 deciphering (mail and files sent to the holder)
};

KeyUses keyUses(const api::Application& app, const api::KeyInfo& key);
// "web-login-tls12", "web-login-tls13", "document-signature", "decipher": the machine-readable names.
std::vector<std::string> keyUseNames(const KeyUses& uses);

}  // namespace ias::cardview
