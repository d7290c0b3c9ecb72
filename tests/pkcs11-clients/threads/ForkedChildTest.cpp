// fork() after C_Initialize and C_Login: the child cannot use the parent's instance
// (CKR_CRYPTOKI_NOT_INITIALIZED), calls C_Initialize again, logs in and signs on the card; the parent's
// sessions are untouched by the child. The child's C_Finalize logs its token out, and the card forgets the
// PIN for every process (as at C_Logout): the parent learns that truthfully, logs in again and signs.
#include <sys/wait.h>
#include <unistd.h>

#include "CardTest.h"

namespace ias::p11::cardtest {
namespace {

// The child's steps; the exit status is the number of the first step that failed (0: all passed).
int childSignsAfterInitialisingAgain(const Cryptoki& ck) {
    CK_ULONG count = 0;
    if (ck->C_GetSlotList(CK_TRUE, nullptr, &count) != CKR_CRYPTOKI_NOT_INITIALIZED) return 1;
    CK_C_INITIALIZE_ARGS args = osLocking();
    if (ck->C_Initialize(&args) != CKR_OK) return 2;
    const CK_SLOT_ID slot = ck.authenticationSlot();
    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    if (slot == CK_INVALID_HANDLE || ck.openSession(slot, session) != CKR_OK) return 3;
    // A new instance: its token starts public (the parent's login is the parent's).
    CK_SESSION_INFO info;
    if (ck->C_GetSessionInfo(session, &info) != CKR_OK || info.state != CKS_RO_PUBLIC_SESSION) return 4;
    if (ck.login(session, kAuthPin) != CKR_OK) return 5;
    const CK_OBJECT_HANDLE key = ck.findOne(session, CKO_PRIVATE_KEY, kAuthKeyId);
    const CK_OBJECT_HANDLE cert = ck.findOne(session, CKO_CERTIFICATE, kAuthKeyId);
    if (key == CK_INVALID_HANDLE || cert == CK_INVALID_HANDLE) return 6;
    PublicKey publicKey = publicKeyOfCertificate(ck.attribute(session, cert, CKA_VALUE));
    const std::string text = "signed by the child";
    const Bytes message(text.begin(), text.end());
    Bytes signature;
    if (ck.sign(session, CKM_SHA256_RSA_PKCS, key, message, signature) != CKR_OK) return 7;
    if (!verifiesSha256Pkcs1(publicKey.get(), message, signature)) return 8;
    if (ck.sign(session, CKM_RSA_PKCS, key, sha256DigestInfo(message), signature) != CKR_OK) return 9;
    if (!verifiesSha256Pkcs1(publicKey.get(), message, signature)) return 10;
    if (ck->C_Finalize(nullptr) != CKR_OK) return 11;
    return 0;
}

class ForkedChild : public CardTest {};

TEST_F(ForkedChild, InitialisesAgainAndSignsParentToldOfTheChildsLogout) {
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    CK_C_INITIALIZE_ARGS args = osLocking();
    initialise(&args);
    openTwoSessionsAndLogIn();
    if (HasFatalFailure()) return;
    const std::string text = "signed by the parent";
    const Bytes message(text.begin(), text.end());
    Bytes signature;
    ASSERT_EQ(ck.sign(sessions[0], CKM_SHA256_RSA_PKCS, key, message, signature), CKR_OK);

    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) _exit(childSignsAfterInitialisingAgain(ck));
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status)) << "the child died (status " << status << ")";
    EXPECT_EQ(WEXITSTATUS(status), 0)
        << "the child's first failed step (see childSignsAfterInitialisingAgain)";

    // The child's C_Finalize logged it out: the card forgot the PIN. The parent's sessions are still its own,
    // and it is told the truth (no dialog here: DISPLAY is unset, so pin.dialog_relogin cannot ask).
    CK_SESSION_INFO info;
    ASSERT_EQ(ck.sign(sessions[0], CKM_SHA256_RSA_PKCS, key, message, signature), CKR_USER_NOT_LOGGED_IN);
    ASSERT_EQ(p11->C_GetSessionInfo(sessions[1], &info), CKR_OK);
    EXPECT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
    ASSERT_EQ(ck.login(sessions[1], kAuthPin), CKR_OK);
    for (CK_SESSION_HANDLE s : sessions) {
        ASSERT_EQ(ck.sign(s, CKM_SHA256_RSA_PKCS, key, message, signature), CKR_OK);
        EXPECT_TRUE(verifiesSha256Pkcs1(publicKey.get(), message, signature));
    }
    // The check can fail: the signature does not verify for another message.
    const std::string other = "signed by the parenT";
    EXPECT_FALSE(verifiesSha256Pkcs1(publicKey.get(), Bytes(other.begin(), other.end()), signature));
}

}  // namespace
}  // namespace ias::p11::cardtest
