/* p11flow: one flow of the APDU-economy benchmark through any Cryptoki module loaded by path.
 *
 *   p11flow MODULE APDU_LOG startup
 *   p11flow MODULE APDU_LOG idle       the start, then slot list and token information again ("again")
 *   p11flow MODULE APDU_LOG sign TOKEN_LABEL_PART PIN N [rsa-pkcs]  login + 1 signature, then N more
 *   p11flow MODULE APDU_LOG qualified TOKEN_LABEL_PART PIN       login, context login, 1 signature
 *   p11flow MODULE APDU_LOG pinchange TOKEN_LABEL_PART OLD NEW   C_SetPIN in a read-write session
 *
 * Each measured phase prints "phase=NAME from=A to=B ms=T cpu_ms=U": A and B are the sizes of the card's
 * APDU log before and after it (the script counts APDUs and bytes in between), T the wall time, U this
 * process's user+system CPU time. Signatures are CKM_SHA256_RSA_PKCS over a fixed message, or with
 * "rsa-pkcs" CKM_RSA_PKCS over its SHA-256 DigestInfo (the same signature; OpenSC 0.23 with OpenSSL 3 has no
 * CKM_SHA256_RSA_PKCS on IAS-ECC); the qualified key signs with CKM_RSA_PKCS (what its token offers). The
 * last line is "maxrss_kb=N", the peak resident memory of this process with the module loaded. Exit 1 on any
 * failure, naming the call and its CK_RV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "p11probe.h"

#define CHECK PROBE_CHECK

static CK_FUNCTION_LIST_PTR p11;
static const char* apduLog;

static long logSize(void) {
    struct stat st;
    return stat(apduLog, &st) == 0 ? (long)st.st_size : -1;
}

static double cpuMs(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

struct Phase {
    const char* name;
    long from;
    double ms, cpu;
};

static struct Phase begin(const char* name) {
    struct Phase p = {name, logSize(), probe_now_ms(), cpuMs()};
    return p;
}

static void end(struct Phase p) {
    printf("phase=%s from=%ld to=%ld ms=%.1f cpu_ms=%.2f\n", p.name, p.from, logSize(), probe_now_ms() - p.ms,
           cpuMs() - p.cpu);
    fflush(stdout);
}

/* The browser start: every present token, its certificates and their values. */
static void startup(void) {
    CHECK(p11->C_Initialize(NULL));
    unsigned long tokens = 0;
    const int values = probe_read_certificates(p11, &tokens);
    printf("tokens=%lu certificate_values=%d\n", tokens, values);
}

/* The slot whose token label contains `part` (C_Initialize done). */
static CK_SLOT_ID slotOf(const char* part) {
    CK_ULONG n = 16;
    CK_SLOT_ID slots[16];
    CHECK(p11->C_GetSlotList(CK_TRUE, slots, &n));
    for (CK_ULONG i = 0; i < n; ++i) {
        CK_TOKEN_INFO ti;
        CHECK(p11->C_GetTokenInfo(slots[i], &ti));
        char label[33];
        memcpy(label, ti.label, 32);
        label[32] = 0;
        if (strstr(label, part)) return slots[i];
    }
    fprintf(stderr, "no token labelled *%s*\n", part);
    exit(1);
}

static CK_OBJECT_HANDLE privateKey(CK_SESSION_HANDLE s) {
    return probe_private_key(p11, s, CKK_RSA, CKA_SIGN, "no RSA private key");
}

static void signOnce(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key, CK_MECHANISM_TYPE m, const char* ctxPin) {
    static const unsigned char sha256Prefix[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                                 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    unsigned char data[51] = "message signed by the APDU-economy benchmark";
    CK_ULONG len = 44;
    if (m == CKM_RSA_PKCS) { /* a DigestInfo of a fixed "digest" */
        memcpy(data, sha256Prefix, sizeof sha256Prefix);
        memset(data + sizeof sha256Prefix, 0x5A, 32);
        len = sizeof sha256Prefix + 32;
    }
    CK_MECHANISM mech = {m, NULL, 0};
    CHECK(p11->C_SignInit(s, &mech, key));
    if (ctxPin) CHECK(p11->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR_PTR)ctxPin, strlen(ctxPin)));
    unsigned char sig[1024];
    CK_ULONG sigLen = sizeof sig;
    CHECK(p11->C_Sign(s, data, len, sig, &sigLen));
}

