// Signatures and deciphering through ias::api::Card, each checked by OpenSSL against the certificate read
// from the card: authentication (INTERNAL AUTHENTICATE with a DigestInfo), qualified signature (PSO HASH
// with the host's intermediate SHA state + PSO CDS, and the finished-digest form) that needs the signature
// PIN every time, RSA-PSS and ECDSA on the extended profile, and PKCS#1 deciphering.
#include <openssl/rsa.h>

#include "CardFixture.h"

namespace ias::api::test {
namespace {

class CardSignatures : public CardTest {};

Bytes message(std::size_t n) {
    Bytes m(n);
    for (std::size_t i = 0; i < n; ++i) m[i] = static_cast<std::uint8_t>(i * 7 + 3);
    return m;
}

Bytes digestInfoSha256(ByteView data) {
    Bytes di = fromHex("3031300D060960864801650304020105000420");
    append(di, view(sha("SHA256", data)));
    return di;
}

TEST_F(CardSignatures, AuthenticationSignatureVerifiesWithTheCertificate) {
    auto card = openCard();
    const Bytes data = message(100);
    const SecureBuffer pin = secret("1234");
    const Bytes sig = card->sign(kAuthKey, SignMechanism::RsaPkcs1, digestInfoSha256(data), &pin);
    ASSERT_EQ(sig.size(), 256u);
    const Pkey key = publicKeyOf(card->certificate(kAuthKey));
    EXPECT_TRUE(opensslVerifies(key.get(), "SHA256", data, sig));
    EXPECT_FALSE(opensslVerifies(key.get(), "SHA256", message(99), sig));
    // The authentication key keeps its PIN verified: a second signature needs no PIN.
    const Bytes again = card->sign(kAuthKey, SignMechanism::RsaPkcs1, digestInfoSha256(data));
    EXPECT_TRUE(opensslVerifies(key.get(), "SHA256", data, again));
}

TEST_F(CardSignatures, WithoutThePinTheCardRefusesTyped) {
    auto card = openCard();
    try {
        card->sign(kAuthKey, SignMechanism::RsaPkcs1, digestInfoSha256(message(10)));
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::PinRequired);
    }
}

TEST_F(CardSignatures, QualifiedSignatureWithOnCardHashCompletion) {
    auto card = openCard();
    const Pkey key = publicKeyOf(card->certificate(kSignKey));
    const SecureBuffer pin = secret("123456");
    // Shorter than a block, exactly blocks, and blocks plus a rest.
    for (std::size_t n : {0u, 10u, 64u, 128u, 1000u, 4133u}) {
        const Bytes data = message(n);
        const Bytes sig = card->sign(kSignKey, SignMechanism::RsaPkcs1Sha256, data, &pin);
        EXPECT_TRUE(opensslVerifies(key.get(), "SHA256", data, sig)) << n;
        const Bytes sig1 = card->sign(kSignKey, SignMechanism::RsaPkcs1Sha1, data, &pin);
        EXPECT_TRUE(opensslVerifies(key.get(), "SHA1", data, sig1)) << n;
    }
}

TEST_F(CardSignatures, QualifiedSignatureOfAFinishedDigest) {
    auto card = openCard();
    const Pkey key = publicKeyOf(card->certificate(kSignKey));
    const SecureBuffer pin = secret("123456");
    const Bytes data = message(777);
    const Bytes sig = card->sign(kSignKey, SignMechanism::RsaPkcs1Sha256Digest, sha("SHA256", data), &pin);
    EXPECT_TRUE(opensslVerifies(key.get(), "SHA256", data, sig));
    try {
        card->sign(kSignKey, SignMechanism::RsaPkcs1Sha256Digest, sha("SHA1", data), &pin);
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::InvalidInput);
    }
}

