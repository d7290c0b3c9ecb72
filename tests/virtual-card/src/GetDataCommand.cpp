// GET DATA (00 CB 3F FF) of an SDO: 4D { 70 { BF cc rr { <tag> 80 } } }. The card answers
// 70 { BF cc rr { items } }: the DOCP (A0) with the ACL (A1{8C}), sizes and counters, and the public part
// of the class template (7F41 PIN lengths, 7F49 public key, 7B CRTs). Private and secret values are never
// answered. An absent SDO is 6A88; a tag the SDO class does not have is 6A86 (OpenSC then asks for A0).
#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/SdoEncoding.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

std::uint32_t requestedTag(ByteView content) {
    if (content.empty()) fail(sw::WrongData);
    if ((content[0] == 0x7F || content[0] == 0x5F) && content.size() >= 2)
        return (std::uint32_t{content[0]} << 8) | content[1];
    return content[0];
}

Bytes answer(CommandContext& ctx, const SdoAddress& a, std::uint32_t tag) {
    FileNode* where = nullptr;
    FileNode& df = ctx.currentDf();
    switch (a.sdoClass) {
        case sdoclass::Chv: {
            Chv* chv = findChv(df, a.ref, &where);
            if (!chv) fail(sw::ReferencedDataNotFound);
            ctx.require(*where, chv->acl.scb(op::SdoGet));
            Bytes out = chvDocp(*chv);
            if (tag == 0x7F41)
                append(out, chvTemplate(*chv));
            else if (tag != 0xA0)
                fail(sw::IncorrectP1P2);
            return out;
        }
        case sdoclass::PrivateKey: {
            KeyPair* key = findKey(df, a.ref, &where);
            if (!key || !key->hasPrivate) fail(sw::ReferencedDataNotFound);
            ctx.require(*where, key->acl.scb(op::SdoGet));
            if (tag != 0x7F48 && tag != 0xA0) fail(sw::IncorrectP1P2);
            return privateKeyDocp(*key);
        }
        case sdoclass::PublicKey: {
            KeyPair* key = findKey(df, a.ref, &where);
            if (!key || !key->hasPublic) fail(sw::ReferencedDataNotFound);
            ctx.require(*where, key->pubAcl.scb(op::SdoGet));
            Bytes out = publicKeyDocp(*key);
            if (tag == 0x7F49)
                append(out, publicKeyTemplate(*key));
            else if (tag != 0xA0)
                fail(sw::IncorrectP1P2);
            return out;
        }
        case sdoclass::Keyset: {
            Keyset* ks = findKeyset(df, a.ref, &where);
            if (!ks) fail(sw::ReferencedDataNotFound);
            ctx.require(*where, ks->acl.scb(op::SdoGet));
            if (tag != 0xA2 && tag != 0xA0) fail(sw::IncorrectP1P2);
            return keysetDocp(*ks);
        }
        case sdoclass::Se: {
            SecurityEnvironment* se = findEnvironment(df, a.ref, &where);
            if (!se) fail(sw::ReferencedDataNotFound);
            ctx.require(*where, se->acl.scb(op::SdoGet));
            // OpenSC parses an SE answer as exactly one 7B: the DOCP only comes when asked for.
            if (tag == 0x7B) return environmentTemplate(*se);
            if (tag == 0xA0) return environmentDocp(*se);
            fail(sw::IncorrectP1P2);
        }
        default:
            fail(sw::ReferencedDataNotFound);
    }
}

}  // namespace

ResponseApdu getData(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x3F || cmd.p2() != 0xFF) fail(sw::IncorrectP1P2);
    if (cmd.data().empty()) fail(sw::WrongLength);
    const SdoAddress a = parseSdoAddress(cmd.data().view());
    const Bytes content = answer(ctx, a, requestedTag(a.content));
    return ResponseApdu(sdoResponse(a.sdoClass, a.ref, content), sw::Ok);
}

}  // namespace ias::vcard
