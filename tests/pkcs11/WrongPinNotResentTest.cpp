// wrong_pin_not_resent: a client resending the PIN the card just refused (NSS does, without limit) does not
// burn the card's tries; empty and out-of-rule PINs never reach the card.
#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

using fake::kAuthPin;
using fake::kSignPin;
using WrongPinNotResent = ModuleTest;

TEST_F(WrongPinNotResent, SameWrongPinIsRefusedWithoutVerify) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    EXPECT_EQ(login(s, CKU_USER, "9999"), CKR_PIN_INCORRECT);
    EXPECT_EQ(fake->verifyCount(kAuthPin), 1);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(login(s, CKU_USER, "9999"), CKR_PIN_INCORRECT);
    EXPECT_EQ(fake->verifyCount(kAuthPin), 1);
    EXPECT_EQ(fake->triesLeft(kAuthPin), 2);
    // Another answer is the user's choice: it goes to the card.
    EXPECT_EQ(login(s, CKU_USER, "8888"), CKR_PIN_INCORRECT);
    EXPECT_EQ(fake->verifyCount(kAuthPin), 2);
    EXPECT_EQ(fake->triesLeft(kAuthPin), 1);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    EXPECT_EQ(fake->triesLeft(kAuthPin), 3);
}

TEST_F(WrongPinNotResent, ForgottenAfterASuccess) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    EXPECT_EQ(login(s, CKU_USER, "9999"), CKR_PIN_INCORRECT);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    ASSERT_EQ(p11->C_Logout(s), CKR_OK);
    EXPECT_EQ(login(s, CKU_USER, "9999"), CKR_PIN_INCORRECT);
    EXPECT_EQ(fake->verifyCount(kAuthPin), 3);
}

TEST_F(WrongPinNotResent, EmptyPinNinetySixTimesNeverReachesTheCard) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    CK_UTF8CHAR empty[1] = {0};
    for (int i = 0; i < 96; ++i) EXPECT_EQ(p11->C_Login(s, CKU_USER, empty, 0), CKR_PIN_INCORRECT);
    EXPECT_EQ(fake->verifyCount(kAuthPin), 0);
    EXPECT_EQ(fake->triesLeft(kAuthPin), 3);
}

TEST_F(WrongPinNotResent, RememberedPerToken) {
    CK_SESSION_HANDLE a = open(kAuthSlot), s = open(kSignSlot);
    EXPECT_EQ(login(a, CKU_USER, "999999"), CKR_PIN_INCORRECT);
    EXPECT_EQ(login(s, CKU_USER, "999999"), CKR_PIN_INCORRECT);  // a different PIN: sent once
    EXPECT_EQ(login(s, CKU_USER, "999999"), CKR_PIN_INCORRECT);
    EXPECT_EQ(fake->verifyCount(kAuthPin), 1);
    EXPECT_EQ(fake->verifyCount(kSignPin), 1);
}

TEST_F(WrongPinNotResent, ContextLoginLoopDoesNotBurnTheSignaturePin) {
    CK_SESSION_HANDLE s = open(kSignSlot);
    CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x02);
    CK_MECHANISM mech{CKM_RSA_PKCS, nullptr, 0};
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(login(s, CKU_CONTEXT_SPECIFIC, "000000"), CKR_PIN_INCORRECT);
    EXPECT_EQ(fake->verifyCount(kSignPin), 1);
    EXPECT_EQ(fake->triesLeft(kSignPin), 2);
}

TEST_F(WrongPinNotResent, WrongOldPinOfSetPinIsRemembered) {
    CK_SESSION_HANDLE s = open(kAuthSlot, true);
    std::string bad = "7777", next = "2468";
    auto u = [](std::string& v) { return reinterpret_cast<CK_UTF8CHAR_PTR>(v.data()); };
    EXPECT_EQ(p11->C_SetPIN(s, u(bad), 4, u(next), 4), CKR_PIN_INCORRECT);
    EXPECT_EQ(p11->C_SetPIN(s, u(bad), 4, u(next), 4), CKR_PIN_INCORRECT);
    EXPECT_EQ(login(s, CKU_USER, "7777"), CKR_PIN_INCORRECT);
    EXPECT_EQ(fake->verifyCount(kAuthPin), 1);
}

}  // namespace
}  // namespace ias::p11::test
