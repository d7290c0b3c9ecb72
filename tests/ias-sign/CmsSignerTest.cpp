// ias_sign_cms with a software key (no card): the files it builds are accepted by OpenSSL's own CMS_verify
// (the witness, with the ESS signing-certificate check of CMS_CADES), and its verifier names each problem.
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "CmsBuild.h"
#include "CmsVerify.h"
#include "CounterSignature.h"
#include "DocumentDigest.h"

namespace ias::sign {
namespace {

PkeyPtr newEcKey() {
    return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

X509Ptr newCertificate(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuerKey, long serial,
                       const char* keyUsage, bool ca) {
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
    X509_set_issuer_name(cert.get(),
                         issuer ? X509_get_subject_name(issuer) : X509_get_subject_name(cert.get()));
    X509_set_pubkey(cert.get(), key);
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_key_usage, keyUsage},
                              std::pair{NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        X509_add_ext(cert.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256());
    return cert;
}

class SoftwareKey : public SignatureKey {
public:
    SoftwareKey(X509* root, EVP_PKEY* rootKey, const char* cn, long serial, const char* usage)
        : key_(newEcKey()),
          cert_(newCertificate(key_.get(), cn, root, rootKey, serial, usage, false)),
          root_(root) {}
    X509* certificate() override { return cert_.get(); }
    std::vector<X509*> chain() override { return {root_}; }
    Bytes signHash(const EVP_MD* md, const Bytes& hash) override {
        ++signatures;
        std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key_.get(), nullptr),
                                                                        EVP_PKEY_CTX_free);
        EVP_PKEY_sign_init(ctx.get());
        EVP_PKEY_CTX_set_signature_md(ctx.get(), md);
        std::size_t len = 0;
        EVP_PKEY_sign(ctx.get(), nullptr, &len, hash.data(), hash.size());
        Bytes out(len);
        EVP_PKEY_sign(ctx.get(), out.data(), &len, hash.data(), hash.size());
        out.resize(len);
        return out;
    }
    int signatures = 0;

private:
    PkeyPtr key_;
    X509Ptr cert_;
    X509* root_;
};

class CmsSignerTest : public ::testing::Test {
protected:
    void SetUp() override {
        rootKey_ = newEcKey();
        root_ = newCertificate(rootKey_.get(), "Test Root", nullptr, nullptr, 1,
                               "critical,keyCertSign,cRLSign", true);
        // A directory of its own: CTest runs these cases in parallel, and each writes its own root.
        std::string pattern = ::testing::TempDir() + "/cms-signer-test.XXXXXX";
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        document_ = dir_ + "/cms-signer-test.txt";
        other_ = dir_ + "/cms-signer-test-other.txt";
        anchors_ = dir_ + "/cms-signer-test-root.pem";
        std::ofstream(document_) << "a decision to sign\n";
        std::ofstream(other_) << "another decision\n";
        FILE* f = std::fopen(anchors_.c_str(), "w");
        PEM_write_X509(f, root_.get());
        std::fclose(f);
    }
    // OpenSSL's own verification of every signer over the document (CMS_CADES: ESS signing-certificate).
    bool opensslVerifies(CMS_ContentInfo* cms, const std::string& document) {
        StorePtr store(X509_STORE_new());
        X509_STORE_add_cert(store.get(), root_.get());
        BioPtr content(BIO_new_file(document.c_str(), "rb"));
        const int ok = CMS_verify(cms, nullptr, store.get(), content.get(), nullptr, CMS_BINARY | CMS_CADES);
        ERR_clear_error();
        return ok == 1;
    }
    static const SignerVerdict& verdictOf(const std::vector<SignerVerdict>& verdicts,
                                          const std::string& subject) {
        const auto it = std::find_if(verdicts.begin(), verdicts.end(),
                                     [&](const SignerVerdict& v) { return v.subject == subject; });
        if (it == verdicts.end()) throw std::runtime_error("no verdict for " + subject);
        return *it;
    }
    PkeyPtr rootKey_;
    X509Ptr root_;
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string dir_, document_, other_, anchors_;
};

TEST_F(CmsSignerTest, ASignatureOpenSslAcceptsOverItsDocumentOnly) {
    SoftwareKey key(root_.get(), rootKey_.get(), "Signer", 10, "critical,nonRepudiation");
    CmsPtr cms = newDetachedSignature();
    addSigner(cms.get(), key, EVP_sha256(), digestFile(document_, EVP_sha256()), std::time(nullptr));
    EXPECT_EQ(key.signatures, 1);
    CmsPtr decoded = decodeCms(encodeCms(cms.get()));
    EXPECT_TRUE(opensslVerifies(decoded.get(), document_));
    EXPECT_FALSE(opensslVerifies(decoded.get(), other_));
    EXPECT_EQ(CMS_is_detached(decoded.get()), 1);
}

TEST_F(CmsSignerTest, TheVerifierAcceptsItAndNamesAWrongDocument) {
    SoftwareKey key(root_.get(), rootKey_.get(), "Signer", 10, "critical,nonRepudiation");
    CmsPtr cms = newDetachedSignature();
    addSigner(cms.get(), key, EVP_sha256(), digestFile(document_, EVP_sha256()), std::time(nullptr));
    CmsPtr decoded = decodeCms(encodeCms(cms.get()));
    const auto good = verifySigners(decoded.get(), document_, {anchors_, true});
    ASSERT_EQ(good.size(), 1u);
    EXPECT_TRUE(good[0].verified()) << (good[0].problems.empty() ? "" : good[0].problems[0]);
    EXPECT_TRUE(good[0].qualified);
    EXPECT_EQ(good[0].subject, "CN=Signer");
    EXPECT_EQ(good[0].serial, "0A");
    EXPECT_EQ(good[0].keyType, "EC prime256v1");
    const auto bad = verifySigners(decoded.get(), other_, {anchors_, true});
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_TRUE(bad[0].signatureRefused);
    ASSERT_FALSE(bad[0].problems.empty());
    EXPECT_NE(bad[0].problems[0].find("message digest"), std::string::npos);
}

TEST_F(CmsSignerTest, ACoSignerKeepsTheFirstAndOpenSslAcceptsBoth) {
    SoftwareKey first(root_.get(), rootKey_.get(), "First", 10, "critical,nonRepudiation");
    SoftwareKey second(root_.get(), rootKey_.get(), "Second", 11, "critical,digitalSignature");
    CmsPtr cms = newDetachedSignature();
    const Bytes digest = digestFile(document_, EVP_sha256());
    addSigner(cms.get(), first, EVP_sha256(), digest, std::time(nullptr));
    CmsPtr reread = decodeCms(encodeCms(cms.get()));
    addSigner(reread.get(), second, EVP_sha256(), digest, std::time(nullptr));
    CmsPtr both = decodeCms(encodeCms(reread.get()));
    EXPECT_EQ(sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(both.get())), 2);
    EXPECT_TRUE(opensslVerifies(both.get(), document_));
    const auto verdicts = verifySigners(both.get(), document_, {anchors_, false});
    ASSERT_EQ(verdicts.size(), 2u);
    // SignerInfos is a SET OF: DER orders it by encoding, so the co-signer may come first in the file.
    EXPECT_TRUE(verdicts[0].verified() && verdicts[1].verified());
    EXPECT_TRUE(verdictOf(verdicts, "CN=First").qualified);
    EXPECT_FALSE(verdictOf(verdicts, "CN=Second").qualified);
    const auto strict = verifySigners(both.get(), document_, {anchors_, true});
    ASSERT_EQ(strict.size(), 2u);
    EXPECT_TRUE(verdictOf(strict, "CN=First").verified());
    EXPECT_TRUE(verdictOf(strict, "CN=Second").certificateRefused);
}

