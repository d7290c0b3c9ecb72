#include "ias/api/Odf.h"

#include "Pkcs15Common.h"

namespace ias::api {

using namespace der;

Odf parseOdf(ByteView file) {
    return p15::guarded("ODF", [&] {
        Odf out;
        std::vector<Path>* const lists[] = {
            &out.privateKeys,        &out.publicKeys,   &out.trustedPublicKeys,
            &out.secretKeys,         &out.certificates, &out.trustedCertificates,
            &out.usefulCertificates, &out.dataObjects,  &out.authObjects};
        const auto entries = fileObjects(file, p15::kMaxObjectsPerFile);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const Tlv& e = entries[i];
            const std::string where = "entry " + std::to_string(i);
            // PKCS15Objects ::= CHOICE { privateKeys [0] ... authObjects [8], ... }: constructed context
            // tags.
            if (!isContextConstructed(e.tag)) fail(where, "unexpected tag " + tagName(e.tag));
            const unsigned kind = e.tag > 0xBE ? 31 : (e.tag & 0x1F);
            // PathOrObjects is a CHOICE, so [n] is explicit: exactly one element inside.
            Reader r(e, where);
            const Tlv inner = r.any("PathOrObjects");
            r.finish();
            if (kind >= std::size(lists)) continue;  // a kind later than PKCS#15 v1.1
            if (inner.tag != kSequence) continue;    // objects kept in the ODF itself: not used by IAS-ECC
            lists[kind]->push_back(p15::parsePath(inner, where + ".path"));
        }
        return out;
    });
}

}  // namespace ias::api
