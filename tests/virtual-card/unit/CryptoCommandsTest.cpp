// MSE + INTERNAL AUTHENTICATE / PSO HASH + PSO CDS / PSO DECIPHER, and the extension references, with every
// result checked by OpenSSL against the public key.
#define OPENSSL_SUPPRESS_DEPRECATED  // SHA256_Init/Update to get the intermediate state the host would send
#include <openssl/ecdsa.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "TestCard.h"

namespace ias::vcard::test {
namespace {

using CryptoCommands = CardTest;

Bytes sha(const EVP_MD* md, ByteView data) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr);
    out.resize(len);
    return out;
}

// The raw RSA verification OpenSSL does for PKCS#1 v1.5 without a digest: recovers the DigestInfo.
Bytes recoverPkcs1(EVP_PKEY* key, ByteView sig) {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
    EXPECT_EQ(EVP_PKEY_verify_recover_init(ctx), 1);
    EXPECT_EQ(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING), 1);
    Bytes out(512);
    std::size_t len = out.size();
    EXPECT_EQ(EVP_PKEY_verify_recover(ctx, out.data(), &len, sig.data(), sig.size()), 1);
    EVP_PKEY_CTX_free(ctx);
    out.resize(len);
    return out;
}

bool verifyMessage(EVP_PKEY* key, const EVP_MD* md, ByteView message, ByteView sig) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, key);
    const bool ok = EVP_DigestVerify(ctx, sig.data(), sig.size(), message.data(), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

Bytes apdu(const std::string& header, ByteView data, std::optional<std::uint8_t> le = 0x00) {
    Bytes out = fromHex(header);
    out.push_back(static_cast<std::uint8_t>(data.size()));
    append(out, data);
    if (le) out.push_back(*le);
    return out;
}

const Bytes kSha256Prefix = fromHex("3031300D060960864801650304020105000420");

TEST_F(CryptoCommands, InternalAuthenticateNeedsThePin) {
    selectAdf();
    ASSERT_EQ(sw("002241A406840181800102"), 0x9000);
    Bytes di = kSha256Prefix;
    append(di, sha(EVP_sha256(), fromHex("41")));
    EXPECT_EQ(send(apdu("00880000", di)).sw().value(), 0x6982);
}

TEST_F(CryptoCommands, InternalAuthenticateSignsTheDigestInfoWithType1Padding) {
    verify(0x01, "1234");
    selectAdf();
    ASSERT_EQ(sw("002241A406840181800102"), 0x9000);
    const Bytes message = fromHex("48656C6C6F");
    Bytes di = kSha256Prefix;
    append(di, sha(EVP_sha256(), message));
    const ResponseApdu r = send(apdu("00880000", di));
    ASSERT_EQ(r.sw().value(), 0x9000);
    ASSERT_EQ(r.data().size(), 256u);
    EXPECT_EQ(toHex(recoverPkcs1(TestKeys::get().auth, r.data())), toHex(di));
    EXPECT_TRUE(verifyMessage(TestKeys::get().auth, EVP_sha256(), message, r.data()));
    // the authentication key keeps its PIN: a second signature works
    EXPECT_EQ(send(apdu("00880000", di)).sw().value(), 0x9000);
}

TEST_F(CryptoCommands, MseRefusesAbsentKeyAndUnacceptedAlgorithm) {
    selectAdf();
    EXPECT_EQ(sw("002241A406840189800102"), 0x6A88);
    EXPECT_EQ(sw("002241B606840181800142"), 0x6A80);  // key 1 accepts 02, 1A, 35 only
    EXPECT_EQ(sw("002241A406840181800199"), 0x6A80);
    EXPECT_EQ(sw("002241A4048401818001"), 0x6A80);  // truncated TLV
    EXPECT_EQ(sw("00880000022020"), 0x6985);        // no MSE before
}

TEST_F(CryptoCommands, OnCardHashCompletionThenSignatureNeedsPinEachTime) {
    Bytes message(100);
    for (std::size_t i = 0; i < message.size(); ++i) message[i] = static_cast<std::uint8_t>(i);
    // What the host sends: the SHA-256 state after the first whole block, its bit count, then the rest.
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, message.data(), 64);
    Bytes state;
    for (int i = 0; i < 8; ++i)
        for (int b = 3; b >= 0; --b) state.push_back(static_cast<std::uint8_t>(c.h[i] >> (8 * b)));
    const Bytes count = fromHex("0000000000000200");  // 512 bits
    Bytes hashData{0x90, 0x28};
    append(hashData, state);
    append(hashData, count);
    hashData.push_back(0x80);
    hashData.push_back(36);
    hashData.insert(hashData.end(), message.begin() + 64, message.end());

    selectAdf();
    verify(0x83, "5555");
    ASSERT_EQ(sw("002241AA03800140"), 0x9000);
    ASSERT_EQ(sw("002241B606840182800142"), 0x9000);
    ASSERT_EQ(send(apdu("002A90A0", hashData, std::nullopt)).sw().value(), 0x9000);
    const ResponseApdu r = send("002A9E9A00");
    ASSERT_EQ(r.sw().value(), 0x9000);
    EXPECT_TRUE(verifyMessage(TestKeys::get().sign, EVP_sha256(), message, r.data()));

    // the qualified signature consumed the PIN verification
    EXPECT_EQ(sw("00200083"), 0x63C3);
    ASSERT_EQ(send(apdu("002A90A0", hashData, std::nullopt)).sw().value(), 0x9000);
    EXPECT_EQ(sw("002A9E9A00"), 0x6982);
}

