// RSA-PSS signers and counter-signers (ias-sign --pss) with a software RSA key: OpenSSL's CMS_verify accepts
// the top-level signer (it reads the PSS parameters itself), ours verifies both and names the scheme, and
// values or parameters that do not hold are refused, each for its reason.
#include "CmsTestSupport.h"

namespace ias::sign {
namespace {

using CmsPssTest = CmsFixture;

// The one occurrence of `from` in `der` replaced by `to` (same length: the DER stays well-formed).
void patchOnce(Bytes& der, const Bytes& from, const Bytes& to) {
    const auto at = std::search(der.begin(), der.end(), from.begin(), from.end());
    ASSERT_NE(at, der.end());
    ASSERT_EQ(std::search(at + 1, der.end(), from.begin(), from.end()), der.end()) << "found twice";
    std::copy(to.begin(), to.end(), at);
}

// RSASSA-PSS-params' saltLength field, [2] EXPLICIT INTEGER n.
Bytes saltField(std::uint8_t n) {
    return {0xA2, 0x03, 0x02, 0x01, n};
}

// The signature algorithm of the file's first top-level signer, read with OpenSSL.
const X509_ALGOR* signatureAlgorithmOf(CMS_ContentInfo* cms) {
    X509_ALGOR* alg = nullptr;
    CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0), nullptr, nullptr, nullptr,
                             &alg);
    return alg;
}

TEST_F(CmsPssTest, APssSignerOpenSslAndOursAcceptWithEachDigest) {
    SoftwareKey key(root_.get(), rootKey_.get(), "Signer", 10, "critical,nonRepudiation", newRsaKey());
    for (const auto& [md, name] :
         {std::pair{EVP_sha256(), "RSA-PSS SHA-256"}, std::pair{EVP_sha384(), "RSA-PSS SHA-384"},
          std::pair{EVP_sha512(), "RSA-PSS SHA-512"}}) {
        CmsPtr cms = newDetachedSignature();
        addSigner(cms.get(), key, md, digestFile(document_, md), std::time(nullptr), RsaPadding::Pss);
        CmsPtr decoded = decodeCms(encodeCms(cms.get()));
        // id-RSASSA-PSS with the parameters as RFC 4056 wants them, as OpenSSL decodes them.
        const X509_ALGOR* alg = signatureAlgorithmOf(decoded.get());
        const ASN1_OBJECT* oid = nullptr;
        int type = 0;
        const void* value = nullptr;
        X509_ALGOR_get0(&oid, &type, &value, alg);
        EXPECT_EQ(OBJ_obj2nid(oid), NID_rsassaPss);
        ASSERT_EQ(type, V_ASN1_SEQUENCE);
        std::unique_ptr<RSA_PSS_PARAMS, decltype(&RSA_PSS_PARAMS_free)> params(
            static_cast<RSA_PSS_PARAMS*>(
                ASN1_item_unpack(static_cast<const ASN1_STRING*>(value), ASN1_ITEM_rptr(RSA_PSS_PARAMS))),
            RSA_PSS_PARAMS_free);
        ASSERT_TRUE(params && params->hashAlgorithm && params->maskGenAlgorithm && params->saltLength);
        const ASN1_OBJECT* hashOid = nullptr;
        X509_ALGOR_get0(&hashOid, nullptr, nullptr, params->hashAlgorithm);
        EXPECT_EQ(OBJ_obj2nid(hashOid), EVP_MD_get_type(md));
        EXPECT_EQ(ASN1_INTEGER_get(params->saltLength), EVP_MD_get_size(md));
        EXPECT_EQ(params->trailerField, nullptr);  // the default, 1
        EXPECT_TRUE(opensslVerifies(decoded.get(), document_)) << name;
        EXPECT_FALSE(opensslVerifies(decoded.get(), other_)) << name;
        const auto verdicts = verifySigners(decoded.get(), document_, {anchors_, true});
        ASSERT_EQ(verdicts.size(), 1u);
        EXPECT_TRUE(verdicts[0].verified()) << name << ": " << verdicts[0].problems.at(0);
        EXPECT_EQ(verdicts[0].signatureAlgorithm, name);
    }
}

