#include "PinPadCommand.h"

namespace ias::pinpad {
namespace {

constexpr std::size_t kVerifyHeader = 19;  // PIN_VERIFY_STRUCTURE up to abData
constexpr std::size_t kModifyHeader = 24;  // PIN_MODIFY_STRUCTURE up to abData
constexpr std::size_t kApduHeader = 5;     // CLA INS P1 P2 Lc

std::uint32_t le32(const std::uint8_t* p) {
    return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

Outcome fault(std::string& why, const char* text) {
    why = text;
    return Outcome::BadParameter;
}

Outcome decodeFormat(std::uint8_t formatString, std::uint8_t blockString, std::uint8_t lengthFormat,
                     std::uint8_t maxDigits, std::uint8_t minDigits, PinFormat& f, std::string& why) {
    const unsigned unit = (formatString & 0x80) ? 8 : 1;
    f.positionBits = ((formatString >> 3) & 0x0F) * unit;
    f.rightJustified = (formatString & 0x04) != 0;
    switch (formatString & 0x03) {
        case 0:
            f.encoding = DigitEncoding::Binary;
            break;
        case 1:
            f.encoding = DigitEncoding::Bcd;
            break;
        case 2:
            f.encoding = DigitEncoding::Ascii;
            break;
        default:
            return fault(why, "bmFormatString: PIN format 11 is reserved");
    }
    f.lengthFieldBits = blockString >> 4;
    f.blockBytes = blockString & 0x0F;
    if (lengthFormat & 0xE0) return fault(why, "bmPINLengthFormat: reserved bits set");
    f.lengthPositionBits = (lengthFormat & 0x0F) * ((lengthFormat & 0x10) ? 8 : 1);
    f.minDigits = minDigits;
    f.maxDigits = maxDigits;
    if (f.maxDigits == 0 || f.minDigits > f.maxDigits) return fault(why, "wPINMaxExtraDigit: min above max");
    return Outcome::Ok;
}

// The template after the header: ulDataLength must name exactly what follows, and the APDU must be a
// short APDU whose Lc covers its data (the PIN block lives there). Without a fixed PIN block
// (bmPINBlockString 0) the template may end at P2 or Lc 00: the pad appends the digits and sets Lc, as
// CCID readers do for variable-length PINs (OpenSC sends such templates when it knows no padding).
Outcome takeTemplate(const std::uint8_t* data, std::size_t size, std::size_t header, const PinFormat& format,
                     std::vector<std::uint8_t>& apdu, std::string& why) {
    const std::uint32_t length = le32(data + header - 4);
    if (length != size - header) return fault(why, "ulDataLength does not match the structure's size");
    const bool variable = format.blockBytes == 0 && format.lengthFieldBits == 0;
    if (length < 4 || (length < kApduHeader + 1 && !variable))
        return fault(why, "the APDU template has no data field for the PIN");
    if (length > kApduHeader + 255) return fault(why, "the APDU template is longer than a short APDU");
    apdu.assign(data + header, data + size);
    if (apdu.size() == 4) apdu.push_back(0x00);
    if (apdu[4] != apdu.size() - kApduHeader) return fault(why, "the template's Lc does not match its data");
    return Outcome::Ok;
}

void writeBits(std::vector<std::uint8_t>& apdu, std::size_t bitPos, unsigned bits, unsigned value) {
    for (unsigned i = 0; i < bits; ++i) {
        const std::size_t at = bitPos + i;
        const std::uint8_t mask = static_cast<std::uint8_t>(0x80 >> (at % 8));
        std::uint8_t& byte = apdu[kApduHeader + at / 8];
        if ((value >> (bits - 1 - i)) & 1)
            byte |= mask;
        else
            byte &= static_cast<std::uint8_t>(~mask);
    }
}

}  // namespace

std::vector<std::uint8_t> statusOf(Outcome outcome) {
    switch (outcome) {
        case Outcome::Ok:
            break;
        case Outcome::Timeout:
            return {0x64, 0x00};
        case Outcome::Cancelled:
            return {0x64, 0x01};
        case Outcome::Mismatch:
            return {0x64, 0x02};
        case Outcome::LengthRange:
            return {0x64, 0x03};
        case Outcome::BadParameter:
            return {0x6B, 0x80};
    }
    return {0x90, 0x00};
}

Outcome parseVerify(const std::uint8_t* data, std::size_t size, VerifyRequest& out, std::string& why) {
    if (!data || size < kVerifyHeader) return fault(why, "PIN_VERIFY_STRUCTURE shorter than its header");
    // wPINMaxExtraDigit is 0xXXYY little-endian: the first byte is the maximum, the second the minimum.
    const Outcome f = decodeFormat(data[2], data[3], data[4], data[5], data[6], out.format, why);
    if (f != Outcome::Ok) return f;
    return takeTemplate(data, size, kVerifyHeader, out.format, out.apdu, why);
}

Outcome parseModify(const std::uint8_t* data, std::size_t size, ModifyRequest& out, std::string& why) {
    if (!data || size < kModifyHeader) return fault(why, "PIN_MODIFY_STRUCTURE shorter than its header");
    const Outcome f = decodeFormat(data[2], data[3], data[4], data[7], data[8], out.format, why);
    if (f != Outcome::Ok) return f;
    out.offsetOldBytes = data[5];
    out.offsetNewBytes = data[6];
    if (data[9] & 0xFC) return fault(why, "bConfirmPIN: reserved bits set");
    out.confirmNew = (data[9] & 0x01) != 0;
    out.enterCurrent = (data[9] & 0x02) != 0;
    return takeTemplate(data, size, kModifyHeader, out.format, out.apdu, why);
}

Outcome insertPin(std::vector<std::uint8_t>& apdu, const PinFormat& format, unsigned extraOffsetBytes,
                  std::string_view digits, std::string& why) {
    for (char c : digits)
        if (c < '0' || c > '9') return fault(why, "the pad has digit keys only");
    if (digits.size() < format.minDigits || digits.size() > format.maxDigits) {
        why = "PIN length outside the structure's minimum and maximum";
        return Outcome::LengthRange;
    }
    if (apdu.size() < kApduHeader) return fault(why, "no APDU header");
    const unsigned digitBits = format.encoding == DigitEncoding::Bcd ? 4 : 8;
    const std::size_t pinBits = digits.size() * digitBits;
    const std::size_t blockBits = format.blockBytes ? format.blockBytes * 8u : pinBits;
    const std::size_t start = extraOffsetBytes * 8u + format.positionBits;
    if (format.blockBytes == 0 && format.lengthFieldBits == 0) {
        // Variable length: the data field grows to hold the digits (BCD's last nibble padded with F).
        const std::size_t needed = (start + pinBits + 7) / 8;
        if (needed > 255) return fault(why, "the PIN reaches beyond a short APDU");
        while (apdu.size() - kApduHeader < needed) apdu.push_back(0xFF);
        apdu[4] = static_cast<std::uint8_t>(apdu.size() - kApduHeader);
    }
    const std::size_t dataBits = (apdu.size() - kApduHeader) * 8;
    if (pinBits > blockBits) {
        why = "the typed PIN does not fit the PIN block";
        return Outcome::LengthRange;
    }
    if (start + blockBits > dataBits) return fault(why, "the PIN block reaches beyond the APDU's data");
    std::size_t at = format.rightJustified ? start + blockBits - pinBits : start;
    for (char c : digits) {
        const unsigned d = static_cast<unsigned>(c - '0');
        writeBits(apdu, at, digitBits, format.encoding == DigitEncoding::Ascii ? '0' + d : d);
        at += digitBits;
    }
    if (format.lengthFieldBits) {
        const std::size_t lengthAt = extraOffsetBytes * 8u + format.lengthPositionBits;
        if (lengthAt + format.lengthFieldBits > dataBits)
            return fault(why, "the PIN length field reaches beyond the APDU's data");
        if (format.lengthFieldBits < 16 && digits.size() >= (1u << format.lengthFieldBits))
            return fault(why, "the PIN length does not fit its field");
        writeBits(apdu, lengthAt, format.lengthFieldBits, static_cast<unsigned>(digits.size()));
    }
    return Outcome::Ok;
}

Outcome buildVerifyApdu(const VerifyRequest& request, const TypedEntry& typed,
                        std::vector<std::uint8_t>& apdu, std::string& why) {
    if (typed.outcome != Outcome::Ok) return typed.outcome;
    apdu = request.apdu;
    return insertPin(apdu, request.format, 0, typed.first, why);
}

Outcome buildModifyApdu(const ModifyRequest& request, const TypedEntry& typed,
                        std::vector<std::uint8_t>& apdu, std::string& why) {
    if (typed.outcome != Outcome::Ok) return typed.outcome;
    apdu = request.apdu;
    if (request.enterCurrent) {
        const Outcome o = insertPin(apdu, request.format, request.offsetOldBytes, typed.first, why);
        if (o != Outcome::Ok) return o;
    }
    if (request.confirmNew && !typed.confirmation.empty() && typed.confirmation != typed.second) {
        why = "the new PIN and its confirmation differ";
        return Outcome::Mismatch;
    }
    return insertPin(apdu, request.format, request.offsetNewBytes, typed.second, why);
}

}  // namespace ias::pinpad
