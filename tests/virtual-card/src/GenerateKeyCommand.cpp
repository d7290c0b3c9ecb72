// GENERATE ASYMMETRIC KEY PAIR (00 47 00 00 70 { BF 90 rr }): makes a new key in the private/public SDO
// pair `rr`, with the size of its DOCP and the public exponent put beforehand in 7F49 82 (RSA), or a new
// P-256 key (EC). The answer is the public key template 7F49; readers may also GET DATA BF A0 rr.
#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/SdoEncoding.h"
#include "vcard/StatusError.h"

namespace ias::vcard {

ResponseApdu generateKeyPair(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x00 || cmd.p2() != 0x00) fail(sw::IncorrectP1P2);
    if (cmd.data().empty()) fail(sw::WrongLength);
    const SdoAddress a = parseSdoAddress(cmd.data().view());
    if (a.sdoClass != sdoclass::PrivateKey) fail(sw::WrongData);
    FileNode* where = nullptr;
    KeyPair* key = findKey(ctx.currentDf(), a.ref, &where);
    if (!key || !key->hasPrivate) fail(sw::ReferencedDataNotFound);
    ctx.require(*where, key->acl.scb(op::KeyGenerate));
    try {
        if (key->type == KeyType::Ec) {
            key->key = generateEcP256();
        } else {
            const std::size_t bits = key->key ? keyBits(key->key) : key->bits;
            if (bits < 1024 || bits > 4096 || bits % 256 != 0) fail(sw::ConditionsNotSatisfied);
            key->key = generateRsa(bits, key->publicExponent);
        }
    } catch (const KeyError&) {
        fail(sw::WrongData);
    }
    key->hasPublic = true;
    key->pendingModulus.clear();
    key->pending.clear();
    ctx.dirty = true;
    return ResponseApdu(publicKeyTemplate(*key), sw::Ok);
}

}  // namespace ias::vcard
