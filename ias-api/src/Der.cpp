#include "Der.h"

#include <algorithm>
#include <cstdio>

namespace ias::api::der {

void fail(const std::string& where, const std::string& reason) {
    throw DerError(where.empty() ? reason : where + ": " + reason);
}

std::string tagName(std::uint32_t tag) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(tag));
    return buf;
}

bool isContextConstructed(std::uint32_t tag) {
    while (tag > 0xFF) tag >>= 8;
    return (tag & 0xE0) == 0xA0;
}

Reader::Reader(ByteView content, std::string where) : where_(std::move(where)) {
    try {
        items_ = parseTlvList(content, TlvMode::Der);
    } catch (const TlvError& e) {
        fail(where_, e.what());
    }
}

std::optional<Tlv> Reader::optional(std::uint32_t tag) {
    if (atEnd() || items_[pos_].tag != tag) return std::nullopt;
    return items_[pos_++];
}

Tlv Reader::expect(std::uint32_t tag, const std::string& name) {
    if (atEnd()) fail(where_, name + " missing");
    if (items_[pos_].tag != tag)
        fail(where_, name + ": expected tag " + tagName(tag) + ", found " + tagName(items_[pos_].tag));
    return items_[pos_++];
}

Tlv Reader::any(const std::string& name) {
    if (atEnd()) fail(where_, name + " missing");
    return items_[pos_++];
}

void Reader::finish() const {
    if (!atEnd())
        fail(where_, "unexpected element " + tagName(items_[pos_].tag) + " after the last component");
}

std::int64_t integer(const Tlv& tlv, std::int64_t min, std::int64_t max, const std::string& name) {
    const ByteView v = tlv.value;
    if (v.empty()) fail(name, "empty INTEGER");
    if (v.size() > 8) fail(name, "INTEGER too large");
    // X.690 8.3.2: the first nine bits must not be all zeros or all ones.
    if (v.size() > 1 && ((v[0] == 0x00 && (v[1] & 0x80) == 0) || (v[0] == 0xFF && (v[1] & 0x80) != 0)))
        fail(name, "non-minimal INTEGER encoding");
    std::uint64_t raw = (v[0] & 0x80) ? ~std::uint64_t{0} : 0;
    for (std::uint8_t b : v) raw = (raw << 8) | b;
    const auto value = static_cast<std::int64_t>(raw);
    if (value < min || value > max)
        fail(name, "value " + std::to_string(value) + " outside " + std::to_string(min) + ".." +
                       std::to_string(max));
    return value;
}

std::uint32_t unsignedInteger(const Tlv& tlv, std::uint32_t max, const std::string& name) {
    return static_cast<std::uint32_t>(integer(tlv, 0, max, name));
}

std::uint32_t reference(const Tlv& tlv, const std::string& name) {
    const std::int64_t v = integer(tlv, -128, 255, name);
    return static_cast<std::uint32_t>(v < 0 ? v + 256 : v);
}

bool boolean(const Tlv& tlv, const std::string& name) {
    // X.690 11.1: DER TRUE is FF.
    if (tlv.value.size() != 1 || (tlv.value[0] != 0x00 && tlv.value[0] != 0xFF))
        fail(name, "BOOLEAN must be one byte 00 or FF");
    return tlv.value[0] == 0xFF;
}

std::uint32_t bitField(const Tlv& tlv, const std::string& name) {
    const ByteView v = tlv.value;
    if (v.empty()) fail(name, "BIT STRING without its unused-bits byte");
    const unsigned unused = v[0];
    if (unused > 7) fail(name, "BIT STRING unused-bits count above 7");
    if (v.size() == 1 && unused != 0) fail(name, "empty BIT STRING with unused bits");
    if (v.size() > 1 && (v.back() & ((1u << unused) - 1)) != 0) fail(name, "BIT STRING unused bits not zero");
    if (v.size() > 17) fail(name, "BIT STRING too long for a flag field");
    std::uint32_t field = 0;
    for (std::size_t i = 1; i < v.size(); ++i) {
        for (unsigned bit = 0; bit < 8; ++bit) {
            if ((v[i] & (0x80u >> bit)) == 0) continue;
            const std::size_t n = (i - 1) * 8 + bit;
            // Named bits past 31 are unknown to this model; unknown flags are ignored as PKCS#15 asks.
            if (n < 32) field |= 1u << n;
        }
    }
    return field;
}

