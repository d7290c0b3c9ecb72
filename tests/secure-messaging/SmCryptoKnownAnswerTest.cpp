// Known answers for the SM primitives. The expected values come from vectors/make_vectors.py (Debian's
// python3-cryptography, hashlib, openssl CLI cross-check, ISO/IEC 9797-1 Annex B), never from this code.
#include <gtest/gtest.h>

#include "ias/sm/SmCrypto.h"
#include "vectors/SmVectors.h"

namespace ias::sm {
namespace {

using namespace sm_vectors;

Bytes hex(std::string_view s) {
    return fromHex(s);
}
std::string hexOf(ByteView b) {
    return toHex(b);
}

TEST(SmCryptoKnownAnswer, TripleDesCbcEncryptsWithZeroIv) {
    const Bytes key = hex(kTdesKey), plain = hex(kTdesPlain);
    EXPECT_EQ(hexOf(des3CbcEncrypt(key, plain).view()), kTdesCipherZeroIv);
}

TEST(SmCryptoKnownAnswer, TripleDesCbcEncryptsWithGivenIv) {
    const Bytes key = hex(kTdesKey), plain = hex(kTdesPlain), iv = hex(kTdesIv);
    EXPECT_EQ(hexOf(des3CbcEncrypt(key, plain, iv).view()), kTdesCipherWithIv);
}

TEST(SmCryptoKnownAnswer, TripleDesCbcDecryptsBothWays) {
    const Bytes key = hex(kTdesKey), iv = hex(kTdesIv);
    EXPECT_EQ(hexOf(des3CbcDecrypt(key, hex(kTdesCipherZeroIv)).view()), kTdesPlain);
    EXPECT_EQ(hexOf(des3CbcDecrypt(key, hex(kTdesCipherWithIv), iv).view()), kTdesPlain);
}

TEST(SmCryptoKnownAnswer, TripleDesRejectsBadSizes) {
    const Bytes key = hex(kTdesKey);
    EXPECT_THROW(des3CbcEncrypt(key, Bytes(7)), SmCryptoError);
    EXPECT_THROW(des3CbcEncrypt(Bytes(24), Bytes(8)), SmCryptoError);
    EXPECT_THROW(des3CbcDecrypt(key, Bytes(8), Bytes(4)), SmCryptoError);
    EXPECT_EQ(des3CbcEncrypt(key, Bytes{}).size(), 0u);
}

TEST(SmCryptoKnownAnswer, PaddingMethod2) {
    EXPECT_EQ(hexOf(pad(Bytes{}).view()), kPadEmpty);
    EXPECT_EQ(hexOf(pad(hex(kPadIn5)).view()), kPadOut5);
    EXPECT_EQ(hexOf(pad(hex(kPadIn8)).view()), kPadOut8);
}

TEST(SmCryptoKnownAnswer, UnpaddingInvertsPadding) {
    EXPECT_EQ(unpad(hex(kPadEmpty)).size(), 0u);
    EXPECT_EQ(hexOf(unpad(hex(kPadOut5)).view()), kPadIn5);
    EXPECT_EQ(hexOf(unpad(hex(kPadOut8)).view()), kPadIn8);
}

TEST(SmCryptoKnownAnswer, UnpaddingRejectsMalformedPadding) {
    EXPECT_THROW(unpad(Bytes{}), SmCryptoError);
    EXPECT_THROW(unpad(hex("0102030405800000AA")), SmCryptoError);                 // not a multiple of 8
    EXPECT_THROW(unpad(hex("0102030405060708")), SmCryptoError);                   // no 80 marker
    EXPECT_THROW(unpad(hex("0000000000000000")), SmCryptoError);                   // all zero
    EXPECT_THROW(unpad(hex("0102038000000000 0000000000000000")), SmCryptoError);  // no marker in last block
    EXPECT_THROW(unpad(hex("0102030405060780 0000000000000000")), SmCryptoError);  // marker before last block
}

TEST(SmCryptoKnownAnswer, RetailMacOfOneBlock) {
    EXPECT_EQ(hexOf(retailMac(hex(kMacKey), hex(kMacInput1))), kMac1);
}

TEST(SmCryptoKnownAnswer, RetailMacOfFourBlocks) {
    EXPECT_EQ(hexOf(retailMac(hex(kMacKey), hex(kMacInput4))), kMac4);
}

TEST(SmCryptoKnownAnswer, RetailMacMatchesIso9797Example) {
    EXPECT_EQ(hexOf(retailMac(hex(kIsoMacKey), hex(kIsoMacData))), kIsoMac);
}

TEST(SmCryptoKnownAnswer, RetailMacRejectsUnpaddedInput) {
    EXPECT_THROW(retailMac(hex(kMacKey), Bytes(5)), SmCryptoError);
    EXPECT_THROW(retailMac(hex(kMacKey), Bytes{}), SmCryptoError);
    EXPECT_THROW(retailMac(Bytes(8), Bytes(8)), SmCryptoError);
}

TEST(SmCryptoKnownAnswer, SessionKeysWithSha1) {
    const SessionKeys k = deriveSessionKeys(hex(kKdfKIfd), hex(kKdfKIcc), KdfHash::Sha1);
    EXPECT_EQ(hexOf(k.enc.view()), kKdfSha1Enc);
    EXPECT_EQ(hexOf(k.mac.view()), kKdfSha1Mac);
}

TEST(SmCryptoKnownAnswer, SessionKeysWithSha256) {
    const SessionKeys k = deriveSessionKeys(hex(kKdfKIfd), hex(kKdfKIcc), KdfHash::Sha256);
    EXPECT_EQ(hexOf(k.enc.view()), kKdfSha256Enc);
    EXPECT_EQ(hexOf(k.mac.view()), kKdfSha256Mac);
}

TEST(SmCryptoKnownAnswer, SessionKeysRejectShortHalves) {
    EXPECT_THROW(deriveSessionKeys(Bytes(31), Bytes(32), KdfHash::Sha1), SmCryptoError);
    EXPECT_THROW(deriveSessionKeys(Bytes(32), Bytes(16), KdfHash::Sha256), SmCryptoError);
}

TEST(SmCryptoKnownAnswer, MacEqualsComparesWholeMacs) {
    const Bytes a = hex("0102030405060708");
    EXPECT_TRUE(macEquals(a, hex("0102030405060708")));
    EXPECT_FALSE(macEquals(a, hex("0102030405060709")));
    EXPECT_FALSE(macEquals(a, hex("01020304050607")));
    EXPECT_FALSE(macEquals(Bytes{}, Bytes{}));
}

// The terminal's side of the whole MUTUAL AUTHENTICATE, built from the primitives, must give the bytes the
// script computed (this is what OpenSC sends, sm_cwa_initialize).
TEST(SmCryptoKnownAnswer, MutualAuthenticateCommandFromPrimitives) {
    Bytes s = hex(kMaRndIfd);
    append(s, hex(kMaSnIfd));
    append(s, hex(kMaRndIcc));
    append(s, hex(kMaSnIcc));
    append(s, hex(kMaKIfd));
    const SecureBuffer e = des3CbcEncrypt(hex(kMaStaticEnc), s);
    Bytes message(e.view().begin(), e.view().end());
    append(message, retailMac(hex(kMaStaticMac), pad(e.view()).view()));
    EXPECT_EQ(hexOf(message), kMaCommand);
}

TEST(SmCryptoKnownAnswer, MutualAuthenticateSessionKeys) {
    const SessionKeys sha1 = deriveSessionKeys(hex(kMaKIfd), hex(kMaKIcc), KdfHash::Sha1);
    EXPECT_EQ(hexOf(sha1.enc.view()), kMaSha1Enc);
    EXPECT_EQ(hexOf(sha1.mac.view()), kMaSha1Mac);
    const SessionKeys sha256 = deriveSessionKeys(hex(kMaKIfd), hex(kMaKIcc), KdfHash::Sha256);
    EXPECT_EQ(hexOf(sha256.enc.view()), kMaSha256Enc);
    EXPECT_EQ(hexOf(sha256.mac.view()), kMaSha256Mac);
}

}  // namespace
}  // namespace ias::sm
