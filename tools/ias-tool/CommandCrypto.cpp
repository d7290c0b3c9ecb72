// sign and decipher with a key of the card. The key's PIN is asked for each run (--no-pin: rely on the
// card's current security state); the qualified signature key's PIN is verified with every signature,
// in the same card transaction.
#include <iostream>
#include <optional>

#include "Commands.h"
#include "ExitCode.h"
#include "FileIo.h"
#include "Mechanisms.h"
#include "PinReader.h"
#include "Session.h"

namespace ias::tool {
namespace {

const api::KeyInfo& keyOf(api::Card& card, const Bytes& id) {
    const api::KeyInfo* key = card.application().findKey(id);
    if (!key) throw ToolError(Exit::NotFound, "no key with iD " + toHex(id) + " on the card");
    return *key;
}

}  // namespace

int runSign(const Args& args) {
    args.allowOnly({"key", "mechanism", "in", "out", "format", "no-pin"});
    const Bytes keyId = args.requiredHexId("key");
    const std::string format = args.value("format").value_or("der");
    if (format != "der" && format != "raw") throw UsageError("--format is der or raw (ECDSA: r||s)");
    const Mechanism* named = args.value("mechanism") ? &mechanismNamed(*args.value("mechanism")) : nullptr;
    const Bytes data = readInput(args.value("in"));
    PinReader reader(args);
    Session session(args);
    api::Card& card = session.card();
    const api::KeyInfo& key = keyOf(card, keyId);
    const Mechanism& m = named ? *named : defaultMechanism(key);
    if (!key.supports(m.card)) {
        std::string known;
        for (std::string_view n : mechanismsFor(key)) known += " " + std::string(n);
        throw ToolError(Exit::NotSupported, "key " + toHex(keyId) + " does not do " + std::string(m.name) +
                                                " (it does:" + (known.empty() ? " nothing" : known) + ")");
    }
    const Bytes input = cardInput(m, data);
    const std::optional<SecureBuffer> pin = keyPin(args, reader, card, key);
    Bytes signature = card.sign(keyId, m.card, input, pin ? &*pin : nullptr);
    if (m.card == api::SignMechanism::Ecdsa && format == "der") signature = ecdsaRawToDer(signature);
    writeOutput(args.value("out"), signature);
    std::cerr << "ias-tool: signed with key " << toHex(keyId) << " (" << m.name << ")\n";
    return 0;
}

int runDecipher(const Args& args) {
    args.allowOnly({"key", "in", "out", "no-pin"});
    const Bytes keyId = args.requiredHexId("key");
    const Bytes cryptogram = readInput(args.value("in"), 64 * 1024);
    PinReader reader(args);
    Session session(args);
    api::Card& card = session.card();
    const api::KeyInfo& key = keyOf(card, keyId);
    const std::optional<SecureBuffer> pin = keyPin(args, reader, card, key);
    const SecureBuffer plain = card.decipher(keyId, cryptogram, pin ? &*pin : nullptr);
    writeSecretOutput(args.value("out"), plain);
    return 0;
}

}  // namespace ias::tool
