#include "ias/apdu/CommandApdu.h"

#include <stdexcept>

#include "ias/apdu/ResponseApdu.h"

namespace ias {

namespace {
constexpr std::size_t kMaxShortData = 255;
constexpr std::size_t kMaxShortLe = 256;
constexpr std::size_t kMaxExtended = 65535;
constexpr std::size_t kMaxExtendedLe = 65536;

void checkLe(std::optional<std::size_t> le) {
    if (le && (*le == 0 || *le > kMaxExtendedLe)) throw std::invalid_argument("APDU: Le out of range");
}
}  // namespace

CommandApdu::CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2)
    : cla_(cla), ins_(ins), p1_(p1), p2_(p2) {}

CommandApdu::CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data,
                         std::optional<std::size_t> le)
    : CommandApdu(cla, ins, p1, p2, SecureBuffer::copyOf(data), le) {}

CommandApdu::CommandApdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2,
                         SecureBuffer data, std::optional<std::size_t> le)
    : cla_(cla), ins_(ins), p1_(p1), p2_(p2), data_(std::move(data)), le_(le) {
    if (data_.size() > kMaxExtended) throw std::invalid_argument("APDU: data longer than 65535 bytes");
    checkLe(le_);
}

bool CommandApdu::extended() const {
    return forceExtended_ || data_.size() > kMaxShortData || (le_ && *le_ > kMaxShortLe);
}

SecureBuffer CommandApdu::encode() const {
    const bool ext = extended();
    SecureBuffer out(4 + 3 + data_.size() + 3);
    const std::uint8_t header[4] = {cla_, ins_, p1_, p2_};
    out.append(ByteView(header, 4));
    if (!data_.empty()) {
        if (ext) {
            const std::uint8_t lc[3] = {0x00, static_cast<std::uint8_t>(data_.size() >> 8),
                                        static_cast<std::uint8_t>(data_.size())};
            out.append(ByteView(lc, 3));
        } else {
            out.push_back(static_cast<std::uint8_t>(data_.size()));
        }
        out.append(data_.view());
    }
    if (le_) {
        if (ext) {
            // Case 2E has the 00 marker before Le; case 4E already had it before Lc.
            if (data_.empty()) out.push_back(0x00);
            const std::size_t le = (*le_ == kMaxExtendedLe) ? 0 : *le_;
            out.push_back(static_cast<std::uint8_t>(le >> 8));
            out.push_back(static_cast<std::uint8_t>(le));
        } else {
            out.push_back(static_cast<std::uint8_t>(*le_ == kMaxShortLe ? 0 : *le_));
        }
    }
    return out;
}

CommandApdu CommandApdu::parse(ByteView raw) {
    if (raw.size() < 4) throw ApduFormatError("command APDU shorter than 4 bytes");
    const std::uint8_t cla = raw[0], ins = raw[1], p1 = raw[2], p2 = raw[3];
    const std::size_t n = raw.size();
    if (n == 4) return CommandApdu(cla, ins, p1, p2);
    if (n == 5) {
        CommandApdu c(cla, ins, p1, p2);
        c.le_ = raw[4] == 0 ? kMaxShortLe : raw[4];
        return c;
    }
    if (raw[4] != 0) {
        const std::size_t lc = raw[4];
        if (n == 5 + lc) return CommandApdu(cla, ins, p1, p2, raw.subspan(5, lc));
        if (n == 6 + lc) {
            const std::size_t le = raw[5 + lc] == 0 ? kMaxShortLe : raw[5 + lc];
            return CommandApdu(cla, ins, p1, p2, raw.subspan(5, lc), le);
        }
        throw ApduFormatError("command APDU: Lc does not match the length");
    }
    // Extended length: 00 then two bytes.
    if (n < 7) throw ApduFormatError("command APDU: truncated extended length");
    const std::size_t first = (static_cast<std::size_t>(raw[5]) << 8) | raw[6];
    if (n == 7) {
        CommandApdu c(cla, ins, p1, p2);
        c.le_ = first == 0 ? kMaxExtendedLe : first;
        c.forceExtended_ = true;
        return c;
    }
    if (first == 0) throw ApduFormatError("command APDU: extended Lc of zero");
    CommandApdu c(cla, ins, p1, p2, raw.subspan(7, std::min(first, n - 7)));
    c.forceExtended_ = true;
    if (n == 7 + first) return c;
    if (n == 9 + first) {
        const std::size_t le = (static_cast<std::size_t>(raw[7 + first]) << 8) | raw[8 + first];
        c.le_ = le == 0 ? kMaxExtendedLe : le;
        return c;
    }
    throw ApduFormatError("command APDU: extended Lc does not match the length");
}

std::vector<CommandApdu> CommandApdu::chain(std::size_t maxDataPerCommand) const {
    if (maxDataPerCommand == 0) throw std::invalid_argument("APDU chain: zero-sized parts");
    std::vector<CommandApdu> parts;
    if (data_.size() <= maxDataPerCommand) {
        parts.push_back(*this);
        return parts;
    }
    for (std::size_t off = 0; off < data_.size(); off += maxDataPerCommand) {
        const std::size_t len = std::min(maxDataPerCommand, data_.size() - off);
        const bool last = off + len == data_.size();
        CommandApdu part(last ? cla_ : static_cast<std::uint8_t>(cla_ | 0x10), ins_, p1_, p2_,
                         SecureBuffer::copyOf(data_.view().subspan(off, len)), last ? le_ : std::nullopt);
        // A command that had to go out in extended form keeps that form in every part.
        part.forceExtended_ = forceExtended_;
        parts.push_back(std::move(part));
    }
    return parts;
}

}  // namespace ias
