// attributes: C_GetAttributeValue with the semantics of PKCS #11 2.40 section 5.7, object search templates,
// the attribute sets of certificates and keys, values checked against the openssl CLI (expected-fields.txt).
#include <openssl/x509.h>

#include <fstream>
#include <map>
#include <sstream>

#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

std::map<std::string, std::string> expectedFields() {
    std::map<std::string, std::string> out;
    std::ifstream in(IAS_PKCS11_TEST_DATA "/expected-fields.txt");
    std::string name, field, value;
    while (in >> name >> field && std::getline(in, value)) out[name + " " + field] = value.substr(1);
    return out;
}

std::string hex(const Bytes& b) {
    static const char* digits = "0123456789ABCDEF";
    std::string s;
    for (unsigned char c : b) {
        s += digits[c >> 4];
        s += digits[c & 15];
    }
    return s;
}

CK_ULONG ulong(const Bytes& b) {
    CK_ULONG v = 0;
    EXPECT_EQ(b.size(), sizeof v);
    if (b.size() == sizeof v) std::memcpy(&v, b.data(), sizeof v);
    return v;
}

bool boolean(const Bytes& b) {
    EXPECT_EQ(b.size(), 1u);
    return !b.empty() && b[0] == CK_TRUE;
}

class Attributes : public ModuleTest {
protected:
    void SetUp() override {
        ModuleTest::SetUp();
        s = open(kAuthSlot);
        cert = findOne(s, CKO_CERTIFICATE, 0x01);
        key = findOne(s, CKO_PRIVATE_KEY, 0x01);
    }
    CK_SESSION_HANDLE s = 0;
    CK_OBJECT_HANDLE cert = 0, key = 0;
};

TEST_F(Attributes, LengthQueryThenValue) {
    CK_ATTRIBUTE a{CKA_VALUE, nullptr, 0};
    ASSERT_EQ(p11->C_GetAttributeValue(s, cert, &a, 1), CKR_OK);
    EXPECT_GT(a.ulValueLen, 500u);
    Bytes v(a.ulValueLen);
    a.pValue = v.data();
    ASSERT_EQ(p11->C_GetAttributeValue(s, cert, &a, 1), CKR_OK);
    EXPECT_EQ(v[0], 0x30);
}

TEST_F(Attributes, TooSmallBufferGivesUnavailableLength) {
    unsigned char small[4];
    CK_ATTRIBUTE a{CKA_VALUE, small, sizeof small};
    EXPECT_EQ(p11->C_GetAttributeValue(s, cert, &a, 1), CKR_BUFFER_TOO_SMALL);
    EXPECT_EQ(a.ulValueLen, CK_UNAVAILABLE_INFORMATION);
}

TEST_F(Attributes, SensitiveAttributeIsNeverRevealed) {
    unsigned char buf[512];
    CK_ATTRIBUTE a{CKA_PRIVATE_EXPONENT, buf, sizeof buf};
    EXPECT_EQ(p11->C_GetAttributeValue(s, key, &a, 1), CKR_ATTRIBUTE_SENSITIVE);
    EXPECT_EQ(a.ulValueLen, CK_UNAVAILABLE_INFORMATION);
    CK_ATTRIBUTE q{CKA_PRIME_1, nullptr, 0};
    EXPECT_EQ(p11->C_GetAttributeValue(s, key, &q, 1), CKR_ATTRIBUTE_SENSITIVE);
    EXPECT_EQ(q.ulValueLen, CK_UNAVAILABLE_INFORMATION);
}

TEST_F(Attributes, UnknownAttributeIsTypeInvalid) {
    unsigned char buf[16];
    CK_ATTRIBUTE a{CKA_VALUE_LEN, buf, sizeof buf};
    EXPECT_EQ(p11->C_GetAttributeValue(s, key, &a, 1), CKR_ATTRIBUTE_TYPE_INVALID);
    EXPECT_EQ(a.ulValueLen, CK_UNAVAILABLE_INFORMATION);
    CK_ATTRIBUTE m{CKA_MODULUS, buf, sizeof buf};  // a certificate has no modulus
    EXPECT_EQ(p11->C_GetAttributeValue(s, cert, &m, 1), CKR_ATTRIBUTE_TYPE_INVALID);
}

