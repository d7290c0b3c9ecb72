#include "ias/apdu/PinPad.h"

namespace ias {
namespace {

// PC/SC part 10 feature tags (reader.h).
constexpr std::uint8_t kFeatureVerifyPinDirect = 0x06;
constexpr std::uint8_t kFeatureModifyPinDirect = 0x07;
constexpr std::uint8_t kFeatureTlvProperties = 0x12;
constexpr std::uint16_t kLanguageEnglish = 0x0409;
constexpr std::uint8_t kValidateWithOkKey = 0x02;

void putLe16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
}

void putLe32(Bytes& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void checkRule(const PinBlockRule& rule) {
    if (rule.minLength == 0 || rule.minLength > rule.maxLength || rule.maxLength > 0xFF)
        throw std::invalid_argument("PIN-pad: PIN lengths " + std::to_string(rule.minLength) + ".." +
                                    std::to_string(rule.maxLength) + " cannot be expressed");
    if (rule.blockLength > 15) throw std::invalid_argument("PIN-pad: a PIN block is at most 15 bytes");
    const std::size_t digitsPerByte = rule.digits == PinDigits::Bcd ? 2 : 1;
    if (rule.blockLength && rule.maxLength > rule.blockLength * digitsPerByte)
        throw std::invalid_argument("PIN-pad: the longest PIN does not fit the PIN block");
}

// bmFormatString (units in bytes, PIN at the start of its block, left-justified, ASCII or BCD),
// bmPINBlockString (no length field, the block size) and bmPINLengthFormat (none).
void putFormat(Bytes& out, const PinBlockRule& rule) {
    out.push_back(rule.digits == PinDigits::Bcd ? 0x81 : 0x82);
    out.push_back(static_cast<std::uint8_t>(rule.blockLength));
    out.push_back(0x00);
}

void putTemplate(Bytes& out, std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2,
                 const PinBlockRule& rule, std::size_t blocks) {
    const std::size_t data = rule.blockLength * blocks;
    putLe32(out, static_cast<std::uint32_t>(5 + data));
    out.insert(out.end(), {cla, ins, p1, p2, static_cast<std::uint8_t>(data)});
    out.insert(out.end(), data, rule.padByte);
}

}  // namespace

Bytes encodeVerifyStructure(const PinPadVerifyRequest& request) {
    checkRule(request.rule);
    Bytes out;
    out.push_back(request.timeoutSeconds);
    out.push_back(0x00);  // bTimerOut2: the reader's default after the first key
    putFormat(out, request.rule);
    // wPINMaxExtraDigit = min << 8 | max
    putLe16(out, static_cast<std::uint16_t>(request.rule.minLength << 8 | request.rule.maxLength));
    out.push_back(kValidateWithOkKey);
    out.push_back(0x01);  // one message: "enter PIN"
    putLe16(out, kLanguageEnglish);
    out.push_back(0x00);                        // bMsgIndex
    out.insert(out.end(), {0x00, 0x00, 0x00});  // bTeoPrologue
    putTemplate(out, request.cla, request.ins, request.p1, request.p2, request.rule, 1);
    return out;
}

Bytes encodeModifyStructure(const PinPadModifyRequest& request) {
    checkRule(request.rule);
    if (request.rule.blockLength == 0)
        throw std::invalid_argument("PIN-pad: changing a PIN needs fixed-length PIN blocks");
    Bytes out;
    out.push_back(request.timeoutSeconds);
    out.push_back(0x00);
    putFormat(out, request.rule);
    out.push_back(0x00);  // bInsertionOffsetOld
    out.push_back(static_cast<std::uint8_t>(request.enterCurrent ? request.rule.blockLength : 0));
    putLe16(out, static_cast<std::uint16_t>(request.rule.minLength << 8 | request.rule.maxLength));
    out.push_back(
        static_cast<std::uint8_t>((request.confirmNew ? 0x01 : 0) | (request.enterCurrent ? 0x02 : 0)));
    out.push_back(kValidateWithOkKey);
    out.push_back(
        static_cast<std::uint8_t>(1 + (request.enterCurrent ? 1 : 0) + (request.confirmNew ? 1 : 0)));
    putLe16(out, kLanguageEnglish);
    out.insert(out.end(), {0x00, 0x01, 0x02});  // bMsgIndex1..3: current, new, confirm
    out.insert(out.end(), {0x00, 0x00, 0x00});  // bTeoPrologue
    putTemplate(out, request.cla, request.ins, request.p1, request.p2, request.rule,
                request.enterCurrent ? 2 : 1);
    return out;
}

PinPadFeatures parsePinPadFeatures(ByteView tlvs) {
    PinPadFeatures f;
    std::size_t i = 0;
    while (i + 2 <= tlvs.size()) {
        const std::uint8_t tag = tlvs[i];
        const std::size_t length = tlvs[i + 1];
        if (i + 2 + length > tlvs.size()) break;
        if (length == 4) {
            const std::uint32_t code = static_cast<std::uint32_t>(tlvs[i + 2]) << 24 | tlvs[i + 3] << 16 |
                                       tlvs[i + 4] << 8 | tlvs[i + 5];
            if (tag == kFeatureVerifyPinDirect) f.verifyPinDirect = code;
            if (tag == kFeatureModifyPinDirect) f.modifyPinDirect = code;
            if (tag == kFeatureTlvProperties) f.tlvProperties = code;
        }
        i += 2 + length;
    }
    return f;
}

ResponseApdu interpretPinPadAnswer(ByteView answer) {
    using Reason = PinEntryError::Reason;
    if (answer.size() < 2) throw PinEntryError(Reason::Refused, "PIN-pad: the reader answered nothing");
    if (answer.size() == 2 && answer[0] == 0x64) {
        switch (answer[1]) {
            case 0x00:
                throw PinEntryError(Reason::Timeout, "PIN-pad: PIN entry timed out");
            case 0x01:
                throw PinEntryError(Reason::Cancelled, "PIN-pad: PIN entry cancelled");
            case 0x02:
                throw PinEntryError(Reason::Mismatch, "PIN-pad: the new PINs differ");
            case 0x03:
                throw PinEntryError(Reason::LengthRange, "PIN-pad: PIN too short or too long");
            default:
                break;
        }
    }
    if (answer.size() == 2 && answer[0] == 0x6B && answer[1] == 0x80)
        throw PinEntryError(Reason::Refused, "PIN-pad: the reader refused the PIN entry request (6B80)");
    return ResponseApdu::parse(answer);
}

}  // namespace ias
