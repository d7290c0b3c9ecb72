#pragma once
// The Cryptoki flows the browsers and mail clients make (client-facts.md), each from C_Initialize to
// C_Finalize, run through the module's real code (tests/support/ModuleWorld.h) against a card that may be
// hostile (HostileCard.h), with everything the module answers checked against independent known answers:
//   - each return value is one PKCS #11 3.0 lists for its function and, when not CKR_OK, one that names a
//     card or token fault (CKR_DEVICE_ERROR, CKR_DEVICE_REMOVED, CKR_TOKEN_NOT_RECOGNIZED …): never
//     CKR_GENERAL_ERROR or a code that blames the application's arguments;
//   - a failure comes with at least one line of the module's log;
//   - what comes back with CKR_OK is right: certificates byte for byte the personalisation's (read from its
//     PEM files), signatures verified with OpenSSL under the certificate's key, decrypted data the message
//     OpenSSL encrypted;
//   - C_Finalize succeeds, the card asked no more than the hang guard allows, and the next faithful run over
//     the same card and content cache works (nothing the hostile answer did outlives it).
#include <optional>
#include <string>
#include <vector>

#include "HostileCard.h"

namespace ias::hostile {

enum class Flow {
    Start,     // browser start on a card never seen: slots, tokens, certificates and keys listed (cold cache)
    TlsRsa,    // TLS 1.2 client authentication: login, CKM_RSA_PKCS over a SHA-256 DigestInfo
    TlsPss,    // TLS 1.3 client authentication: CKM_SHA256_RSA_PKCS_PSS in parts (Firefox)
    TlsEcdsa,  // TLS with the EC authentication key: CKM_ECDSA over a SHA-256 hash
    MailSign,  // qualified signature (Thunderbird S/MIME): login, context-specific login, CKM_RSA_PKCS
    MailDecrypt,  // S/MIME decryption: CKM_RSA_PKCS with the authentication key
    PinChange,    // Firefox's "Change Password": C_SetPIN on the authentication token (the card must then
                  // hold the old PIN or the new one, and the new one when C_SetPIN said CKR_OK)
    Count
};
std::string flowName(Flow flow);

struct RunResult {
    std::vector<std::string> violations;  // empty: the module did right by the card's answers
    std::vector<std::string> calls;       // "C_Login=0x000000A0" for each call, in order
    std::string failure;                  // the first call that failed, with its code ("" when none)
    std::size_t commands = 0;             // commands the card received
    bool applied = false;                 // the fault changed an answer (HostileCard::applied)
    std::string command;                  // the header of the command whose answer was broken (hex)
    // C_Decrypt answered CKR_OK with a shorter message, where the card shortened its plain answer under a
    // success status word: no middleware can see that (an IAS-ECC decipher answer carries no length or MAC),
    // so it is counted apart, not as a violation.
    bool undetectable = false;
    std::size_t logLines = 0;
};

// One run of `flow` over a fresh virtual card behind a hostile card planned with `fault` at command `at`
// (nullopt: a faithful run). With `checkAfter`, a faithful start and TLS signature follow over the same card
// and cache, and their violations count too.
RunResult runFlow(Flow flow, std::optional<Fault> fault = std::nullopt, std::size_t at = 0,
                  bool checkAfter = true);
// The same with any number of broken answers (the fuzz target's plans).
RunResult runFlow(Flow flow, const std::vector<PlannedFault>& faults, bool checkAfter = true);

// The lines the module logged during the last run (for a reader of a finding).
const std::vector<std::string>& lastLog();

}  // namespace ias::hostile