TEST_F(Attributes, EveryAttributeIsProcessedWhenOneFails) {
    CK_OBJECT_CLASS cls = 0;
    CK_BBOOL sign = CK_FALSE;
    unsigned char small[2], exponent[600], id[8];
    CK_ATTRIBUTE t[] = {
        {CKA_CLASS, &cls, sizeof cls},
        {CKA_PRIVATE_EXPONENT, exponent, sizeof exponent},
        {CKA_MODULUS, small, sizeof small},
        {CKA_VALUE_LEN, id, sizeof id},
        {CKA_SIGN, &sign, sizeof sign},
        {CKA_ID, id, sizeof id},
        {CKA_LABEL, nullptr, 0},
    };
    CK_RV rv = p11->C_GetAttributeValue(s, key, t, 7);
    EXPECT_TRUE(rv == CKR_ATTRIBUTE_SENSITIVE || rv == CKR_ATTRIBUTE_TYPE_INVALID ||
                rv == CKR_BUFFER_TOO_SMALL);
    EXPECT_EQ(cls, static_cast<CK_OBJECT_CLASS>(CKO_PRIVATE_KEY));
    EXPECT_EQ(t[0].ulValueLen, sizeof cls);
    EXPECT_EQ(t[1].ulValueLen, CK_UNAVAILABLE_INFORMATION);
    EXPECT_EQ(t[2].ulValueLen, CK_UNAVAILABLE_INFORMATION);
    EXPECT_EQ(t[3].ulValueLen, CK_UNAVAILABLE_INFORMATION);
    EXPECT_EQ(sign, CK_TRUE);
    EXPECT_EQ(t[5].ulValueLen, 1u);
    EXPECT_EQ(id[0], 0x01);
    EXPECT_EQ(t[6].ulValueLen, std::string("Authentication").size());
}

TEST_F(Attributes, CertificateFieldsMatchTheOpensslCli) {
    auto expected = expectedFields();
    ASSERT_FALSE(expected.empty());
    struct Case {
        const char* name;
        CK_SLOT_ID slot;
        unsigned char id;
    };
    for (const Case& c : {Case{"auth-rsa", kAuthSlot, 0x01}, Case{"auth-ec", kAuthSlot, 0x03},
                          Case{"sign-rsa", kSignSlot, 0x02}}) {
        CK_SESSION_HANDLE session = open(c.slot);
        CK_OBJECT_HANDLE h = findOne(session, CKO_CERTIFICATE, c.id);
        Bytes serial = attribute(session, h, CKA_SERIAL_NUMBER);
        ASSERT_GE(serial.size(), 2u);
        EXPECT_EQ(serial[0], 0x02);  // DER INTEGER
        EXPECT_EQ(serial[1], serial.size() - 2);
        Bytes magnitude(serial.begin() + 2, serial.end());
        // DER keeps a leading 00 before a high bit (a positive number); the CLI prints the magnitude.
        if (magnitude.size() > 1 && magnitude[0] == 0 && magnitude[1] >= 0x80)
            magnitude.erase(magnitude.begin());
        EXPECT_EQ(hex(magnitude), expected[std::string(c.name) + " serial"]);
        Bytes subject = attribute(session, h, CKA_SUBJECT);
        const unsigned char* p = subject.data();
        X509_NAME* name = d2i_X509_NAME(nullptr, &p, static_cast<long>(subject.size()));
        ASSERT_NE(name, nullptr);
        BIO* bio = BIO_new(BIO_s_mem());
        X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
        char* text = nullptr;
        long n = BIO_get_mem_data(bio, &text);
        EXPECT_EQ(std::string(text, static_cast<std::size_t>(n)), expected[std::string(c.name) + " subject"]);
        BIO_free(bio);
        X509_NAME_free(name);
        Bytes issuer = attribute(session, h, CKA_ISSUER);
        EXPECT_FALSE(issuer.empty());
        EXPECT_NE(issuer, subject);
        EXPECT_EQ(ulong(attribute(session, h, CKA_CERTIFICATE_TYPE)), static_cast<CK_ULONG>(CKC_X_509));
        EXPECT_EQ(ulong(attribute(session, h, CKA_CERTIFICATE_CATEGORY)), 1u);
        EXPECT_FALSE(boolean(attribute(session, h, CKA_PRIVATE)));
        EXPECT_TRUE(boolean(attribute(session, h, CKA_TOKEN)));
        EXPECT_FALSE(boolean(attribute(session, h, CKA_TRUSTED)));
    }
    CK_OBJECT_HANDLE ca = findOne(s, CKO_CERTIFICATE, 0xCA);
    EXPECT_EQ(ulong(attribute(s, ca, CKA_CERTIFICATE_CATEGORY)), 2u);
    EXPECT_EQ(attribute(s, ca, CKA_SUBJECT), attribute(s, ca, CKA_ISSUER));
}