TEST_F(CmsPssTest, TheSchemeIsNamedForPkcs1AndEcdsaSignersToo) {
    SoftwareKey rsa(root_.get(), rootKey_.get(), "Rsa", 10, "critical,nonRepudiation", newRsaKey());
    SoftwareKey ec(root_.get(), rootKey_.get(), "Ec", 11, "critical,nonRepudiation");
    CmsPtr cms = newDetachedSignature();
    const Bytes digest = digestFile(document_, EVP_sha256());
    addSigner(cms.get(), rsa, EVP_sha256(), digest, std::time(nullptr));
    addSigner(cms.get(), ec, EVP_sha256(), digest, std::time(nullptr));
    CmsPtr decoded = decodeCms(encodeCms(cms.get()));
    EXPECT_TRUE(opensslVerifies(decoded.get(), document_));
    const auto verdicts = verifySigners(decoded.get(), document_, {anchors_, true});
    EXPECT_EQ(verdictOf(verdicts, "CN=Rsa").signatureAlgorithm, "RSA PKCS#1 v1.5");
    EXPECT_EQ(verdictOf(verdicts, "CN=Ec").signatureAlgorithm, "ECDSA");
    for (const SignerVerdict& v : verdicts) EXPECT_TRUE(v.verified()) << v.path << ": " << v.problems.at(0);
    // PSS asked of an EC key: refused by the library before the key signs.
    CmsPtr other = newDetachedSignature();
    EXPECT_THROW(addSigner(other.get(), ec, EVP_sha256(), digest, std::time(nullptr), RsaPadding::Pss),
                 CmsError);
    EXPECT_EQ(ec.signatures, 1);
}

TEST_F(CmsPssTest, APssValueWithAnotherSaltThanStatedIsRefused) {
    SoftwareKey key(root_.get(), rootKey_.get(), "Signer", 10, "critical,nonRepudiation", newRsaKey());
    key.pssSalt = 20;  // the value's salt: 20 bytes; the SignerInfo says 32
    CmsPtr cms = newDetachedSignature();
    addSigner(cms.get(), key, EVP_sha256(), digestFile(document_, EVP_sha256()), std::time(nullptr),
              RsaPadding::Pss);
    CmsPtr decoded = decodeCms(encodeCms(cms.get()));
    EXPECT_FALSE(opensslVerifies(decoded.get(), document_));
    const auto verdicts = verifySigners(decoded.get(), document_, {anchors_, true});
    ASSERT_EQ(verdicts.size(), 1u);
    EXPECT_TRUE(verdicts[0].signatureRefused);
    ASSERT_FALSE(verdicts[0].problems.empty());
    EXPECT_NE(verdicts[0].problems[0].find("does not verify"), std::string::npos) << verdicts[0].problems[0];
}

class CmsPssCounterTest : public CmsFixture {
protected:
    void SetUp() override {
        CmsFixture::SetUp();
        author_ = std::make_unique<SoftwareKey>(root_.get(), rootKey_.get(), "Author", 10,
                                                "critical,nonRepudiation");
        superior_ = std::make_unique<SoftwareKey>(root_.get(), rootKey_.get(), "Superior", 11,
                                                  "critical,nonRepudiation", newRsaKey());
    }
    // An ECDSA author's signature counter-signed by an RSA-PSS key; the file's DER.
    Bytes counterSigned() {
        CmsPtr cms = newDetachedSignature();
        addSigner(cms.get(), *author_, EVP_sha256(), digestFile(document_, EVP_sha256()), std::time(nullptr));
        CmsPtr one = decodeCms(encodeCms(cms.get()));
        addCounterSignature(one.get(), "1", *superior_, EVP_sha256(), std::time(nullptr), RsaPadding::Pss);
        return encodeCms(one.get());
    }
    std::vector<SignerVerdict> verdicts(const Bytes& der) {
        CmsPtr file = decodeCms(der);
        return verifySigners(file.get(), document_, {anchors_, true});
    }
    std::unique_ptr<SoftwareKey> author_, superior_;  // made once the root is (SetUp)
};

