// context_specific_login: the qualified signature key (CKA_ALWAYS_AUTHENTICATE) needs its PIN for each
// signature; the context login authorises exactly one and survives a length query.
#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

using fake::kSignPin;

class ContextSpecificLogin : public ModuleTest {
protected:
    void SetUp() override {
        ModuleTest::SetUp();
        s = open(kSignSlot);
        key = findOne(s, CKO_PRIVATE_KEY, 0x02);
        pub = publicKeyOfCertificate(attribute(s, findOne(s, CKO_CERTIFICATE, 0x02), CKA_VALUE));
        Bytes prefix = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                        0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
        Bytes hash = digest(EVP_sha256(), message);
        digestInfo = prefix;
        digestInfo.insert(digestInfo.end(), hash.begin(), hash.end());
    }
    CK_SESSION_HANDLE s = 0;
    CK_OBJECT_HANDLE key = 0;
    Pkey pub;
    const Bytes message = bytesOf("I agree.");
    Bytes digestInfo;
    CK_MECHANISM pkcs{CKM_RSA_PKCS, nullptr, 0};
};

TEST_F(ContextSpecificLogin, OneLoginOneSignatureAfterALengthQuery) {
    // GnuTLS: C_SignInit → C_Login(CONTEXT_SPECIFIC) → C_Sign(NULL) → C_Sign.
    ASSERT_EQ(p11->C_SignInit(s, &pkcs, key), CKR_OK);
    ASSERT_EQ(login(s, CKU_CONTEXT_SPECIFIC, "123456"), CKR_OK);
    Bytes sig;
    ASSERT_EQ(finishSign(s, digestInfo, sig), CKR_OK);
    EXPECT_TRUE(verifySignature(pub.get(), "pkcs1", EVP_sha256(), message, sig));
    // The next signature needs its own login.
    ASSERT_EQ(p11->C_SignInit(s, &pkcs, key), CKR_OK);
    EXPECT_EQ(finishSign(s, digestInfo, sig), CKR_USER_NOT_LOGGED_IN);
    EXPECT_EQ(fake->signCount(), 1);
}

TEST_F(ContextSpecificLogin, WithoutContextLoginTheSignatureFailsAndEnds) {
    ASSERT_EQ(login(s, CKU_USER, "123456"), CKR_OK);  // a user login is not a context login
    ASSERT_EQ(p11->C_SignInit(s, &pkcs, key), CKR_OK);
    Bytes sig(256);
    CK_ULONG len = sig.size();
    Bytes in = digestInfo;
    EXPECT_EQ(p11->C_Sign(s, in.data(), in.size(), sig.data(), &len), CKR_USER_NOT_LOGGED_IN);
    EXPECT_EQ(p11->C_Sign(s, in.data(), in.size(), sig.data(), &len), CKR_OPERATION_NOT_INITIALIZED);
    EXPECT_EQ(fake->signCount(), 0);
}

TEST_F(ContextSpecificLogin, ThunderbirdSequence) {
    // C_Login(USER) … C_SignInit → C_Login(CONTEXT_SPECIFIC) → C_Sign.
    ASSERT_EQ(login(s, CKU_USER, "123456"), CKR_OK);
    ASSERT_EQ(p11->C_SignInit(s, &pkcs, key), CKR_OK);
    ASSERT_EQ(login(s, CKU_CONTEXT_SPECIFIC, "123456"), CKR_OK);
    Bytes in = digestInfo, sig(256);
    CK_ULONG len = sig.size();
    ASSERT_EQ(p11->C_Sign(s, in.data(), in.size(), sig.data(), &len), CKR_OK);
    EXPECT_TRUE(verifySignature(pub.get(), "pkcs1", EVP_sha256(), message, sig));
    EXPECT_EQ(fake->verifyCount(kSignPin), 2);
}

TEST_F(ContextSpecificLogin, WrongContextPinKeepsTheOperationForARetry) {
    ASSERT_EQ(p11->C_SignInit(s, &pkcs, key), CKR_OK);
    EXPECT_EQ(login(s, CKU_CONTEXT_SPECIFIC, "000000"), CKR_PIN_INCORRECT);
    ASSERT_EQ(login(s, CKU_CONTEXT_SPECIFIC, "123456"), CKR_OK);
    Bytes sig;
    ASSERT_EQ(finishSign(s, digestInfo, sig), CKR_OK);
    EXPECT_TRUE(verifySignature(pub.get(), "pkcs1", EVP_sha256(), message, sig));
}

TEST_F(ContextSpecificLogin, WithoutAnOperationItIsRefused) {
    EXPECT_EQ(login(s, CKU_CONTEXT_SPECIFIC, "123456"), CKR_OPERATION_NOT_INITIALIZED);
    // Nor for a key that does not need it.
    CK_SESSION_HANDLE a = open(kAuthSlot);
    ASSERT_EQ(login(a, CKU_USER, "1234"), CKR_OK);
    CK_OBJECT_HANDLE authKey = findOne(a, CKO_PRIVATE_KEY, 0x01);
    ASSERT_EQ(p11->C_SignInit(a, &pkcs, authKey), CKR_OK);
    EXPECT_EQ(login(a, CKU_CONTEXT_SPECIFIC, "1234"), CKR_OPERATION_NOT_INITIALIZED);
    EXPECT_EQ(fake->verifyCount(kSignPin), 0);
}

TEST_F(ContextSpecificLogin, PssOneShotAsFirefoxFallsBackTo) {
    CK_RSA_PKCS_PSS_PARAMS p{CKM_SHA256, CKG_MGF1_SHA256, 32};
    CK_MECHANISM pss{CKM_RSA_PKCS_PSS, &p, sizeof p};
    ASSERT_EQ(p11->C_SignInit(s, &pss, key), CKR_OK);
    ASSERT_EQ(login(s, CKU_CONTEXT_SPECIFIC, "123456"), CKR_OK);
    Bytes sig;
    ASSERT_EQ(finishSign(s, digest(EVP_sha256(), message), sig), CKR_OK);
    EXPECT_TRUE(verifySignature(pub.get(), "pss", EVP_sha256(), message, sig));
}

TEST_F(ContextSpecificLogin, TooSmallBufferKeepsTheAuthorisation) {
    ASSERT_EQ(p11->C_SignInit(s, &pkcs, key), CKR_OK);
    ASSERT_EQ(login(s, CKU_CONTEXT_SPECIFIC, "123456"), CKR_OK);
    Bytes in = digestInfo, small(10), sig(256);
    CK_ULONG len = small.size();
    ASSERT_EQ(p11->C_Sign(s, in.data(), in.size(), small.data(), &len), CKR_BUFFER_TOO_SMALL);
    EXPECT_EQ(len, 256u);
    ASSERT_EQ(p11->C_Sign(s, in.data(), in.size(), sig.data(), &len), CKR_OK);
    EXPECT_TRUE(verifySignature(pub.get(), "pkcs1", EVP_sha256(), message, sig));
}

}  // namespace
}  // namespace ias::p11::test
