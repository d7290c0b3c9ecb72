#include "ias/api/Cdf.h"

#include "Pkcs15Common.h"

namespace ias::api {

using namespace der;

namespace {

constexpr std::size_t kMaxDirectCertificate = 16384;

CertificateObject parseCertificateObject(const Tlv& object, const std::string& where) {
    const p15::ObjectParts parts = p15::splitObject(object, where);
    CertificateObject cert;
    cert.common = parts.common;
    // CommonCertificateAttributes ::= SEQUENCE { iD, authority BOOLEAN DEFAULT FALSE, identifier OPTIONAL,
    // certHash [0] OPTIONAL, ... }
    Reader cls(parts.classAttributes, where + ".commonCertificateAttributes");
    cert.id = octets(cls.expect(kOctetString, "iD"), 0, p15::kMaxIdentifier, where + ".iD");
    if (auto t = cls.optional(kBoolean)) cert.authority = boolean(*t, where + ".authority");
    cls.skipExtensions();
    // X509CertificateAttributes ::= SEQUENCE { value ObjectValue, subject OPTIONAL, issuer [0] OPTIONAL,
    // serialNumber OPTIONAL, ... }: the certificate itself is the authority on those.
    Reader r(parts.typeAttributes, where + ".x509CertificateAttributes");
    const Tlv value = r.any("value");
    if (value.tag == kSequence) {
        cert.path = p15::parsePath(value, where + ".value");
    } else if (value.tag == contextConstructed(0)) {
        Reader d(value, where + ".value.direct");
        const Tlv inner = d.expect(kSequence, "certificate");
        d.finish();
        if (inner.encoded.size() > kMaxDirectCertificate) fail(where, "direct certificate too large");
        cert.directValue.assign(inner.encoded.begin(), inner.encoded.end());
    } else {
        fail(where, "unsupported certificate value (tag " + tagName(value.tag) + ")");
    }
    r.skipExtensions();
    return cert;
}

}  // namespace

std::vector<CertificateObject> parseCdf(ByteView file) {
    return p15::guarded("CDF", [&] {
        std::vector<CertificateObject> out;
        const auto objects = fileObjects(file, p15::kMaxObjectsPerFile);
        for (std::size_t i = 0; i < objects.size(); ++i) {
            // CertificateType ::= CHOICE { x509Certificate, x509AttributeCertificate [0], spkiCertificate
            // [1], pgpCertificate [2], wtlsCertificate [3], x9-68Certificate [4], ..., cvCertificate [5] }
            const Tlv& o = objects[i];
            if (o.tag == kSequence)
                out.push_back(parseCertificateObject(o, p15::objectWhere(i)));
            else if (!isContextConstructed(o.tag))
                fail(p15::objectWhere(i), "unexpected tag " + tagName(o.tag));
        }
        return out;
    });
}

}  // namespace ias::api
