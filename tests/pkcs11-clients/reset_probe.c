/* reset_probe: another application resets the card while libias-pkcs11.so holds a login.
 *
 *   reset_probe MODULE APDU_LOG PIN -- RESET_COMMAND...
 *
 * Prints one "check: ok|FAIL what" line per step and exits non-zero when one fails:
 * C_Initialize and the reader list cost no APDU, slot and token information once read cost none; after
 * C_Login a signature works; RESET_COMMAND (another process, e.g. opensc-tool --reset) resets the card; the
 * next signature is refused with CKR_USER_NOT_LOGGED_IN (never a wrong answer), the session then reports the
 * public state, and a new C_Login signs again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "p11probe.h"

static CK_FUNCTION_LIST_PTR p11;
static const char* apduLog;
#define check probe_step

static CK_RV signOnce(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key) {
    return probe_sign_text(p11, s, key, "document to sign");
}

int main(int argc, char** argv) {
    if (argc < 6 || strcmp(argv[4], "--") != 0) {
        fprintf(stderr, "usage: %s MODULE APDU_LOG PIN -- RESET_COMMAND...\n", argv[0]);
        return 2;
    }
    apduLog = argv[2];
    const char* pin = argv[3];
    p11 = probe_load_module(argv[1]);
    if (!p11) return 1;
    long before = probe_apdu_count(apduLog);
    CK_RV rv = p11->C_Initialize(NULL);
    CK_SLOT_ID slots[16];
    CK_ULONG n = 16;
    if (rv == CKR_OK) rv = p11->C_GetSlotList(CK_FALSE, slots, &n);
    check(rv == CKR_OK && n >= 2, "C_Initialize, C_GetSlotList(all)", rv);
    check(probe_apdu_count(apduLog) == before,
          "C_Initialize and the reader list cost no APDU (PC/SC status only)", rv);
    /* The first look at a slot reads the card, the first C_GetTokenInfo of a token its PINs' retry counters
     * (once per insertion); later looks cost nothing. */
    CK_SLOT_INFO slotInfo;
    CK_TOKEN_INFO tokenInfo;
    rv = p11->C_GetSlotInfo(slots[0], &slotInfo);
    check(rv == CKR_OK && (slotInfo.flags & CKF_TOKEN_PRESENT), "the first slot shows a token", rv);
    for (CK_ULONG i = 0; i < 2; ++i) (void)p11->C_GetTokenInfo(slots[i], &tokenInfo);
    before = probe_apdu_count(apduLog);
    n = 16;
    rv = p11->C_GetSlotList(CK_TRUE, slots, &n);
    for (CK_ULONG i = 0; rv == CKR_OK && i < n; ++i) {
        rv = p11->C_GetSlotInfo(slots[i], &slotInfo);
        if (rv == CKR_OK) rv = p11->C_GetTokenInfo(slots[i], &tokenInfo);
    }
    check(rv == CKR_OK && n == 2, "C_GetSlotList(present): both tokens of the card", rv);
    check(probe_apdu_count(apduLog) == before, "slot and token information again: no APDU", rv);

    CK_SESSION_HANDLE s = 0;
    rv = p11->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &s);
    if (rv == CKR_OK) rv = p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin));
    check(rv == CKR_OK, "C_Login(CKU_USER)", rv);
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_KEY_TYPE type = CKK_RSA;
    CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_KEY_TYPE, &type, sizeof type}};
    CK_OBJECT_HANDLE key = 0;
    n = 0;
    rv = p11->C_FindObjectsInit(s, tmpl, 2);
    if (rv == CKR_OK) rv = p11->C_FindObjects(s, &key, 1, &n);
    p11->C_FindObjectsFinal(s);
    check(rv == CKR_OK && n == 1, "the RSA private key is found after login", rv);
    rv = signOnce(s, key);
    check(rv == CKR_OK, "a signature before the reset", rv);

    pid_t child = fork();
    if (child == 0) {
        execvp(argv[5], argv + 5);
        _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "another process reset the card", 0);

    rv = signOnce(s, key);
    check(rv == CKR_USER_NOT_LOGGED_IN, "the signature after the reset: CKR_USER_NOT_LOGGED_IN", rv);
    CK_SESSION_INFO info;
    rv = p11->C_GetSessionInfo(s, &info);
    check(rv == CKR_OK && info.state == CKS_RO_PUBLIC_SESSION, "the session now reports the public state",
          rv);
    rv = p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin));
    check(rv == CKR_OK, "C_Login again", rv);
    rv = signOnce(s, key);
    check(rv == CKR_OK, "a signature after logging in again", rv);

    /* Optional: the card leaves the reader and comes back (IAS_PROBE_REMOVE / IAS_PROBE_INSERT commands). */
    const char* removeCmd = getenv("IAS_PROBE_REMOVE");
    const char* insertCmd = getenv("IAS_PROBE_INSERT");
    if (removeCmd && insertCmd) {
        check(system(removeCmd) == 0, "the card was removed", 0);
        rv = signOnce(s, key);
        check(rv == CKR_DEVICE_REMOVED || rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_TOKEN_NOT_PRESENT,
              "a signature without the card: device removed", rv);
        rv = p11->C_GetSlotInfo(slots[0], &slotInfo);
        check(rv == CKR_OK && !(slotInfo.flags & CKF_TOKEN_PRESENT), "the slot shows no token", rv);
        CK_SLOT_ID eventSlot = 0;
        int events = 0;
        while (p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &eventSlot, NULL) == CKR_OK && events < 8) ++events;
        check(events > 0, "C_WaitForSlotEvent(CKF_DONT_BLOCK) reports the removal", 0);
        /* A blocking wait, released by the insertion another process makes half a second later. */
        pid_t inserter = fork();
        if (inserter == 0) {
            usleep(500000);
            _exit(system(insertCmd) == 0 ? 0 : 1);
        }
        rv = p11->C_WaitForSlotEvent(0, &eventSlot, NULL);
        check(rv == CKR_OK && (eventSlot == slots[0] || eventSlot == slots[1]),
              "a blocking C_WaitForSlotEvent returns the reader's slot on insertion", rv);
        waitpid(inserter, &status, 0);
        check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the card was inserted again", 0);
        rv = p11->C_GetSlotInfo(slots[0], &slotInfo);
        check(rv == CKR_OK && (slotInfo.flags & CKF_TOKEN_PRESENT), "the same slot shows the token again",
              rv);
        rv = p11->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &s);
        if (rv == CKR_OK) rv = p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin));
        n = 0;
        if (rv == CKR_OK) rv = p11->C_FindObjectsInit(s, tmpl, 2);
        if (rv == CKR_OK) rv = p11->C_FindObjects(s, &key, 1, &n);
        p11->C_FindObjectsFinal(s);
        if (rv == CKR_OK) rv = n == 1 ? signOnce(s, key) : CKR_GENERAL_ERROR;
        check(rv == CKR_OK, "new session, login and signature on the re-inserted card", rv);
    }
    p11->C_CloseSession(s);
    rv = p11->C_Finalize(NULL);
    check(rv == CKR_OK, "C_Finalize", rv);
    return probe_failures == 0 ? 0 : 1;
}
