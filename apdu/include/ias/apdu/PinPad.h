#pragma once
// PIN entry on the reader (PC/SC part 10, CCID "secure PIN entry"): the host sends an APDU template and the
// rules of the PIN block; the reader's keypad fills in the PIN and sends the APDU, so the PIN never enters
// the host. A Transport offers this through Transport::pinPad() when its reader has
// FEATURE_VERIFY_PIN_DIRECT / FEATURE_MODIFY_PIN_DIRECT (PcscTransport reads the features once per
// connection). Here: the requests, their encoding as PIN_VERIFY_STRUCTURE / PIN_MODIFY_STRUCTURE, the
// feature list and the reader's own answers (64xx, 6B80) as typed errors.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/ResponseApdu.h"

namespace ias {

enum class PinDigits { Ascii, Bcd };

// How the typed PIN is put into the APDU's data field.
struct PinBlockRule {
    std::size_t minLength = 4;  // digits the keypad accepts
    std::size_t maxLength = 8;
    // Bytes of the padded PIN block in the APDU (filled with padByte, the PIN left-justified); 0: no fixed
    // block, the reader appends the digits and sets Lc (variable length).
    std::size_t blockLength = 8;
    std::uint8_t padByte = 0xFF;
    PinDigits digits = PinDigits::Ascii;
};

// VERIFY (or any command with one PIN in its data): CLA INS P1 P2 of the template.
struct PinPadVerifyRequest {
    std::uint8_t cla = 0x00, ins = 0x20, p1 = 0x00, p2 = 0x00;
    PinBlockRule rule;
    std::uint8_t timeoutSeconds = 30;
};

// CHANGE REFERENCE DATA: data = current PIN block || new PIN block, the new PIN entered twice.
struct PinPadModifyRequest {
    std::uint8_t cla = 0x00, ins = 0x24, p1 = 0x00, p2 = 0x00;
    PinBlockRule rule;
    bool enterCurrent = true;
    bool confirmNew = true;
    std::uint8_t timeoutSeconds = 30;
};

// The reader's control codes for the features it has (from CM_IOCTL_GET_FEATURE_REQUEST).
struct PinPadFeatures {
    std::optional<std::uint32_t> verifyPinDirect;
    std::optional<std::uint32_t> modifyPinDirect;
    std::optional<std::uint32_t> tlvProperties;
};

// The PIN entry ended at the reader without a card answer.
class PinEntryError : public std::runtime_error {
public:
    enum class Reason {
        Timeout,      // 64 00: nobody typed in time
        Cancelled,    // 64 01: the user pressed cancel
        Mismatch,     // 64 02: the new PIN and its confirmation differ
        LengthRange,  // 64 03: the typed PIN was too short or too long
        Refused,      // 6B 80 or any other reader refusal: the reader rejects the request
    };
    PinEntryError(Reason reason, const std::string& what) : std::runtime_error(what), reason_(reason) {}
    Reason reason() const { return reason_; }

private:
    Reason reason_;
};

// Encodes the structures (little-endian fields, as CCID and pcsc-lite's reader.h lay them out). Throws
// std::invalid_argument for a rule no structure can express (block longer than 15 bytes, min > max …).
Bytes encodeVerifyStructure(const PinPadVerifyRequest& request);
Bytes encodeModifyStructure(const PinPadModifyRequest& request);

// Parses the TLV list of CM_IOCTL_GET_FEATURE_REQUEST (tag, length 4, big-endian control code); unknown
// features and malformed tails are ignored.
PinPadFeatures parsePinPadFeatures(ByteView tlvs);

// The reader's answer to a PIN entry: 64xx and 6B80 (the reader's own words) become PinEntryError; anything
// else is the card's response APDU. Throws PinEntryError(Refused) for an answer shorter than 2 bytes.
ResponseApdu interpretPinPadAnswer(ByteView answer);

// What a transport with a PIN-pad offers.
class PinPad {
public:
    virtual ~PinPad() = default;
    virtual bool canVerify() const = 0;
    virtual bool canModify() const = 0;
    // The card's answer (check its status word: 63Cx, 6983 …); PinEntryError when the reader stopped.
    virtual ResponseApdu verifyPin(const PinPadVerifyRequest& request) = 0;
    virtual ResponseApdu modifyPin(const PinPadModifyRequest& request) = 0;
};

}  // namespace ias
