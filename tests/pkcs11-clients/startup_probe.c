/* startup_probe: what a browser does with a Cryptoki module at start-up, timed and counted.
 *
 *   startup_probe MODULE APDU_LOG [ROUNDS] [--sign PIN N]
 *
 * Each round: C_Initialize, C_GetSlotList(present), C_GetTokenInfo of each token, a session per token,
 * C_FindObjects for the certificates and C_GetAttributeValue(CKA_VALUE) of each (length, then value),
 * up to the last certificate's value; then C_Finalize. Round 1 is a new process; later rounds run in the
 * same process after C_Finalize. With --sign: after the rounds, C_Login(USER) on the first token and N
 * CKM_SHA256_RSA_PKCS signatures with its first RSA private key, counted per signature.
 * APDUs are the "C " lines the virtual card appended to APDU_LOG meanwhile. Output: one "key=value" line
 * per figure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "p11probe.h"

#define CHECK PROBE_CHECK

static CK_FUNCTION_LIST_PTR p11;
static const char* apduLog;

/* One start-up: returns the number of certificate values read. */
static int startup(void) {
    CK_C_INITIALIZE_ARGS args;
    memset(&args, 0, sizeof args);
    args.flags = CKF_OS_LOCKING_OK;
    CHECK(p11->C_Initialize(&args));
    return probe_read_certificates(p11, NULL);
}

static void signatures(const char* pin, int count) {
    CHECK(p11->C_Initialize(NULL));
    CK_SLOT_ID slots[64];
    CK_ULONG nSlots = 64;
    CHECK(p11->C_GetSlotList(CK_TRUE, slots, &nSlots));
    const CK_SLOT_ID slot = slots[0]; /* the authentication token of the first reader */
    CK_SESSION_HANDLE s;
    CHECK(p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s));
    CHECK(p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin)));
    const CK_OBJECT_HANDLE key =
        probe_private_key(p11, s, CKK_RSA, CKA_SIGN, "no RSA private key after login");
    CK_MECHANISM mech = {CKM_SHA256_RSA_PKCS, NULL, 0};
    unsigned char data[] = "document to sign";
    unsigned char sig[1024];
    const long before = probe_apdu_count(apduLog);
    const double t0 = probe_now_ms();
    for (int i = 0; i < count; ++i) {
        CK_ULONG len = sizeof sig;
        CHECK(p11->C_SignInit(s, &mech, key));
        CHECK(p11->C_Sign(s, data, sizeof data - 1, sig, &len));
    }
    const double t1 = probe_now_ms();
    const long after = probe_apdu_count(apduLog);
    printf("signatures=%d\napdus_per_signature=%.2f\nms_per_signature=%.2f\n", count,
           (double)(after - before) / count, (t1 - t0) / count);
    CHECK(p11->C_Logout(s));
    CHECK(p11->C_CloseSession(s));
    CHECK(p11->C_Finalize(NULL));
}

int main(int argc, char** argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s MODULE APDU_LOG [ROUNDS] [--sign PIN N]\n", argv[0]);
        return 2;
    }
    apduLog = argv[2];
    int rounds = argc > 3 && strcmp(argv[3], "--sign") != 0 ? atoi(argv[3]) : 1;
    const char* pin = NULL;
    int count = 0;
    for (int i = 3; i + 2 < argc; ++i)
        if (strcmp(argv[i], "--sign") == 0) {
            pin = argv[i + 1];
            count = atoi(argv[i + 2]);
        }
    p11 = probe_load_module(argv[1]);
    if (!p11) return 1;
    for (int r = 1; r <= rounds; ++r) {
        const long before = probe_apdu_count(apduLog);
        const double t0 = probe_now_ms();
        const int values = startup();
        const double t1 = probe_now_ms();
        const long after = probe_apdu_count(apduLog);
        CHECK(p11->C_Finalize(NULL));
        printf("round=%d certificates=%d apdus=%ld ms=%.1f\n", r, values, after - before, t1 - t0);
    }
    if (pin && count > 0) signatures(pin, count);
    return 0;
}
