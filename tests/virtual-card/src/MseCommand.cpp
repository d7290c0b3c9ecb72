// MANAGE SECURITY ENVIRONMENT (00 22):
//   41 A4|B6|B8|AA  SET for internal authentication, signature, decipher, hash: 84 (or 83) key reference
//                   (80|ref), 80 algorithm reference. The key must exist and accept the algorithm.
//   C1 A4           SET for secure messaging: 80 algorithm (0C SHA-1 / 8C SHA-256 KDF), 83 keyset reference.
//   F3 nn           RESTORE: forgets what SET put.
#include <algorithm>

#include "ias/apdu/Tlv.h"
#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

struct Fields {
    std::optional<std::uint8_t> keyRef;
    std::optional<std::uint8_t> algorithm;
};

Fields parseFields(ByteView data) {
    Fields f;
    for (const Tlv& t : parseTlvList(data)) {
        if (t.value.size() != 1) {
            if (t.tag == 0x80 || t.tag == 0x83 || t.tag == 0x84) fail(sw::WrongData);
            continue;
        }
        if (t.tag == 0x80) f.algorithm = t.value[0];
        if (t.tag == 0x83 || t.tag == 0x84) f.keyRef = t.value[0] & 0x1F;
    }
    return f;
}

bool allowedFor(std::uint8_t crt, std::uint8_t alg) {
    auto in = [alg](std::initializer_list<std::uint8_t> set) {
        return std::find(set.begin(), set.end(), alg) != set.end();
    };
    switch (crt) {
        case 0xA4:
            return in({0x02, 0x35, 0x36, 0x37, 0x70});
        case 0xB6:
            return in({0x02, 0x12, 0x42, 0x35, 0x36, 0x37, 0x70});
        case 0xB8:
            return in({0x1A, 0x0A});
        case 0xAA:
            return in({0x10, 0x40});
        default:
            return false;
    }
}

void setComputation(CommandContext& ctx, std::uint8_t crt, const Fields& f) {
    MseTemplate t;
    t.algorithm = f.algorithm;
    if (f.algorithm && !allowedFor(crt, *f.algorithm)) fail(sw::WrongData);
    if (crt != 0xAA) {
        if (!f.keyRef) fail(sw::WrongData);
        FileNode* where = nullptr;
        KeyPair* key = findKey(ctx.currentDf(), *f.keyRef, &where);
        if (!key || !key->hasPrivate) fail(sw::ReferencedDataNotFound);
        if (f.algorithm && !key->accepts(*f.algorithm)) fail(sw::WrongData);
        t.keyRef = f.keyRef;
        t.df = where;
    }
    SecurityState& s = ctx.security;
    switch (crt) {
        case 0xA4:
            s.authentication = t;
            break;
        case 0xB6:
            s.signature = t;
            s.digest.reset();
            break;
        case 0xB8:
            s.confidentiality = t;
            break;
        case 0xAA:
            s.hash = t;
            s.digest.reset();
            break;
    }
}

void setSecureMessaging(CommandContext& ctx, const Fields& f) {
    if (!f.algorithm || !f.keyRef) fail(sw::WrongData);
    if (*f.algorithm != 0x0C && *f.algorithm != 0x8C) fail(sw::WrongData);
    FileNode* where = nullptr;
    if (!findKeyset(ctx.currentDf(), *f.keyRef, &where)) fail(sw::ReferencedDataNotFound);
    ctx.security.smAlgorithm = f.algorithm;
    ctx.security.smKeysetRef = f.keyRef;
    ctx.security.smKeysetDf = where;
}

}  // namespace

ResponseApdu manageSecurityEnvironment(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() == 0xF3) {
        if (!cmd.data().empty()) fail(sw::WrongLength);
        SecurityState& s = ctx.security;
        s.authentication = s.signature = s.confidentiality = s.hash = MseTemplate{};
        s.digest.reset();
        return ResponseApdu({}, sw::Ok);
    }
    if (cmd.data().empty()) fail(sw::WrongLength);
    const Fields f = parseFields(cmd.data().view());
    if (cmd.p1() == 0x41 && (cmd.p2() == 0xA4 || cmd.p2() == 0xB6 || cmd.p2() == 0xB8 || cmd.p2() == 0xAA)) {
        setComputation(ctx, cmd.p2(), f);
        return ResponseApdu({}, sw::Ok);
    }
    if (cmd.p1() == 0xC1 && cmd.p2() == 0xA4) {
        setSecureMessaging(ctx, f);
        return ResponseApdu({}, sw::Ok);
    }
    if (cmd.p1() == 0x81)
        fail(sw::FunctionNotSupported);  // role authentication (external) is not implemented
    fail(sw::IncorrectP1P2);
}

}  // namespace ias::vcard
