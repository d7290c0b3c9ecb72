// Response APDUs: splitting data from the status word, and check() turning a status into a typed error.
#include <gtest/gtest.h>

#include "ias/apdu/ResponseApdu.h"

namespace ias {
namespace {

TEST(ResponseApduTest, SplitsDataAndStatusWord) {
    const Bytes raw = fromHex("6F 03 84 01 AA 90 00");
    const ResponseApdu r = ResponseApdu::parse(view(raw));
    EXPECT_EQ(toHex(view(r.data())), "6F038401AA");
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.encode(), raw);
}

TEST(ResponseApduTest, StatusWordAloneHasNoData) {
    const Bytes raw = fromHex("6A82");
    const ResponseApdu r = ResponseApdu::parse(view(raw));
    EXPECT_TRUE(r.data().empty());
    EXPECT_EQ(r.sw().value(), 0x6A82);
    EXPECT_FALSE(r.ok());
}

TEST(ResponseApduTest, FewerThanTwoBytesIsMalformed) {
    EXPECT_THROW(ResponseApdu::parse(ByteView{}), ApduFormatError);
    const Bytes one = fromHex("90");
    EXPECT_THROW(ResponseApdu::parse(view(one)), ApduFormatError);
}

TEST(ResponseApduTest, CheckPassesSuccessAndThrowsTypedErrors) {
    EXPECT_NO_THROW(ResponseApdu({}, sw::Ok).check("READ BINARY"));
    try {
        ResponseApdu({}, StatusWord(0x63, 0xC2)).check("VERIFY");
        FAIL() << "63C2 passed";
    } catch (const PinIncorrect& e) {
        EXPECT_EQ(e.triesLeft(), 2);
        EXPECT_EQ(e.kind(), CardErrorKind::PinIncorrect);
    }
    try {
        ResponseApdu({}, sw::FileNotFound).check("SELECT");
        FAIL() << "6A82 passed";
    } catch (const CardError& e) {
        EXPECT_EQ(e.kind(), CardErrorKind::FileNotFound);
        EXPECT_EQ(e.statusWord(), sw::FileNotFound);
    }
}

TEST(ResponseApduTest, WarningsPassOnlyWhenAllowed) {
    const ResponseApdu eof(fromHex("0102"), sw::EndOfFile);
    EXPECT_THROW(eof.check("READ BINARY"), CardError);
    EXPECT_NO_THROW(eof.check("READ BINARY", true));
    // A wrong PIN is never a warning, whatever the caller allows.
    EXPECT_THROW(ResponseApdu({}, StatusWord(0x63, 0xC0)).check("VERIFY", true), PinIncorrect);
}

}  // namespace
}  // namespace ias
