// PINs (facts §4): status by VERIFY without data, verify, change, unblock with the PUK. The card's own rule
// for each command (8C of the CHV SDO) decides whether it goes under secure messaging. PIN values live in
// SecureBuffers only; a PIN outside the rules never reaches the card.
#include <algorithm>

#include "CardImpl.h"
#include "ias/apdu/Tlv.h"

namespace ias::api {
namespace {

struct LengthRule {
    std::size_t min = 1;
    std::size_t max = 64;
    bool cardPads = false;  // min == max on the card: pad with FF (facts §3)
};

LengthRule lengthRule(const PinInfo& pin, const detail::SdoAnswer& chv) {
    LengthRule r;
    r.min = std::max<std::size_t>(1, pin.minLength);
    if (pin.maxLength) r.max = pin.maxLength;
    const auto t = chv.templates.find(0x7F41);
    if (t != chv.templates.end()) {
        const detail::ChvLengths card = detail::parseChvLengths(view(t->second));
        if (card.max && *card.max) r.max = std::min<std::size_t>(r.max, *card.max);
        if (card.min) r.min = std::max<std::size_t>(r.min, *card.min);
        r.cardPads = card.cardPads();
    }
    return r;
}

}  // namespace

detail::SdoAnswer Card::Impl::chvInfo(const PinInfo& pin) {
    auto a = sdo(pinDf(pin), detail::sdo::kChv, pin.reference & 0x1F, 0x7F41);
    if (!a || !a->rules)
        throw ApiError(ApiErrorKind::CardContent,
                       "the card has no CHV SDO (with access rules) for PIN " + pin.label);
    return *a;
}

SecureBuffer Card::Impl::formatPin(const PinInfo& pin, const SecureBuffer& value, bool pad) {
    const LengthRule rule = lengthRule(pin, chvInfo(pin));
    if (value.empty()) throw ApiError(ApiErrorKind::PinFormat, pin.label + ": empty PIN");
    if (value.size() < rule.min || value.size() > rule.max)
        throw ApiError(ApiErrorKind::PinFormat, pin.label + ": a PIN of " + std::to_string(rule.min) +
                                                    " to " + std::to_string(rule.max) +
                                                    " characters is needed");
    if (pin.type == PinType::AsciiNumeric || pin.type == PinType::Bcd)
        for (std::uint8_t c : value.view())
            if (c < '0' || c > '9') throw ApiError(ApiErrorKind::PinFormat, pin.label + ": digits only");
    std::size_t padTo = 0;
    if (pin.needsPadding) padTo = std::max(pin.storedLength, value.size());
    if (rule.cardPads) padTo = std::max(padTo, rule.max);
    if (!pad) padTo = 0;
    SecureBuffer out(std::max(value.size(), padTo));
    out.append(value.view());
    while (out.size() < padTo) out.push_back(pin.padChar.value_or(0xFF));
    return out;
}

void Card::Impl::verifyInTransaction(const PinInfo& pin, const SecureBuffer& value) {
    const detail::SdoAnswer chv = chvInfo(pin);
    SecureBuffer block = formatPin(pin, value, true);
    const detail::Scb rule = chv.rules->rule(detail::op::kChvVerify);
    if (rule.never())
        throw ApiError(ApiErrorKind::NotSupported, pin.label + ": the card never allows VERIFY");
    if (rule.secureMessaging())
        openSm(rule, pinDf(pin));
    else if (pin.local)
        selectApp();
    CommandApdu verify(0x00, 0x20, 0x00, pin.reference, std::move(block));
    const ResponseApdu r = transmit(verify);
    closeSm();
    r.check("VERIFY " + pin.label);
}

PinStatus Card::pinStatus(ByteView pinAuthId) {
    application();
    const PinInfo& pin = impl_->pin(pinAuthId);
    PinStatus status;
    impl_->run(Impl::Kind::PublicRead, [&] {
        const detail::SdoAnswer chv = impl_->chvInfo(pin);
        const LengthRule rule = lengthRule(pin, chv);
        status = PinStatus{};
        status.maxTries = chv.maxTries;
        status.minLength = rule.min;
        status.maxLength = rule.max;
        if (pin.local) impl_->selectApp();
        const ResponseApdu r = impl_->transmit(CommandApdu(0x00, 0x20, 0x00, pin.reference));
        if (r.ok()) {
            status.verified = true;
        } else if (r.sw() == sw::AuthMethodBlocked) {
            status.blocked = true;
            status.triesLeft = 0;
        } else if (r.sw().sw1 == 0x63 && (r.sw().sw2 & 0xF0) == 0xC0) {
            status.triesLeft = r.sw().sw2 & 0x0F;
            status.blocked = status.triesLeft == 0;
        } else {
            r.check("VERIFY (status) " + pin.label);
        }
    });
    return status;
}

void Card::verifyPin(ByteView pinAuthId, const SecureBuffer& pin) {
    application();
    const PinInfo& info = impl_->pin(pinAuthId);
    impl_->run(Impl::Kind::Stateful, [&] { impl_->verifyInTransaction(info, pin); });
}

void Card::changePin(ByteView pinAuthId, const SecureBuffer& oldPin, const SecureBuffer& newPin) {
    application();
    const PinInfo& pin = impl_->pin(pinAuthId);
    if (pin.changeDisabled) throw ApiError(ApiErrorKind::NotSupported, pin.label + ": change disabled");
    impl_->run(Impl::Kind::Stateful, [&] {
        const detail::SdoAnswer chv = impl_->chvInfo(pin);
        // Both checked before anything is sent.
        const bool pad = pin.needsPadding;
        SecureBuffer oldBlock = impl_->formatPin(pin, oldPin, pad);
        SecureBuffer newBlock = impl_->formatPin(pin, newPin, pad);
        const detail::Scb rule = chv.rules->rule(detail::op::kChvChange);
        if (rule.never())
            throw ApiError(ApiErrorKind::NotSupported, pin.label + ": the card never allows CHANGE");
        // "No implicit verification in IAS-ECC": a rule naming a user authentication wants VERIFY first.
        if (rule.userAuthentication()) impl_->verifyInTransaction(pin, oldPin);
        if (rule.secureMessaging())
            impl_->openSm(rule, impl_->pinDf(pin));
        else if (pin.local)
            impl_->selectApp();
        SecureBuffer data(oldBlock.size() + newBlock.size());
        data.append(oldBlock);
        data.append(newBlock);
        const ResponseApdu r = impl_->transmit(CommandApdu(0x00, 0x24, 0x00, pin.reference, std::move(data)));
        impl_->closeSm();
        r.check("CHANGE REFERENCE DATA " + pin.label);
    });
}

void Card::unblockPin(ByteView pinAuthId, const SecureBuffer& puk, const SecureBuffer* newPin) {
    application();
    const PinInfo& pin = impl_->pin(pinAuthId);
    if (pin.unblockDisabled) throw ApiError(ApiErrorKind::NotSupported, pin.label + ": unblock disabled");
    impl_->run(Impl::Kind::Stateful, [&] {
        impl_->resetRetryCounter(pin, newPin,
                                 [&](const PinInfo& pukInfo) { impl_->verifyInTransaction(pukInfo, puk); });
    });
}

const PinInfo* Card::unblockingPuk(ByteView pinAuthId) {
    application();
    const PinInfo& pin = impl_->pin(pinAuthId);
    const PinInfo* puk = nullptr;
    impl_->run(Impl::Kind::PublicRead, [&] {
        const detail::Scb rule = impl_->chvInfo(pin).rules->rule(detail::op::kChvReset);
        if (!rule.never() && rule.userAuthentication()) puk = impl_->unblockingPuk(pin, rule);
    });
    return puk;
}

// The PUK: the PIN's AODF link, else the one the RESET rule's security environment names.
const PinInfo* Card::Impl::unblockingPuk(const PinInfo& pin, const detail::Scb& resetRule) {
    const PinInfo* pukInfo = pin.unblockedBy.empty() ? nullptr : app->findPin(view(pin.unblockedBy));
    if (pukInfo) return pukInfo;
    const auto se = environment(pinDf(pin), resetRule.environment());
    if (const detail::Crt* crt = detail::findCrt(se, 0xA4, 0x08); crt && !crt->references.empty())
        for (const PinInfo& p : app->pins)
            if (p.reference == crt->references.front()) pukInfo = &p;
    return pukInfo;
}

void Card::Impl::resetRetryCounter(const PinInfo& pin, const SecureBuffer* newPin,
                                   const std::function<void(const PinInfo& puk)>& verifyPuk) {
    const detail::SdoAnswer chv = chvInfo(pin);
    const detail::Scb rule = chv.rules->rule(detail::op::kChvReset);
    if (rule.never())
        throw ApiError(ApiErrorKind::NotSupported, pin.label + ": the card never allows unblocking");
    std::optional<SecureBuffer> newBlock;
    if (newPin) newBlock = formatPin(pin, *newPin, true);
    if (rule.userAuthentication()) {
        const PinInfo* pukInfo = unblockingPuk(pin, rule);
        if (!pukInfo) throw ApiError(ApiErrorKind::NotFound, pin.label + ": no PUK named for unblocking");
        verifyPuk(*pukInfo);
    }
    if (rule.secureMessaging())
        openSm(rule, pinDf(pin));
    else if (pin.local)
        selectApp();
    ResponseApdu r;
    if (newBlock)
        r = transmit(CommandApdu(0x00, 0x2C, 0x02, pin.reference, std::move(*newBlock)));
    else
        r = transmit(CommandApdu(0x00, 0x2C, 0x03, pin.reference));
    closeSm();
    r.check("RESET RETRY COUNTER " + pin.label);
}

}  // namespace ias::api
