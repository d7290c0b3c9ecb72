// SELECT, READ BINARY and the dispatcher's answers to malformed commands, as OpenSC's iasecc driver meets
// them at init (ias-ecc-card-facts.md §2).
#include "TestCard.h"
#include "ias/apdu/Tlv.h"

namespace ias::vcard::test {
namespace {

using FileSelectionAndReading = CardTest;

TEST_F(FileSelectionAndReading, SelectMfWithoutAnswerData) {
    const ResponseApdu r = send("00A4000C023F00");
    EXPECT_EQ(r.sw().value(), 0x9000);
    EXPECT_TRUE(r.data().empty());
}

TEST_F(FileSelectionAndReading, EfAtrFcpCarriesSizeAndAcl) {
    ASSERT_EQ(sw("00A4000C023F00"), 0x9000);
    const ResponseApdu r = send("00A40904022F0100");
    ASSERT_EQ(r.sw().value(), 0x9000);
    const Tlv fcp = parseSingleTlv(r.data());
    EXPECT_EQ(fcp.tag, 0x62u);
    const auto items = parseTlvList(fcp.value);
    EXPECT_EQ(toHex(findTlv(items, 0x80)->value), "0018");
    EXPECT_EQ(toHex(findTlv(items, 0x83)->value), "2F01");
    EXPECT_EQ(toHex(findTlv(items, 0x88)->value), "E8");  // SFI 1D << 3
    const auto acl = findTlv(parseTlvList(findTlv(items, 0xA1)->value), 0x8C);
    ASSERT_TRUE(acl);
    EXPECT_EQ(toHex(acl->value), "43FFFF00");
}

TEST_F(FileSelectionAndReading, ReadsEfAtrContent) {
    ASSERT_EQ(sw("00A40904022F0100"), 0x9000);
    const ResponseApdu r = send("00B0000018");
    EXPECT_EQ(r.sw().value(), 0x9000);
    EXPECT_EQ(toHex(r.data()), "460401020304E01002020100020201000202010002020100");
}

TEST_F(FileSelectionAndReading, ReadsSerialBySfiWithEndOfFileWarning) {
    const ResponseApdu r = send("00B09C00C0");
    EXPECT_EQ(r.sw().value(), 0x6282);
    EXPECT_EQ(toHex(r.data()), std::string("5A0A") + kSerial);
}

TEST_F(FileSelectionAndReading, SelectsApplicationByAidWithFcp) {
    const ResponseApdu r = send(std::string("00A404040E") + kAdfAid + "00");
    ASSERT_EQ(r.sw().value(), 0x9000);
    const auto items = parseTlvList(parseSingleTlv(r.data()).value);
    EXPECT_EQ(toHex(findTlv(items, 0x84)->value), kAdfAid);
    EXPECT_EQ(toHex(findTlv(items, 0x82)->value), "38");
}

TEST_F(FileSelectionAndReading, SelectsByPathFromMfAndFromCurrentDf) {
    EXPECT_EQ(sw("00A4080C0450005031"), 0x9000);
    EXPECT_EQ(sw("00B0000009"), 0x9000);
    selectAdf();
    EXPECT_EQ(sw("00A4090C025031"), 0x9000);
    EXPECT_EQ(sw("00A4020C025031"), 0x9000);
    EXPECT_EQ(sw("00A4030C"), 0x9000);  // parent of the ADF
}

TEST_F(FileSelectionAndReading, UnwrittenBytesOfASizedFileReadAsZero) {
    ASSERT_EQ(sw("00A4080C0450005031"), 0x9000);
    const ResponseApdu r = send("00B0000000");
    EXPECT_EQ(r.data().size(), 40u);
    EXPECT_EQ(r.data().back(), 0x00);
}

TEST_F(FileSelectionAndReading, MissingFileIs6A82) {
    EXPECT_EQ(sw("00A4000C024242"), 0x6A82);
    EXPECT_EQ(sw("00A404040AA0000000000000000000"), 0x6A82);
}

TEST_F(FileSelectionAndReading, OffsetPastTheEndIs6B00) {
    ASSERT_EQ(sw("00A40904022F01"), 0x9000);
    EXPECT_EQ(sw("00B0001801"), 0x6B00);
    EXPECT_EQ(sw("00B07F0001"), 0x6B00);
}

TEST_F(FileSelectionAndReading, ReadWithoutCurrentEfIs6986) {
    EXPECT_EQ(sw("00B0000010"), 0x6986);
}

TEST_F(FileSelectionAndReading, MalformedCommandsGetTheirStatusWords) {
    EXPECT_EQ(sw("00A4000C033F00"), 0x6700);  // Lc larger than the data
    EXPECT_EQ(sw("00A4"), 0x6700);            // shorter than a header
    EXPECT_EQ(sw("00FE000000"), 0x6D00);      // unknown INS
    EXPECT_EQ(sw("A0A4000C023F00"), 0x6E00);  // unknown CLA
    EXPECT_EQ(sw("01A4000C023F00"), 0x6881);  // logical channel
    EXPECT_EQ(sw("00A4000C013F"), 0x6700);    // FID of one byte
    EXPECT_EQ(sw("00A4050C023F00"), 0x6A86);  // unknown P1
    EXPECT_EQ(sw("0CA4000C023F00"), 0x6882);  // SM without a session
}

TEST_F(FileSelectionAndReading, ShortLeReadsPartAndGetResponseWithoutPendingDataIs6985) {
    ASSERT_EQ(sw("00A4080C0450005031"), 0x9000);
    const ResponseApdu first = send("00B0000010");
    EXPECT_EQ(first.data().size(), 16u);
    EXPECT_EQ(sw("00C0000010"), 0x6985);  // nothing pending
}

}  // namespace
}  // namespace ias::vcard::test
