#pragma once
// The test PIN-pad's core, free of PC/SC and sockets so unit tests can drive it: parsing of the PC/SC
// part 10 PIN_VERIFY_STRUCTURE / PIN_MODIFY_STRUCTURE (CCID 6.1.11.7/8 field layout, little-endian
// fields) and the insertion of the typed digits into the APDU template the host sent.
// Every malformed input gives an outcome, never a crash: the reader answers it as a pad would (6B80 for
// bad parameters, 64xx for the user's entry).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ias::pinpad {

// What happened at the pad; each outcome other than Ok is answered with its status word.
enum class Outcome {
    Ok,
    Timeout,       // 64 00: nobody typed
    Cancelled,     // 64 01: the user pressed cancel
    Mismatch,      // 64 02: new PIN and its confirmation differ
    LengthRange,   // 64 03: the typed PIN is shorter or longer than the structure allows
    BadParameter,  // 6B 80: the structure or template is malformed or asks for what the pad cannot do
};
// The two status-word bytes of an outcome other than Ok.
std::vector<std::uint8_t> statusOf(Outcome outcome);

enum class DigitEncoding { Binary, Bcd, Ascii };

// bmFormatString, bmPINBlockString, bmPINLengthFormat and wPINMaxExtraDigit, decoded.
struct PinFormat {
    unsigned positionBits = 0;  // where the PIN goes, from the first data byte of the APDU
    bool rightJustified = false;
    DigitEncoding encoding = DigitEncoding::Binary;
    unsigned lengthFieldBits = 0;  // 0: no PIN length field in the block
    unsigned blockBytes = 0;       // size of the PIN block; 0: just the digits
    unsigned lengthPositionBits = 0;
    unsigned minDigits = 0;
    unsigned maxDigits = 0;
};

struct VerifyRequest {
    PinFormat format;
    std::vector<std::uint8_t> apdu;  // the template: CLA INS P1 P2 Lc data (the PIN block prefilled)
};

struct ModifyRequest {
    PinFormat format;
    unsigned offsetOldBytes = 0;  // bInsertionOffsetOld / New: added to the format's position
    unsigned offsetNewBytes = 0;
    bool confirmNew = false;    // bConfirmPIN bit 0
    bool enterCurrent = false;  // bConfirmPIN bit 1
    std::vector<std::uint8_t> apdu;
};

// Parse a structure as it arrives in SCardControl. `why` names the fault when the result is BadParameter.
Outcome parseVerify(const std::uint8_t* data, std::size_t size, VerifyRequest& out, std::string& why);
Outcome parseModify(const std::uint8_t* data, std::size_t size, ModifyRequest& out, std::string& why);

// What the user typed, as the test wrote it (see TypedPins.h). Digits only.
struct TypedEntry {
    Outcome outcome = Outcome::Ok;  // Timeout / Cancelled when the test said so
    std::string first;              // the PIN (verify) or the current PIN (modify)
    std::string second;             // the new PIN (modify)
    std::string confirmation;       // the new PIN again (modify), empty: same as second
};

// Writes `digits` into `apdu` per `format`, at `extraOffsetBytes` beyond the format's position.
Outcome insertPin(std::vector<std::uint8_t>& apdu, const PinFormat& format, unsigned extraOffsetBytes,
                  std::string_view digits, std::string& why);

// The APDU to send to the card, or the outcome that stops before it. The typed PINs are wiped by the caller.
Outcome buildVerifyApdu(const VerifyRequest& request, const TypedEntry& typed,
                        std::vector<std::uint8_t>& apdu, std::string& why);
Outcome buildModifyApdu(const ModifyRequest& request, const TypedEntry& typed,
                        std::vector<std::uint8_t>& apdu, std::string& why);

}  // namespace ias::pinpad
