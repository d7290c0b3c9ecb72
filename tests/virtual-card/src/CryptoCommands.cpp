// The private-key operations, with the key and algorithm chosen by MSE SET (ias-ecc-card-facts.md §5 and
// the project's extension references in docs/virtual-card.md):
//   INTERNAL AUTHENTICATE 00 88 00 00 data   (A4): 02 PKCS#1 type-1 signature of the DigestInfo in data;
//                                                  35/36/37 RSA-PSS and 70 ECDSA of the hash in data
//   PSO HASH 00 2A 90 A0 90{state}80{rest}   (AA or B6 12/42): on-card hash completion
//   PSO HASH 00 2A 90 80 message             : the card hashes the whole message
//   PSO CDS  00 2A 9E 9A [data]              (B6): 12/42 sign the PSO HASH result (or a digest in data);
//                                                  02 DigestInfo in data; 35/36/37/70 hash in data
//   PSO DECIPHER 00 2A 80 86 81||cryptogram  (B8 1A): PKCS#1 v1.5, answers the plaintext
// A signature by PSO CDS, and any signature by a key marked consent=1, consumes the PIN verification.
#include "ias/apdu/Tlv.h"
#include "vcard/AccessRules.h"
#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/HashCompletion.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

struct ChosenKey {
    KeyPair* key;
    FileNode* df;
    std::uint8_t algorithm;
};

ChosenKey chosenKey(const MseTemplate& t, std::uint8_t defaultAlgorithm) {
    if (!t.keyRef || !t.df) fail(sw::ConditionsNotSatisfied);
    FileNode* df = const_cast<FileNode*>(t.df);
    KeyPair* key = findKey(*df, *t.keyRef, &df);
    if (!key || !key->hasPrivate) fail(sw::ReferencedDataNotFound);
    if (!key->key) fail(sw::ConditionsNotSatisfied);  // created but neither generated nor imported
    return {key, df, t.algorithm.value_or(defaultAlgorithm)};
}

Bytes signHash(const ChosenKey& k, ByteView input) {
    try {
        switch (k.algorithm) {
            case 0x02:
                return rsaSignPkcs1(k.key->key, input);
            case 0x35:
                return rsaSignPss(k.key->key, input, PssHash::Sha256);
            case 0x36:
                return rsaSignPss(k.key->key, input, PssHash::Sha384);
            case 0x37:
                return rsaSignPss(k.key->key, input, PssHash::Sha512);
            case 0x70:
                return ecdsaSign(k.key->key, input);
            default:
                fail(sw::ConditionsNotSatisfied);
        }
    } catch (const KeyError&) {
        fail(sw::WrongData);  // input too long for the key, wrong hash size, wrong key type
    }
}

std::optional<DigestAlgorithm> hashAlgorithmOf(std::uint8_t alg) {
    if (alg == 0x10 || alg == 0x12) return DigestAlgorithm::Sha1;
    if (alg == 0x40 || alg == 0x42) return DigestAlgorithm::Sha256;
    return std::nullopt;
}

DigestAlgorithm currentHashAlgorithm(const SecurityState& s) {
    if (s.hash.algorithm)
        if (auto a = hashAlgorithmOf(*s.hash.algorithm)) return *a;
    if (s.signature.algorithm)
        if (auto a = hashAlgorithmOf(*s.signature.algorithm)) return *a;
    fail(sw::ConditionsNotSatisfied);
}

ResponseApdu hash(CommandContext& ctx, const CommandApdu& cmd) {
    const DigestAlgorithm alg = currentHashAlgorithm(ctx.security);
    const ByteView data = cmd.data().view();
    if (data.empty()) fail(sw::WrongLength);
    Bytes digest;
    if (cmd.p2() == 0x80) {
        digest = hashAll(alg, data);
    } else {
        const std::vector<Tlv> items = parseTlvList(data);
        const auto state = findTlv(items, 0x90);
        const auto rest = findTlv(items, 0x80);
        if (!state) fail(sw::WrongData);
        if (state->value.size() == digestSize(alg) && !rest)
            digest.assign(state->value.begin(), state->value.end());
        else
            digest = completeHash(alg, state->value, rest ? rest->value : ByteView{});
    }
    ctx.security.digest = std::move(digest);
    ctx.security.digestAlgorithm = alg;
    return ResponseApdu({}, sw::Ok);
}

