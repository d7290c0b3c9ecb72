#pragma once
// The mechanisms of the module as data: which key kind, which card scheme, which hash the module computes.
#include <optional>
#include <vector>

#include "Cryptoki.h"
#include "TokenBackend.h"

namespace ias::p11 {

struct MechanismSpec {
    CK_MECHANISM_TYPE type;
    KeyKind kind;
    SignScheme scheme;
    std::optional<HashAlg> moduleHash;  // the module hashes the data (hash-and-sign mechanisms)
    bool pssParams;                     // takes CK_RSA_PKCS_PSS_PARAMS
    bool canDecrypt;                    // CKM_RSA_PKCS only
};

const std::vector<MechanismSpec>& allMechanisms();
const MechanismSpec* findMechanism(CK_MECHANISM_TYPE type);

// The key can sign with this mechanism on the card (its algorithms), regardless of PIN rules.
bool keyCanSign(const PrivateKeyInfo& key, const MechanismSpec& mech);
bool keyCanDecrypt(const PrivateKeyInfo& key, const MechanismSpec& mech);

// Hash-and-sign mechanisms are refused for keys that need a PIN for every signature unless the backend
// obtains the PIN itself: Firefox's multi-part TLS 1.3 path never does a context-specific login
// (docs/pkcs11.md).
bool keyAcceptsMechanism(const PrivateKeyInfo& key, const MechanismSpec& mech, bool protectedPath);

// Every mechanism the key accepts (CKA_ALLOWED_MECHANISMS and the token's mechanism list).
std::vector<CK_MECHANISM_TYPE> keyMechanisms(const PrivateKeyInfo& key, bool protectedPath);

CK_MECHANISM_TYPE mgfOf(HashAlg alg);
CK_MECHANISM_TYPE mechanismOfHash(HashAlg alg);

}  // namespace ias::p11
