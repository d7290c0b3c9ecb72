#include "ias/api/TokenInfo.h"

#include "Pkcs15Common.h"

namespace ias::api {

using namespace der;

namespace {

constexpr std::size_t kMaxAlgorithms = 64;

// AlgorithmInfo ::= SEQUENCE { reference, algorithm, parameters, supportedOperations, objId OPTIONAL,
// algRef OPTIONAL } (no extension marker).
AlgorithmInfo parseAlgorithmInfo(const Tlv& seq, const std::string& where) {
    AlgorithmInfo out;
    Reader r(seq, where);
    out.reference = reference(r.expect(kInteger, "reference"), where + ".reference");
    out.mechanism = unsignedInteger(r.expect(kInteger, "algorithm"), 0xFFFFFFFFu, where + ".algorithm");
    const Tlv params = r.any("parameters");
    out.parameters.assign(params.encoded.begin(), params.encoded.end());
    out.operations = bitField(r.expect(kBitString, "supportedOperations"), where + ".supportedOperations");
    if (auto t = r.optional(kObjectId)) out.objectId = objectId(*t, where + ".objId");
    if (auto t = r.optional(kInteger)) out.algRef = reference(*t, where + ".algRef");
    r.finish();
    return out;
}

}  // namespace

TokenInfo parseTokenInfo(ByteView file) {
    return p15::guarded("TokenInfo", [&] {
        const auto objects = fileObjects(file, 1);
        if (objects.empty()) fail("", "empty file");
        if (objects[0].tag != kSequence) fail("", "expected SEQUENCE, found " + tagName(objects[0].tag));
        TokenInfo out;
        Reader r(objects[0], "");
        out.version = unsignedInteger(r.expect(kInteger, "version"), 255, "version");
        // serialNumber is mandatory in PKCS#15; OpenSC accepts cards without it, so do we.
        if (auto t = r.optional(kOctetString)) out.serialNumber = octets(*t, 0, 128, "serialNumber");
        if (auto t = r.optional(kUtf8String)) out.manufacturerId = utf8(*t, p15::kMaxLabel, "manufacturerID");
        if (auto t = r.optional(contextPrimitive(0))) {
            out.label = utf8(*t, p15::kMaxLabel, "label");
        } else if (auto tw = r.optional(contextConstructed(0))) {
            // Explicitly tagged label (seen on Taiwanese cards, accepted by OpenSC).
            out.label = utf8(p15::unwrapExplicit(*tw, kUtf8String, "label"), p15::kMaxLabel, "label");
        }
        out.flags = bitField(r.expect(kBitString, "tokenflags"), "tokenflags");
        r.optional(kSequence);              // seInfo
        r.optional(contextConstructed(1));  // recordInfo
        if (auto algs = r.optional(contextConstructed(2))) {
            Reader a(*algs, "supportedAlgorithms");
            while (!a.atEnd()) {
                if (out.supportedAlgorithms.size() == kMaxAlgorithms) fail("supportedAlgorithms", "too many");
                const std::string where =
                    "supportedAlgorithms[" + std::to_string(out.supportedAlgorithms.size()) + "]";
                out.supportedAlgorithms.push_back(
                    parseAlgorithmInfo(a.expect(kSequence, "AlgorithmInfo"), where));
            }
        }
        if (auto t = r.optional(contextPrimitive(3))) out.issuerId = utf8(*t, p15::kMaxLabel, "issuerId");
        if (auto t = r.optional(contextPrimitive(4))) out.holderId = utf8(*t, p15::kMaxLabel, "holderId");
        r.optional(contextConstructed(5));  // lastUpdate
        if (auto t = r.optional(kPrintableString))
            out.preferredLanguage = printable(*t, 8, "preferredLanguage");
        r.skipExtensions();
        return out;
    });
}

}  // namespace ias::api
