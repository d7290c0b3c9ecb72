// APDU trace lines: the documented format, and secrets (PINs, SM data, deciphered plaintext) never in a line.
#include <gtest/gtest.h>

#include "ScriptedCard.h"
#include "TestPattern.h"
#include "ias/apdu/ApduTrace.h"
#include "ias/apdu/InProcessTransport.h"

namespace ias {
namespace {

using test::ScriptedCard;

// A PIN whose bytes are easy to spot in any rendering: ASCII "739184", padded with FF to 8 bytes.
const char* const kPinAscii = "739184";
const char* const kPinHex = "373339313834";

SecureBuffer pinBlock() {
    SecureBuffer b(8);
    b.append(SecureBuffer::copyOf(std::string_view(kPinAscii)));
    while (b.size() < b.capacity()) b.push_back(0xFF);
    return b;
}

// No rendering of the PIN, nor of any two of its bytes in a row (a chain splits it), is in `line`.
void expectNoPin(const std::string& line) {
    EXPECT_EQ(line.find(kPinAscii), std::string::npos) << line;
    const std::string hex = kPinHex;
    for (std::size_t i = 0; i + 4 <= hex.size(); i += 2) {
        EXPECT_EQ(line.find(hex.substr(i, 4)), std::string::npos) << line;
        EXPECT_EQ(line.find(hex.substr(i, 2) + " " + hex.substr(i + 2, 2)), std::string::npos) << line;
    }
}

TEST(ApduTraceTest, CommandLineShowsHeaderLcDataAndLe) {
    EXPECT_EQ(traceCommand(CommandApdu(0x00, 0xA4, 0x09, 0x04, view(fromHex("2F01")), 256)),
              "> 00 A4 09 04 02 2F01 00");
    EXPECT_EQ(traceCommand(CommandApdu(0x00, 0xA4, 0x00, 0x0C, view(fromHex("3F00")))),
              "> 00 A4 00 0C 02 3F00");
    EXPECT_EQ(traceCommand(CommandApdu(0x00, 0xE4, 0x00, 0x00)), "> 00 E4 00 00");
    EXPECT_EQ(traceCommand(CommandApdu(0x00, 0x84, 0x00, 0x00, ByteView{}, 8)), "> 00 84 00 00 08");
}

TEST(ApduTraceTest, ExtendedFieldsAppearAsOnTheWire) {
    EXPECT_EQ(traceCommand(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 257)), "> 00 B0 00 00 000101");
    EXPECT_EQ(traceCommand(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 65536)), "> 00 B0 00 00 000000");
    CommandApdu forced(0x00, 0x88, 0x00, 0x00, view(fromHex("010203")), 5);
    forced.setForceExtended(true);
    EXPECT_EQ(traceCommand(forced), "> 00 88 00 00 000003 010203 0005");
}

TEST(ApduTraceTest, ResponseLineShowsDataThenStatus) {
    EXPECT_EQ(traceResponse(ResponseApdu({}, sw::Ok)), "< 9000");
    EXPECT_EQ(traceResponse(ResponseApdu(fromHex("6203820101"), sw::Ok)), "< 6203820101 9000");
    EXPECT_EQ(traceResponse(ResponseApdu(fromHex("0102"), sw::Ok), true), "< [2 bytes redacted] 9000");
    EXPECT_EQ(traceResponse(ResponseApdu(fromHex("01"), sw::Ok), true), "< [1 byte redacted] 9000");
}

TEST(ApduTraceTest, PinCommandsShowOnlyTheLength) {
    for (std::uint8_t ins : {0x20, 0x21, 0x24, 0x25, 0x26, 0x28, 0x2C, 0x2D}) {
        const CommandApdu cmd(0x00, ins, 0x00, 0x01, pinBlock());
        const std::string line = traceCommand(cmd);
        SCOPED_TRACE(line);
        EXPECT_TRUE(commandCarriesSecret(cmd));
        expectNoPin(line);
        EXPECT_NE(line.find("08 [8 bytes redacted]"), std::string::npos);
        EXPECT_EQ(line.find("FF"), std::string::npos) << "not even the padding shows";
    }
    // A status query carries no data and shows in full.
    EXPECT_EQ(traceCommand(CommandApdu(0x00, 0x20, 0x00, 0x81)), "> 00 20 00 81");
}

