// mechanisms: lists and information per token, every mechanism signing (single and multi-part) with
// signatures verified by OpenSSL against the certificate, PSS parameters, decryption, the always-authenticate
// refusal of hash-and-sign mechanisms.
#include <openssl/rsa.h>

#include <algorithm>

#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

using fake::kSignPin;

class Mechanisms : public ModuleTest {
protected:
    void SetUp() override {
        ModuleTest::SetUp();
        s = open(kAuthSlot);
        ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
        rsa = findOne(s, CKO_PRIVATE_KEY, 0x01);
        ec = findOne(s, CKO_PRIVATE_KEY, 0x03);
        rsaPub = publicKeyOfCertificate(attribute(s, findOne(s, CKO_CERTIFICATE, 0x01), CKA_VALUE));
        ecPub = publicKeyOfCertificate(attribute(s, findOne(s, CKO_CERTIFICATE, 0x03), CKA_VALUE));
    }
    std::vector<CK_MECHANISM_TYPE> list(CK_SLOT_ID slot) {
        CK_ULONG n = 0;
        EXPECT_EQ(p11->C_GetMechanismList(slot, nullptr, &n), CKR_OK);
        std::vector<CK_MECHANISM_TYPE> m(n);
        EXPECT_EQ(p11->C_GetMechanismList(slot, m.data(), &n), CKR_OK);
        return m;
    }
    CK_SESSION_HANDLE s = 0;
    CK_OBJECT_HANDLE rsa = 0, ec = 0;
    Pkey rsaPub, ecPub;
    const Bytes message = bytesOf("Signed attributes of an S/MIME message, about 456 bytes in real life.");
};

TEST_F(Mechanisms, AuthenticationTokenList) {
    std::vector<CK_MECHANISM_TYPE> expected = {CKM_RSA_PKCS,
                                               CKM_SHA1_RSA_PKCS,
                                               CKM_SHA224_RSA_PKCS,
                                               CKM_SHA256_RSA_PKCS,
                                               CKM_SHA384_RSA_PKCS,
                                               CKM_SHA512_RSA_PKCS,
                                               CKM_RSA_PKCS_PSS,
                                               CKM_SHA256_RSA_PKCS_PSS,
                                               CKM_SHA384_RSA_PKCS_PSS,
                                               CKM_SHA512_RSA_PKCS_PSS,
                                               CKM_ECDSA,
                                               CKM_ECDSA_SHA256,
                                               CKM_ECDSA_SHA384,
                                               CKM_ECDSA_SHA512};
    EXPECT_EQ(list(kAuthSlot), expected);
    CK_ULONG small = 2;
    CK_MECHANISM_TYPE two[2];
    EXPECT_EQ(p11->C_GetMechanismList(kAuthSlot, two, &small), CKR_BUFFER_TOO_SMALL);
    EXPECT_EQ(small, expected.size());
}

TEST_F(Mechanisms, SignatureTokenOffersNoHashAndSignMechanisms) {
    // Its only key needs the PIN for every signature (docs/pkcs11.md): NSS then hashes itself and signs
    // one-shot, where it does the context-specific login.
    EXPECT_EQ(list(kSignSlot), (std::vector<CK_MECHANISM_TYPE>{CKM_RSA_PKCS, CKM_RSA_PKCS_PSS}));
}

TEST_F(Mechanisms, InfoIsTruthful) {
    CK_MECHANISM_INFO info;
    ASSERT_EQ(p11->C_GetMechanismInfo(kAuthSlot, CKM_RSA_PKCS, &info), CKR_OK);
    EXPECT_EQ(info.ulMinKeySize, 2048u);
    EXPECT_EQ(info.ulMaxKeySize, 2048u);
    EXPECT_EQ(info.flags, static_cast<CK_FLAGS>(CKF_HW | CKF_SIGN | CKF_DECRYPT));
    ASSERT_EQ(p11->C_GetMechanismInfo(kAuthSlot, CKM_SHA256_RSA_PKCS_PSS, &info), CKR_OK);
    EXPECT_EQ(info.flags, static_cast<CK_FLAGS>(CKF_HW | CKF_SIGN));
    ASSERT_EQ(p11->C_GetMechanismInfo(kAuthSlot, CKM_ECDSA, &info), CKR_OK);
    EXPECT_EQ(info.ulMinKeySize, 256u);
    EXPECT_NE(info.flags & CKF_EC_NAMEDCURVE, 0u);
    EXPECT_NE(info.flags & CKF_HW, 0u);
    EXPECT_EQ(p11->C_GetMechanismInfo(kAuthSlot, CKM_SHA256, &info), CKR_MECHANISM_INVALID);
    EXPECT_EQ(p11->C_GetMechanismInfo(kSignSlot, CKM_SHA256_RSA_PKCS, &info), CKR_MECHANISM_INVALID);
    ASSERT_EQ(p11->C_GetMechanismInfo(kSignSlot, CKM_RSA_PKCS, &info), CKR_OK);
    EXPECT_EQ(info.flags, static_cast<CK_FLAGS>(CKF_HW | CKF_SIGN));
}