TEST_F(CmsSignerTest, AnotherRootRefusesTheChain) {
    SoftwareKey key(root_.get(), rootKey_.get(), "Signer", 10, "critical,nonRepudiation");
    CmsPtr cms = newDetachedSignature();
    addSigner(cms.get(), key, EVP_sha256(), digestFile(document_, EVP_sha256()), std::time(nullptr));
    PkeyPtr otherKey = newEcKey();
    X509Ptr otherRoot = newCertificate(otherKey.get(), "Test Root", nullptr, nullptr, 1, "keyCertSign", true);
    const std::string otherAnchors = dir_ + "/cms-signer-test-other-root.pem";
    FILE* f = std::fopen(otherAnchors.c_str(), "w");
    PEM_write_X509(f, otherRoot.get());
    std::fclose(f);
    // As read from a file: in memory, the attributes are in the order they were added, not the file's.
    CmsPtr decoded = decodeCms(encodeCms(cms.get()));
    const auto verdicts = verifySigners(decoded.get(), document_, {otherAnchors, false});
    EXPECT_TRUE(verdicts[0].certificateRefused);
    EXPECT_FALSE(verdicts[0].signatureRefused) << verdicts[0].problems[0];
}

TEST_F(CmsSignerTest, CounterSignaturesAtTwoDepthsVerifyAndAForgedOneIsNamed) {
    SoftwareKey author(root_.get(), rootKey_.get(), "Author", 10, "critical,nonRepudiation");
    SoftwareKey superior(root_.get(), rootKey_.get(), "Superior", 11, "critical,nonRepudiation");
    SoftwareKey director(root_.get(), rootKey_.get(), "Director", 12, "critical,nonRepudiation");
    CmsPtr cms = newDetachedSignature();
    addSigner(cms.get(), author, EVP_sha256(), digestFile(document_, EVP_sha256()), std::time(nullptr));
    CmsPtr one = decodeCms(encodeCms(cms.get()));
    addCounterSignature(one.get(), "1", superior, EVP_sha256(), std::time(nullptr));
    CmsPtr two = decodeCms(encodeCms(one.get()));
    addCounterSignature(two.get(), "1.1", director, EVP_sha256(), std::time(nullptr));
    const Bytes der = encodeCms(two.get());
    CmsPtr file = decodeCms(der);
    EXPECT_TRUE(opensslVerifies(file.get(), document_));
    const auto verdicts = verifySigners(file.get(), document_, {anchors_, true});
    ASSERT_EQ(verdicts.size(), 3u);
    EXPECT_EQ(verdicts[1].path, "1.1");
    EXPECT_EQ(verdicts[1].subject, "CN=Superior");
    EXPECT_EQ(verdicts[2].path, "1.1.1");
    EXPECT_EQ(verdicts[2].subject, "CN=Director");
    for (const SignerVerdict& v : verdicts) EXPECT_TRUE(v.verified()) << v.path << ": " << v.problems[0];
    // One bit of the superior's signature value (found in the file by its bytes) flipped.
    CMS_SignerInfo* top = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(file.get()), 0);
    const Bytes counter = counterSignatures(top).at(0);
    STACK_OF(X509)* certs = CMS_get1_certs(file.get());
    CmsPtr wrapped = wrapSignerInfo(counter, certs);
    sk_X509_pop_free(certs, X509_free);
    const Bytes value = signatureValue(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(wrapped.get()), 0));
    Bytes forged = der;
    const auto at = std::search(forged.begin(), forged.end(), value.begin(), value.end());
    ASSERT_NE(at, forged.end());
    at[static_cast<std::ptrdiff_t>(value.size() / 2)] ^= 1;
    CmsPtr forgedFile = decodeCms(forged);
    EXPECT_TRUE(opensslVerifies(forgedFile.get(), document_));  // OpenSSL does not look at counter-signatures
    const auto refused = verifySigners(forgedFile.get(), document_, {anchors_, true});
    ASSERT_EQ(refused.size(), 3u);
    EXPECT_TRUE(refused[0].verified());
    EXPECT_TRUE(refused[1].signatureRefused);
    EXPECT_TRUE(refused[2].signatureRefused);  // its message digest is over the forged value
}

}  // namespace
}  // namespace ias::sign