TEST(ApduTraceTest, SecureMessagingDataIsRedactedInEveryClassCoding) {
    const Bytes data = fromHex("8709018877665544332211970100");
    for (std::uint8_t cla : {0x04, 0x08, 0x0C, 0x0D, 0x1C, 0x60, 0x7F, 0x84, 0x8C, 0xFF}) {
        SCOPED_TRACE(static_cast<int>(cla));
        const CommandApdu cmd(cla, 0xB0, 0x00, 0x00, view(data), 256);
        EXPECT_TRUE(claIndicatesSecureMessaging(cla));
        EXPECT_EQ(traceCommand(cmd).find("887766"), std::string::npos);
    }
    for (std::uint8_t cla : {0x00, 0x01, 0x10, 0x40, 0x4F, 0x80}) {
        SCOPED_TRACE(static_cast<int>(cla));
        EXPECT_FALSE(claIndicatesSecureMessaging(cla));
        EXPECT_NE(traceCommand(CommandApdu(cla, 0xD6, 0x00, 0x00, view(data))).find("887766"),
                  std::string::npos);
    }
}

TEST(ApduTraceTest, APinNeverReachesTheTraceOfATransport) {
    ScriptedCard card;
    card.expect("0020000108 373339313834FFFF", "63C2")
        .expect("002400010C 31323334 373339313834FFFF", "9000")
        .expect("102C020104 37333931", "9000")  // RESET RETRY COUNTER as a chain: the PIN split in two
        .expect("002C020102 3834", "9000");
    InProcessTransport t(card);
    std::vector<std::string> lines;
    t.setTrace([&](const std::string& line) { lines.push_back(line); });

    t.transmit(CommandApdu(0x00, 0x20, 0x00, 0x01, pinBlock()));
    SecureBuffer change(12);
    change.append(SecureBuffer::copyOf(std::string_view("1234")));
    change.append(pinBlock());
    t.transmit(CommandApdu(0x00, 0x24, 0x00, 0x01, std::move(change)));
    const CommandApdu reset(0x00, 0x2C, 0x02, 0x01, SecureBuffer::copyOf(std::string_view(kPinAscii)));
    for (const CommandApdu& part : reset.chain(4)) t.transmit(part);

    EXPECT_TRUE(card.done());
    ASSERT_EQ(lines.size(), 8u);
    for (const std::string& line : lines) expectNoPin(line);
    EXPECT_EQ(lines[0], "> 00 20 00 01 08 [8 bytes redacted]");
    EXPECT_EQ(lines[1], "< 63C2");
    EXPECT_EQ(lines[2], "> 00 24 00 01 0C [12 bytes redacted]");
    EXPECT_EQ(lines[4], "> 10 2C 02 01 04 [4 bytes redacted]");
    EXPECT_EQ(lines[6], "> 00 2C 02 01 02 [2 bytes redacted]");
}

TEST(ApduTraceTest, DecipheredPlaintextIsRedactedAcrossGetResponse) {
    ScriptedCard card;
    const std::string secret = "5345435245544B4559";  // "SECRETKEY"
    card.expect("002A80860481AABBCC00", "6109").expect("00C0000009", secret + "9000");
    InProcessTransport t(card);
    std::vector<std::string> lines;
    t.setTrace([&](const std::string& line) { lines.push_back(line); });
    const ResponseApdu r = t.transmit(CommandApdu(0x00, 0x2A, 0x80, 0x86, view(fromHex("81AABBCC")), 256));
    EXPECT_EQ(toHex(view(r.data())), secret) << "the caller still gets the plaintext";
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0], "> 00 2A 80 86 04 81AABBCC 00") << "the cryptogram is public";
    EXPECT_EQ(lines[3], "< [9 bytes redacted] 9000");
    for (const std::string& line : lines) EXPECT_EQ(line.find("5345435245"), std::string::npos) << line;
}

}  // namespace
}  // namespace ias
