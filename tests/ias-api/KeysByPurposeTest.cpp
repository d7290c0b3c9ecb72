// The card's keys by purpose: the authentication key and the qualified-signature key as the profiles of
// docs/card-profile.md define them (key iDs from that document, not from the code under test).
#include "CardFixture.h"

namespace ias::api::test {
namespace {

class KeysByPurpose : public CardTest {};

TEST_F(KeysByPurpose, TheQualifiedSignatureKeyIsTheNonRepudiationKeyOfTheSignaturePin) {
    auto card = openCard();
    const KeyInfo& key = card->qualifiedSignatureKey();
    EXPECT_EQ(key.id, kSignKey);
    EXPECT_TRUE(key.qualified());
    EXPECT_EQ(card->authenticationKey().id, kAuthKey);
    EXPECT_FALSE(card->authenticationKey().qualified());
}

class ExtendedKeysByPurpose : public CardTest {
protected:
    std::string profile() const override { return "extended"; }
};

TEST_F(ExtendedKeysByPurpose, TheExtraEcAuthenticationKeyIsNeverTakenForTheQualifiedOne) {
    auto card = openCard();
    EXPECT_EQ(card->qualifiedSignatureKey().id, kSignKey);
}

}  // namespace
}  // namespace ias::api::test