TEST_F(Mechanisms, RsaPkcs1HashAndSignSingleAndMultiPart) {
    struct Case {
        CK_MECHANISM_TYPE mech;
        const char* md;
    };
    for (const Case& c : {Case{CKM_SHA1_RSA_PKCS, "SHA1"}, Case{CKM_SHA224_RSA_PKCS, "SHA224"},
                          Case{CKM_SHA256_RSA_PKCS, "SHA256"}, Case{CKM_SHA384_RSA_PKCS, "SHA384"},
                          Case{CKM_SHA512_RSA_PKCS, "SHA512"}}) {
        SCOPED_TRACE(c.md);
        Bytes sig;
        ASSERT_EQ(signOnce(s, CK_MECHANISM{c.mech, nullptr, 0}, rsa, message, sig), CKR_OK);
        EXPECT_EQ(sig.size(), 256u);
        EXPECT_TRUE(verifySignature(rsaPub.get(), "pkcs1", mdByName(c.md), message, sig));
        Bytes sig2;
        ASSERT_EQ(signMultipart(s, CK_MECHANISM{c.mech, nullptr, 0}, rsa, message, sig2), CKR_OK);
        EXPECT_EQ(sig2, sig);  // PKCS #1 v1.5 is deterministic
        Bytes other = message;
        other[0] ^= 1;
        EXPECT_FALSE(verifySignature(rsaPub.get(), "pkcs1", mdByName(c.md), other, sig));
    }
}

TEST_F(Mechanisms, RawRsaPkcsOverADigestInfo) {
    // DigestInfo for SHA-256 as RFC 8017 section 9.2 note 1 writes it.
    Bytes di = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    Bytes hash = digest(EVP_sha256(), message);
    di.insert(di.end(), hash.begin(), hash.end());
    Bytes sig;
    ASSERT_EQ(signOnce(s, CK_MECHANISM{CKM_RSA_PKCS, nullptr, 0}, rsa, di, sig), CKR_OK);
    EXPECT_TRUE(verifySignature(rsaPub.get(), "pkcs1", EVP_sha256(), message, sig));
    Bytes tooLong(256 - 10, 0x42);
    EXPECT_EQ(signOnce(s, CK_MECHANISM{CKM_RSA_PKCS, nullptr, 0}, rsa, tooLong, sig), CKR_DATA_LEN_RANGE);
}

TEST_F(Mechanisms, RsaPssOneShotAndHashAndSign) {
    struct Case {
        CK_MECHANISM_TYPE combined, hash, mgf;
        CK_ULONG salt;
        const char* md;
    };
    for (const Case& c : {Case{CKM_SHA256_RSA_PKCS_PSS, CKM_SHA256, CKG_MGF1_SHA256, 32, "SHA256"},
                          Case{CKM_SHA384_RSA_PKCS_PSS, CKM_SHA384, CKG_MGF1_SHA384, 48, "SHA384"},
                          Case{CKM_SHA512_RSA_PKCS_PSS, CKM_SHA512, CKG_MGF1_SHA512, 64, "SHA512"}}) {
        SCOPED_TRACE(c.md);
        CK_RSA_PKCS_PSS_PARAMS params{c.hash, c.mgf, c.salt};
        Bytes sig;
        // Firefox TLS 1.3: C_SignInit / C_SignUpdate / C_SignFinal with the combined mechanism.
        ASSERT_EQ(signMultipart(s, CK_MECHANISM{c.combined, &params, sizeof params}, rsa, message, sig),
                  CKR_OK);
        EXPECT_TRUE(verifySignature(rsaPub.get(), "pss", mdByName(c.md), message, sig));
        ASSERT_EQ(signOnce(s, CK_MECHANISM{c.combined, &params, sizeof params}, rsa, message, sig), CKR_OK);
        EXPECT_TRUE(verifySignature(rsaPub.get(), "pss", mdByName(c.md), message, sig));
        // TLS 1.2 and the fallback: one-shot CKM_RSA_PKCS_PSS over the hash.
        Bytes hash = digest(mdByName(c.md), message);
        ASSERT_EQ(signOnce(s, CK_MECHANISM{CKM_RSA_PKCS_PSS, &params, sizeof params}, rsa, hash, sig),
                  CKR_OK);
        EXPECT_TRUE(verifySignature(rsaPub.get(), "pss", mdByName(c.md), message, sig));
    }
}

