#include "ias/api/Pukdf.h"

#include "Pkcs15Common.h"

namespace ias::api {

using namespace der;

namespace {

constexpr std::uint32_t kMinModulusBits = 512;
constexpr std::uint32_t kMaxModulusBits = 16384;
constexpr std::size_t kMaxDirectValue = 4096;

PublicKeyObject parsePublicKey(const Tlv& object, KeyType type, const std::string& where) {
    const p15::ObjectParts parts = p15::splitObject(object, where);
    PublicKeyObject key;
    key.common = parts.common;
    key.type = type;
    key.key = p15::parseCommonKeyAttributes(parts.classAttributes, where + ".commonKeyAttributes");
    Reader r(parts.typeAttributes, where + ".typeAttributes");
    // ObjectValue ::= CHOICE { indirect Path, direct [0] (explicit: one element), ... }
    const Tlv value = r.any("value");
    if (value.tag == kSequence) {
        key.path = p15::parsePath(value, where + ".value", true);
    } else if (value.tag == contextConstructed(0)) {
        Reader d(value, where + ".value.direct");
        const Tlv inner = d.any("direct value");
        d.finish();
        if (inner.encoded.size() > kMaxDirectValue) fail(where, "direct value too large");
        key.directValue.assign(inner.encoded.begin(), inner.encoded.end());
    } else {
        fail(where, "unsupported public key value (tag " + tagName(value.tag) + ")");
    }
    if (type == KeyType::Rsa) {
        key.modulusBits =
            unsignedInteger(r.expect(kInteger, "modulusLength"), kMaxModulusBits, where + ".modulusLength");
        if (key.modulusBits < kMinModulusBits)
            fail(where, "modulusLength below " + std::to_string(kMinModulusBits));
    }
    r.skipExtensions();  // keyInfo and later extensions
    return key;
}

}  // namespace

std::vector<PublicKeyObject> parsePukdf(ByteView file) {
    return p15::guarded("PuKDF", [&] {
        std::vector<PublicKeyObject> out;
        const auto objects = fileObjects(file, p15::kMaxObjectsPerFile);
        for (std::size_t i = 0; i < objects.size(); ++i) {
            // PublicKeyType ::= CHOICE { publicRSAKey, publicECKey [0], publicDHKey [1], ... }
            const Tlv& o = objects[i];
            if (o.tag == kSequence)
                out.push_back(parsePublicKey(o, KeyType::Rsa, p15::objectWhere(i)));
            else if (o.tag == contextConstructed(0))
                out.push_back(parsePublicKey(o, KeyType::Ec, p15::objectWhere(i)));
            else if (!isContextConstructed(o.tag))
                fail(p15::objectWhere(i), "unexpected tag " + tagName(o.tag));
        }
        return out;
    });
}

}  // namespace ias::api
