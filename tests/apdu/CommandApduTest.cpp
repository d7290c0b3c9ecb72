// Command APDU encoding and parsing for every ISO 7816-4 case, against vectors made by
// vectors/make_vectors.py from the standard's rules, and the malformed forms a card must refuse.
#include <gtest/gtest.h>

#include "TestPattern.h"
#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"
#include "vectors/Vectors.inc"

namespace ias {
namespace {

using test::hexOf;
using test::pattern;

Bytes expectedEncoding(const ApduVector& v) {
    Bytes out = fromHex(v.prefix);
    append(out, view(pattern(v.dataLength)));
    append(out, view(fromHex(v.suffix)));
    return out;
}

CommandApdu commandOf(const ApduVector& v) {
    const Bytes data = pattern(v.dataLength);
    const std::optional<std::size_t> le =
        v.le < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(v.le));
    CommandApdu cmd(static_cast<std::uint8_t>(v.cla), static_cast<std::uint8_t>(v.ins),
                    static_cast<std::uint8_t>(v.p1), static_cast<std::uint8_t>(v.p2), view(data), le);
    cmd.setForceExtended(v.forceExtended);
    return cmd;
}

TEST(CommandApduTest, EncodesEveryCaseAsTheStandardSays) {
    for (const ApduVector& v : kApduVectors) {
        SCOPED_TRACE(v.name);
        EXPECT_EQ(hexOf(commandOf(v).encode()), toHex(view(expectedEncoding(v))));
    }
}

TEST(CommandApduTest, ParsesEveryCaseBackToItsFields) {
    for (const ApduVector& v : kApduVectors) {
        SCOPED_TRACE(v.name);
        const Bytes raw = expectedEncoding(v);
        const CommandApdu cmd = CommandApdu::parse(view(raw));
        EXPECT_EQ(cmd.cla(), v.cla);
        EXPECT_EQ(cmd.ins(), v.ins);
        EXPECT_EQ(cmd.p1(), v.p1);
        EXPECT_EQ(cmd.p2(), v.p2);
        EXPECT_TRUE(cmd.data().equals(view(pattern(v.dataLength))));
        if (v.le < 0) {
            EXPECT_FALSE(cmd.le().has_value());
        } else {
            ASSERT_TRUE(cmd.le().has_value());
            EXPECT_EQ(*cmd.le(), static_cast<std::size_t>(v.le));
        }
        // Re-encoding what was parsed gives the same bytes (the extended form is remembered).
        EXPECT_EQ(hexOf(cmd.encode()), toHex(view(raw)));
    }
}

TEST(CommandApduTest, SelectMasterFileIsTheLiteralIsoCommand) {
    const CommandApdu select(0x00, 0xA4, 0x00, 0x0C, view(fromHex("3F00")));
    EXPECT_EQ(toHex(select.encode().view(), " "), "00 A4 00 0C 02 3F 00");
    const CommandApdu efAtr(0x00, 0xA4, 0x09, 0x04, view(fromHex("2F01")), 256);
    EXPECT_EQ(toHex(efAtr.encode().view(), " "), "00 A4 09 04 02 2F 01 00");
}

TEST(CommandApduTest, LeEdgeValuesChooseTheRightForm) {
    CommandApdu le256(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256);
    EXPECT_FALSE(le256.extended());
    EXPECT_EQ(hexOf(le256.encode()), "00B0000000");
    CommandApdu le257(0x00, 0xB0, 0x00, 0x00, ByteView{}, 257);
    EXPECT_TRUE(le257.extended());
    CommandApdu le65536(0x00, 0xB0, 0x00, 0x00, ByteView{}, 65536);
    EXPECT_EQ(hexOf(le65536.encode()), "00B00000000000");
}

TEST(CommandApduTest, RejectsLeOutOfRangeAndOversizedData) {
    EXPECT_THROW(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 0), std::invalid_argument);
    EXPECT_THROW(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 65537), std::invalid_argument);
    const Bytes tooLong(65536, 0xAA);
    EXPECT_THROW(CommandApdu(0x00, 0xD6, 0x00, 0x00, view(tooLong)), std::invalid_argument);
}

