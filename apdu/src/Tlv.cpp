#include "ias/apdu/Tlv.h"

#include <stdexcept>

namespace ias {

bool isConstructedTag(std::uint32_t tag) {
    // The first tag byte carries the constructed bit (b6).
    std::uint32_t first = tag;
    while (first > 0xFF) first >>= 8;
    return (first & 0x20) != 0;
}

bool Tlv::constructed() const {
    return isConstructedTag(tag);
}

std::vector<Tlv> Tlv::children(TlvMode mode) const {
    return parseTlvList(value, mode);
}

Tlv parseTlv(ByteView data, std::size_t& offset, TlvMode mode) {
    const std::size_t start = offset;
    std::size_t pos = offset;
    if (pos >= data.size()) throw TlvError("TLV: no tag");
    std::uint32_t tag = data[pos++];
    if ((tag & 0x1F) == 0x1F) {
        // Multi-byte tag: continuation bytes while b8 is set; we accept at most 3 tag bytes in all.
        int extra = 0;
        while (true) {
            if (pos >= data.size()) throw TlvError("TLV: truncated tag");
            if (++extra > 2) throw TlvError("TLV: tag longer than 3 bytes");
            std::uint8_t b = data[pos++];
            // X.690 8.1.2.4.2: the first subsequent byte must not carry leading zero bits of the number.
            if (mode == TlvMode::Der && extra == 1 && b == 0x80)
                throw TlvError("TLV: non-minimal tag encoding");
            tag = (tag << 8) | b;
            if ((b & 0x80) == 0) break;
        }
    }
    if (pos >= data.size()) throw TlvError("TLV: truncated length");
    std::size_t length = data[pos++];
    if (length == 0x80) throw TlvError("TLV: indefinite length");
    if (length > 0x80) {
        const std::size_t count = length & 0x7F;
        if (count > 4) throw TlvError("TLV: length field longer than 4 bytes");
        if (data.size() - pos < count) throw TlvError("TLV: truncated length");
        length = 0;
        for (std::size_t i = 0; i < count; ++i) length = (length << 8) | data[pos++];
        if (mode == TlvMode::Der) {
            const bool minimal = (count == 1) ? length >= 0x80 : (length >> (8 * (count - 1))) != 0;
            if (!minimal) throw TlvError("TLV: non-minimal length encoding");
        }
    }
    if (data.size() - pos < length) throw TlvError("TLV: value runs past the end of the data");
    Tlv t;
    t.tag = tag;
    t.value = data.subspan(pos, length);
    t.encoded = data.subspan(start, pos + length - start);
    offset = pos + length;
    return t;
}

Tlv parseSingleTlv(ByteView data, TlvMode mode) {
    std::size_t offset = 0;
    Tlv t = parseTlv(data, offset, mode);
    if (offset != data.size()) throw TlvError("TLV: trailing bytes after the object");
    return t;
}

std::vector<Tlv> parseTlvList(ByteView data, TlvMode mode) {
    std::vector<Tlv> out;
    std::size_t offset = 0;
    while (offset < data.size()) out.push_back(parseTlv(data, offset, mode));
    return out;
}

std::optional<Tlv> findTlv(const std::vector<Tlv>& list, std::uint32_t tag) {
    for (const Tlv& t : list)
        if (t.tag == tag) return t;
    return std::nullopt;
}

void appendTag(Bytes& out, std::uint32_t tag) {
    if (tag > 0xFFFFFF) throw std::invalid_argument("TLV: tag longer than 3 bytes");
    if (tag > 0xFFFF) out.push_back(static_cast<std::uint8_t>(tag >> 16));
    if (tag > 0xFF) out.push_back(static_cast<std::uint8_t>(tag >> 8));
    out.push_back(static_cast<std::uint8_t>(tag));
}

void appendLength(Bytes& out, std::size_t length) {
    if (length < 0x80) {
        out.push_back(static_cast<std::uint8_t>(length));
        return;
    }
    // The parser accepts at most 4 length bytes; never write what it would refuse.
    if (length > 0xFFFFFFFFu) throw std::invalid_argument("TLV: length does not fit 4 bytes");
    int count = 0;
    for (std::size_t l = length; l != 0; l >>= 8) ++count;
    out.push_back(static_cast<std::uint8_t>(0x80 | count));
    for (int i = count - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
}

Bytes encodeTlv(std::uint32_t tag, ByteView value) {
    Bytes out;
    out.reserve(value.size() + 6);
    appendTag(out, tag);
    appendLength(out, value.size());
    append(out, value);
    return out;
}

}  // namespace ias
