// Subject, issuer, serial, SPKI and key numbers must equal what openssl's own tools report (*.expected,
// written by make_pkcs15_samples.py from `openssl x509` and `openssl asn1parse`).
#include <gtest/gtest.h>

#include <openssl/err.h>

#include "TestData.h"
#include "ias/api/Certificate.h"

namespace ias::api {
namespace {

TEST(CertificateEssentials, RsaCertificateMatchesOpenssl) {
    const auto expected = test::expectations("rsa_cert.expected");
    const Bytes der = test::sample("rsa_cert.der");
    const CertificateEssentials c = parseCertificate(der);
    EXPECT_EQ(c.der, der);
    EXPECT_EQ(toHex(c.serialNumber), expected.at("serial"));
    EXPECT_EQ(toHex(c.serialNumber), "02041234ABCD");  // -set_serial 0x1234ABCD
    EXPECT_EQ(toHex(c.subject), expected.at("subject"));
    EXPECT_EQ(toHex(c.issuer), expected.at("issuer"));
    EXPECT_EQ(toHex(c.subjectPublicKeyInfo), expected.at("spki"));
    EXPECT_EQ(c.subjectText, expected.at("subject_text"));
    ASSERT_EQ(c.keyType, KeyType::Rsa);
    EXPECT_EQ(c.keyBits, 2048u);
    EXPECT_EQ(toHex(c.rsaModulus), expected.at("modulus"));
    EXPECT_EQ(toHex(c.rsaPublicExponent), "010001");
}

TEST(CertificateEssentials, IssuerOfHolderIsSubjectOfCa) {
    const CertificateEssentials ca = parseCertificate(test::sample("ca_cert.der"));
    const CertificateEssentials holder = parseCertificate(test::sample("rsa_cert.der"));
    EXPECT_EQ(holder.issuer, ca.subject);
    EXPECT_EQ(ca.issuer, ca.subject);
    EXPECT_EQ(toHex(ca.serialNumber), "020101");
}

TEST(CertificateEssentials, EcCertificateMatchesOpenssl) {
    const auto expected = test::expectations("ec_cert.expected");
    const CertificateEssentials c = parseCertificate(test::sample("ec_cert.der"));
    EXPECT_EQ(toHex(c.serialNumber), "020300FF00");
    EXPECT_EQ(toHex(c.subject), expected.at("subject"));
    EXPECT_EQ(toHex(c.subjectPublicKeyInfo), expected.at("spki"));
    ASSERT_EQ(c.keyType, KeyType::Ec);
    EXPECT_EQ(c.keyBits, 256u);
    EXPECT_EQ(toHex(c.ecParameters), "06082A8648CE3D030107");  // prime256v1 (RFC 5480)
    ASSERT_EQ(c.ecPoint.size(), 65u);
    EXPECT_EQ(c.ecPoint[0], 0x04);
    // The point is the tail of the SPKI's BIT STRING.
    const std::string spki = expected.at("spki");
    EXPECT_EQ(spki.substr(spki.size() - 130), toHex(c.ecPoint));
}

TEST(CertificateEssentials, DamagedCertificatesThrow) {
    const Bytes der = test::sample("rsa_cert.der");
    for (std::size_t cut = 0; cut < der.size(); ++cut)
        EXPECT_THROW(parseCertificate(ByteView(der).first(cut)), Pkcs15Error) << cut;
    Bytes trailing = der;
    trailing.push_back(0x00);
    EXPECT_THROW(parseCertificate(trailing), Pkcs15Error);
    EXPECT_THROW(parseCertificate(fromHex("3003020101")), Pkcs15Error);
    EXPECT_EQ(ERR_peek_error(), 0u);  // OpenSSL's reasons do not linger for the host's next call
    try {
        parseCertificate(fromHex("0500"));
        FAIL();
    } catch (const Pkcs15Error& e) {
        EXPECT_EQ(e.file(), "certificate");
    }
    for (std::size_t i = 0; i < der.size(); i += 3) {
        Bytes damaged = der;
        damaged[i] ^= 0x55;
        try {
            parseCertificate(damaged);  // some flips land in values OpenSSL does not check
        } catch (const Pkcs15Error&) {
        }
    }
}

TEST(CertificateEssentials, ExtentSkipsTheFillingOfTheFile) {
    Bytes file = test::sample("ec_cert.der");
    const std::size_t size = file.size();
    file.insert(file.end(), 300, 0xFF);
    const ByteView cert = certificateExtent(file);
    EXPECT_EQ(cert.size(), size);
    EXPECT_EQ(parseCertificate(cert).keyType, KeyType::Ec);
    EXPECT_THROW(certificateExtent(fromHex("0401FF")), Pkcs15Error);
    EXPECT_THROW(certificateExtent(fromHex("3082FFFF00")), Pkcs15Error);
}

}  // namespace
}  // namespace ias::api
