// PIN commands on CHV SDOs (ias-ecc-card-facts.md §4):
//   VERIFY 00 20 00 rr [PIN]: without data it reports the status: 9000 verified, 63Cx not verified with x
//     tries left, 6983 blocked. A wrong PIN decrements the counter (63Cx); at zero the PIN is blocked.
//   CHANGE REFERENCE DATA 00 24 00 rr old||new.
//   RESET RETRY COUNTER 00 2C 02 rr new (new value and counter reset) or 00 2C 03 rr (counter reset only).
// rr = 80|n names a local PIN (current DF upwards), n a global PIN (in the MF). Incoming PINs may be
// padded with FF or 00 up to the maximum length (OpenSC pads when min = max).
#include <sodium.h>

#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

struct Pin {
    Chv* chv;
    FileNode* df;
};

Pin locate(CommandContext& ctx, std::uint8_t p2) {
    if ((p2 & 0x60) != 0 || (p2 & 0x1F) == 0) fail(sw::IncorrectP1P2);
    FileNode* df = nullptr;
    Chv* chv = resolvePinReference(ctx.currentDf(), p2, &df);
    if (!chv) fail(sw::ReferencedDataNotFound);
    return {chv, df};
}

ByteView unpadded(ByteView pin) {
    while (!pin.empty() && (pin.back() == 0xFF || pin.back() == 0x00)) pin = pin.first(pin.size() - 1);
    return pin;
}

bool lengthOk(const Chv& chv, ByteView pin) {
    return pin.size() >= chv.minLength && pin.size() <= chv.maxLength;
}

bool matches(const Chv& chv, ByteView candidate) {
    return candidate.size() == chv.value.size() &&
           sodium_memcmp(candidate.data(), chv.value.data(), candidate.size()) == 0;
}

StatusWord triesLeft(const Chv& chv) {
    if (chv.left <= 0) return sw::AuthMethodBlocked;
    return StatusWord(0x63, static_cast<std::uint8_t>(0xC0 | chv.left));
}

// Checks `candidate` against the PIN, counting a failure; returns normally only on success.
void checkPin(CommandContext& ctx, Pin pin, ByteView candidate) {
    Chv& chv = *pin.chv;
    if (chv.left <= 0) fail(sw::AuthMethodBlocked);
    if (matches(chv, candidate)) {
        if (chv.left != chv.tries) ctx.dirty = true;
        chv.left = chv.tries;
        return;
    }
    --chv.left;
    ctx.dirty = true;
    ctx.security.verifiedChvs.erase({pin.df, chv.ref});
    fail(chv.left == 0 ? StatusWord(0x63, 0xC0) : triesLeft(chv));
}

}  // namespace

ResponseApdu verifyPin(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x00) fail(sw::IncorrectP1P2);
    const Pin pin = locate(ctx, cmd.p2());
    if (cmd.data().empty()) {
        if (pin.chv->left <= 0) fail(sw::AuthMethodBlocked);
        if (ctx.security.isVerified(pin.df, pin.chv->ref)) return ResponseApdu({}, sw::Ok);
        fail(triesLeft(*pin.chv));
    }
    ctx.require(*pin.df, pin.chv->acl.scb(op::ChvVerify));
    const ByteView candidate = unpadded(cmd.data().view());
    if (cmd.data().size() > 64 || !lengthOk(*pin.chv, candidate)) fail(sw::WrongData);
    checkPin(ctx, pin, candidate);
    ctx.security.verifiedChvs.insert({pin.df, pin.chv->ref});
    return ResponseApdu({}, sw::Ok);
}

ResponseApdu changeReferenceData(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x00) fail(sw::IncorrectP1P2);
    const Pin pin = locate(ctx, cmd.p2());
    Chv& chv = *pin.chv;
    ctx.require(*pin.df, chv.acl.scb(op::ChvChange));
    const ByteView data = cmd.data().view();
    if (data.empty()) fail(sw::WrongLength);
    // Both PINs padded to the maximum length, or the old PIN as stored followed by the new one.
    ByteView oldPin, newPin;
    if (data.size() == 2 * chv.maxLength) {
        oldPin = unpadded(data.first(chv.maxLength));
        newPin = unpadded(data.subspan(chv.maxLength));
    } else {
        if (data.size() <= chv.value.size()) fail(sw::WrongData);
        oldPin = data.first(chv.value.size());
        newPin = unpadded(data.subspan(chv.value.size()));
    }
    if (!lengthOk(chv, newPin)) fail(sw::WrongData);
    checkPin(ctx, pin, oldPin);
    chv.value = SecureBuffer::copyOf(newPin);
    ctx.security.verifiedChvs.insert({pin.df, chv.ref});
    ctx.dirty = true;
    return ResponseApdu({}, sw::Ok);
}

ResponseApdu resetRetryCounter(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x02 && cmd.p1() != 0x03) fail(sw::IncorrectP1P2);
    const Pin pin = locate(ctx, cmd.p2());
    Chv& chv = *pin.chv;
    ctx.require(*pin.df, chv.acl.scb(op::ChvReset));
    if (cmd.p1() == 0x03) {
        if (!cmd.data().empty()) fail(sw::WrongLength);
    } else {
        const ByteView newPin = unpadded(cmd.data().view());
        if (cmd.data().empty()) fail(sw::WrongLength);
        if (!lengthOk(chv, newPin)) fail(sw::WrongData);
        chv.value = SecureBuffer::copyOf(newPin);
    }
    chv.left = chv.tries;
    ctx.security.verifiedChvs.erase({pin.df, chv.ref});
    ctx.dirty = true;
    return ResponseApdu({}, sw::Ok);
}

}  // namespace ias::vcard
