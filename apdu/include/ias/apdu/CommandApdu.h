#pragma once
// ISO 7816-4 command APDU as a value type. The data field lives in a SecureBuffer because commands carry
// PINs (VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER) and SM plaintext.
#include <cstdint>
#include <optional>
#include <vector>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias {

class CommandApdu {
public:
    // Le semantics: nullopt = no Le field (case 1/3); 0 < le <= 65536. In short form le == 256 is encoded
    // as 00, in extended form 65536 as 0000.
    CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2);
    CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data,
                std::optional<std::size_t> le = std::nullopt);
    CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, SecureBuffer data,
                std::optional<std::size_t> le = std::nullopt);

    // Parses a complete APDU (cases 1, 2S, 3S, 4S, 2E, 3E, 4E). Throws ApduFormatError when Lc/Le do not
    // match the length of the buffer; the error carries the status word a card answers (6700).
    static CommandApdu parse(ByteView raw);

    std::uint8_t cla() const { return cla_; }
    std::uint8_t ins() const { return ins_; }
    std::uint8_t p1() const { return p1_; }
    std::uint8_t p2() const { return p2_; }
    const SecureBuffer& data() const { return data_; }
    std::optional<std::size_t> le() const { return le_; }
    bool extended() const;  // true when data > 255 bytes or le > 256 (or forced)
    void setForceExtended(bool f) { forceExtended_ = f; }
    void setCla(std::uint8_t cla) { cla_ = cla; }
    void setLe(std::optional<std::size_t> le) { le_ = le; }

    // Whether CLA announces ISO secure messaging (b4/b3 set).
    bool isSecureMessaging() const { return (cla_ & 0x0C) != 0; }
    bool isChained() const { return (cla_ & 0x10) != 0; }

    // The wire encoding (short or extended as needed). Secure because the data may be a PIN.
    SecureBuffer encode() const;

    // Splits into a command chain (ISO 7816-4 5.1.1.1): every part but the last has CLA b5 set; each part
    // carries at most `maxDataPerCommand` bytes; only the last part keeps Le.
    std::vector<CommandApdu> chain(std::size_t maxDataPerCommand) const;

private:
    std::uint8_t cla_, ins_, p1_, p2_;
    SecureBuffer data_;
    std::optional<std::size_t> le_;
    bool forceExtended_ = false;
};

}  // namespace ias
