#include "ias/apdu/StatusWord.h"

#include "ias/apdu/Bytes.h"

namespace ias {

std::string StatusWord::toString() const {
    const std::uint8_t b[2] = {sw1, sw2};
    return toHex(ByteView(b, 2));
}

CardErrorKind classifyStatus(StatusWord s) {
    if (s.sw1 == 0x63 && (s.sw2 & 0xF0) == 0xC0) return CardErrorKind::PinIncorrect;
    switch (s.value()) {
        case 0x6983:
            return CardErrorKind::PinBlocked;
        case 0x6984:
            return CardErrorKind::ReferenceNotUsable;
        case 0x6982:
            return CardErrorKind::SecurityStatus;
        case 0x6985:
            return CardErrorKind::ConditionsNotSatisfied;
        case 0x6987:
        case 0x6988:
        case 0x6882:
            return CardErrorKind::SmFailure;
        case 0x6A82:
            return CardErrorKind::FileNotFound;
        case 0x6A88:
            return CardErrorKind::DataNotFound;
        case 0x6A83:
            return CardErrorKind::RecordNotFound;
        case 0x6A80:
        case 0x6A85:
        case 0x6A86:
        case 0x6A87:
        case 0x6B00:
            return CardErrorKind::WrongParameters;
        case 0x6700:
            return CardErrorKind::WrongLength;
        case 0x6D00:
        case 0x6E00:
        case 0x6A81:
        case 0x6881:
            return CardErrorKind::NotSupported;
        case 0x6A84:
        case 0x6581:
            return CardErrorKind::Memory;
        case 0x6A89:
            return CardErrorKind::FileExists;
        default:
            return CardErrorKind::Other;
    }
}

CardError::CardError(CardErrorKind kind, StatusWord sw, const std::string& context)
    : std::runtime_error(context + ": card answered " + sw.toString()), kind_(kind), sw_(sw) {}

PinIncorrect::PinIncorrect(StatusWord sw, const std::string& context)
    : CardError(CardErrorKind::PinIncorrect, sw, context) {}

void throwCardError(StatusWord sw, const std::string& context) {
    const CardErrorKind kind = classifyStatus(sw);
    if (kind == CardErrorKind::PinIncorrect) throw PinIncorrect(sw, context);
    throw CardError(kind, sw, context);
}

}  // namespace ias