Bytes octets(const Tlv& tlv, std::size_t minSize, std::size_t maxSize, const std::string& name) {
    if (tlv.value.size() < minSize || tlv.value.size() > maxSize)
        fail(name, "length " + std::to_string(tlv.value.size()) + " outside " + std::to_string(minSize) +
                       ".." + std::to_string(maxSize));
    return Bytes(tlv.value.begin(), tlv.value.end());
}

bool wellFormedUtf8(ByteView s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const std::uint8_t b = s[i];
        if (b < 0x80) {
            ++i;
            continue;
        }
        std::size_t n;
        std::uint32_t cp;
        if ((b & 0xE0) == 0xC0) {
            n = 1;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            n = 2;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            n = 3;
            cp = b & 0x07;
        } else {
            return false;
        }
        if (s.size() - i - 1 < n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
        static constexpr std::uint32_t kMinimum[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMinimum[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

std::string utf8(const Tlv& tlv, std::size_t maxBytes, const std::string& name) {
    if (tlv.value.size() > maxBytes) fail(name, "string longer than " + std::to_string(maxBytes) + " bytes");
    // A card's string with a NUL byte is refused too: it would end the string early in C callers.
    if (!wellFormedUtf8(tlv.value) || std::find(tlv.value.begin(), tlv.value.end(), 0x00) != tlv.value.end())
        fail(name, "invalid UTF-8");
    return std::string(tlv.value.begin(), tlv.value.end());
}

std::string printable(const Tlv& tlv, std::size_t maxBytes, const std::string& name) {
    if (tlv.value.size() > maxBytes) fail(name, "string longer than " + std::to_string(maxBytes) + " bytes");
    for (std::uint8_t c : tlv.value) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        std::string_view(" '()+,-./:=?").find(static_cast<char>(c)) != std::string_view::npos;
        if (!ok) fail(name, "character outside PrintableString");
    }
    return std::string(tlv.value.begin(), tlv.value.end());
}

std::string objectId(const Tlv& tlv, const std::string& name) {
    const ByteView v = tlv.value;
    if (v.empty() || v.size() > 64) fail(name, "OBJECT IDENTIFIER of absurd length");
    if (v.back() & 0x80) fail(name, "OBJECT IDENTIFIER truncated inside a sub-identifier");
    std::string out;
    std::uint64_t arc = 0;
    std::size_t arcBytes = 0;
    bool first = true;
    for (std::uint8_t b : v) {
        // X.690 8.19.2: no leading 0x80 byte; we keep each sub-identifier within 56 bits.
        if (arcBytes == 0 && b == 0x80) fail(name, "non-minimal OBJECT IDENTIFIER sub-identifier");
        if (++arcBytes > 8) fail(name, "OBJECT IDENTIFIER sub-identifier too large");
        arc = (arc << 7) | (b & 0x7F);
        if (b & 0x80) continue;
        if (first) {
            const std::uint64_t top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
            out = std::to_string(top) + "." + std::to_string(arc - 40 * top);
            first = false;
        } else {
            out += "." + std::to_string(arc);
        }
        arc = 0;
        arcBytes = 0;
    }
    return out;
}

std::vector<Tlv> fileObjects(ByteView file, std::size_t maxObjects) {
    std::vector<Tlv> out;
    std::size_t offset = 0;
    while (offset < file.size()) {
        const std::uint8_t b = file[offset];
        if (b == 0x00 || b == 0xFF) {
            for (std::size_t i = offset; i < file.size(); ++i)
                if (file[i] != b) fail("", "garbage after the filling at offset " + std::to_string(i));
            break;
        }
        if (out.size() == maxObjects) fail("", "more than " + std::to_string(maxObjects) + " objects");
        try {
            out.push_back(parseTlv(file, offset, TlvMode::Der));
        } catch (const TlvError& e) {
            fail("object " + std::to_string(out.size()), e.what());
        }
    }
    return out;
}

}  // namespace ias::api::der
