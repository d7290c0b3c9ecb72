#include "ias/api/Aodf.h"

#include "Pkcs15Common.h"

namespace ias::api {

using namespace der;

namespace {

constexpr std::uint32_t kMaxPinLength = 255;

// PinAttributes ::= SEQUENCE { pinFlags, pinType, minLength, storedLength, maxLength OPTIONAL,
// pinReference [0] DEFAULT 0, padChar OPTIONAL, lastPinChange OPTIONAL, path OPTIONAL, ... }
void parsePinAttributes(const Tlv& seq, const std::string& where, PinObject& pin) {
    Reader r(seq, where);
    pin.pinFlags = bitField(r.expect(kBitString, "pinFlags"), where + ".pinFlags");
    const auto type = integer(r.expect(kEnumerated, "pinType"), 0, 4, where + ".pinType");
    pin.type = static_cast<PinType>(type);
    pin.minLength = unsignedInteger(r.expect(kInteger, "minLength"), kMaxPinLength, where + ".minLength");
    pin.storedLength =
        unsignedInteger(r.expect(kInteger, "storedLength"), kMaxPinLength, where + ".storedLength");
    if (auto t = r.optional(kInteger)) {
        pin.maxLength = unsignedInteger(*t, kMaxPinLength, where + ".maxLength");
        if (*pin.maxLength < pin.minLength) fail(where, "maxLength below minLength");
    }
    if (auto t = r.optional(contextPrimitive(0))) pin.reference = reference(*t, where + ".pinReference");
    if (auto t = r.optional(kOctetString)) pin.padChar = octets(*t, 1, 1, where + ".padChar")[0];
    r.optional(kGeneralizedTime);  // lastPinChange
    if (auto t = r.optional(kSequence)) pin.path = p15::parsePath(*t, where + ".path");
    r.skipExtensions();
}

PinObject parsePin(const Tlv& object, const std::string& where) {
    const p15::ObjectParts parts = p15::splitObject(object, where);
    PinObject pin;
    pin.common = parts.common;
    // CommonAuthenticationObjectAttributes ::= SEQUENCE { authId Identifier, ... }
    Reader cls(parts.classAttributes, where + ".commonAuthenticationObjectAttributes");
    pin.authId = octets(cls.expect(kOctetString, "authId"), 0, p15::kMaxIdentifier, where + ".authId");
    cls.skipExtensions();
    parsePinAttributes(parts.typeAttributes, where + ".pinAttributes", pin);
    return pin;
}

}  // namespace

std::vector<PinObject> parseAodf(ByteView file) {
    return p15::guarded("AODF", [&] {
        std::vector<PinObject> out;
        const auto objects = fileObjects(file, p15::kMaxObjectsPerFile);
        for (std::size_t i = 0; i < objects.size(); ++i) {
            // AuthenticationType ::= CHOICE { pin, biometricTemplate [0], authKey [1], external [2], ... }
            if (objects[i].tag == kSequence) {
                out.push_back(parsePin(objects[i], p15::objectWhere(i)));
            } else if (!isContextConstructed(objects[i].tag)) {
                fail(p15::objectWhere(i), "unexpected tag " + tagName(objects[i].tag));
            }
        }
        return out;
    });
}

}  // namespace ias::api
