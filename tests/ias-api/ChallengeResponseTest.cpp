// Challenge-response (docs/challenge-response.md): the signed message byte for byte (known answer made
// with Python's struct module), what it refuses, and the card's authentication key signing it, checked
// by OpenSSL with the certificate read from the card over the known-answer bytes.
#include <string>

#include "CardFixture.h"
#include "ias/api/ChallengeResponse.h"

namespace ias::api::test {
namespace {

// python3: b"".join(struct.pack(">I", len(p)) + p for p in (b"IAS-ECC challenge-response v1",
//          "café".encode(), bytes(range(16))))
const char* const kKnownMessage =
    "0000001D4941532D454343206368616C6C656E67652D726573706F6E736520763100000005636166C3A900000010000102030405"
    "060708090A0B0C0D0E0F";
const std::string kContext = "caf\xC3\xA9";

Bytes challenge16() {
    Bytes c(16);
    for (std::size_t i = 0; i < c.size(); ++i) c[i] = static_cast<std::uint8_t>(i);
    return c;
}

ApiErrorKind kindOf(std::string_view context, ByteView challenge) {
    try {
        challengeMessage(context, challenge);
    } catch (const ApiError& e) {
        return e.kind();
    }
    return ApiErrorKind::Configuration;  // "nothing thrown": no kind the function uses
}

TEST(ChallengeMessage, IsTheDocumentedLengthPrefixedBytes) {
    EXPECT_EQ(toHex(challengeMessage(kContext, challenge16())), kKnownMessage);
}

TEST(ChallengeMessage, RefusesShortOrLongChallengesAndBadContexts) {
    EXPECT_EQ(kindOf("ctx", Bytes(15)), ApiErrorKind::InvalidInput);
    EXPECT_EQ(kindOf("ctx", Bytes(1025)), ApiErrorKind::InvalidInput);
    EXPECT_EQ(kindOf("", Bytes(16)), ApiErrorKind::InvalidInput);
    EXPECT_EQ(kindOf(std::string(1025, 'a'), Bytes(16)), ApiErrorKind::InvalidInput);
    // Overlong NUL, a surrogate, a truncated sequence, above U+10FFFF, bytes UTF-8 never uses.
    for (const std::string bad :
         {"\xC0\x80", "\xED\xA0\x80", "a\xE2\x82", "\xF5\x80\x80\x80", "\xFF", "\x80"})
        EXPECT_EQ(kindOf(bad, Bytes(16)), ApiErrorKind::InvalidInput)
            << toHex(view(Bytes(bad.begin(), bad.end())));
    EXPECT_EQ(challengeMessage("\xF0\x9F\x94\x91", Bytes(1024)).size(), 4u + 29 + 4 + 4 + 4 + 1024);
    EXPECT_EQ(challengeMessage(std::string(1024, 'a'), Bytes(16)).size(), 4u + 29 + 4 + 1024 + 4 + 16);
}

class ChallengeResponse : public CardTest {};

TEST_F(ChallengeResponse, TheAuthenticationKeySignsTheMessage) {
    auto card = openCard();
    EXPECT_EQ(card->authenticationKey().id, kAuthKey);
    const SecureBuffer pin = secret("1234");
    const ChallengeSignature s = card->authenticate(kAuthKey, kContext, challenge16(), &pin);
    EXPECT_EQ(s.keyId, kAuthKey);
    EXPECT_EQ(s.mechanism, SignMechanism::RsaPkcs1);
    const Pkey key = publicKeyOf(card->certificate(kAuthKey));
    EXPECT_TRUE(opensslVerifies(key.get(), "SHA256", fromHex(kKnownMessage), s.signature));
    Bytes other = fromHex(kKnownMessage);
    other[40] ^= 0x01;  // one bit of the context
    EXPECT_FALSE(opensslVerifies(key.get(), "SHA256", other, s.signature));
}

TEST_F(ChallengeResponse, TheQualifiedKeyAndShortChallengesAreRefusedBeforeTheCard) {
    auto card = openCard();
    card->application();
    const auto before = transport_->apdus;
    const SecureBuffer pin = secret("123456");
    try {
        card->authenticate(kSignKey, kContext, challenge16(), &pin);
        ADD_FAILURE() << "the qualified signature key signed a challenge";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::NotSupported);
    }
    EXPECT_THROW(card->authenticate(kAuthKey, kContext, Bytes(15), &pin), ApiError);
    EXPECT_EQ(transport_->apdus, before);
}

class ExtendedChallengeResponse : public CardTest {
protected:
    std::string profile() const override { return "extended"; }
};

TEST_F(ExtendedChallengeResponse, AnEcKeySignsWithEcdsa) {
    auto card = openCard();
    const SecureBuffer pin = secret("1234");
    const ChallengeSignature s = card->authenticate(kEcKey, kContext, challenge16(), &pin);
    ASSERT_EQ(s.mechanism, SignMechanism::Ecdsa);
    ASSERT_EQ(s.signature.size(), 64u);
    const Bytes der = ecdsaDer(s.signature);
    EXPECT_TRUE(
        opensslVerifies(publicKeyOf(card->certificate(kEcKey)).get(), "SHA256", fromHex(kKnownMessage), der));
}

}  // namespace
}  // namespace ias::api::test
