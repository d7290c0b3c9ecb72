// fork_init: a child process must initialise again, and then works; the parent is not disturbed.
#include <sys/wait.h>
#include <unistd.h>

#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

using ForkInit = ModuleTest;

// Runs `body` in a child; its exit status is the number of failed checks (gtest assertions do not cross
// fork).
template <typename F>
int inChild(F body) {
    pid_t pid = fork();
    if (pid == 0) _exit(body());
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST_F(ForkInit, ChildInitialisesAgainAndSigns) {
    CK_SESSION_HANDLE parentSession = open(kAuthSlot);
    ASSERT_EQ(login(parentSession, CKU_USER, "1234"), CKR_OK);
    int failures = inChild([&] {
        int bad = 0;
        CK_ULONG n = 0;
        // The parent's instance is not the child's.
        bad += p11->C_GetSlotList(CK_FALSE, nullptr, &n) != CKR_CRYPTOKI_NOT_INITIALIZED;
        bad += p11->C_Initialize(nullptr) != CKR_OK;
        bad += p11->C_GetSlotList(CK_TRUE, nullptr, &n) != CKR_OK || n != 2;
        CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
        bad += p11->C_OpenSession(kAuthSlot, CKF_SERIAL_SESSION, nullptr, nullptr, &s) != CKR_OK;
        bad += login(s, CKU_USER, "1234") != CKR_OK;
        CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
        CK_ATTRIBUTE t{CKA_CLASS, &cls, sizeof cls};
        bad += p11->C_FindObjectsInit(s, &t, 1) != CKR_OK;
        CK_OBJECT_HANDLE key = 0;
        bad += p11->C_FindObjects(s, &key, 1, &n) != CKR_OK || n != 1;
        p11->C_FindObjectsFinal(s);
        Bytes sig;
        CK_MECHANISM mech{CKM_SHA256_RSA_PKCS, nullptr, 0};
        bad += signOnce(s, mech, key, bytesOf("from the child"), sig) != CKR_OK;
        bad += p11->C_Finalize(nullptr) != CKR_OK;
        return bad;
    });
    EXPECT_EQ(failures, 0);
    // The parent goes on with its session and login.
    CK_SESSION_INFO info;
    ASSERT_EQ(p11->C_GetSessionInfo(parentSession, &info), CKR_OK);
    EXPECT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_USER_FUNCTIONS));
}

TEST_F(ForkInit, ChildThatNeverInitialisesIsRefusedCleanly) {
    int failures = inChild([&] {
        CK_SESSION_INFO info;
        int bad = p11->C_GetSessionInfo(1, &info) != CKR_CRYPTOKI_NOT_INITIALIZED;
        bad += p11->C_Finalize(nullptr) != CKR_CRYPTOKI_NOT_INITIALIZED;
        return bad;
    });
    EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace ias::p11::test