TEST_F(CmsPssCounterTest, APssCounterSignerVerifiesAndAFlippedBitIsRefused) {
    const Bytes der = counterSigned();
    const auto good = verdicts(der);
    ASSERT_EQ(good.size(), 2u);
    EXPECT_EQ(good[1].path, "1.1");
    EXPECT_EQ(good[1].signatureAlgorithm, "RSA-PSS SHA-256");
    for (const SignerVerdict& v : good) EXPECT_TRUE(v.verified()) << v.path << ": " << v.problems.at(0);
    // One bit of the counter-signature value (found in the file by its bytes) flipped.
    CmsPtr file = decodeCms(der);
    STACK_OF(X509)* certs = CMS_get1_certs(file.get());
    CmsPtr wrapped = wrapSignerInfo(
        counterSignatures(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(file.get()), 0)).at(0), certs);
    sk_X509_pop_free(certs, X509_free);
    const Bytes value = signatureValue(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(wrapped.get()), 0));
    Bytes forged = der;
    Bytes flipped = value;
    flipped[value.size() / 2] ^= 1;
    patchOnce(forged, value, flipped);
    CmsPtr forgedFile = decodeCms(forged);
    EXPECT_TRUE(opensslVerifies(forgedFile.get(), document_));  // OpenSSL does not look at counter-signatures
    const auto refused = verdicts(forged);
    ASSERT_EQ(refused.size(), 2u);
    EXPECT_TRUE(refused[0].verified());
    EXPECT_TRUE(refused[1].signatureRefused);
    EXPECT_NE(refused[1].problems.at(0).find("does not verify"), std::string::npos) << refused[1].problems[0];
}

TEST_F(CmsPssCounterTest, ASaltClaimShorterThanTheHashIsRefusedAndALongerOneMustHold) {
    const Bytes der = counterSigned();  // the value's salt: 32 bytes, as the SignerInfo says
    Bytes claims20 = der;
    patchOnce(claims20, saltField(32), saltField(20));
    const auto short_ = verdicts(claims20);
    ASSERT_EQ(short_.size(), 2u);
    EXPECT_TRUE(short_[0].verified());
    EXPECT_TRUE(short_[1].signatureRefused);
    EXPECT_EQ(short_[1].signatureAlgorithm, "RSA-PSS SHA-256 (MGF1 SHA-256, salt 20)");
    EXPECT_NE(short_[1].problems.at(0).find("salt of 20 bytes, shorter than the SHA-256 hash"),
              std::string::npos)
        << short_[1].problems[0];
    // 48 is an acceptable claim, but the value is checked with exactly the salt stated: refused.
    Bytes claims48 = der;
    patchOnce(claims48, saltField(32), saltField(48));
    const auto long_ = verdicts(claims48);
    ASSERT_EQ(long_.size(), 2u);
    EXPECT_TRUE(long_[1].signatureRefused);
    EXPECT_NE(long_[1].problems.at(0).find("does not verify"), std::string::npos) << long_[1].problems[0];
}

TEST_F(CmsPssCounterTest, AnMgf1HashOtherThanTheDigestIsRefused) {
    Bytes der = counterSigned();
    // maskGenAlgorithm { id-mgf1, { id-sha256 } } made { id-mgf1, { id-sha384 } }.
    const Bytes mgf1Sha256{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08, 0x30,
                           0x0B, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};
    Bytes mgf1Sha384 = mgf1Sha256;
    mgf1Sha384.back() = 0x02;
    patchOnce(der, mgf1Sha256, mgf1Sha384);
    const auto refused = verdicts(der);
    ASSERT_EQ(refused.size(), 2u);
    EXPECT_TRUE(refused[1].signatureRefused);
    EXPECT_NE(refused[1].problems.at(0).find("MGF1 SHA-384 under hash SHA-256 not accepted"),
              std::string::npos)
        << refused[1].problems[0];
}

}  // namespace
}  // namespace ias::sign
