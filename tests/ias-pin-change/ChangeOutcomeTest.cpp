// What the window says after a change comes from the error's kind (ias-pin-change's ChangeOutcome), the same
// kinds ias-tool maps to its exit codes: wrong PIN with its tries, blocked, SM failure, removal, format.
#include <gtest/gtest.h>

#include "ChangeOutcome.h"
#include "ias/apdu/PinPad.h"
#include "ias/apdu/StatusWord.h"
#include "ias/apdu/Transport.h"
#include "ias/api/ApiError.h"
#include "ias/sm/SmError.h"

using namespace ias;
using namespace ias::pinchange;

namespace {

template <typename E>
ChangeOutcome outcomeOfThrown(const E& error) {
    try {
        throw error;
    } catch (...) {
        return outcomeOf(std::current_exception());
    }
}

}  // namespace

TEST(ChangeOutcome, AWrongPinCarriesTheTriesTheCardNamed) {
    ChangeOutcome o = outcomeOfThrown(PinIncorrect(StatusWord{0x63, 0xC2}, "CHANGE REFERENCE DATA"));
    EXPECT_EQ(o.result, ChangeResult::WrongPin);
    ASSERT_TRUE(o.triesLeft.has_value());
    EXPECT_EQ(*o.triesLeft, 2);
}

TEST(ChangeOutcome, A6983IsBlocked) {
    ChangeOutcome o = outcomeOfThrown(CardError(CardErrorKind::PinBlocked, StatusWord{0x69, 0x83}, "VERIFY"));
    EXPECT_EQ(o.result, ChangeResult::Blocked);
    EXPECT_FALSE(o.triesLeft.has_value());
}

TEST(ChangeOutcome, SecureMessagingFailuresAreNamedSo) {
    EXPECT_EQ(outcomeOfThrown(sm::SmError(sm::SmFailureReason::AuthenticationFailed, "mutual authentication"))
                  .result,
              ChangeResult::SmFailure);
    EXPECT_EQ(outcomeOfThrown(api::ApiError(api::ApiErrorKind::SmKeysMissing, "no keys")).result,
              ChangeResult::SmFailure);
}

TEST(ChangeOutcome, ALostCardOrReaderIsARemoval) {
    EXPECT_EQ(outcomeOfThrown(CardRemovedError("removed", 0x80100069)).result, ChangeResult::CardRemoved);
    EXPECT_EQ(outcomeOfThrown(ReaderUnavailableError("pcscd gone")).result, ChangeResult::CardRemoved);
}

TEST(ChangeOutcome, APinOutsideTheRulesOrAStoppedPinPadIsRefusedBeforeTheCard) {
    EXPECT_EQ(outcomeOfThrown(api::ApiError(api::ApiErrorKind::PinFormat, "too short")).result,
              ChangeResult::Refused);
    EXPECT_EQ(outcomeOfThrown(PinEntryError(PinEntryError::Reason::Cancelled, "cancelled")).result,
              ChangeResult::Refused);
}

TEST(ChangeOutcome, AnyOtherRefusalNamesItsStatusWord) {
    ChangeOutcome o =
        outcomeOfThrown(CardError(CardErrorKind::SecurityStatus, StatusWord{0x69, 0x82}, "CHANGE"));
    EXPECT_EQ(o.result, ChangeResult::CardError);
    EXPECT_EQ(o.detail, "6982");
}

template <typename E>
ChangeOutcome unblockOutcomeOfThrown(const E& error) {
    try {
        throw error;
    } catch (...) {
        return unblockOutcomeOf(std::current_exception());
    }
}

TEST(UnblockOutcome, ARefusedSecretIsTheWrongPukWithItsTriesLeft) {
    ChangeOutcome o = unblockOutcomeOfThrown(PinIncorrect(StatusWord{0x63, 0xC9}, "VERIFY PUK"));
    EXPECT_EQ(o.result, ChangeResult::WrongPuk);
    EXPECT_TRUE(o.unblocking);
    ASSERT_TRUE(o.triesLeft.has_value());
    EXPECT_EQ(*o.triesLeft, 9);
}

TEST(UnblockOutcome, TheLastWrongPukOrABlockedOneIsPukBlocked) {
    EXPECT_EQ(unblockOutcomeOfThrown(PinIncorrect(StatusWord{0x63, 0xC0}, "VERIFY PUK")).result,
              ChangeResult::PukBlocked);
    ChangeOutcome o =
        unblockOutcomeOfThrown(CardError(CardErrorKind::PinBlocked, StatusWord{0x69, 0x83}, "VERIFY PUK"));
    EXPECT_EQ(o.result, ChangeResult::PukBlocked);
    EXPECT_EQ(o.triesLeft, 0);
}

TEST(UnblockOutcome, OtherFailuresKeepTheirKind) {
    EXPECT_EQ(unblockOutcomeOfThrown(CardRemovedError("removed", 0x80100069)).result,
              ChangeResult::CardRemoved);
    ChangeOutcome o =
        unblockOutcomeOfThrown(CardError(CardErrorKind::SecurityStatus, StatusWord{0x69, 0x82}, "RESET"));
    EXPECT_EQ(o.result, ChangeResult::CardError);
    EXPECT_EQ(o.detail, "6982");
    EXPECT_TRUE(o.unblocking);
}