TEST_F(CryptoCommands, FinishedDigestFormAndShortMessage) {
    selectAdf();
    verify(0x83, "5555");
    ASSERT_EQ(sw("002241B606840182800112"), 0x9000);
    const Bytes message = fromHex("616263");
    Bytes hashData{0x90, 0x00, 0x80, 0x03};
    append(hashData, message);
    ASSERT_EQ(send(apdu("002A90A0", hashData, std::nullopt)).sw().value(), 0x9000);
    ResponseApdu r = send("002A9E9A00");
    ASSERT_EQ(r.sw().value(), 0x9000);
    EXPECT_TRUE(verifyMessage(TestKeys::get().sign, EVP_sha1(), message, r.data()));

    verify(0x83, "5555");
    ASSERT_EQ(sw("002241B606840182800142"), 0x9000);
    Bytes digestData{0x90, 0x20};
    append(digestData, sha(EVP_sha256(), message));
    ASSERT_EQ(send(apdu("002A90A0", digestData, std::nullopt)).sw().value(), 0x9000);
    r = send("002A9E9A00");
    ASSERT_EQ(r.sw().value(), 0x9000);
    EXPECT_TRUE(verifyMessage(TestKeys::get().sign, EVP_sha256(), message, r.data()));
}

TEST_F(CryptoCommands, SignatureWithoutHashIsRefused) {
    selectAdf();
    verify(0x83, "5555");
    ASSERT_EQ(sw("002241B606840182800142"), 0x9000);
    EXPECT_EQ(sw("002A9E9A00"), 0x6985);
    EXPECT_EQ(send(apdu("002A90A0", fromHex("9028000102"), std::nullopt)).sw().value(), 0x6A80);
}

TEST_F(CryptoCommands, DecipherWithChainingReturnsThePlaintext) {
    const Bytes secret = fromHex("00112233445566778899AABBCCDDEEFF");
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(TestKeys::get().auth, nullptr);
    ASSERT_EQ(EVP_PKEY_encrypt_init(ctx), 1);
    ASSERT_EQ(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING), 1);
    Bytes cryptogram(256);
    std::size_t len = cryptogram.size();
    ASSERT_EQ(EVP_PKEY_encrypt(ctx, cryptogram.data(), &len, secret.data(), secret.size()), 1);
    EVP_PKEY_CTX_free(ctx);

    verify(0x01, "1234");
    selectAdf();
    ASSERT_EQ(sw("002241B80684018180011A"), 0x9000);
    Bytes data{0x81};
    append(data, cryptogram);
    // CLA 10 for the first 255 bytes, as OpenSC's chaining does
    ASSERT_EQ(send(apdu("102A8086", ByteView(data).first(255), std::nullopt)).sw().value(), 0x9000);
    const ResponseApdu r = send(apdu("002A8086", ByteView(data).subspan(255)));
    ASSERT_EQ(r.sw().value(), 0x9000);
    EXPECT_EQ(toHex(r.data()), toHex(secret));
}

TEST_F(CryptoCommands, DecipherOfGarbageIs6A80) {
    verify(0x01, "1234");
    selectAdf();
    ASSERT_EQ(sw("002241B80684018180011A"), 0x9000);
    Bytes data{0x81};
    data.resize(257, 0x42);
    ASSERT_EQ(send(apdu("102A8086", ByteView(data).first(200), std::nullopt)).sw().value(), 0x9000);
    EXPECT_EQ(send(apdu("002A8086", ByteView(data).subspan(200))).sw().value(), 0x6A80);
}

TEST_F(CryptoCommands, RsaPssExtensionVerifies) {
    verify(0x01, "1234");
    selectAdf();
    ASSERT_EQ(sw("002241A406840181800135"), 0x9000);
    const Bytes message = fromHex("5053532074657374");
    const ResponseApdu r = send(apdu("00880000", sha(EVP_sha256(), message)));
    ASSERT_EQ(r.sw().value(), 0x9000);
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    ASSERT_EQ(EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), nullptr, TestKeys::get().auth), 1);
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32);
    EXPECT_EQ(EVP_DigestVerify(md, r.data().data(), r.data().size(), message.data(), message.size()), 1);
    EVP_MD_CTX_free(md);
    EXPECT_EQ(send(apdu("00880000", fromHex("0102"))).sw().value(), 0x6A80);  // not a SHA-256 hash
}

TEST_F(CryptoCommands, EcdsaExtensionAnswersRConcatS) {
    verify(0x01, "1234");
    selectAdf();
    ASSERT_EQ(sw("002241A406840184800170"), 0x9000);
    const Bytes message = fromHex("4543");
    const ResponseApdu r = send(apdu("00880000", sha(EVP_sha256(), message)));
    ASSERT_EQ(r.sw().value(), 0x9000);
    ASSERT_EQ(r.data().size(), 64u);
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(r.data().data(), 32, nullptr),
                   BN_bin2bn(r.data().data() + 32, 32, nullptr));
    unsigned char* der = nullptr;
    const int derLen = i2d_ECDSA_SIG(sig, &der);
    EXPECT_TRUE(verifyMessage(TestKeys::get().ec, EVP_sha256(), message,
                              ByteView(der, static_cast<std::size_t>(derLen))));
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
}

}  // namespace
}  // namespace ias::vcard::test
