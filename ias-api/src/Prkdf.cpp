#include "ias/api/Prkdf.h"

#include "Pkcs15Common.h"

namespace ias::api {

using namespace der;

namespace {

constexpr std::uint32_t kMinModulusBits = 512;
constexpr std::uint32_t kMaxModulusBits = 16384;
constexpr std::uint32_t kMinFieldBits = 112;
constexpr std::uint32_t kMaxFieldBits = 1024;

// ObjectValue of a private key: only the indirect Path form makes sense on a card; IAS-ECC often
// leaves it empty (30 00) because the key is an SDO named by keyReference.
Path keyPath(Reader& r, const std::string& where) {
    const Tlv value = r.any("value");
    if (value.tag != kSequence)
        fail(where, "private key value is not a Path (tag " + tagName(value.tag) + ")");
    return p15::parsePath(value, where + ".value", true);
}

PrivateKeyObject parsePrivateKey(const Tlv& object, KeyType type, const std::string& where) {
    const p15::ObjectParts parts = p15::splitObject(object, where);
    PrivateKeyObject key;
    key.common = parts.common;
    key.type = type;
    key.key = p15::parseCommonKeyAttributes(parts.classAttributes, where + ".commonKeyAttributes");
    // subClassAttributes (CommonPrivateKeyAttributes: subjectName, keyIdentifiers) are not needed.
    Reader r(parts.typeAttributes, where + ".typeAttributes");
    key.path = keyPath(r, where);
    if (type == KeyType::Rsa) {
        // PrivateRSAKeyAttributes ::= SEQUENCE { value, modulusLength, keyInfo OPTIONAL, ... }
        key.modulusBits =
            unsignedInteger(r.expect(kInteger, "modulusLength"), kMaxModulusBits, where + ".modulusLength");
        if (key.modulusBits < kMinModulusBits)
            fail(where, "modulusLength below " + std::to_string(kMinModulusBits));
    } else if (auto t = r.optional(kInteger)) {
        // PrivateECKeyAttributes: OpenSC writes a fieldSize INTEGER after the value (before keyInfo).
        key.fieldSizeBits = unsignedInteger(*t, kMaxFieldBits, where + ".fieldSize");
        if (key.fieldSizeBits < kMinFieldBits)
            fail(where, "fieldSize below " + std::to_string(kMinFieldBits));
    }
    r.skipExtensions();  // keyInfo and later extensions
    return key;
}

}  // namespace

std::vector<PrivateKeyObject> parsePrkdf(ByteView file) {
    return p15::guarded("PrKDF", [&] {
        std::vector<PrivateKeyObject> out;
        const auto objects = fileObjects(file, p15::kMaxObjectsPerFile);
        for (std::size_t i = 0; i < objects.size(); ++i) {
            // PrivateKeyType ::= CHOICE { privateRSAKey, privateECKey [0], privateDHKey [1], privateDSAKey
            // [2], privateKEAKey [3], privateGOSTR3410Key [4] (OpenSC), ... }
            const Tlv& o = objects[i];
            if (o.tag == kSequence)
                out.push_back(parsePrivateKey(o, KeyType::Rsa, p15::objectWhere(i)));
            else if (o.tag == contextConstructed(0))
                out.push_back(parsePrivateKey(o, KeyType::Ec, p15::objectWhere(i)));
            else if (!isContextConstructed(o.tag))
                fail(p15::objectWhere(i), "unexpected tag " + tagName(o.tag));
        }
        return out;
    });
}

}  // namespace ias::api
