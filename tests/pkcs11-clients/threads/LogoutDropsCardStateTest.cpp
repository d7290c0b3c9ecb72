// C_Logout must make the card forget the PIN, not only the module: the card's verified state is shared by
// every application on the reader. While the module is logged in, another process (ias-tool sign
// --no-pin: no VERIFY of its own) can sign with the authentication key — the control that shows this test
// can fail. After C_Logout it cannot (the card refuses, 6982), the module hides the key again, and a new
// C_Login signs again over the same connection. An IAS-ECC card refuses VERIFY P1=FF (6A86), so the module
// resets the card (docs/pkcs11.md, "Sessions and login").
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "CardTest.h"

namespace ias::p11::cardtest {
namespace {

std::string iasTool() {
    if (const char* t = std::getenv("IAS_TOOL")) return t;
    const char* build = std::getenv("IAS_BUILD_DIR");
    return std::string(build ? build : "build") + "/tools/ias-tool/ias-tool";
}

// Another application signs with the authentication key without presenting the PIN; its exit status.
int signWithoutPin() {
    const std::string in = "logout-test-input.bin", out = "logout-test-signature.bin";
    std::ofstream(in) << "signed by another application";
    const std::string command =
        iasTool() + " sign --key 01 --no-pin --in " + in + " --out " + out + " >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    std::remove(in.c_str());
    std::remove(out.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

class LogoutDropsCardState : public CardTest {};

TEST_F(LogoutDropsCardState, AnotherApplicationCannotSignAfterLogout) {
    CK_C_INITIALIZE_ARGS args = osLocking();
    initialise(&args);
    openTwoSessionsAndLogIn();
    if (HasFatalFailure()) return;
    const std::string text = "signed through the module";
    const Bytes message(text.begin(), text.end());
    Bytes signature;
    ASSERT_EQ(ck.sign(sessions[0], CKM_SHA256_RSA_PKCS, key, message, signature), CKR_OK);
    ASSERT_EQ(signWithoutPin(), 0) << "the control: while logged in, the card's verified PIN serves any "
                                      "application (is "
                                   << iasTool() << " built?)";

    ASSERT_EQ(p11->C_Logout(sessions[0]), CKR_OK);
    const int after = signWithoutPin();
    // ias-tool's exit status 11: the card answered 6982 (security status not satisfied) to the signature.
    EXPECT_EQ(after, 11) << "after C_Logout the card still signs without a PIN (0) or failed otherwise";
    std::printf("  ias-tool sign --no-pin after C_Logout: exit status %d\n", after);
    CK_SESSION_INFO info;
    ASSERT_EQ(p11->C_GetSessionInfo(sessions[1], &info), CKR_OK);
    EXPECT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
    EXPECT_EQ(ck.findOne(sessions[0], CKO_PRIVATE_KEY, kAuthKeyId), CK_INVALID_HANDLE)
        << "the private key is hidden again";

    ASSERT_EQ(ck.login(sessions[0], kAuthPin), CKR_OK);
    const CK_OBJECT_HANDLE again = ck.findOne(sessions[0], CKO_PRIVATE_KEY, kAuthKeyId);
    ASSERT_NE(again, CK_INVALID_HANDLE);
    ASSERT_EQ(ck.sign(sessions[1], CKM_SHA256_RSA_PKCS, again, message, signature), CKR_OK);
    EXPECT_TRUE(verifiesSha256Pkcs1(publicKey.get(), message, signature));
}

}  // namespace
}  // namespace ias::p11::cardtest
