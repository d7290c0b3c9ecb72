// VERIFY (with the empty-data status query), CHANGE REFERENCE DATA and RESET RETRY COUNTER with their
// counters (ias-ecc-card-facts.md §4).
#include "TestCard.h"

namespace ias::vcard::test {
namespace {

using PinCommands = CardTest;

TEST_F(PinCommands, StatusQueryReportsTriesLeftThenVerified) {
    EXPECT_EQ(sw("00200001"), 0x63C3);
    verify(0x01, "1234");
    EXPECT_EQ(sw("00200001"), 0x9000);
}

TEST_F(PinCommands, WrongPinsCountDownAndBlock) {
    EXPECT_EQ(sw("002000010430303030"), 0x63C2);
    EXPECT_EQ(sw("002000010430303030"), 0x63C1);
    EXPECT_EQ(sw("002000010430303030"), 0x63C0);
    EXPECT_EQ(sw("002000010431323334"), 0x6983);  // the right PIN no longer helps
    EXPECT_EQ(sw("00200001"), 0x6983);
}

TEST_F(PinCommands, RightPinRestoresTheCounter) {
    EXPECT_EQ(sw("002000010430303030"), 0x63C2);
    verify(0x01, "1234");
    EXPECT_EQ(sw("002000010430303030"), 0x63C2);
}

TEST_F(PinCommands, PaddedPinIsAccepted) {
    EXPECT_EQ(sw("002000010831323334FFFFFFFF"), 0x9000);
}

TEST_F(PinCommands, PinOutsideTheLengthRulesIsRefusedWithoutCounting) {
    EXPECT_EQ(sw("0020000103313233"), 0x6A80);
    EXPECT_EQ(sw("00200001093132333435363738"
                 "39"),
              0x6A80);
    EXPECT_EQ(sw("00200001"), 0x63C3);
}

TEST_F(PinCommands, UnknownPinReferenceIs6A88) {
    EXPECT_EQ(sw("00200009"), 0x6A88);
    EXPECT_EQ(sw("00200083"), 0x6A88);  // the local PIN 3 lives in the ADF, not the MF
    selectAdf();
    EXPECT_EQ(sw("00200083"), 0x63C3);
}

TEST_F(PinCommands, ChangeNeedsTheOldPinAndSetsTheNew) {
    EXPECT_EQ(sw("00240001083030303035353535"), 0x63C2);
    EXPECT_EQ(sw("00240001083132333435353535"), 0x9000);
    EXPECT_EQ(sw("002000010431323334"), 0x63C2);
    verify(0x01, "5555");
}

TEST_F(PinCommands, ChangeWithBothPinsPaddedToMaximum) {
    EXPECT_EQ(sw("002400011031323334FFFFFFFF35353535FFFFFFFF"), 0x9000);
    verify(0x01, "5555");
}

TEST_F(PinCommands, ResetNeedsThePukThenUnblocks) {
    for (int i = 0; i < 3; ++i) send("002000010430303030");
    EXPECT_EQ(sw("00200001"), 0x6983);
    EXPECT_EQ(sw("002C02010436363636"), 0x6982);  // PUK not verified
    verify(0x02, "87654321");
    EXPECT_EQ(sw("002C02010436363636"), 0x9000);
    EXPECT_EQ(sw("00200001"), 0x63C3);
    verify(0x01, "6666");
}

TEST_F(PinCommands, ResetWithoutNewValueOnlyRestoresTheCounter) {
    send("002000010430303030");
    verify(0x02, "87654321");
    EXPECT_EQ(sw("002C0301"), 0x9000);
    EXPECT_EQ(sw("00200001"), 0x63C3);
    verify(0x01, "1234");
}

TEST_F(PinCommands, ResetOfAPinWithoutResetRuleIsRefused) {
    verify(0x02, "87654321");
    EXPECT_EQ(sw("002C0302"), 0x6982);  // the PUK itself has reset = never
    EXPECT_EQ(sw("002C0001"), 0x6A86);
}

TEST_F(PinCommands, BlockedPukStaysBlocked) {
    for (int i = 0; i < 5; ++i) send("00200002083030303030303030");
    EXPECT_EQ(sw("00200002083837363534333231"), 0x6983);
}

}  // namespace
}  // namespace ias::vcard::test
