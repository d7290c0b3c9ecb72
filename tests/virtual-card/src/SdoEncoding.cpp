#include "vcard/SdoEncoding.h"

#include "ias/apdu/Tlv.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

Bytes docp(const Acl& acl, std::initializer_list<Bytes> more) {
    Bytes content = encodeTlv(0xA1, encodeTlv(0x8C, acl.bytes()));
    for (const Bytes& b : more) append(content, b);
    return encodeTlv(0xA0, content);
}

Bytes u8(std::uint32_t tag, std::size_t v) {
    return encodeTlv(tag, Bytes{static_cast<std::uint8_t>(v)});
}

Bytes u16(std::uint32_t tag, std::size_t v) {
    return encodeTlv(tag, Bytes{static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
}

}  // namespace

SdoAddress parseSdoAddress(ByteView data) {
    try {
        ByteView inner = data;
        Tlv t = parseSingleTlv(inner);
        if (t.tag == 0x4D) inner = t.value, t = parseSingleTlv(inner);
        if (t.tag == 0x70) {
            inner = t.value;
            // GENERATE names the SDO by its bare header "BF cc rr", without a length.
            if (inner.size() == 3 && inner[0] == 0xBF && !(inner[2] & 0x80))
                return SdoAddress{static_cast<std::uint8_t>(inner[1] & 0x7F),
                                  static_cast<std::uint8_t>(inner[2] & 0x1F),
                                  {}};
            t = parseSingleTlv(inner);
        }
        if ((t.tag >> 16) != 0xBF || t.encoded.size() < 4) fail(sw::WrongData);
        SdoAddress a;
        a.sdoClass = static_cast<std::uint8_t>((t.tag >> 8) & 0x7F);
        a.ref = static_cast<std::uint8_t>(t.tag & 0x1F);
        a.content = t.value;
        if (a.ref == 0) fail(sw::WrongData);
        return a;
    } catch (const TlvError&) {
        fail(sw::WrongData);
    }
}

Bytes sdoResponse(std::uint8_t sdoClass, std::uint8_t ref, ByteView content) {
    Bytes header;
    appendTag(header, 0xBF0000u | (std::uint32_t{static_cast<std::uint8_t>(sdoClass | 0x80)} << 8) | ref);
    appendLength(header, content.size());
    append(header, content);
    return encodeTlv(0x70, header);
}

Bytes chvDocp(const Chv& chv) {
    return docp(chv.acl, {u8(0x9A, chv.tries), u8(0x9B, chv.left)});
}

Bytes chvTemplate(const Chv& chv) {
    Bytes content = u8(0x80, chv.maxLength);
    append(content, u8(0x81, chv.minLength));
    return encodeTlv(0x7F41, content);
}

Bytes privateKeyDocp(const KeyPair& key) {
    return docp(key.acl, {u16(0x80, key.sizeBytes())});
}

Bytes publicKeyDocp(const KeyPair& key) {
    return docp(key.pubAcl, {u16(0x80, key.sizeBytes())});
}

Bytes publicKeyTemplate(const KeyPair& key) {
    Bytes content;
    if (key.key && key.type == KeyType::Rsa) {
        appendTlv(content, 0x81, rsaModulus(key.key));
        appendTlv(content, 0x82, rsaPublicExponent(key.key));
    } else if (key.key) {
        appendTlv(content, 0x86, ecPublicPoint(key.key));
    } else {
        if (!key.pendingModulus.empty()) appendTlv(content, 0x81, key.pendingModulus);
        appendTlv(content, 0x82, key.publicExponent);
    }
    return encodeTlv(0x7F49, content);
}

Bytes keysetDocp(const Keyset& keyset) {
    return docp(keyset.acl, {});
}

Bytes environmentDocp(const SecurityEnvironment& se) {
    return docp(se.acl, {});
}

Bytes environmentTemplate(const SecurityEnvironment& se) {
    return encodeTlv(0x7B, se.crts);
}

}  // namespace ias::vcard
