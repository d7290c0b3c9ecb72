#include "ias/apdu/ApduTrace.h"

namespace ias {

namespace {
std::string hexByte(std::uint8_t b) {
    return toHex(ByteView(&b, 1));
}

std::string redacted(std::size_t n) {
    return "[" + std::to_string(n) + (n == 1 ? " byte" : " bytes") + " redacted]";
}

// Lc and Le exactly as they go on the wire (short: 1 byte; extended: 00 + 2 bytes before data, 2 after).
std::string lcField(const CommandApdu& cmd) {
    const std::size_t n = cmd.data().size();
    if (!cmd.extended()) return hexByte(static_cast<std::uint8_t>(n));
    const std::uint8_t b[3] = {0x00, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    return toHex(ByteView(b, 3));
}

std::string leField(const CommandApdu& cmd) {
    const std::size_t le = *cmd.le();
    if (!cmd.extended()) return hexByte(static_cast<std::uint8_t>(le == 256 ? 0 : le));
    const std::size_t v = le == 65536 ? 0 : le;
    const std::uint8_t b[2] = {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    // Case 2E carries the 00 marker in front of Le; case 4E had it in front of Lc.
    return (cmd.data().empty() ? "00" : "") + toHex(ByteView(b, 2));
}
}  // namespace

bool claIndicatesSecureMessaging(std::uint8_t cla) {
    if (cla == 0xFF) return true;  // invalid class: nothing to learn from it, so hide the data
    if ((cla & 0xC0) == 0x40) return (cla & 0x20) != 0;  // further interindustry class: b6
    return (cla & 0x0C) != 0;                            // first interindustry (and proprietary): b4 b3
}

bool commandCarriesSecret(const CommandApdu& cmd) {
    switch (cmd.ins()) {
        case 0x20:  // VERIFY
        case 0x21:
        case 0x24:  // CHANGE REFERENCE DATA
        case 0x25:
        case 0x26:  // DISABLE VERIFICATION REQUIREMENT
        case 0x28:  // ENABLE VERIFICATION REQUIREMENT
        case 0x2C:  // RESET RETRY COUNTER
        case 0x2D:
            return true;
        default:
            return claIndicatesSecureMessaging(cmd.cla());
    }
}

bool responseCarriesSecret(const CommandApdu& cmd) {
    // PSO with P1 = 80 returns a plain value: the deciphered plaintext (ISO 7816-8).
    return cmd.ins() == 0x2A && cmd.p1() == 0x80;
}

std::string traceCommand(const CommandApdu& cmd) {
    std::string line = "> " + hexByte(cmd.cla()) + " " + hexByte(cmd.ins()) + " " + hexByte(cmd.p1()) + " " +
                       hexByte(cmd.p2());
    if (!cmd.data().empty()) {
        line += " " + lcField(cmd) + " ";
        line += commandCarriesSecret(cmd) ? redacted(cmd.data().size()) : toHex(cmd.data().view());
    }
    if (cmd.le()) line += " " + leField(cmd);
    return line;
}

std::string traceResponse(const ResponseApdu& resp, bool redactData) {
    std::string line = "< ";
    if (!resp.data().empty())
        line += (redactData ? redacted(resp.data().size()) : toHex(view(resp.data()))) + " ";
    return line + resp.sw().toString();
}

}  // namespace ias
