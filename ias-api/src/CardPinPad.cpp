// PIN entry on the reader's PIN-pad (docs/ias-api.md, "PIN-pad readers"). The reader fills in the PIN and
// sends the APDU itself, in clear: a PIN whose VERIFY the card wants under secure messaging (the
// signature PIN of the test profile) cannot be entered there, and is reported so instead of being sent
// in a form the card refuses. Blocks are ASCII digits padded with the AODF pad character (FF) to the card's
// maximum length, as OpenSC pads for PIN-pads (card-iasecc.c) and as CHANGE's "old || new" wants them.
#include <algorithm>

#include "CardImpl.h"
#include "ias/apdu/PinPad.h"

namespace ias::api {
namespace {

constexpr std::size_t kLongestBlock = 15;  // bmPINBlockString has four bits for the block size

// The card's length rule (7F41 of the CHV SDO) narrowed by the AODF, as the host path checks it.
PinBlockRule padRule(const PinInfo& pin, const detail::SdoAnswer& chv) {
    PinBlockRule rule;
    rule.minLength = std::max<std::size_t>(1, pin.minLength);
    rule.maxLength = pin.maxLength ? pin.maxLength : 12;
    const auto t = chv.templates.find(0x7F41);
    if (t != chv.templates.end()) {
        const detail::ChvLengths card = detail::parseChvLengths(view(t->second));
        if (card.max && *card.max) rule.maxLength = std::min<std::size_t>(rule.maxLength, *card.max);
        if (card.min) rule.minLength = std::max<std::size_t>(rule.minLength, *card.min);
    }
    if (rule.minLength > rule.maxLength)
        throw ApiError(ApiErrorKind::CardContent,
                       pin.label + ": the card's PIN lengths contradict each other");
    rule.padByte = pin.padChar.value_or(0xFF);
    // A fixed block when it fits the structure, else the reader appends the digits (variable length).
    rule.blockLength = rule.maxLength <= kLongestBlock ? rule.maxLength : 0;
    rule.digits = PinDigits::Ascii;
    return rule;
}

PinPad& requirePad(Transport& transport, bool modify) {
    PinPad* pad = transport.pinPad();
    if (!pad || !(modify ? pad->canModify() : pad->canVerify()))
        throw ApiError(ApiErrorKind::NotSupported,
                       modify ? "the reader cannot change PINs on its PIN-pad" : "the reader has no PIN-pad");
    return *pad;
}

void requireClearVerify(const PinInfo& pin, detail::Scb verify) {
    if (verify.never())
        throw ApiError(ApiErrorKind::NotSupported, pin.label + ": the card never allows VERIFY");
    if (verify.secureMessaging())
        throw ApiError(
            ApiErrorKind::NotSupported,
            pin.label + ": the card wants VERIFY under secure messaging, which a PIN-pad cannot send");
}

// VERIFY of `pin` on the reader, in the current transaction.
void verifyOnPad(Card::Impl& impl, PinPad& pad, const PinInfo& pin) {
    const detail::SdoAnswer chv = impl.chvInfo(pin);
    requireClearVerify(pin, chv.rules->rule(detail::op::kChvVerify));
    PinPadVerifyRequest request;
    request.p2 = pin.reference;
    request.rule = padRule(pin, chv);
    if (pin.local) impl.selectApp();
    pad.verifyPin(request).check("VERIFY on the PIN-pad " + pin.label);
}

}  // namespace

bool Card::readerHasPinPad() {
    PinPad* pad = impl_->transport.pinPad();
    return pad && pad->canVerify();
}

bool Card::pinEntryOnReader(ByteView pinAuthId) {
    if (!readerHasPinPad()) return false;
    application();
    const PinInfo& pin = impl_->pin(pinAuthId);
    bool onReader = false;
    impl_->run(Impl::Kind::PublicRead, [&] {
        const detail::Scb verify = impl_->chvInfo(pin).rules->rule(detail::op::kChvVerify);
        onReader = !verify.never() && !verify.secureMessaging();
    });
    return onReader;
}

bool Card::pukEntryOnReader(ByteView pinAuthId) {
    if (!readerHasPinPad()) return false;
    const PinInfo* puk = unblockingPuk(pinAuthId);
    return puk != nullptr && pinEntryOnReader(puk->authId);
}

void Card::verifyPinOnReader(ByteView pinAuthId) {
    PinPad& pad = requirePad(impl_->transport, false);
    application();
    const PinInfo& pin = impl_->pin(pinAuthId);
    impl_->run(Impl::Kind::Stateful, [&] { verifyOnPad(*impl_, pad, pin); });
}

void Card::changePinOnReader(ByteView pinAuthId) {
    PinPad& pad = requirePad(impl_->transport, true);
    application();
    const PinInfo& pin = impl_->pin(pinAuthId);
    if (pin.changeDisabled) throw ApiError(ApiErrorKind::NotSupported, pin.label + ": change disabled");
    impl_->run(Impl::Kind::Stateful, [&] {
        const detail::SdoAnswer chv = impl_->chvInfo(pin);
        const detail::Scb change = chv.rules->rule(detail::op::kChvChange);
        if (change.never())
            throw ApiError(ApiErrorKind::NotSupported, pin.label + ": the card never allows CHANGE");
        if (change.secureMessaging())
            throw ApiError(
                ApiErrorKind::NotSupported,
                pin.label + ": the card wants CHANGE under secure messaging, which a PIN-pad cannot send");
        PinPadModifyRequest request;
        request.p2 = pin.reference;
        request.rule = padRule(pin, chv);
        if (request.rule.blockLength == 0)
            throw ApiError(ApiErrorKind::NotSupported, pin.label + ": PIN too long for a PIN-pad block");
        // "No implicit verification in IAS-ECC": a CHANGE rule naming a user authentication wants the PIN
        // verified first, on the pad too (the user types the current PIN twice).
        if (change.userAuthentication()) verifyOnPad(*impl_, pad, pin);
        if (pin.local) impl_->selectApp();
        pad.modifyPin(request).check("CHANGE REFERENCE DATA on the PIN-pad " + pin.label);
    });
}

void Card::unblockPinOnReader(ByteView pinAuthId, const SecureBuffer* newPin) {
    PinPad& pad = requirePad(impl_->transport, false);
    application();
    const PinInfo& pin = impl_->pin(pinAuthId);
    if (pin.unblockDisabled) throw ApiError(ApiErrorKind::NotSupported, pin.label + ": unblock disabled");
    impl_->run(Impl::Kind::Stateful, [&] {
        impl_->resetRetryCounter(pin, newPin, [&](const PinInfo& puk) { verifyOnPad(*impl_, pad, puk); });
    });
}

}  // namespace ias::api
