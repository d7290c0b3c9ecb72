/* pad_login_host: a Cryptoki application that logs in to the authentication token and then waits, so the
 * test can dump its memory (gcore) while it holds the login.
 *
 *   pad_login_host MODULE pad          C_Login(CKU_USER, NULL, 0): the PIN is typed on the reader's PIN-pad
 *   pad_login_host MODULE host PIN     C_Login(CKU_USER, PIN): the application gives the PIN (the control)
 *
 * Prints "login rv 0x..", "sign rv 0x.." (a signature with the authentication key proves the login), then
 * "ready" and waits for a line on stdin before C_Finalize. Exit 0 when login and signature succeeded. */
#include <stdio.h>
#include <string.h>

#include "p11probe.h"

int main(int argc, char** argv) {
    if (argc < 3 || (strcmp(argv[2], "host") == 0 && argc < 4)) {
        fprintf(stderr, "usage: %s MODULE pad | MODULE host PIN\n", argv[0]);
        return 2;
    }
    const int onPad = strcmp(argv[2], "pad") == 0;
    CK_FUNCTION_LIST_PTR p11 = probe_load_module(argv[1]);
    if (!p11) return 1;
    CK_RV rv = p11->C_Initialize(NULL);
    CK_SLOT_ID slots[16];
    CK_ULONG n = 16;
    if (rv == CKR_OK) rv = p11->C_GetSlotList(CK_TRUE, slots, &n);
    if (rv != CKR_OK || n == 0) {
        printf("no token (rv 0x%lx)\n", rv);
        return 1;
    }
    /* The authentication token: the first one; with a PIN-pad it must have the protected path. */
    CK_TOKEN_INFO info;
    rv = p11->C_GetTokenInfo(slots[0], &info);
    printf("protected path %d\n", rv == CKR_OK && (info.flags & CKF_PROTECTED_AUTHENTICATION_PATH) ? 1 : 0);
    CK_SESSION_HANDLE s = 0;
    rv = p11->C_OpenSession(slots[0], CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s);
    if (rv == CKR_OK) {
        if (onPad)
            rv = p11->C_Login(s, CKU_USER, NULL, 0);
        else
            rv = p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)argv[3], (CK_ULONG)strlen(argv[3]));
    }
    printf("login rv 0x%lx\n", rv);
    CK_RV login = rv;
    CK_RV signRv = CKR_GENERAL_ERROR;
    if (login == CKR_OK) {
        CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
        CK_ATTRIBUTE query[] = {{CKA_CLASS, &cls, sizeof cls}};
        CK_OBJECT_HANDLE key = 0;
        CK_ULONG found = 0;
        p11->C_FindObjectsInit(s, query, 1);
        p11->C_FindObjects(s, &key, 1, &found);
        p11->C_FindObjectsFinal(s);
        CK_MECHANISM mech = {CKM_SHA256_RSA_PKCS, NULL, 0};
        unsigned char data[] = "document to sign";
        unsigned char sig[1024];
        CK_ULONG len = sizeof sig;
        signRv = found ? p11->C_SignInit(s, &mech, key) : CKR_KEY_HANDLE_INVALID;
        if (signRv == CKR_OK) signRv = p11->C_Sign(s, data, sizeof data - 1, sig, &len);
    }
    printf("sign rv 0x%lx\nready\n", signRv);
    fflush(stdout);
    char line[16];
    if (!fgets(line, sizeof line, stdin)) line[0] = 0;
    p11->C_Finalize(NULL);
    return login == CKR_OK && signRv == CKR_OK ? 0 : 1;
}
