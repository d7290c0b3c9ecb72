// PKCS#1 v1.5 signatures over any input up to k - 11 bytes, as a real IAS-ECC card makes them for OpenSC
// (ias-ecc-card-facts.md §5: the card applies type-1 padding to what INTERNAL AUTHENTICATE, or PSO CDS with
// algorithm 02, carries): 245 bytes with a 2048-bit key sign (OpenSSL recovers the input), 246 are refused
// with 6A80. The module's CKM_RSA_PKCS relies on it (docs/pkcs11.md, "Conformance").
#include <openssl/rsa.h>

#include "TestCard.h"

namespace ias::vcard::test {
namespace {

using RsaPkcs1InputLength = CardTest;

Bytes recovered(EVP_PKEY* key, ByteView sig) {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
    Bytes out(512);
    std::size_t len = out.size();
    const bool ok = ctx != nullptr && EVP_PKEY_verify_recover_init(ctx) == 1 &&
                    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
                    EVP_PKEY_verify_recover(ctx, out.data(), &len, sig.data(), sig.size()) == 1;
    EVP_PKEY_CTX_free(ctx);
    out.resize(ok ? len : 0);
    return out;
}

// A short APDU: header, Lc, data, Le 00 (256).
Bytes command(const std::string& header, ByteView data) {
    Bytes out = fromHex(header);
    out.push_back(static_cast<std::uint8_t>(data.size()));
    append(out, data);
    out.push_back(0x00);
    return out;
}

Bytes input(std::size_t length) {
    Bytes b(length);
    for (std::size_t i = 0; i < length; ++i) b[i] = static_cast<std::uint8_t>(0xA5 ^ i);
    return b;
}

TEST_F(RsaPkcs1InputLength, InternalAuthenticateSignsUpToKMinus11Bytes) {
    verify(0x01, "1234");
    selectAdf();
    ASSERT_EQ(sw("002241A406840181800102"), 0x9000);
    for (std::size_t n : {129u, 200u, 245u}) {
        const ResponseApdu r = send(command("00880000", input(n)));
        ASSERT_EQ(r.sw().value(), 0x9000) << n << " bytes";
        EXPECT_EQ(toHex(recovered(TestKeys::get().auth, r.data())), toHex(input(n))) << n << " bytes";
    }
    EXPECT_EQ(send(command("00880000", input(246))).sw().value(), 0x6A80);
}

TEST_F(RsaPkcs1InputLength, PsoCdsWithTheDataSignsUpToKMinus11Bytes) {
    selectAdf();
    verify(0x83, "5555");  // PSO CDS spends the signature PIN's verification
    ASSERT_EQ(sw("002241B606840182800102"), 0x9000);
    const ResponseApdu r = send(command("002A9E9A", input(245)));
    ASSERT_EQ(r.sw().value(), 0x9000);
    EXPECT_EQ(toHex(recovered(TestKeys::get().sign, r.data())), toHex(input(245)));
    verify(0x83, "5555");
    ASSERT_EQ(sw("002241B606840182800102"), 0x9000);
    EXPECT_EQ(send(command("002A9E9A", input(246))).sw().value(), 0x6A80);
}

}  // namespace
}  // namespace ias::vcard::test
