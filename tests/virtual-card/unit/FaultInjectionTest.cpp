// Fault injection: a card told to die after k commands answers exactly k, then throws CardRemovedError;
// what it persisted is what the k-th command left; revived, it answers again with volatile state reset.
#include "TestCard.h"
#include "ias/apdu/Transport.h"

namespace ias::vcard::test {
namespace {

using FaultInjection = CardTest;

TEST_F(FaultInjection, TheCardAnswersKCommandsThenIsRemoved) {
    card->dieAfter(2);
    EXPECT_EQ(sw("00A4000C023F00"), 0x9000);
    EXPECT_FALSE(card->dead());
    EXPECT_EQ(sw("002000010430303030"), 0x63C2);  // a wrong PIN: the counter is persisted
    EXPECT_TRUE(card->dead());
    EXPECT_THROW(card->process(fromHex("00A4000C023F00")), CardRemovedError);
    EXPECT_EQ(card->commandCount(), 2u);
    reopen();  // put back from its state file
    EXPECT_EQ(sw("00200001"), 0x63C2);
}

TEST_F(FaultInjection, ARevivedCardAnswersWithItsVolatileStateReset) {
    verify(0x01, "1234");
    card->dieAfter(1);
    EXPECT_EQ(sw("00200001"), 0x9000);
    EXPECT_THROW(card->process(fromHex("00200001")), CardRemovedError);
    card->revive();
    EXPECT_FALSE(card->dead());
    EXPECT_EQ(sw("00200001"), 0x63C3);  // the verification went with the removal
}

}  // namespace
}  // namespace ias::vcard::test
