#include "Pkcs15Writer.h"

#include "Der.h"
#include "ias/apdu/Tlv.h"

namespace ias::api::detail {
namespace {

Bytes tlv(std::uint32_t tag, ByteView value) {
    return encodeTlv(tag, value);
}

Bytes seq(std::initializer_list<Bytes> items) {
    Bytes content;
    for (const Bytes& b : items) append(content, view(b));
    return tlv(0x30, view(content));
}

Bytes integerBody(std::uint32_t v) {
    Bytes out;
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
    // Minimal two's complement: drop leading 00 unless the next byte has its top bit set.
    while (out.size() > 1 && out[0] == 0x00 && !(out[1] & 0x80)) out.erase(out.begin());
    return out;
}

Bytes integer(std::uint32_t v) {
    return tlv(0x02, view(integerBody(v)));
}

// A named bit list: bit n is (1u << n); DER drops trailing zero bits.
Bytes namedBits(std::uint32_t bits) {
    if (bits == 0) return Bytes{0x03, 0x01, 0x00};
    int top = 31;
    while (!(bits & (1u << top))) --top;
    Bytes content(1 + static_cast<std::size_t>(top / 8 + 1), 0x00);
    content[0] = static_cast<std::uint8_t>(7 - top % 8);
    for (int b = 0; b <= top; ++b)
        if (bits & (1u << b))
            content[1 + static_cast<std::size_t>(b / 8)] |= static_cast<std::uint8_t>(0x80 >> (b % 8));
    return tlv(0x03, view(content));
}

Bytes utf8(const std::string& s) {
    return tlv(0x0C, ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

Bytes commonObject(const CommonObjectAttributes& c) {
    Bytes content = utf8(c.label);
    if (c.flags) append(content, view(namedBits(c.flags)));
    if (!c.authId.empty()) append(content, view(tlv(0x04, view(c.authId))));
    if (c.userConsent) append(content, view(integer(*c.userConsent)));
    return tlv(0x30, view(content));
}

Bytes path(const Path& p) {
    Bytes content;
    if (!p.aid.empty()) {
        // OpenSC's pathExtended: [1] { aid [APPLICATION 15], path OCTET STRING }
        Bytes ext = tlv(0x4F, view(p.aid));
        append(ext, view(tlv(0x04, view(p.value))));
        append(content, view(tlv(0xA1, view(ext))));
    } else {
        append(content, view(tlv(0x04, view(p.value))));
    }
    if (p.index) append(content, view(integer(*p.index)));
    if (p.length) append(content, view(tlv(0x80, view(integerBody(*p.length)))));
    return tlv(0x30, view(content));
}

Bytes commonKey(const CommonKeyAttributes& k, bool withAccess) {
    Bytes content = tlv(0x04, view(k.id));
    append(content, view(namedBits(k.usage)));
    if (withAccess && k.accessFlags) append(content, view(namedBits(k.accessFlags)));
    if (k.keyReference) append(content, view(integer(*k.keyReference)));
    if (!k.algRefs.empty()) {
        Bytes refs;
        for (std::uint32_t r : k.algRefs) append(refs, view(integer(r)));
        append(content, view(tlv(0xA1, view(refs))));
    }
    return tlv(0x30, view(content));
}

}  // namespace

Bytes encodePrivateKeyEntry(const PrivateKeyObject& key) {
    Bytes content = commonObject(key.common);
    append(content, view(commonKey(key.key, true)));
    const Bytes typeAttributes = seq({path(key.path), integer(key.modulusBits)});
    append(content, view(tlv(0xA1, view(typeAttributes))));
    return tlv(0x30, view(content));
}

Bytes encodePublicKeyEntry(const PublicKeyObject& key) {
    Bytes content = commonObject(key.common);
    append(content, view(commonKey(key.key, false)));
    const Bytes typeAttributes = seq({path(key.path), integer(key.modulusBits)});
    append(content, view(tlv(0xA1, view(typeAttributes))));
    return tlv(0x30, view(content));
}

Bytes encodeCertificateEntry(const CertificateObject& c) {
    Bytes content = commonObject(c.common);
    Bytes classAttributes = tlv(0x04, view(c.id));
    if (c.authority) append(classAttributes, Bytes{0x01, 0x01, 0xFF});
    append(content, view(tlv(0x30, view(classAttributes))));
    append(content, view(tlv(0xA1, view(seq({path(c.path)})))));
    return tlv(0x30, view(content));
}

std::vector<Bytes> splitObjects(ByteView content) {
    std::vector<Bytes> out;
    for (const Tlv& t : der::fileObjects(content, 4096)) out.emplace_back(t.encoded.begin(), t.encoded.end());
    return out;
}

Bytes joinObjects(const std::vector<Bytes>& objects) {
    Bytes out;
    for (const Bytes& o : objects) append(out, view(o));
    return out;
}

}  // namespace ias::api::detail