int main(int argc, char** argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: p11flow MODULE APDU_LOG startup|sign|qualified|pinchange ...\n");
        return 2;
    }
    apduLog = argv[2];
    const char* flow = argv[3];
    struct Phase load = begin("load");
    p11 = probe_load_module(argv[1]);
    if (!p11) return 1;
    if (!strcmp(flow, "startup") || !strcmp(flow, "idle")) {
        startup();
        end(load);
        if (!strcmp(flow, "idle")) {
            struct Phase p = begin("again");
            CK_ULONG n = 16;
            CK_SLOT_ID slots[16];
            CHECK(p11->C_GetSlotList(CK_FALSE, NULL, &n));
            n = 16;
            CHECK(p11->C_GetSlotList(CK_TRUE, slots, &n));
            for (CK_ULONG i = 0; i < n; ++i) {
                CK_TOKEN_INFO ti;
                CK_SLOT_INFO si;
                CHECK(p11->C_GetSlotInfo(slots[i], &si));
                CHECK(p11->C_GetTokenInfo(slots[i], &ti));
            }
            end(p);
        }
    } else if (!strcmp(flow, "sign") && argc >= 7) {
        CHECK(p11->C_Initialize(NULL));
        CK_SESSION_HANDLE s;
        CHECK(p11->C_OpenSession(slotOf(argv[4]), CKF_SERIAL_SESSION, NULL, NULL, &s));
        struct Phase p = begin("login_sign");
        CHECK(p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)argv[5], strlen(argv[5])));
        CK_OBJECT_HANDLE key = privateKey(s);
        const CK_MECHANISM_TYPE m =
            argc > 7 && !strcmp(argv[7], "rsa-pkcs") ? CKM_RSA_PKCS : CKM_SHA256_RSA_PKCS;
        signOnce(s, key, m, NULL);
        end(p);
        const int n = atoi(argv[6]);
        p = begin("signatures");
        for (int i = 0; i < n; ++i) signOnce(s, key, m, NULL);
        end(p);
        printf("signatures=%d\n", n);
    } else if (!strcmp(flow, "qualified") && argc >= 6) {
        CHECK(p11->C_Initialize(NULL));
        CK_SESSION_HANDLE s;
        CHECK(p11->C_OpenSession(slotOf(argv[4]), CKF_SERIAL_SESSION, NULL, NULL, &s));
        struct Phase p = begin("qualified");
        CHECK(p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)argv[5], strlen(argv[5])));
        signOnce(s, privateKey(s), CKM_RSA_PKCS, argv[5]);
        end(p);
    } else if (!strcmp(flow, "pinchange") && argc >= 7) {
        CHECK(p11->C_Initialize(NULL));
        CK_SESSION_HANDLE s;
        CHECK(p11->C_OpenSession(slotOf(argv[4]), CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s));
        struct Phase p = begin("pinchange");
        CHECK(p11->C_SetPIN(s, (CK_UTF8CHAR_PTR)argv[5], strlen(argv[5]), (CK_UTF8CHAR_PTR)argv[6],
                            strlen(argv[6])));
        end(p);
    } else {
        fprintf(stderr, "unknown flow or missing arguments\n");
        return 2;
    }
    CHECK(p11->C_Finalize(NULL));
    /* VmHWM: the peak of this program's own memory (getrusage's maxrss keeps the parent's peak across exec).
     */
    long hwm = -1;
    FILE* st = fopen("/proc/self/status", "r");
    char line[256];
    while (st && fgets(line, sizeof line, st))
        if (sscanf(line, "VmHWM: %ld", &hwm) == 1) break;
    if (st) fclose(st);
    printf("maxrss_kb=%ld\n", hwm);
    return 0;
}
