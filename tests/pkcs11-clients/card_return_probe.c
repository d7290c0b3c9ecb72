/* card_return_probe: one C_Initialize kept while the card leaves and comes back, or pcscd restarts.
 *
 *   card_return_probe MODULE PIN -- COMMAND...
 *
 * Prints one "check: ok|FAIL what" line per step and exits non-zero when one fails. After C_Login and a
 * signature, COMMAND (another process: scripts/testbed restart-pcscd or restart-card) runs while the probe
 * makes no call, as a long-lived client (ssh-agent, a screen locker) would. Then, on the same session and the
 * same key handle: the next signature is answered CKR_USER_NOT_LOGGED_IN (the card forgot the PIN; no
 * display, so the module's dialog cannot ask), never CKR_DEVICE_REMOVED nor a wrong answer; the session is
 * then public; C_Login again signs; the slot list still shows both tokens; a new session signs; C_Finalize.
 * Run with the DISPLAY unset (the test does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "p11probe.h"

static CK_FUNCTION_LIST_PTR p11;
#define check probe_step

static CK_RV signOnce(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key) {
    return probe_sign_text(p11, s, key, "signed across a card's return");
}

static CK_OBJECT_HANDLE rsaKey(CK_SESSION_HANDLE s) {
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_KEY_TYPE type = CKK_RSA;
    CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_KEY_TYPE, &type, sizeof type}};
    CK_OBJECT_HANDLE key = 0;
    CK_ULONG n = 0;
    if (p11->C_FindObjectsInit(s, tmpl, 2) != CKR_OK) return 0;
    p11->C_FindObjects(s, &key, 1, &n);
    p11->C_FindObjectsFinal(s);
    return n == 1 ? key : 0;
}

int main(int argc, char** argv) {
    if (argc < 5 || strcmp(argv[3], "--") != 0) {
        fprintf(stderr, "usage: %s MODULE PIN -- COMMAND...\n", argv[0]);
        return 2;
    }
    const char* pin = argv[2];
    p11 = probe_load_module(argv[1]);
    if (!p11) return 1;
    CK_RV rv = p11->C_Initialize(NULL);
    CK_SLOT_ID slots[16];
    CK_ULONG n = 16;
    if (rv == CKR_OK) rv = p11->C_GetSlotList(CK_TRUE, slots, &n);
    check(rv == CKR_OK && n == 2, "C_Initialize, both tokens of the card", rv);
    CK_SESSION_HANDLE s = 0;
    rv = p11->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &s);
    if (rv == CKR_OK) rv = p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin));
    check(rv == CKR_OK, "C_Login(CKU_USER)", rv);
    CK_OBJECT_HANDLE key = rsaKey(s);
    check(key != 0, "the RSA private key", 0);
    rv = signOnce(s, key);
    check(rv == CKR_OK, "a signature before", rv);

    pid_t child = fork();
    if (child == 0) {
        execvp(argv[4], argv + 4);
        _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "another process ran the command", 0);

    rv = signOnce(s, key);
    check(
        rv == CKR_USER_NOT_LOGGED_IN,
        "the same session and key sign next: CKR_USER_NOT_LOGGED_IN (the card forgot the PIN), not a removal",
        rv);
    CK_SESSION_INFO info;
    rv = p11->C_GetSessionInfo(s, &info);
    check(rv == CKR_OK && info.state == CKS_RO_PUBLIC_SESSION,
          "the session lives and reports the public state", rv);
    rv = p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin));
    check(rv == CKR_OK, "C_Login again on that session", rv);
    rv = signOnce(s, key);
    check(rv == CKR_OK, "the same key handle signs", rv);
    n = 16;
    rv = p11->C_GetSlotList(CK_TRUE, slots, &n);
    check(rv == CKR_OK && n == 2, "the slot list shows both tokens", rv);
    CK_SESSION_HANDLE s2 = 0;
    rv = p11->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &s2);
    if (rv == CKR_OK) rv = signOnce(s2, rsaKey(s2));
    check(rv == CKR_OK, "a new session signs (the token is logged in)", rv);
    rv = p11->C_Finalize(NULL);
    check(rv == CKR_OK, "C_Finalize", rv);
    return probe_failures == 0 ? 0 : 1;
}
