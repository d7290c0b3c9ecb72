// The minimal FCP the content cache keeps for a file must parse back to the size and access rules of the
// card's own FCP. Regression test of a fuzz-fcp finding: a size above FFFF lost its high bytes.
#include <gtest/gtest.h>

#include "Fcp.h"

namespace ias::api::detail {
namespace {

Fcp roundTrip(const Fcp& fcp) {
    return parseFcp(view(encodeMinimalFcp(fcp)));
}

TEST(CachedFcp, KeepsSizeAndRulesOfAnOrdinaryFile) {
    const Fcp card = parseFcp(fromHex("621A80020200820101830250318C077B45FF4545450088010A8A0105"));
    ASSERT_EQ(card.size, 0x200u);
    const Fcp kept = roundTrip(card);
    EXPECT_EQ(kept.size, 0x200u);
    ASSERT_TRUE(kept.rules.has_value());
    EXPECT_EQ(kept.rules->bytes(), card.rules->bytes());
    // Sizes up to FFFF keep the two-byte encoding caches already hold.
    EXPECT_EQ(toHex(view(encodeMinimalFcp(card))), "620D800202008C077B45FF45454500");
}

TEST(CachedFcp, KeepsASizeAboveFFFF) {
    // fuzz-fcp crash-5736ed882469c9d9013d6a1e5dc7b82f205d0ccd: 80 04 00BE00A0 came back as 00A0.
    const Fcp card = parseFcp(fromHex("6219800400BE00A00008F6D5008A0105A1098C077345FF45454500"));
    ASSERT_EQ(card.size, 0x00BE00A0u);
    const Fcp kept = roundTrip(card);
    EXPECT_EQ(kept.size, card.size);
    ASSERT_TRUE(kept.rules.has_value());
    EXPECT_EQ(kept.rules->bytes(), card.rules->bytes());
}

TEST(CachedFcp, KeepsTheLargestFourByteSize) {
    Fcp card;
    card.size = 0xFFFFFFFFu;
    EXPECT_EQ(roundTrip(card).size, 0xFFFFFFFFu);
    card.size = 0;
    EXPECT_EQ(roundTrip(card).size, 0u);
    EXPECT_FALSE(roundTrip(card).rules.has_value());
}

}  // namespace
}  // namespace ias::api::detail