TEST_F(Mechanisms, PssParametersMustMatchTheCard) {
    CK_OBJECT_HANDLE k = rsa;
    auto init = [&](CK_MECHANISM_TYPE m, CK_RSA_PKCS_PSS_PARAMS p) {
        CK_MECHANISM mech{m, &p, sizeof p};
        CK_RV rv = p11->C_SignInit(s, &mech, k);
        if (rv == CKR_OK) {
            Bytes sig;
            finishSign(s, Bytes(32, 1), sig);
        }
        return rv;
    };
    EXPECT_EQ(init(CKM_SHA256_RSA_PKCS_PSS, {CKM_SHA256, CKG_MGF1_SHA256, 20}), CKR_MECHANISM_PARAM_INVALID);
    EXPECT_EQ(init(CKM_SHA256_RSA_PKCS_PSS, {CKM_SHA256, CKG_MGF1_SHA1, 32}), CKR_MECHANISM_PARAM_INVALID);
    EXPECT_EQ(init(CKM_SHA256_RSA_PKCS_PSS, {CKM_SHA384, CKG_MGF1_SHA384, 48}), CKR_MECHANISM_PARAM_INVALID);
    EXPECT_EQ(init(CKM_RSA_PKCS_PSS, {CKM_SHA_1, CKG_MGF1_SHA1, 20}), CKR_MECHANISM_PARAM_INVALID);
    CK_MECHANISM noParams{CKM_SHA256_RSA_PKCS_PSS, nullptr, 0};
    EXPECT_EQ(p11->C_SignInit(s, &noParams, rsa), CKR_MECHANISM_PARAM_INVALID);
    // CKM_RSA_PKCS_PSS takes exactly a hash of the parameter's length.
    CK_RSA_PKCS_PSS_PARAMS p{CKM_SHA256, CKG_MGF1_SHA256, 32};
    Bytes sig;
    EXPECT_EQ(signOnce(s, CK_MECHANISM{CKM_RSA_PKCS_PSS, &p, sizeof p}, rsa, Bytes(20, 1), sig),
              CKR_DATA_LEN_RANGE);
}

TEST_F(Mechanisms, Ecdsa) {
    struct Case {
        CK_MECHANISM_TYPE mech;
        const char* md;
    };
    for (const Case& c : {Case{CKM_ECDSA_SHA256, "SHA256"}, Case{CKM_ECDSA_SHA384, "SHA384"},
                          Case{CKM_ECDSA_SHA512, "SHA512"}}) {
        SCOPED_TRACE(c.md);
        Bytes sig;
        ASSERT_EQ(signOnce(s, CK_MECHANISM{c.mech, nullptr, 0}, ec, message, sig), CKR_OK);
        EXPECT_EQ(sig.size(), 64u);
        EXPECT_TRUE(verifySignature(ecPub.get(), "ecdsa", mdByName(c.md), message, sig));
        ASSERT_EQ(signMultipart(s, CK_MECHANISM{c.mech, nullptr, 0}, ec, message, sig), CKR_OK);
        EXPECT_TRUE(verifySignature(ecPub.get(), "ecdsa", mdByName(c.md), message, sig));
    }
    Bytes sig, hash = digest(EVP_sha256(), message);
    ASSERT_EQ(signOnce(s, CK_MECHANISM{CKM_ECDSA, nullptr, 0}, ec, hash, sig), CKR_OK);
    EXPECT_TRUE(verifySignature(ecPub.get(), "ecdsa", EVP_sha256(), message, sig));
}

TEST_F(Mechanisms, KeyAndMechanismMustAgree) {
    CK_MECHANISM ecdsa{CKM_ECDSA, nullptr, 0};
    EXPECT_EQ(p11->C_SignInit(s, &ecdsa, rsa), CKR_KEY_TYPE_INCONSISTENT);
    CK_MECHANISM pkcs{CKM_SHA256_RSA_PKCS, nullptr, 0};
    EXPECT_EQ(p11->C_SignInit(s, &pkcs, ec), CKR_KEY_TYPE_INCONSISTENT);
    CK_MECHANISM sha{CKM_SHA256, nullptr, 0};
    EXPECT_EQ(p11->C_SignInit(s, &sha, rsa), CKR_MECHANISM_INVALID);
    CK_MECHANISM dec{CKM_RSA_PKCS, nullptr, 0};
    EXPECT_EQ(p11->C_DecryptInit(s, &dec, ec), CKR_KEY_TYPE_INCONSISTENT);
    CK_OBJECT_HANDLE cert = findOne(s, CKO_CERTIFICATE, 0x01);
    EXPECT_EQ(p11->C_SignInit(s, &pkcs, cert), CKR_KEY_TYPE_INCONSISTENT);
}