ResponseApdu computeSignature(CommandContext& ctx, const CommandApdu& cmd) {
    SecurityState& s = ctx.security;
    ChosenKey k = chosenKey(s.signature, 0x02);
    const std::uint8_t rule = k.key->acl.scb(op::KeySign);
    ctx.require(*k.df, rule);
    const ByteView data = cmd.data().view();
    Bytes signature;
    if (auto h = hashAlgorithmOf(k.algorithm)) {
        Bytes digest;
        if (!data.empty()) {
            if (data.size() != digestSize(*h)) fail(sw::WrongLength);
            digest.assign(data.begin(), data.end());
        } else {
            if (!s.digest || s.digestAlgorithm != *h) fail(sw::ConditionsNotSatisfied);
            digest = *s.digest;
        }
        k.algorithm = 0x02;
        signature = signHash(k, digestInfo(*h, digest));
    } else {
        if (data.empty()) fail(sw::WrongLength);
        signature = signHash(k, data);
    }
    s.digest.reset();
    forgetUserAuthentication(s, *k.df, rule);  // each qualified signature needs its own PIN entry
    return ResponseApdu(std::move(signature), sw::Ok);
}

ResponseApdu decipher(CommandContext& ctx, const CommandApdu& cmd) {
    ChosenKey k = chosenKey(ctx.security.confidentiality, 0x1A);
    if (k.algorithm != 0x1A && k.algorithm != 0x0A) fail(sw::ConditionsNotSatisfied);
    ctx.require(*k.df, k.key->acl.scb(op::KeyDecipher));
    const ByteView data = cmd.data().view();
    if (data.size() < 2) fail(sw::WrongLength);
    if (data[0] != 0x81 && data[0] != 0x00) fail(sw::WrongData);
    const ByteView cryptogram = data.subspan(1);
    if (k.key->type != KeyType::Rsa || cryptogram.size() != k.key->sizeBytes()) fail(sw::WrongData);
    try {
        const SecureBuffer plain = rsaDecryptPkcs1(k.key->key, cryptogram);
        return ResponseApdu(Bytes(plain.view().begin(), plain.view().end()), sw::Ok);
    } catch (const KeyError&) {
        fail(sw::WrongData);
    }
}

}  // namespace

ResponseApdu internalAuthenticate(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x00 || cmd.p2() != 0x00) fail(sw::IncorrectP1P2);
    if (cmd.data().empty()) fail(sw::WrongLength);
    ChosenKey k = chosenKey(ctx.security.authentication, 0x02);
    const std::uint8_t rule = k.key->acl.scb(op::KeyInternalAuth);
    ctx.require(*k.df, rule);
    Bytes signature = signHash(k, cmd.data().view());
    if (k.key->consent) forgetUserAuthentication(ctx.security, *k.df, rule);
    return ResponseApdu(std::move(signature), sw::Ok);
}

ResponseApdu performSecurityOperation(CommandContext& ctx, const CommandApdu& cmd) {
    const std::uint16_t p1p2 = static_cast<std::uint16_t>((cmd.p1() << 8) | cmd.p2());
    switch (p1p2) {
        case 0x90A0:
        case 0x9080:
            return hash(ctx, cmd);
        case 0x9E9A:
            return computeSignature(ctx, cmd);
        case 0x8086:
            return decipher(ctx, cmd);
        default:
            fail(sw::IncorrectP1P2);
    }
}

}  // namespace ias::vcard
