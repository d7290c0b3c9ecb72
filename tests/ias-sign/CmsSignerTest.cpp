// ias_sign_cms with a software key (no card): the files it builds are accepted by OpenSSL's own CMS_verify
// (the witness, with the ESS signing-certificate check of CMS_CADES), and its verifier names each problem.
#include "CmsTestSupport.h"

namespace ias::sign {
namespace {

using CmsSignerTest = CmsFixture;

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
