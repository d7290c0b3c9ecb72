// challenge new|sign|verify: challenge-response with the card's authentication key
// (docs/challenge-response.md). `new` and `verify` are the verifier's side and need no card; `sign` is the
// card holder's and signs through ias::api::Card::authenticate with the key's PIN as `sign` asks it.
#include <ctime>
#include <iostream>

#include "ChallengeResponseFile.h"
#include "ChallengeState.h"
#include "ChallengeVerify.h"
#include "Commands.h"
#include "ExitCode.h"
#include "FileIo.h"
#include "Mechanisms.h"
#include "PinReader.h"
#include "Session.h"

namespace ias::tool {
namespace {

constexpr unsigned long kDefaultMaxAge = 300;

std::string mechanismName(api::SignMechanism m) {
    switch (m) {
        case api::SignMechanism::RsaPkcs1:
            return "rsa-pkcs1-sha256";
        case api::SignMechanism::RsaPssSha256:
            return "rsa-pss-sha256";
        case api::SignMechanism::Ecdsa:
            return "ecdsa-sha256";
        default:
            throw ToolError(Exit::Internal, std::string("unexpected mechanism ") + api::toString(m));
    }
}

int runNew(const Args& args) {
    args.allowOnly({"out"});
    const ChallengeState state = newChallenge(args.required("out"));
    std::cout << "challenge: " << toHex(state.challenge) << "\n";
    return 0;
}

int runSignChallenge(const Args& args) {
    args.allowOnly({"context", "challenge", "key", "out", "no-pin"});
    const std::string context = args.required("context");
    const Bytes challenge = readChallenge(args.required("challenge"));
    api::challengeMessage(context, challenge);  // refuses a bad context or challenge before the card
    const std::optional<Bytes> keyId = args.hexId("key");
    PinReader reader(args);
    Session session(args);
    api::Card& card = session.card();
    const api::KeyInfo* key = keyId ? card.application().findKey(*keyId) : &card.authenticationKey();
    if (!key) throw ToolError(Exit::NotFound, "no key with iD " + toHex(*keyId) + " on the card");
    // The verifier needs the certificate: found missing before the PIN is asked, not after the signature.
    if (!key->hasCertificate)
        throw ToolError(Exit::NotFound, "key " + toHex(key->id) + " has no certificate on the card");
    const std::optional<SecureBuffer> pin = keyPin(args, reader, card, *key);
    const api::ChallengeSignature made =
        card.authenticate(key->id, context, challenge, pin ? &*pin : nullptr);

    ChallengeResponseFile response;
    response.mechanism = mechanismName(made.mechanism);
    response.signature =
        made.mechanism == api::SignMechanism::Ecdsa ? ecdsaRawToDer(made.signature) : made.signature;
    response.certificates.push_back(card.certificate(key->id));
    for (const api::CertificateInfo& c : card.application().certificates)
        if (c.authority) response.certificates.push_back(card.certificate(c.id));
    writeOutput(args.value("out"), encodeResponse(response));
    std::cerr << "ias-tool: challenge signed with key " << toHex(key->id) << " (" << response.mechanism
              << ")\n";
    return 0;
}

int runVerify(const Args& args) {
    args.allowOnly({"context", "challenge", "response", "anchor", "max-age"});
    const std::string context = args.required("context");
    const std::string statePath = args.required("challenge");
    const std::string responsePath = args.required("response");
    const std::string anchorPath = args.required("anchor");
    const auto maxAge =
        static_cast<std::int64_t>(args.number("max-age", 366ul * 24 * 3600).value_or(kDefaultMaxAge));
    const ChallengeResponseFile response = decodeResponse(readInput(responsePath, 1u << 20), responsePath);
    readInput(anchorPath, 1u << 20);  // an unreadable anchor file is found before the challenge is spent

    LockedChallengeState locked(statePath);
    const ChallengeState& state = locked.state();
    if (state.consumed)
        throw ToolError(Exit::ChallengeRefused, "the challenge in " + statePath + " was used before");
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    if (state.created > now)
        throw ToolError(Exit::ChallengeRefused,
                        "the challenge in " + statePath + " was created in the future");
    if (now - state.created > maxAge)
        throw ToolError(Exit::ChallengeRefused, "the challenge in " + statePath + " is " +
                                                    std::to_string(now - state.created) + " s old (at most " +
                                                    std::to_string(maxAge) + " s)");
    const Bytes message = api::challengeMessage(context, state.challenge);
    // One verification per challenge, whatever its outcome: a refused response cannot be retried either.
    locked.consume();
    const std::string subject = verifyResponse(response, message, anchorPath);
    std::cout << "verified: " << subject << "\n";
    return 0;
}

}  // namespace

int runChallenge(const Args& args) {
    const auto& words = args.words();
    if (words.size() != 2) throw UsageError("challenge new, challenge sign or challenge verify");
    if (words[1] == "new") return runNew(args);
    if (words[1] == "sign") return runSignChallenge(args);
    if (words[1] == "verify") return runVerify(args);
    throw UsageError("unknown challenge command \"" + words[1] + "\" (new, sign, verify)");
}

}  // namespace ias::tool
