#include "Der.h"

namespace ias::sign::der {

Element at(const Bytes& data, std::size_t pos, std::size_t limit) {
    Element e;
    e.start = pos;
    if (limit > data.size() || pos + 2 > limit) throw CmsError("truncated DER");
    e.tag = data[pos];
    if ((e.tag & 0x1F) == 0x1F) throw CmsError("multi-byte DER tag");
    std::size_t length = data[pos + 1];
    pos += 2;
    if (length & 0x80) {
        const std::size_t n = length & 0x7F;
        if (n == 0 || n > 4 || pos + n > limit) throw CmsError("bad DER length");
        length = 0;
        for (std::size_t i = 0; i < n; ++i) length = (length << 8) | data[pos++];
    }
    if (length > limit - pos) throw CmsError("DER element longer than its container");
    e.contentStart = pos;
    e.end = pos + length;
    return e;
}

std::vector<Element> children(const Bytes& data, const Element& parent) {
    std::vector<Element> out;
    for (std::size_t pos = parent.contentStart; pos < parent.end; pos = out.back().end)
        out.push_back(at(data, pos, parent.end));
    return out;
}

Bytes wrap(std::uint8_t tag, const Bytes& content) {
    Bytes out{tag};
    const std::size_t n = content.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
    } else {
        Bytes digits;
        for (std::size_t l = n; l != 0; l >>= 8) digits.insert(digits.begin(), static_cast<std::uint8_t>(l));
        out.push_back(static_cast<std::uint8_t>(0x80 | digits.size()));
        out.insert(out.end(), digits.begin(), digits.end());
    }
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

Bytes slice(const Bytes& data, const Element& e) {
    return Bytes(data.begin() + static_cast<std::ptrdiff_t>(e.start),
                 data.begin() + static_cast<std::ptrdiff_t>(e.end));
}

}  // namespace ias::sign::der
