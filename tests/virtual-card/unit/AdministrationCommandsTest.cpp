// GENERATE ASYMMETRIC KEY PAIR, PUT DATA on SDOs, CREATE FILE / UPDATE BINARY / DELETE FILE, and their
// persistence.
#include "TestCard.h"
#include "ias/apdu/Tlv.h"

namespace ias::vcard::test {
namespace {

using AdministrationCommands = CardTest;

Bytes modulusOf(const Bytes& getDataAnswer) {
    const Tlv header = parseSingleTlv(parseSingleTlv(getDataAnswer).value);
    const auto pub = findTlv(parseTlvList(header.value), 0x7F49);
    return Bytes(findTlv(parseTlvList(pub->value), 0x81)->value.begin(),
                 findTlv(parseTlvList(pub->value), 0x81)->value.end());
}

TEST_F(AdministrationCommands, GenerateNeedsItsRuleThenMakesAKey) {
    selectAdf();
    EXPECT_EQ(sw("00CB3FFF0B4D097007BF9003037F488000"), 0x9000);
    EXPECT_EQ(sw("00470000057003BF900300"), 0x6982);
    verify(0x01, "1234");
    const ResponseApdu r = send("00470000057003BF900300");
    ASSERT_EQ(r.sw().value(), 0x9000);
    const auto pub = parseTlvList(parseSingleTlv(r.data()).value);
    ASSERT_TRUE(findTlv(pub, 0x81));
    EXPECT_EQ(findTlv(pub, 0x81)->value.size(), 128u);
    const ResponseApdu read = send("00CB3FFF0B4D097007BFA003037F498000");
    ASSERT_EQ(read.sw().value(), 0x9000);
    const Bytes modulus = modulusOf(read.data());
    EXPECT_EQ(toHex(modulus), toHex(findTlv(pub, 0x81)->value));

    reopen();
    selectAdf();
    EXPECT_EQ(toHex(modulusOf(send("00CB3FFF0B4D097007BFA003037F498000").data())), toHex(modulus));
}

TEST_F(AdministrationCommands, GenerateOfAbsentKeyIs6A88) {
    selectAdf();
    EXPECT_EQ(sw("00470000057003BF900900"), 0x6A88);
    EXPECT_EQ(sw("00470000037003BF"), 0x6A80);
}

TEST_F(AdministrationCommands, PutDataCreatesAPinSdoAndSetsItsValue) {
    selectAdf();
    const std::string create = "00DB3FFF157013BF81050FA00DA1088C06730000FF00009A0103";
    ASSERT_EQ(sw(create), 0x9000);
    EXPECT_EQ(sw(create), 0x6A89);
    ASSERT_EQ(sw("00DB3FFF157013BF81050F7F410C82043132333480010881010"
                 "4"),
              0x9000);
    verify(0x85, "1234");
    reopen();
    selectAdf();
    EXPECT_EQ(sw("00200085"), 0x63C3);
    verify(0x85, "1234");
    EXPECT_EQ(sw("00DB3FFF067004BF810500"), 0x9000);  // delete
    EXPECT_EQ(sw("00200085"), 0x6A88);
}

TEST_F(AdministrationCommands, PutDataOfMalformedSdoIs6A80) {
    selectAdf();
    EXPECT_EQ(sw("00DB3FFF067004BF810505"), 0x6A80);
    EXPECT_EQ(sw("00DB3FFF087006BF810502A000"), 0x6A80);  // DOCP without ACL
}

TEST_F(AdministrationCommands, CreateUpdateReadDeleteFile) {
    selectAdf();
    // 62 { 80 0010, 82 01, 83 B001, A1 { 8C 43 00 00 00 } }
    ASSERT_EQ(sw("00E0000015621380020010820101830 2B001A1068C0443000000"), 0x9000);
    EXPECT_EQ(sw("00E0000015621380020010820101830 2B001A1068C0443000000"), 0x6A89);
    ASSERT_EQ(sw("00A4020C02B001"), 0x9000);
    ASSERT_EQ(sw("00D6000203112233"), 0x9000);
    EXPECT_EQ(sw("00D6000F03112233"), 0x6A84);  // past the end of the file
    EXPECT_EQ(sw("00D6001103112233"), 0x6B00);
    reopen();
    selectAdf();
    ASSERT_EQ(sw("00A4020C02B001"), 0x9000);
    EXPECT_EQ(toHex(send("00B0000005").data()), "0000112233");
    ASSERT_EQ(sw("00E40000"), 0x9000);
    EXPECT_EQ(sw("00A4020C02B001"), 0x6A82);
}

TEST_F(AdministrationCommands, CreateFileWithoutAclIsRefused) {
    selectAdf();
    EXPECT_EQ(sw("00E000000D620B8002001082010183 02B002"), 0x6A80);
}

TEST_F(AdministrationCommands, DeleteNeedsItsRule) {
    ASSERT_EQ(sw("00A4080C0450005031"), 0x9000);
    EXPECT_EQ(sw("00E40000"), 0x6982);
}

}  // namespace
}  // namespace ias::vcard::test
