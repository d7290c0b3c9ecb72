// generate: a new key pair on the card (under secure messaging with the administration keyset), with its
// PrKDF/PuKDF entries. Prints "key <iD> …" to stdout; --out writes the public key as PEM.
#include <iostream>

#include "Commands.h"
#include "ExitCode.h"
#include "FileIo.h"
#include "PublicKeys.h"
#include "Session.h"

namespace ias::tool {
namespace {

std::uint32_t usageBits(const std::string& text) {
    using namespace api::key_usage;
    std::uint32_t bits = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string word = text.substr(start, end - start);
        if (word == "sign")
            bits |= kSign;
        else if (word == "decipher" || word == "decrypt")
            bits |= kDecrypt;
        else if (word == "nonrepudiation" || word == "nonRepudiation")
            bits |= kNonRepudiation;
        else
            throw UsageError("--usage takes sign, decipher, nonrepudiation (comma-separated), not \"" + word +
                             "\"");
        start = end + 1;
    }
    return bits;
}

// The smallest one-byte iD that no key or certificate uses.
Bytes freeId(const api::Application& app) {
    for (int i = 1; i < 256; ++i) {
        const Bytes id{static_cast<std::uint8_t>(i)};
        if (!app.findKey(id) && !app.findCertificate(id)) return id;
    }
    throw ToolError(Exit::CardError, "no free key iD left");
}

}  // namespace

int runGenerate(const Args& args) {
    args.allowOnly({"id", "key-ref", "bits", "label", "pin-id", "usage", "always-authenticate", "out"});
    // Everything from the command line first: a usage error never touches the card.
    api::KeyGenerationRequest request;
    const std::optional<Bytes> id = args.hexId("id");
    request.bits = static_cast<std::uint32_t>(args.number("bits", 4096).value_or(2048));
    if (auto ref = args.number("key-ref", 0x1F)) request.keyReference = static_cast<std::uint8_t>(*ref);
    request.usage = usageBits(args.value("usage").value_or("sign"));
    request.alwaysAuthenticate = args.flag("always-authenticate");
    const std::optional<Bytes> pinId = args.hexId("pin-id");

    Session session(args);
    api::Card& card = session.card();
    const api::Application& app = card.application();
    request.id = id ? *id : freeId(app);
    if (app.findKey(request.id))
        throw ToolError(Exit::Usage, "the card already has a key " + toHex(request.id));
    request.label = args.value("label").value_or("Generated key " + toHex(request.id));
    if (pinId) {
        request.pinAuthId = *pinId;
    } else {
        for (const api::PinInfo& p : app.pins)
            if (p.role == api::PinRole::Authentication && request.pinAuthId.empty())
                request.pinAuthId = p.authId;
    }
    if (!app.findPin(request.pinAuthId))
        throw ToolError(Exit::NotFound, "no PIN " + toHex(request.pinAuthId) + " to protect the key");

    const api::KeyInfo key = card.generateKey(request);
    std::cout << "key " << toHex(key.id) << " \"" << key.label << "\": RSA-" << key.bits << ", SDO "
              << toHex(ByteView(&key.keyReference, 1)) << ", PIN " << toHex(key.pinAuthId) << "\n";
    if (args.value("out"))
        writeOutput(args.value("out"), publicKeyPem(toEvpKey(card.publicKey(key.id)).get()));
    return 0;
}

}  // namespace ias::tool
