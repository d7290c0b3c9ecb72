// The PIN-pad reader's structure parsing and PIN insertion (tests/pinpad-reader/PinPadCommand.h) and the
// host's encoding of the same structures (apdu PinPad.h). Expected bytes are written from the field layout
// of pcsc-lite's reader.h (PIN_VERIFY_STRUCTURE: 19-byte header, PIN_MODIFY_STRUCTURE: 24) and CCID
// 6.1.11.7-8, independently of both encoders; OpenSC's pinpad path logging in through the driver is the
// outside witness (tests/pinpad/pinpad_test.sh).
#include <gtest/gtest.h>

#include <random>

#include "PinPadCommand.h"
#include "TypedPins.h"
#include "ias/apdu/PinPad.h"

namespace ias::pinpad {
namespace {

std::vector<std::uint8_t> hex(const char* text) {
    return ias::fromHex(text);
}

// VERIFY 00 20 00 01, 8-byte FF block, ASCII, 4..8 digits, 30 s.
const char* kVerifyStructure =
    "1E 00 82 08 00 08 04 02 01 09 04 00 000000 0D000000 00 20 00 01 08 FFFFFFFFFFFFFFFF";

TEST(PinPadStructure, HostEncodesVerifyAsTheLayoutSays) {
    PinPadVerifyRequest r;
    r.p2 = 0x01;
    r.rule = PinBlockRule{4, 8, 8, 0xFF, PinDigits::Ascii};
    EXPECT_EQ(toHex(encodeVerifyStructure(r)), toHex(hex(kVerifyStructure)));
}

TEST(PinPadStructure, HostEncodesModifyAsTheLayoutSays) {
    PinPadModifyRequest r;
    r.p2 = 0x01;
    r.rule = PinBlockRule{4, 8, 8, 0xFF, PinDigits::Ascii};
    const char* expected =
        "1E 00 82 08 00 00 08 08 04 03 02 03 09 04 00 01 02 000000 15000000 00 24 00 01 10"
        " FFFFFFFFFFFFFFFF FFFFFFFFFFFFFFFF";
    EXPECT_EQ(toHex(encodeModifyStructure(r)), toHex(hex(expected)));
}

TEST(PinPadStructure, HostRefusesRulesNoStructureCanCarry) {
    PinPadVerifyRequest r;
    r.rule = PinBlockRule{9, 8, 8, 0xFF, PinDigits::Ascii};
    EXPECT_THROW(encodeVerifyStructure(r), std::invalid_argument);
    r.rule = PinBlockRule{4, 16, 16, 0xFF, PinDigits::Ascii};
    EXPECT_THROW(encodeVerifyStructure(r), std::invalid_argument);
    r.rule = PinBlockRule{4, 9, 8, 0xFF, PinDigits::Ascii};
    EXPECT_THROW(encodeVerifyStructure(r), std::invalid_argument);
    PinPadModifyRequest m;
    m.rule.blockLength = 0;
    EXPECT_THROW(encodeModifyStructure(m), std::invalid_argument);
}

TEST(PinPadStructure, ReaderFillsTheAsciiBlock) {
    const auto s = hex(kVerifyStructure);
    VerifyRequest request;
    std::string why;
    ASSERT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::Ok) << why;
    EXPECT_EQ(request.format.minDigits, 4u);
    EXPECT_EQ(request.format.maxDigits, 8u);
    TypedEntry typed;
    typed.first = "1234";
    std::vector<std::uint8_t> apdu;
    ASSERT_EQ(buildVerifyApdu(request, typed, apdu, why), Outcome::Ok) << why;
    EXPECT_EQ(toHex(apdu), "002000010831323334FFFFFFFF");
}

TEST(PinPadStructure, ReaderFillsBothBlocksOfAModify) {
    PinPadModifyRequest r;
    r.p2 = 0x81;
    r.rule = PinBlockRule{6, 8, 8, 0xFF, PinDigits::Ascii};
    const Bytes s = encodeModifyStructure(r);
    ModifyRequest request;
    std::string why;
    ASSERT_EQ(parseModify(s.data(), s.size(), request, why), Outcome::Ok) << why;
    EXPECT_TRUE(request.enterCurrent);
    EXPECT_TRUE(request.confirmNew);
    TypedEntry typed;
    typed.first = "123456";
    typed.second = "87654321";
    std::vector<std::uint8_t> apdu;
    ASSERT_EQ(buildModifyApdu(request, typed, apdu, why), Outcome::Ok) << why;
    EXPECT_EQ(toHex(apdu), "0024008110313233343536FFFF3837363534333231");
    typed.confirmation = "87654320";
    EXPECT_EQ(buildModifyApdu(request, typed, apdu, why), Outcome::Mismatch);
}

// ISO 9564 format 2 as CCID readers are asked for it: BCD at byte 1, a 4-bit length at bit 4.
TEST(PinPadStructure, ReaderWritesBcdWithALengthNibble) {
    const auto s = hex("00 00 89 47 04 0C 04 02 01 09 04 00 000000 0D000000 00 20 00 01 08 20FFFFFFFFFFFFFF");
    VerifyRequest request;
    std::string why;
    ASSERT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::Ok) << why;
    TypedEntry typed;
    typed.first = "12345";
    std::vector<std::uint8_t> apdu;
    ASSERT_EQ(buildVerifyApdu(request, typed, apdu, why), Outcome::Ok) << why;
    EXPECT_EQ(toHex(apdu), "00200001082512345FFFFFFFFF");
}