void expectMalformed(const std::string& hex) {
    SCOPED_TRACE(hex);
    const Bytes raw = fromHex(hex);
    try {
        CommandApdu::parse(view(raw));
        ADD_FAILURE() << "parsed a malformed APDU";
    } catch (const ApduFormatError& e) {
        EXPECT_EQ(e.statusWord(), sw::WrongLength);
    }
}

TEST(CommandApduTest, RefusesMalformedApdusWithWrongLength) {
    expectMalformed("");
    expectMalformed("00A400");              // shorter than a header
    expectMalformed("00A4000C033F00");      // Lc 3, 2 bytes of data
    expectMalformed("00A4000C043F00");      // Lc 4, 2 bytes
    expectMalformed("00A4000C023F000000");  // case 4S with two trailing bytes
}

TEST(CommandApduTest, RefusesMalformedExtendedApdus) {
    expectMalformed("00B000000001");                // 00 marker and one byte
    expectMalformed("00D60000000000AABB");          // extended Lc of zero followed by data
    expectMalformed("00D6000000000301");            // extended Lc 3, 1 byte of data
    expectMalformed("00D6000000000301020304");      // extended Lc 3, 4 bytes
    expectMalformed("00D600000000030102030000FF");  // extended Le with a byte too many
    expectMalformed("00D60000000003010203FF");      // extended Le one byte short
}

TEST(CommandApduTest, SplitsLongDataIntoAChain) {
    const Bytes data = pattern(600);
    const CommandApdu cmd(0x00, 0x2A, 0x80, 0x86, view(data), 256);
    const std::vector<CommandApdu> parts = cmd.chain(255);
    ASSERT_EQ(parts.size(), 3u);
    Bytes joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        EXPECT_EQ(parts[i].cla(), last ? 0x00 : 0x10) << i;
        EXPECT_EQ(parts[i].ins(), 0x2A);
        EXPECT_EQ(parts[i].le().has_value(), last) << "only the last part keeps Le";
        EXPECT_LE(parts[i].data().size(), 255u);
        append(joined, parts[i].data().view());
    }
    EXPECT_EQ(joined, data);
    EXPECT_EQ(parts[0].data().size(), 255u);
    EXPECT_EQ(parts[2].data().size(), 90u);
    EXPECT_EQ(*parts[2].le(), 256u);
    EXPECT_EQ(hexOf(parts[0].encode()).substr(0, 10), "102A8086FF");
}

TEST(CommandApduTest, ChainOfShortDataIsTheCommandItself) {
    const CommandApdu cmd(0x0C, 0xDB, 0x3F, 0xFF, view(pattern(255)));
    const auto parts = cmd.chain(255);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(hexOf(parts[0].encode()), hexOf(cmd.encode()));
    EXPECT_THROW(cmd.chain(0), std::invalid_argument);
}

TEST(CommandApduTest, ChainPartsKeepTheForcedExtendedForm) {
    CommandApdu cmd(0x00, 0xDB, 0x3F, 0xFF, view(pattern(10)));
    cmd.setForceExtended(true);
    for (const CommandApdu& part : cmd.chain(4)) EXPECT_TRUE(part.extended());
}

TEST(CommandApduTest, ChainExactMultipleHasNoEmptyTail) {
    const CommandApdu cmd(0x00, 0xDB, 0x3F, 0xFF, view(pattern(510)));
    const auto parts = cmd.chain(255);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].cla(), 0x10);
    EXPECT_EQ(parts[1].cla(), 0x00);
    EXPECT_EQ(parts[1].data().size(), 255u);
}

TEST(CommandApduTest, ClassBitsForSecureMessagingAndChaining) {
    EXPECT_FALSE(CommandApdu(0x00, 0xB0, 0, 0).isSecureMessaging());
    EXPECT_TRUE(CommandApdu(0x0C, 0xB0, 0, 0).isSecureMessaging());
    EXPECT_TRUE(CommandApdu(0x08, 0xB0, 0, 0).isSecureMessaging());
    EXPECT_TRUE(CommandApdu(0x1C, 0xB0, 0, 0).isChained());
    EXPECT_FALSE(CommandApdu(0x0C, 0xB0, 0, 0).isChained());
}

}  // namespace
}  // namespace ias