TEST_F(Attributes, PrivateKeyAttributes) {
    EXPECT_EQ(ulong(attribute(s, key, CKA_KEY_TYPE)), static_cast<CK_ULONG>(CKK_RSA));
    EXPECT_TRUE(boolean(attribute(s, key, CKA_SIGN)));
    EXPECT_TRUE(boolean(attribute(s, key, CKA_DECRYPT)));
    EXPECT_TRUE(boolean(attribute(s, key, CKA_SENSITIVE)));
    EXPECT_FALSE(boolean(attribute(s, key, CKA_EXTRACTABLE)));
    EXPECT_TRUE(boolean(attribute(s, key, CKA_NEVER_EXTRACTABLE)));
    EXPECT_TRUE(boolean(attribute(s, key, CKA_ALWAYS_SENSITIVE)));
    EXPECT_TRUE(boolean(attribute(s, key, CKA_PRIVATE)));
    EXPECT_FALSE(boolean(attribute(s, key, CKA_ALWAYS_AUTHENTICATE)));
    EXPECT_TRUE(boolean(attribute(s, key, CKA_LOCAL)));
    // Modulus and exponent are those of the certificate's public key.
    Pkey pub = publicKeyOfCertificate(attribute(s, cert, CKA_VALUE));
    ASSERT_TRUE(pub);
    BIGNUM* n = nullptr;
    ASSERT_EQ(EVP_PKEY_get_bn_param(pub.get(), "n", &n), 1);
    Bytes modulus(static_cast<std::size_t>(BN_num_bytes(n)));
    BN_bn2bin(n, modulus.data());
    BN_free(n);
    EXPECT_EQ(attribute(s, key, CKA_MODULUS), modulus);
    EXPECT_EQ(attribute(s, key, CKA_PUBLIC_EXPONENT), (Bytes{0x01, 0x00, 0x01}));
    EXPECT_EQ(attribute(s, key, CKA_SUBJECT), attribute(s, cert, CKA_SUBJECT));
    Bytes mechs = attribute(s, key, CKA_ALLOWED_MECHANISMS);
    EXPECT_EQ(mechs.size() % sizeof(CK_MECHANISM_TYPE), 0u);
    EXPECT_GE(mechs.size() / sizeof(CK_MECHANISM_TYPE), 9u);

    CK_SESSION_HANDLE sig = open(kSignSlot);
    CK_OBJECT_HANDLE sigKey = findOne(sig, CKO_PRIVATE_KEY, 0x02);
    EXPECT_TRUE(boolean(attribute(sig, sigKey, CKA_ALWAYS_AUTHENTICATE)));
    EXPECT_FALSE(boolean(attribute(sig, sigKey, CKA_DECRYPT)));
}

