// Administration under secure messaging: a key pair generated on the card, a certificate for it issued by
// the test CA (OpenSSL) and stored, all re-read through a fresh Card with an empty cache (the PKCS#15
// files were really rewritten), replaced, deleted.
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/x509v3.h>

#include <cstdio>

#include "CardFixture.h"
#include "ias/api/Certificate.h"

namespace ias::api::test {
namespace {

class CardAdministration : public CardTest {
protected:
    // A certificate for `key` issued by the personalisation's issuing CA.
    Bytes issue(const PublicKey& key, const char* cn) {
        OSSL_PARAM_BLD* b = OSSL_PARAM_BLD_new();
        BIGNUM* n = BN_bin2bn(key.modulus.data(), static_cast<int>(key.modulus.size()), nullptr);
        BIGNUM* e = BN_bin2bn(key.exponent.data(), static_cast<int>(key.exponent.size()), nullptr);
        OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, n);
        OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, e);
        OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(b);
        EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
        EVP_PKEY* pub = nullptr;
        EVP_PKEY_fromdata_init(ctx);
        EVP_PKEY_fromdata(ctx, &pub, EVP_PKEY_PUBLIC_KEY, params);
        EVP_PKEY_CTX_free(ctx);
        OSSL_PARAM_free(params);
        OSSL_PARAM_BLD_free(b);
        BN_free(n);
        BN_free(e);

        FILE* f = std::fopen((dir_ / "pki/issuing-ca.key").c_str(), "r");
        EVP_PKEY* caKey = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
        std::fclose(f);
        f = std::fopen((dir_ / "pki/issuing-ca.pem").c_str(), "r");
        X509* ca = PEM_read_X509(f, nullptr, nullptr, nullptr);
        std::fclose(f);

        X509* x = X509_new();
        X509_set_version(x, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
        X509_gmtime_adj(X509_getm_notBefore(x), 0);
        X509_gmtime_adj(X509_getm_notAfter(x), 86400);
        X509_NAME* name = X509_NAME_new();
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn), -1,
                                   -1, 0);
        X509_set_subject_name(x, name);
        X509_set_issuer_name(x, X509_get_subject_name(ca));
        X509_set_pubkey(x, pub);
        X509_sign(x, caKey, EVP_sha256());
        unsigned char* der = nullptr;
        const int len = i2d_X509(x, &der);
        Bytes out(der, der + len);
        OPENSSL_free(der);
        X509_NAME_free(name);
        X509_free(x);
        X509_free(ca);
        EVP_PKEY_free(caKey);
        EVP_PKEY_free(pub);
        return out;
    }

    // A Card as another process would see the card: nothing cached.
    std::unique_ptr<Card> freshCard() { return openCard(std::make_shared<ContentCache>()); }
};

TEST_F(CardAdministration, GeneratedKeyAndImportedCertificateAreOnTheCard) {
    const Bytes newId{0x04};
    {
        auto card = openCard();
        KeyGenerationRequest req;
        req.id = newId;
        req.label = "Generated key";
        req.bits = 2048;
        req.pinAuthId = kAuthPin;
        req.usage = key_usage::kSign;
        std::vector<std::string> trace;
        transport_->setTrace([&](const std::string& l) { trace.push_back(l); });
        const KeyInfo k = card->generateKey(req);
        transport_->setTrace(nullptr);
        EXPECT_EQ(k.keyReference, 3);  // 1 and 2 are taken
        EXPECT_EQ(k.pinAuthId, kAuthPin);
        EXPECT_TRUE(k.supports(SignMechanism::RsaPkcs1));
        // Everything after the handshake went under SM (CLA 0C): PUT DATA, GENERATE, SELECT, UPDATE BINARY.
        bool sawGenerate = false;
        for (const std::string& l : trace) {
            EXPECT_NE(l.rfind("> 00 47", 0), 0u) << "plain GENERATE: " << l;
            EXPECT_NE(l.rfind("> 00 DB", 0), 0u) << "plain PUT DATA: " << l;
            sawGenerate = sawGenerate || l.rfind("> 0C 47", 0) == 0;
        }
        EXPECT_TRUE(sawGenerate);

        const PublicKey pub = card->publicKey(newId);
        ASSERT_EQ(pub.modulus.size(), 256u);
        const SecureBuffer pin = secret("1234");
        Bytes di = fromHex("3031300D060960864801650304020105000420");
        const Bytes data{1, 2, 3};
        append(di, view(sha("SHA256", data)));
        const Bytes sig = card->sign(newId, SignMechanism::RsaPkcs1, di, &pin);
        const Bytes cert = issue(pub, "Generated key holder");
        EXPECT_TRUE(opensslVerifies(publicKeyOf(cert).get(), "SHA256", data, sig));

        card->storeCertificate(cert, CertificateStoreRequest{newId, "Generated certificate", false});
        EXPECT_EQ(card->certificate(newId), cert);
    }
    // Another process: the PKCS#15 files on the card name the key and its certificate.
    auto other = freshCard();
    const Application& app = other->application();
    const KeyInfo* k = app.findKey(newId);
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->label, "Generated key");
    EXPECT_TRUE(k->hasCertificate);
    EXPECT_TRUE(k->hasPublicKeyObject);
    EXPECT_EQ(k->bits, 2048u);
    EXPECT_EQ(app.keys.size(), 3u);
    EXPECT_EQ(app.certificates.size(), 5u);
    const Bytes cert = other->certificate(newId);
    EXPECT_EQ(parseCertificate(cert).subjectText, "CN=Generated key holder");
    EXPECT_EQ(other->publicKey(newId).modulus, parseCertificate(cert).rsaModulus);
    // The old objects are untouched.
    EXPECT_EQ(other->certificate(kAuthKey), pkiFile("auth.der"));
}