// What OpenSC sends when it knows no padding: no data field, the reader appends the digits and sets Lc.
TEST(PinPadStructure, ReaderAppendsAVariableLengthPin) {
    const auto s = hex("1E 00 82 00 00 08 04 02 01 09 04 00 000000 05000000 00 20 00 01 00");
    VerifyRequest request;
    std::string why;
    ASSERT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::Ok) << why;
    TypedEntry typed;
    typed.first = "98765";
    std::vector<std::uint8_t> apdu;
    ASSERT_EQ(buildVerifyApdu(request, typed, apdu, why), Outcome::Ok) << why;
    EXPECT_EQ(toHex(apdu), "00200001053938373635");
}

TEST(PinPadStructure, MalformedStructuresAreBadParameters) {
    const auto good = hex(kVerifyStructure);
    VerifyRequest request;
    std::string why;
    EXPECT_EQ(parseVerify(nullptr, 0, request, why), Outcome::BadParameter);
    EXPECT_EQ(parseVerify(good.data(), 18, request, why), Outcome::BadParameter);
    // ulDataLength one more than what follows / one byte of template missing
    auto s = good;
    s[15] = 0x0E;
    EXPECT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::BadParameter);
    EXPECT_EQ(parseVerify(good.data(), good.size() - 1, request, why), Outcome::BadParameter);
    // Lc that does not cover the data
    s = good;
    s[19 + 4] = 0x07;
    EXPECT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::BadParameter);
    // reserved PIN format 11, min above max, max 0, reserved length-format bits
    s = good;
    s[2] = 0x83;
    EXPECT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::BadParameter);
    s = good;
    s[6] = 0x09;
    EXPECT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::BadParameter);
    s = good;
    s[5] = 0x00;
    s[6] = 0x00;
    EXPECT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::BadParameter);
    s = good;
    s[4] = 0x20;
    EXPECT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::BadParameter);
    // a fixed block needs a data field
    const auto noData = hex("1E 00 82 08 00 08 04 02 01 09 04 00 000000 04000000 00 20 00 01");
    EXPECT_EQ(parseVerify(noData.data(), noData.size(), request, why), Outcome::BadParameter);
    // modify: reserved bConfirmPIN bits
    PinPadModifyRequest m;
    Bytes ms = encodeModifyStructure(m);
    ModifyRequest mr;
    ms[9] = 0x07;
    EXPECT_EQ(parseModify(ms.data(), ms.size(), mr, why), Outcome::BadParameter);
    EXPECT_EQ(parseModify(ms.data(), 23, mr, why), Outcome::BadParameter);
}

TEST(PinPadStructure, TypedPinsOutsideTheRulesStopAtThePad) {
    const auto s = hex(kVerifyStructure);
    VerifyRequest request;
    std::string why;
    ASSERT_EQ(parseVerify(s.data(), s.size(), request, why), Outcome::Ok);
    std::vector<std::uint8_t> apdu;
    TypedEntry typed;
    typed.first = "123";
    EXPECT_EQ(buildVerifyApdu(request, typed, apdu, why), Outcome::LengthRange);
    typed.first = "123456789";
    EXPECT_EQ(buildVerifyApdu(request, typed, apdu, why), Outcome::LengthRange);
    typed.first = "12a4";
    EXPECT_EQ(buildVerifyApdu(request, typed, apdu, why), Outcome::BadParameter);
    typed.first = "";
    typed.outcome = Outcome::Cancelled;
    EXPECT_EQ(buildVerifyApdu(request, typed, apdu, why), Outcome::Cancelled);
    // The PIN block placed beyond the data field
    auto far = s;
    far[2] = 0x82 | (3 << 3);  // position 3 bytes: 3 + 8 > 8 data bytes
    ASSERT_EQ(parseVerify(far.data(), far.size(), request, why), Outcome::Ok);
    typed = TypedEntry{};
    typed.first = "1234";
    EXPECT_EQ(buildVerifyApdu(request, typed, apdu, why), Outcome::BadParameter);
}