TEST_F(Attributes, EcKeysAndTheirPoint) {
    CK_OBJECT_HANDLE ecKey = findOne(s, CKO_PRIVATE_KEY, 0x03);
    CK_OBJECT_HANDLE ecPub = findOne(s, CKO_PUBLIC_KEY, 0x03);
    EXPECT_EQ(ulong(attribute(s, ecKey, CKA_KEY_TYPE)), static_cast<CK_ULONG>(CKK_EC));
    const Bytes p256Oid{0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};
    EXPECT_EQ(attribute(s, ecKey, CKA_EC_PARAMS), p256Oid);
    EXPECT_EQ(attribute(s, ecPub, CKA_EC_PARAMS), p256Oid);
    Bytes point = attribute(s, ecPub, CKA_EC_POINT);
    ASSERT_EQ(point.size(), 67u);  // OCTET STRING (04 41) around 04 || X || Y
    EXPECT_EQ(point[0], 0x04);
    EXPECT_EQ(point[1], 0x41);
    EXPECT_EQ(point[2], 0x04);
    CK_ATTRIBUTE v{CKA_VALUE, nullptr, 0};
    EXPECT_EQ(p11->C_GetAttributeValue(s, ecKey, &v, 1), CKR_ATTRIBUTE_SENSITIVE);
}

TEST_F(Attributes, ModuleMakesThePublicKeyTheCardDoesNotList) {
    CK_OBJECT_HANDLE pub = findOne(s, CKO_PUBLIC_KEY, 0x01);
    EXPECT_EQ(attribute(s, pub, CKA_MODULUS), attribute(s, key, CKA_MODULUS));
    EXPECT_EQ(ulong(attribute(s, pub, CKA_MODULUS_BITS)), 2048u);
    EXPECT_TRUE(boolean(attribute(s, pub, CKA_VERIFY)));
    EXPECT_FALSE(boolean(attribute(s, pub, CKA_PRIVATE)));
}

TEST_F(Attributes, SearchTemplates) {
    EXPECT_EQ(find(s, {}).size(), 3u + 2u + 2u);  // 3 certificates, 2 private keys, 2 public keys
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_ATTRIBUTE byClass{CKA_CLASS, &cls, sizeof cls};
    EXPECT_EQ(find(s, {byClass}).size(), 3u);
    CK_KEY_TYPE kt = CKK_EC;
    CK_ATTRIBUTE byType{CKA_KEY_TYPE, &kt, sizeof kt};
    EXPECT_EQ(find(s, {byType}).size(), 2u);
    char label[] = "Authentication";
    CK_ATTRIBUTE byLabel{CKA_LABEL, label, sizeof label - 1};
    EXPECT_EQ(find(s, {byLabel}).size(), 3u);  // certificate, private key, public key
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE signers{CKA_SIGN, &yes, sizeof yes};
    EXPECT_EQ(find(s, {signers}).size(), 2u);
    unsigned char none = 0x77;
    CK_ATTRIBUTE byId{CKA_ID, &none, 1};
    EXPECT_TRUE(find(s, {byId}).empty());
    CK_ATTRIBUTE secret{CKA_PRIVATE_EXPONENT, &none, 1};  // sensitive values never match
    EXPECT_TRUE(find(s, {secret}).empty());
    // Handles are stable within the token.
    EXPECT_EQ(findOne(s, CKO_CERTIFICATE, 0x01), cert);
    CK_SESSION_HANDLE other = open(kAuthSlot);
    EXPECT_EQ(findOne(other, CKO_CERTIFICATE, 0x01), cert);
}

TEST_F(Attributes, KeysHiddenUntilLoginWhenTheBackendSaysSo) {
    fake->setKeysHiddenUntilLogin(true);
    fake->removeCard(kReader0);
    fake->insertCard(kReader0);
    CK_SESSION_HANDLE h = open(kAuthSlot);
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE byClass{CKA_CLASS, &cls, sizeof cls};
    EXPECT_TRUE(find(h, {byClass}).empty());
    ASSERT_EQ(login(h, CKU_USER, "1234"), CKR_OK);
    auto keys = find(h, {byClass});
    ASSERT_EQ(keys.size(), 2u);
    ASSERT_EQ(p11->C_Logout(h), CKR_OK);
    CK_ATTRIBUTE a{CKA_CLASS, &cls, sizeof cls};
    EXPECT_EQ(p11->C_GetAttributeValue(h, keys[0], &a, 1), CKR_OBJECT_HANDLE_INVALID);
}

TEST_F(Attributes, IasEccKeysAreVisibleWithoutLogin) {
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE byClass{CKA_CLASS, &cls, sizeof cls};
    EXPECT_EQ(find(s, {byClass}).size(), 2u);
}

}  // namespace
}  // namespace ias::p11::test
