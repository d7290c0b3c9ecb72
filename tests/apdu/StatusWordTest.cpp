// The one table from status words to kinds of card error: every entry, the PIN counter, warnings.
#include <gtest/gtest.h>

#include "ias/apdu/StatusWord.h"

namespace ias {
namespace {

struct Entry {
    std::uint16_t sw;
    CardErrorKind kind;
};

// ISO 7816-4 table 6 meanings, as the header documents the mapping.
constexpr Entry kTable[] = {
    {0x6983, CardErrorKind::PinBlocked},      {0x6984, CardErrorKind::ReferenceNotUsable},
    {0x6982, CardErrorKind::SecurityStatus},  {0x6985, CardErrorKind::ConditionsNotSatisfied},
    {0x6987, CardErrorKind::SmFailure},       {0x6988, CardErrorKind::SmFailure},
    {0x6882, CardErrorKind::SmFailure},       {0x6A82, CardErrorKind::FileNotFound},
    {0x6A88, CardErrorKind::DataNotFound},    {0x6A83, CardErrorKind::RecordNotFound},
    {0x6A86, CardErrorKind::WrongParameters}, {0x6B00, CardErrorKind::WrongParameters},
    {0x6A80, CardErrorKind::WrongParameters}, {0x6A85, CardErrorKind::WrongParameters},
    {0x6A87, CardErrorKind::WrongParameters}, {0x6700, CardErrorKind::WrongLength},
    {0x6D00, CardErrorKind::NotSupported},    {0x6E00, CardErrorKind::NotSupported},
    {0x6A81, CardErrorKind::NotSupported},    {0x6881, CardErrorKind::NotSupported},
    {0x6A84, CardErrorKind::Memory},          {0x6581, CardErrorKind::Memory},
    {0x6A89, CardErrorKind::FileExists},      {0x6F00, CardErrorKind::Other},
    {0x6400, CardErrorKind::Other},           {0x6986, CardErrorKind::Other},
};

TEST(StatusWordTest, EveryTableEntryHasItsKind) {
    for (const Entry& e : kTable) {
        SCOPED_TRACE(StatusWord(e.sw).toString());
        EXPECT_EQ(classifyStatus(StatusWord(e.sw)), e.kind);
        try {
            throwCardError(StatusWord(e.sw), "CMD");
            ADD_FAILURE() << "nothing thrown";
        } catch (const CardError& err) {
            EXPECT_EQ(err.kind(), e.kind);
            EXPECT_EQ(err.statusWord().value(), e.sw);
        }
    }
}

TEST(StatusWordTest, EveryWrongPinCounterIsPinIncorrectWithItsTries) {
    for (int tries = 0; tries <= 15; ++tries) {
        const StatusWord s(0x63, static_cast<std::uint8_t>(0xC0 | tries));
        EXPECT_EQ(classifyStatus(s), CardErrorKind::PinIncorrect);
        EXPECT_FALSE(s.isWarning());
        try {
            throwCardError(s, "VERIFY");
            ADD_FAILURE() << "nothing thrown";
        } catch (const PinIncorrect& e) {
            EXPECT_EQ(e.triesLeft(), tries);
        }
    }
}

TEST(StatusWordTest, WarningsAreTheNonPin62And63Families) {
    EXPECT_TRUE(StatusWord(0x6282).isWarning());
    EXPECT_TRUE(StatusWord(0x6283).isWarning());
    EXPECT_TRUE(StatusWord(0x6300).isWarning());
    EXPECT_TRUE(StatusWord(0x6381).isWarning());
    EXPECT_FALSE(StatusWord(0x63C1).isWarning());
    EXPECT_FALSE(StatusWord(0x9000).isWarning());
    EXPECT_FALSE(StatusWord(0x6A82).isWarning());
}

TEST(StatusWordTest, ValueBytesAndTextAgree) {
    const StatusWord s(0x6A, 0x82);
    EXPECT_EQ(s.value(), 0x6A82);
    EXPECT_EQ(StatusWord(std::uint16_t{0x6A82}), s);
    EXPECT_EQ(s.toString(), "6A82");
    EXPECT_TRUE(sw::Ok.ok());
    EXPECT_FALSE(StatusWord(0x9001).ok());
}

TEST(StatusWordTest, ErrorMessageNamesTheCommandAndStatus) {
    try {
        throwCardError(sw::SecurityStatusNotSatisfied, "PSO CDS");
        FAIL();
    } catch (const CardError& e) {
        EXPECT_EQ(std::string(e.what()), "PSO CDS: card answered 6982");
    }
}

}  // namespace
}  // namespace ias