TEST_F(CardAdministration, CertificateIsReplacedAndDeleted) {
    auto card = openCard();
    const Bytes root = pkiFile("root-ca.der"), issuing = pkiFile("issuing-ca.der");
    card->storeCertificate(root, CertificateStoreRequest{Bytes{0x21}, "Extra", true});
    card->storeCertificate(issuing, CertificateStoreRequest{Bytes{0x21}, "Extra (replaced)", true});
    {
        auto other = freshCard();
        EXPECT_EQ(other->application().certificates.size(), 5u);
        EXPECT_EQ(other->certificate(Bytes{0x21}), issuing);
        EXPECT_EQ(other->application().findCertificate(Bytes{0x21})->label, "Extra (replaced)");
    }
    card->deleteCertificate(Bytes{0x21});
    auto other = freshCard();
    EXPECT_EQ(other->application().certificates.size(), 4u);
    EXPECT_EQ(other->application().findCertificate(Bytes{0x21}), nullptr);
    for (const CertificateInfo& c : other->application().certificates)
        EXPECT_NO_THROW(other->certificate(c.id));
}

TEST_F(CardAdministration, DeletedKeyIsGoneFromCardAndFiles) {
    auto card = openCard();
    KeyGenerationRequest req;
    req.id = Bytes{0x05};
    req.label = "Short-lived";
    req.bits = 1024;
    req.pinAuthId = kAuthPin;
    card->generateKey(req);
    card->deleteKey(Bytes{0x05});
    auto other = freshCard();
    EXPECT_EQ(other->application().findKey(Bytes{0x05}), nullptr);
    EXPECT_EQ(other->application().keys.size(), 2u);
    // The SDO reference is free again.
    const KeyInfo again = other->generateKey(req);
    EXPECT_EQ(again.keyReference, 3);
}

// Removing the first of three keys rewrites more of the PrKDF than one UPDATE BINARY holds: the new objects
// go through the journal EF (70FF), which is gone afterwards.
TEST_F(CardAdministration, ARewriteLargerThanOneCommandIsJournalledAndLeavesNothing) {
    auto card = openCard();
    KeyGenerationRequest req;
    req.id = Bytes{0x04};
    req.label = "Third key";
    req.bits = 1024;
    req.pinAuthId = kAuthPin;
    card->generateKey(req);
    card->deleteKey(kAuthKey);
    auto other = freshCard();
    EXPECT_EQ(other->application().keys.size(), 2u);
    EXPECT_EQ(other->application().findKey(kAuthKey), nullptr);
    EXPECT_NE(other->application().findKey(Bytes{0x04}), nullptr);
    EXPECT_TRUE(other->checkAdministration(false).empty());
    EXPECT_EQ(transport_->transmit(CommandApdu(0x00, 0xA4, 0x08, 0x0C, fromHex("500070FF"))).sw(),
              sw::FileNotFound);
}

TEST_F(CardAdministration, AdministrationWithoutKeysIsRefusedClearly) {
    auto card = openCard(nullptr, std::make_shared<const SmKeyStore>());
    KeyGenerationRequest req;
    req.id = Bytes{0x06};
    req.pinAuthId = kAuthPin;
    try {
        card->generateKey(req);
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::SmKeysMissing);
    }
    EXPECT_THROW(card->storeCertificate(Bytes{0x30, 0x00}, CertificateStoreRequest{Bytes{1}, "x", false}),
                 Pkcs15Error);
}

// For the OpenSC witness (docs/ias-api.md): with IAS_API_WITNESS_DIR set to a personalised test-bed
// directory, generates a key and stores its certificate into DIR/card.state, for `scripts/testbed up DIR`
// and `pkcs15-tool --dump` to look at. Skipped otherwise.
TEST(CardAdministrationWitness, WritesAGeneratedKeyIntoATestBedState) {
    const char* dirEnv = std::getenv("IAS_API_WITNESS_DIR");
    if (!dirEnv) GTEST_SKIP() << "IAS_API_WITNESS_DIR not set";
    const fs::path dir(dirEnv);
    vcard::VirtualCard vc(dir / "card.state", dir / "card.profile");
    InProcessTransport t(vc);
    Card::Options o;
    o.smKeys = std::make_shared<const SmKeyStore>(SmKeyStore::fromFile(dir / "ias-ecc.conf"));
    Card card(t, o);
    KeyGenerationRequest req;
    req.id = Bytes{0x04};
    req.label = "Generated key";
    req.pinAuthId = kAuthPin;
    req.usage = key_usage::kSign;
    card.generateKey(req);
    const PublicKey pub = card.publicKey(req.id);
    struct Issuer : CardAdministration {
        explicit Issuer(const fs::path& d) { dir_ = d; }
        void TestBody() override {}
        Bytes make(const PublicKey& k) { return issue(k, "Generated key holder"); }
    } issuer(dir);
    card.storeCertificate(issuer.make(pub), CertificateStoreRequest{req.id, "Generated certificate", false});
}

}  // namespace
}  // namespace ias::api::test
