// GET DATA on SDOs in the form OpenSC sends and parses (iasecc_sdo_get_tagged_data, iasecc_sdo_parse,
// iasecc_se_parse): 70 { BF cc rr { items } } with a DOCP (A0) carrying the ACL in A1{8C}.
#include <openssl/core_names.h>

#include "TestCard.h"
#include "ias/apdu/Tlv.h"

namespace ias::vcard::test {
namespace {

using SdoGetData = CardTest;

std::vector<Tlv> sdoItems(const Bytes& answer, std::uint32_t expectedHeader) {
    const Tlv outer = parseSingleTlv(answer);
    EXPECT_EQ(outer.tag, 0x70u);
    const Tlv header = parseSingleTlv(outer.value);
    EXPECT_EQ(header.tag, expectedHeader);
    return parseTlvList(header.value);
}

Bytes bn(EVP_PKEY* key, const char* name) {
    BIGNUM* v = nullptr;
    EXPECT_EQ(EVP_PKEY_get_bn_param(key, name, &v), 1);
    Bytes out(static_cast<std::size_t>(BN_num_bytes(v)));
    BN_bn2bin(v, out.data());
    BN_free(v);
    return out;
}

TEST_F(SdoGetData, PinSdoHasDocpWithCountersAndLengths) {
    const ResponseApdu r = send("00CB3FFF0B4D097007BF8101037F418000");
    ASSERT_EQ(r.sw().value(), 0x9000);
    const auto items = sdoItems(r.data(), 0xBF8101);
    const auto docp = parseTlvList(findTlv(items, 0xA0)->value);
    EXPECT_EQ(toHex(findTlv(parseTlvList(findTlv(docp, 0xA1)->value), 0x8C)->value), "73000013FF00");
    EXPECT_EQ(toHex(findTlv(docp, 0x9A)->value), "03");
    EXPECT_EQ(toHex(findTlv(docp, 0x9B)->value), "03");
    const auto lengths = parseTlvList(findTlv(items, 0x7F41)->value);
    EXPECT_EQ(toHex(findTlv(lengths, 0x80)->value), "08");
    EXPECT_EQ(toHex(findTlv(lengths, 0x81)->value), "04");
}

TEST_F(SdoGetData, TriesLeftFollowTheCounter) {
    EXPECT_EQ(sw("002000010430303030"), 0x63C2);
    const ResponseApdu r = send("00CB3FFF0A4D087006BF810102A08000");
    const auto docp = parseTlvList(findTlv(sdoItems(r.data(), 0xBF8101), 0xA0)->value);
    EXPECT_EQ(toHex(findTlv(docp, 0x9B)->value), "02");
}

TEST_F(SdoGetData, AbsentSdoIs6A88) {
    EXPECT_EQ(sw("00CB3FFF0B4D097007BF8109037F418000"), 0x6A88);
    EXPECT_EQ(sw("00CB3FFF0B4D097007BF9009037F488000"), 0x6A88);
}

TEST_F(SdoGetData, TagOfAnotherClassIs6A86SoOpenScAsksForDocp) {
    EXPECT_EQ(sw("00CB3FFF0B4D097007BF8101037F498000"), 0x6A86);
}

TEST_F(SdoGetData, TruncatedRequestIs6A80) {
    EXPECT_EQ(sw("00CB3FFF0B4D0A7007BF8101037F418000"), 0x6A80);
    EXPECT_EQ(sw("00CB3FFF024D0100"), 0x6A80);
}

TEST_F(SdoGetData, SecurityEnvironmentAnswersExactlyOne7B) {
    const ResponseApdu r = send("00CB3FFF0A4D087006BFFB01027B8000");
    ASSERT_EQ(r.sw().value(), 0x9000);
    const auto items = sdoItems(r.data(), 0xBFFB01);
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(toHex(items[0].encoded), "7B08A406830101950108");
}

TEST_F(SdoGetData, PrivateKeyDocpGivesModulusBytesNeverTheKey) {
    selectAdf();
    const ResponseApdu r = send("00CB3FFF0B4D097007BF9002037F488000");
    ASSERT_EQ(r.sw().value(), 0x9000);
    const auto items = sdoItems(r.data(), 0xBF9002);
    ASSERT_EQ(items.size(), 1u);
    const auto docp = parseTlvList(findTlv(items, 0xA0)->value);
    EXPECT_EQ(toHex(findTlv(docp, 0x80)->value), "0100");
}

TEST_F(SdoGetData, PublicKeyLongerThan256BytesComesWithGetResponse) {
    selectAdf();
    const ResponseApdu first = send("00CB3FFF0B4D097007BFA001037F498000");
    ASSERT_EQ(first.sw().sw1, 0x61);
    ASSERT_EQ(first.data().size(), 256u);
    const ResponseApdu rest = send(Bytes{0x00, 0xC0, 0x00, 0x00, first.sw().sw2});
    ASSERT_EQ(rest.sw().value(), 0x9000);
    Bytes all = first.data();
    append(all, rest.data());
    const auto pub = parseTlvList(findTlv(sdoItems(all, 0xBFA001), 0x7F49)->value);
    EXPECT_EQ(toHex(findTlv(pub, 0x81)->value), toHex(bn(TestKeys::get().auth, OSSL_PKEY_PARAM_RSA_N)));
    EXPECT_EQ(toHex(findTlv(pub, 0x82)->value), "010001");
}

}  // namespace
}  // namespace ias::vcard::test
