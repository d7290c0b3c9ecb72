#include "Pkcs15Common.h"

namespace ias::api::p15 {

using namespace der;

namespace {

Bytes filePath(const Tlv& tlv, const std::string& where) {
    Bytes path = octets(tlv, 1, kMaxPathBytes, where + ".path");
    // File identifiers are two bytes each.
    if (path.size() % 2 != 0) fail(where + ".path", "odd number of bytes");
    return path;
}

}  // namespace

Path parsePath(const Tlv& sequence, const std::string& where, bool allowEmpty) {
    Path out;
    if (sequence.value.empty()) {
        if (!allowEmpty) fail(where, "empty Path");
        return out;
    }
    Reader r(sequence, where);
    if (auto p = r.optional(kOctetString)) out.value = filePath(*p, where);
    auto index = r.optional(kInteger);
    auto length = r.optional(contextPrimitive(0));
    if (index.has_value() != length.has_value()) fail(where, "index and length must come together");
    if (index) {
        out.index = unsignedInteger(*index, kMaxIndex, where + ".index");
        out.length = unsignedInteger(*length, kMaxIndex, where + ".length");
    }
    if (auto ext = r.optional(contextConstructed(1))) {
        if (!out.value.empty()) fail(where, "both path and pathExtended");
        Reader e(*ext, where + ".pathExtended");
        out.aid = octets(e.expect(0x4F, "aid"), 1, 16, where + ".aid");
        // An empty path names the application (selected by its AID) itself.
        const Tlv p = e.expect(kOctetString, "path");
        if (!p.value.empty()) out.value = filePath(p, where);
        e.finish();
    }
    if (out.empty()) fail(where, "Path without a path");
    r.finish();
    return out;
}

CommonObjectAttributes parseCommonObjectAttributes(const Tlv& sequence, const std::string& where) {
    CommonObjectAttributes out;
    Reader r(sequence, where);
    if (auto t = r.optional(kUtf8String)) out.label = utf8(*t, kMaxLabel, where + ".label");
    if (auto t = r.optional(kBitString)) out.flags = bitField(*t, where + ".flags");
    if (auto t = r.optional(kOctetString)) out.authId = octets(*t, 0, kMaxIdentifier, where + ".authId");
    if (auto t = r.optional(kInteger)) out.userConsent = unsignedInteger(*t, 255, where + ".userConsent");
    r.optional(kSequence);  // accessControlRules: the card's own access rules decide, not these
    r.skipExtensions();
    return out;
}

CommonKeyAttributes parseCommonKeyAttributes(const Tlv& sequence, const std::string& where) {
    CommonKeyAttributes out;
    Reader r(sequence, where);
    out.id = octets(r.expect(kOctetString, "iD"), 0, kMaxIdentifier, where + ".iD");
    out.usage = bitField(r.expect(kBitString, "usage"), where + ".usage");
    if (auto t = r.optional(kBoolean)) out.native = boolean(*t, where + ".native");
    if (auto t = r.optional(kBitString)) out.accessFlags = bitField(*t, where + ".accessFlags");
    if (auto t = r.optional(kInteger)) out.keyReference = reference(*t, where + ".keyReference");
    r.optional(kGeneralizedTime);                      // startDate
    r.optional(contextPrimitive(0));                   // endDate
    if (auto t = r.optional(contextConstructed(1))) {  // algReference (ISO 7816-15)
        Reader refs(*t, where + ".algReference");
        while (!refs.atEnd()) {
            if (out.algRefs.size() == 64) fail(where, "more than 64 algReference values");
            out.algRefs.push_back(
                unsignedInteger(refs.expect(kInteger, "algReference"), 0xFFFFFFFFu, where + ".algReference"));
        }
    }
    r.skipExtensions();
    return out;
}

Tlv unwrapExplicit(const Tlv& outer, std::uint32_t innerTag, const std::string& where) {
    Reader r(outer, where);
    Tlv inner = r.expect(innerTag, "value");
    r.finish();
    return inner;
}

ObjectParts splitObject(const Tlv& object, const std::string& where) {
    Reader r(object, where);
    const Tlv common = r.expect(kSequence, "commonObjectAttributes");
    const Tlv cls = r.expect(kSequence, "classAttributes");
    auto sub = r.optional(contextConstructed(0));
    const Tlv type = r.expect(contextConstructed(1), "typeAttributes");
    r.finish();
    return ObjectParts{parseCommonObjectAttributes(common, where + ".commonObjectAttributes"), cls, sub,
                       unwrapExplicit(type, kSequence, where + ".typeAttributes")};
}

}  // namespace ias::api::p15