TEST(PinPadStructure, OutcomesAnswerWithTheReadersStatusWords) {
    EXPECT_EQ(toHex(statusOf(Outcome::Timeout)), "6400");
    EXPECT_EQ(toHex(statusOf(Outcome::Cancelled)), "6401");
    EXPECT_EQ(toHex(statusOf(Outcome::Mismatch)), "6402");
    EXPECT_EQ(toHex(statusOf(Outcome::LengthRange)), "6403");
    EXPECT_EQ(toHex(statusOf(Outcome::BadParameter)), "6B80");
    using Reason = PinEntryError::Reason;
    auto reasonOf = [](const char* answer) {
        try {
            interpretPinPadAnswer(hex(answer));
        } catch (const PinEntryError& e) {
            return e.reason();
        }
        return Reason::Refused;
    };
    EXPECT_EQ(reasonOf("6400"), Reason::Timeout);
    EXPECT_EQ(reasonOf("6401"), Reason::Cancelled);
    EXPECT_EQ(reasonOf("6402"), Reason::Mismatch);
    EXPECT_EQ(reasonOf("6403"), Reason::LengthRange);
    EXPECT_THROW(interpretPinPadAnswer(hex("6B80")), PinEntryError);
    EXPECT_THROW(interpretPinPadAnswer(hex("90")), PinEntryError);
    EXPECT_EQ(interpretPinPadAnswer(hex("63C2")).sw().sw2, 0xC2);
}

TEST(PinPadStructure, FeatureListGivesTheControlCodes) {
    const auto f =
        parsePinPadFeatures(hex("06 04 42330006 07 04 42330007 12 04 42330012 0A 04 4233000A 13 02"));
    ASSERT_TRUE(f.verifyPinDirect && f.modifyPinDirect && f.tlvProperties);
    EXPECT_EQ(*f.verifyPinDirect, 0x42330006u);
    EXPECT_EQ(*f.modifyPinDirect, 0x42330007u);
    EXPECT_EQ(*f.tlvProperties, 0x42330012u);
    EXPECT_FALSE(parsePinPadFeatures(hex("06 03 423300")).verifyPinDirect);
    EXPECT_FALSE(parsePinPadFeatures({}).verifyPinDirect);
}

TEST(PinPadStructure, TypedFileSaysWhatTheUserDid) {
    const std::string path = ::testing::TempDir() + "pinpad-typed-test";
    std::remove(path.c_str());
    EXPECT_EQ(readTypedEntry(path).outcome, Outcome::Timeout);
    auto write = [&](const char* text) {
        FILE* f = std::fopen(path.c_str(), "w");
        std::fputs(text, f);
        std::fclose(f);
    };
    write("cancel\n");
    EXPECT_EQ(readTypedEntry(path).outcome, Outcome::Cancelled);
    write("timeout");
    EXPECT_EQ(readTypedEntry(path).outcome, Outcome::Timeout);
    write("1234\r\n5678\n5679\n");
    TypedEntry e = readTypedEntry(path);
    EXPECT_EQ(e.outcome, Outcome::Ok);
    EXPECT_EQ(e.first, "1234");
    EXPECT_EQ(e.second, "5678");
    EXPECT_EQ(e.confirmation, "5679");
    wipe(e);
    EXPECT_TRUE(e.first.empty());
    std::remove(path.c_str());
}

// Arbitrary bytes never crash the reader's parser or builder.
TEST(PinPadStructure, RandomStructuresNeverCrash) {
    std::mt19937 random(5);
    const auto base = hex(kVerifyStructure);
    TypedEntry typed;
    typed.first = "12345678";
    typed.second = "1234";
    for (int i = 0; i < 20000; ++i) {
        std::vector<std::uint8_t> s = base;
        if (i % 3 == 0) s.resize(random() % 64);
        for (int k = 0; k < 4; ++k)
            if (!s.empty()) s[random() % s.size()] = static_cast<std::uint8_t>(random());
        for (auto& b : s)
            if (i % 7 == 0) b = static_cast<std::uint8_t>(random());
        std::string why;
        std::vector<std::uint8_t> apdu;
        VerifyRequest v;
        if (parseVerify(s.data(), s.size(), v, why) == Outcome::Ok) {
            (void)buildVerifyApdu(v, typed, apdu, why);
            EXPECT_GE(apdu.size(), 5u);
        }
        ModifyRequest m;
        if (parseModify(s.data(), s.size(), m, why) == Outcome::Ok)
            (void)buildModifyApdu(m, typed, apdu, why);
    }
}

}  // namespace
}  // namespace ias::pinpad