TEST_F(CardSignatures, QualifiedSignatureNeedsTheSignaturePinEveryTime) {
    auto card = openCard();
    card->verifyPin(kSignPin, secret("123456"));
    const Bytes data = message(50);
    const Bytes first = card->sign(kSignKey, SignMechanism::RsaPkcs1Sha256, data);
    EXPECT_TRUE(opensslVerifies(publicKeyOf(card->certificate(kSignKey)).get(), "SHA256", data, first));
    try {
        card->sign(kSignKey, SignMechanism::RsaPkcs1Sha256, data);
        FAIL() << "a second signature without the PIN";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::PinRequired);
        EXPECT_NE(std::string(e.what()).find("every signature"), std::string::npos);
    }
    EXPECT_FALSE(card->pinStatus(kSignPin).verified);
    // With the PIN handed to sign(), VERIFY and the signature share one card transaction, every time.
    const SecureBuffer pin = secret("123456");
    for (int i = 0; i < 3; ++i) card->sign(kSignKey, SignMechanism::RsaPkcs1Sha256, data, &pin);
}

TEST_F(CardSignatures, UnsupportedMechanismIsRefusedBeforeTheCard) {
    auto card = openCard();
    card->application();
    transport_->resetCounters();
    try {
        card->sign(kAuthKey, SignMechanism::RsaPssSha256, sha("SHA256", message(3)));
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::NotSupported);
    }
    EXPECT_THROW(card->decipher(kSignKey, message(256)), ApiError);
    EXPECT_EQ(transport_->apdus, 0u);
}

TEST_F(CardSignatures, DeciphersAnOpensslCryptogram) {
    auto card = openCard();
    const Pkey key = publicKeyOf(card->certificate(kAuthKey));
    const std::string secretText = "the session key 0123456789abcdef";
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key.get(), nullptr);
    ASSERT_EQ(EVP_PKEY_encrypt_init(ctx), 1);
    ASSERT_EQ(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING), 1);
    Bytes cryptogram(512);
    std::size_t n = cryptogram.size();
    ASSERT_EQ(EVP_PKEY_encrypt(ctx, cryptogram.data(), &n,
                               reinterpret_cast<const unsigned char*>(secretText.data()), secretText.size()),
              1);
    EVP_PKEY_CTX_free(ctx);
    cryptogram.resize(n);
    const SecureBuffer pin = secret("1234");
    const SecureBuffer plain = card->decipher(kAuthKey, cryptogram, &pin);
    EXPECT_EQ(std::string(plain.view().begin(), plain.view().end()), secretText);
    cryptogram[100] ^= 0x40;
    EXPECT_THROW(card->decipher(kAuthKey, cryptogram), CardError);
}

class ExtendedCardSignatures : public CardTest {
protected:
    std::string profile() const override { return "extended"; }
};

TEST_F(ExtendedCardSignatures, RsaPssWithBothKeys) {
    auto card = openCard();
    const SecureBuffer authPin = secret("1234"), signPin = secret("123456");
    const Bytes data = message(321);
    struct Case {
        SignMechanism m;
        const char* digest;
    };
    for (const Case c :
         {Case{SignMechanism::RsaPssSha256, "SHA256"}, Case{SignMechanism::RsaPssSha384, "SHA384"},
          Case{SignMechanism::RsaPssSha512, "SHA512"}}) {
        const Bytes a = card->sign(kAuthKey, c.m, sha(c.digest, data), &authPin);
        EXPECT_TRUE(opensslVerifies(publicKeyOf(card->certificate(kAuthKey)).get(), c.digest, data, a, true))
            << c.digest;
        const Bytes s = card->sign(kSignKey, c.m, sha(c.digest, data), &signPin);
        EXPECT_TRUE(opensslVerifies(publicKeyOf(card->certificate(kSignKey)).get(), c.digest, data, s, true))
            << c.digest;
    }
}

TEST_F(ExtendedCardSignatures, EcdsaVerifiesWithTheEcCertificate) {
    auto card = openCard();
    const SecureBuffer pin = secret("1234");
    const Bytes data = message(99);
    const Bytes rs = card->sign(kEcKey, SignMechanism::Ecdsa, sha("SHA256", data), &pin);
    ASSERT_EQ(rs.size(), 64u);
    const Bytes derSig = ecdsaDer(rs);
    EXPECT_TRUE(opensslVerifies(publicKeyOf(card->certificate(kEcKey)).get(), "SHA256", data, derSig));
}

}  // namespace
}  // namespace ias::api::test
