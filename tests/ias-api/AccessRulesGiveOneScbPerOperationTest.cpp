// Tag 8C as the card layer reads it (facts §3): the AMB names the operations, one SCB follows per set bit
// from 40 down to 01; bit 80 has no SCB, and asking for it (or for no single bit) must not read past the
// rule (the FCP and GET DATA fuzz targets ask for every bit).
#include <gtest/gtest.h>

#include "AccessRules.h"
#include "ias/api/ApiError.h"

namespace ias::api::detail {
namespace {

TEST(AccessRules, ReadsTheScbOfEachOperation) {
    // A CPx card's CHV rule (OpenSC PR #2217): F3 = 80 + CHANGE, VERIFY, RESET, PUT, GET.
    const AccessRules r = AccessRules::parse(fromHex("F3000013FF00"));
    EXPECT_TRUE(r.rule(op::kChvChange).always());
    EXPECT_TRUE(r.rule(op::kChvVerify).always());
    EXPECT_EQ(r.rule(op::kChvReset).value, 0x13);
    EXPECT_TRUE(r.rule(op::kChvReset).userAuthentication());
    EXPECT_EQ(r.rule(op::kChvReset).environment(), 3);
    EXPECT_TRUE(r.rule(op::kChvPut).never());
    EXPECT_TRUE(r.rule(0x01).always());
    EXPECT_TRUE(r.rule(0x08).never());  // not in the AMB
}

TEST(AccessRules, BitsWithoutAnScbAreNever) {
    const AccessRules onlyHigh = AccessRules::parse(fromHex("80"));
    EXPECT_EQ(onlyHigh.bytes().size(), 1u);
    EXPECT_TRUE(onlyHigh.rule(0x80).never());
    const AccessRules r = AccessRules::parse(fromHex("C045"));
    EXPECT_TRUE(r.rule(0x80).never());
    EXPECT_TRUE(r.rule(0x00).never());
    EXPECT_TRUE(r.rule(0x60).never());  // two bits: no single operation
    EXPECT_TRUE(r.rule(0x40).secureMessaging());
}

TEST(AccessRules, FewerScbsThanTheAmbNamesIsCardContentError) {
    try {
        AccessRules::parse(fromHex("7B4545"));
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::CardContent);
    }
    EXPECT_THROW(AccessRules::parse(ByteView{}), ApiError);
}

}  // namespace
}  // namespace ias::api::detail