TEST_F(Mechanisms, DecryptRsaPkcs) {
    const Bytes secret = bytesOf("a session key of 32 bytes long..");
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(rsaPub.get(), nullptr);
    ASSERT_EQ(EVP_PKEY_encrypt_init(ctx), 1);
    ASSERT_EQ(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING), 1);
    std::size_t len = 0;
    ASSERT_EQ(EVP_PKEY_encrypt(ctx, nullptr, &len, secret.data(), secret.size()), 1);
    Bytes cryptogram(len);
    ASSERT_EQ(EVP_PKEY_encrypt(ctx, cryptogram.data(), &len, secret.data(), secret.size()), 1);
    EVP_PKEY_CTX_free(ctx);

    CK_MECHANISM mech{CKM_RSA_PKCS, nullptr, 0};
    ASSERT_EQ(p11->C_DecryptInit(s, &mech, rsa), CKR_OK);
    CK_ULONG outLen = 0;
    ASSERT_EQ(p11->C_Decrypt(s, cryptogram.data(), cryptogram.size(), nullptr, &outLen), CKR_OK);
    EXPECT_GE(outLen, secret.size());
    Bytes tiny(4);
    CK_ULONG tinyLen = tiny.size();
    ASSERT_EQ(p11->C_Decrypt(s, cryptogram.data(), cryptogram.size(), tiny.data(), &tinyLen),
              CKR_BUFFER_TOO_SMALL);
    EXPECT_EQ(tinyLen, secret.size());
    Bytes out(outLen);
    ASSERT_EQ(p11->C_Decrypt(s, cryptogram.data(), cryptogram.size(), out.data(), &outLen), CKR_OK);
    out.resize(outLen);
    EXPECT_EQ(out, secret);
    EXPECT_EQ(p11->C_Decrypt(s, cryptogram.data(), cryptogram.size(), out.data(), &outLen),
              CKR_OPERATION_NOT_INITIALIZED);
}

TEST_F(Mechanisms, AlwaysAuthenticateKeyRefusesHashAndSign) {
    CK_SESSION_HANDLE sig = open(kSignSlot);
    CK_OBJECT_HANDLE key = findOne(sig, CKO_PRIVATE_KEY, 0x02);
    CK_MECHANISM m{CKM_SHA256_RSA_PKCS, nullptr, 0};
    EXPECT_EQ(p11->C_SignInit(sig, &m, key), CKR_MECHANISM_INVALID);
    CK_RSA_PKCS_PSS_PARAMS p{CKM_SHA256, CKG_MGF1_SHA256, 32};
    CK_MECHANISM pss{CKM_SHA256_RSA_PKCS_PSS, &p, sizeof p};
    EXPECT_EQ(p11->C_SignInit(sig, &pss, key), CKR_MECHANISM_INVALID);
    CK_MECHANISM raw{CKM_RSA_PKCS_PSS, &p, sizeof p};
    EXPECT_EQ(p11->C_SignInit(sig, &raw, key), CKR_OK);
}

TEST_F(Mechanisms, AlwaysAuthenticateKeyWithProtectedPathSignsMultiPart) {
    // A backend that obtains the PIN itself (PIN-pad or the module's dialog) can serve Firefox's TLS 1.3
    // path.
    fake->setProtectedPath(kSignPin, true, "123456");
    fake->removeCard(kReader0);
    fake->insertCard(kReader0);
    CK_SESSION_HANDLE sig = open(kSignSlot);
    auto mechs = list(kSignSlot);
    EXPECT_NE(std::find(mechs.begin(), mechs.end(), CKM_SHA256_RSA_PKCS_PSS), mechs.end());
    CK_OBJECT_HANDLE key = findOne(sig, CKO_PRIVATE_KEY, 0x02);
    Pkey pub = publicKeyOfCertificate(attribute(sig, findOne(sig, CKO_CERTIFICATE, 0x02), CKA_VALUE));
    CK_RSA_PKCS_PSS_PARAMS p{CKM_SHA256, CKG_MGF1_SHA256, 32};
    Bytes signature;
    const int before = fake->verifyCount(kSignPin);
    ASSERT_EQ(
        signMultipart(sig, CK_MECHANISM{CKM_SHA256_RSA_PKCS_PSS, &p, sizeof p}, key, message, signature),
        CKR_OK);
    EXPECT_TRUE(verifySignature(pub.get(), "pss", EVP_sha256(), message, signature));
    EXPECT_EQ(fake->verifyCount(kSignPin), before + 1);
}

}  // namespace
}  // namespace ias::p11::test
