// login_state: one login state per token shared by its sessions, user types, PIN errors and token flags,
// C_SetPIN, C_InitPIN (unblock with the PUK), C_Logout, the protected authentication path.
#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

using fake::kAuthPin;
using fake::kPuk;
using fake::kSignPin;

class LoginState : public ModuleTest {
protected:
    CK_STATE state(CK_SESSION_HANDLE s) {
        CK_SESSION_INFO info{};
        EXPECT_EQ(p11->C_GetSessionInfo(s, &info), CKR_OK);
        return info.state;
    }
    CK_FLAGS tokenFlags(CK_SLOT_ID slot) {
        CK_TOKEN_INFO info{};
        EXPECT_EQ(p11->C_GetTokenInfo(slot, &info), CKR_OK);
        return info.flags;
    }
};

TEST_F(LoginState, SharedByAllSessionsOfTheToken) {
    CK_SESSION_HANDLE ro = open(kAuthSlot), rw = open(kAuthSlot, true), other = open(kSignSlot);
    EXPECT_EQ(state(ro), static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
    EXPECT_EQ(state(rw), static_cast<CK_STATE>(CKS_RW_PUBLIC_SESSION));
    ASSERT_EQ(login(ro, CKU_USER, "1234"), CKR_OK);
    EXPECT_EQ(state(ro), static_cast<CK_STATE>(CKS_RO_USER_FUNCTIONS));
    EXPECT_EQ(state(rw), static_cast<CK_STATE>(CKS_RW_USER_FUNCTIONS));
    EXPECT_EQ(state(other), static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));  // the other token has its own PIN
    CK_SESSION_HANDLE later = open(kAuthSlot);
    EXPECT_EQ(state(later), static_cast<CK_STATE>(CKS_RO_USER_FUNCTIONS));
    EXPECT_EQ(login(rw, CKU_USER, "1234"), CKR_USER_ALREADY_LOGGED_IN);
    ASSERT_EQ(p11->C_Logout(rw), CKR_OK);
    EXPECT_EQ(state(ro), static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
    EXPECT_EQ(p11->C_Logout(ro), CKR_USER_NOT_LOGGED_IN);
    EXPECT_EQ(fake->verifyCount(kAuthPin), 1);
}

TEST_F(LoginState, ClosingTheLastSessionLogsOut) {
    CK_SESSION_HANDLE a = open(kAuthSlot), b = open(kAuthSlot);
    ASSERT_EQ(login(a, CKU_USER, "1234"), CKR_OK);
    ASSERT_EQ(p11->C_CloseSession(a), CKR_OK);
    EXPECT_EQ(state(b), static_cast<CK_STATE>(CKS_RO_USER_FUNCTIONS));
    ASSERT_EQ(p11->C_CloseSession(b), CKR_OK);
    CK_SESSION_HANDLE c = open(kAuthSlot);
    EXPECT_EQ(state(c), static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
    ASSERT_EQ(login(c, CKU_USER, "1234"), CKR_OK);
    ASSERT_EQ(p11->C_CloseAllSessions(kAuthSlot), CKR_OK);
    CK_SESSION_HANDLE d = open(kAuthSlot);
    EXPECT_EQ(state(d), static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
    CK_SESSION_INFO info;
    EXPECT_EQ(p11->C_GetSessionInfo(c, &info), CKR_SESSION_HANDLE_INVALID);
}

TEST_F(LoginState, SecurityOfficerRules) {
    CK_SESSION_HANDLE ro = open(kAuthSlot);
    CK_SESSION_HANDLE rw = open(kAuthSlot, true);
    EXPECT_EQ(login(rw, CKU_SO, "12345678"), CKR_SESSION_READ_ONLY_EXISTS);
    ASSERT_EQ(p11->C_CloseSession(ro), CKR_OK);
    ASSERT_EQ(login(rw, CKU_SO, "12345678"), CKR_OK);
    EXPECT_EQ(state(rw), static_cast<CK_STATE>(CKS_RW_SO_FUNCTIONS));
    CK_SESSION_HANDLE h = CK_INVALID_HANDLE;
    EXPECT_EQ(p11->C_OpenSession(kAuthSlot, CKF_SERIAL_SESSION, nullptr, nullptr, &h),
              CKR_SESSION_READ_WRITE_SO_EXISTS);
    EXPECT_EQ(login(rw, CKU_USER, "1234"), CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
    EXPECT_EQ(login(rw, CKU_SO, "12345678"), CKR_USER_ALREADY_LOGGED_IN);
    ASSERT_EQ(p11->C_Logout(rw), CKR_OK);
    ASSERT_EQ(login(rw, CKU_USER, "1234"), CKR_OK);
    EXPECT_EQ(login(rw, CKU_SO, "12345678"), CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
    EXPECT_EQ(login(rw, 7, "1234"), CKR_USER_TYPE_INVALID);
}

TEST_F(LoginState, WrongPinCountsDownInTheTokenFlags) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    EXPECT_EQ(tokenFlags(kAuthSlot) & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED),
              0u);
    EXPECT_NE(tokenFlags(kAuthSlot) & CKF_LOGIN_REQUIRED, 0u);
    EXPECT_NE(tokenFlags(kAuthSlot) & CKF_USER_PIN_INITIALIZED, 0u);
    EXPECT_NE(tokenFlags(kAuthSlot) & CKF_TOKEN_INITIALIZED, 0u);
    EXPECT_EQ(login(s, CKU_USER, "0000"), CKR_PIN_INCORRECT);
    EXPECT_NE(tokenFlags(kAuthSlot) & CKF_USER_PIN_COUNT_LOW, 0u);
    EXPECT_EQ(login(s, CKU_USER, "1111"), CKR_PIN_INCORRECT);
    EXPECT_NE(tokenFlags(kAuthSlot) & CKF_USER_PIN_FINAL_TRY, 0u);
    EXPECT_EQ(login(s, CKU_USER, "2222"), CKR_PIN_LOCKED);
    EXPECT_NE(tokenFlags(kAuthSlot) & CKF_USER_PIN_LOCKED, 0u);
    const int sent = fake->verifyCount(kAuthPin);
    EXPECT_EQ(login(s, CKU_USER, "1234"), CKR_PIN_LOCKED);  // not sent: the card said blocked
    EXPECT_EQ(fake->verifyCount(kAuthPin), sent);
    EXPECT_EQ(fake->triesLeft(kAuthPin), 0);
    // The signature token's PIN is untouched.
    EXPECT_EQ(tokenFlags(kSignSlot) & CKF_USER_PIN_LOCKED, 0u);
}

TEST_F(LoginState, RightPinAfterAWrongOneClearsCountLow) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    EXPECT_EQ(login(s, CKU_USER, "0000"), CKR_PIN_INCORRECT);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    EXPECT_EQ(tokenFlags(kAuthSlot) & CKF_USER_PIN_COUNT_LOW, 0u);
}

TEST_F(LoginState, PinLengthCheckedBeforeTheCard) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    // C_Login's code for a PIN the card could never hold is CKR_PIN_INCORRECT (PKCS #11 3.0).
    EXPECT_EQ(login(s, CKU_USER, ""), CKR_PIN_INCORRECT);
    EXPECT_EQ(login(s, CKU_USER, "123"), CKR_PIN_INCORRECT);
    EXPECT_EQ(login(s, CKU_USER, "123456789"), CKR_PIN_INCORRECT);
    CK_SESSION_HANDLE sig = open(kSignSlot);
    EXPECT_EQ(login(sig, CKU_USER, "1234"), CKR_PIN_INCORRECT);  // the signature PIN has 6 to 8 digits
    EXPECT_EQ(fake->verifyCount(kAuthPin), 0);
    EXPECT_EQ(fake->verifyCount(kSignPin), 0);
    EXPECT_EQ(fake->triesLeft(kAuthPin), 3);
}

TEST_F(LoginState, SetPinChangesTheUserPin) {
    CK_SESSION_HANDLE ro = open(kAuthSlot);
    std::string oldPin = "1234", newPin = "4321", bad = "12";
    auto u = [](std::string& s) { return reinterpret_cast<CK_UTF8CHAR_PTR>(s.data()); };
    EXPECT_EQ(p11->C_SetPIN(ro, u(oldPin), 4, u(newPin), 4), CKR_SESSION_READ_ONLY);
    CK_SESSION_HANDLE rw = open(kAuthSlot, true);
    EXPECT_EQ(p11->C_SetPIN(rw, u(oldPin), 4, u(bad), 2), CKR_PIN_LEN_RANGE);
    ASSERT_EQ(p11->C_SetPIN(rw, u(oldPin), 4, u(newPin), 4), CKR_OK);
    EXPECT_EQ(login(rw, CKU_USER, "1234"), CKR_PIN_INCORRECT);
    EXPECT_EQ(login(rw, CKU_USER, "4321"), CKR_OK);
}

TEST_F(LoginState, InitPinUnblocksWithThePuk) {
    fake->setTriesLeft(kAuthPin, 0);
    CK_SESSION_HANDLE rw = open(kAuthSlot, true);
    std::string newPin = "5555";
    auto* p = reinterpret_cast<CK_UTF8CHAR_PTR>(newPin.data());
    EXPECT_EQ(p11->C_InitPIN(rw, p, 4), CKR_USER_NOT_LOGGED_IN);
    ASSERT_EQ(login(rw, CKU_SO, "12345678"), CKR_OK);
    EXPECT_EQ(p11->C_InitPIN(rw, p, 2), CKR_PIN_LEN_RANGE);
    ASSERT_EQ(p11->C_InitPIN(rw, p, 4), CKR_OK);
    EXPECT_EQ(fake->triesLeft(kAuthPin), 3);
    ASSERT_EQ(p11->C_Logout(rw), CKR_OK);
    EXPECT_EQ(login(rw, CKU_USER, "5555"), CKR_OK);
    EXPECT_EQ(fake->verifyCount(kPuk), 1);
}

TEST_F(LoginState, ProtectedAuthenticationPath) {
    fake->setProtectedPath(kAuthPin, true, "1234");
    // The PIN state is read when the card is loaded: reconnect through a new insertion.
    fake->removeCard(kReader0);
    fake->insertCard(kReader0);
    EXPECT_NE(tokenFlags(kAuthSlot) & CKF_PROTECTED_AUTHENTICATION_PATH, 0u);
    EXPECT_EQ(tokenFlags(kSignSlot) & CKF_PROTECTED_AUTHENTICATION_PATH, 0u);
    CK_SESSION_HANDLE s = open(kAuthSlot);
    ASSERT_EQ(p11->C_Login(s, CKU_USER, nullptr, 0), CKR_OK);
    EXPECT_EQ(state(s), static_cast<CK_STATE>(CKS_RO_USER_FUNCTIONS));
    // Without a protected path a NULL PIN is a bad argument.
    CK_SESSION_HANDLE sig = open(kSignSlot);
    EXPECT_EQ(p11->C_Login(sig, CKU_USER, nullptr, 0), CKR_ARGUMENTS_BAD);
}

TEST_F(LoginState, CancelledOnThePinPad) {
    fake->setProtectedPath(kAuthPin, true, "");
    fake->removeCard(kReader0);
    fake->insertCard(kReader0);
    CK_SESSION_HANDLE s = open(kAuthSlot);
    EXPECT_EQ(p11->C_Login(s, CKU_USER, nullptr, 0), CKR_FUNCTION_CANCELED);
    EXPECT_EQ(state(s), static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
}

}  // namespace
}  // namespace ias::p11::test
