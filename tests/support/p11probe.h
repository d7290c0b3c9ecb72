/* What the small C programs that drive a Cryptoki module on the test bed share (startup_probe, reset_probe,
 * the benchmark's p11flow): loading a module by path, counting the card's APDUs in its log, a clock, and the
 * browser's start-up walk over tokens and certificates. C, so the probes stay plain Cryptoki callers. */
#ifndef IAS_TESTS_P11PROBE_H
#define IAS_TESTS_P11PROBE_H

#include <dlfcn.h>
#include <p11-kit/pkcs11.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Exits the probe with the failing call and its CK_RV (a probe is a test program, not library code). */
#define PROBE_CHECK(call)                                                                          \
    do {                                                                                           \
        CK_RV rv_ = (call);                                                                        \
        if (rv_ != CKR_OK) {                                                                       \
            fprintf(stderr, "%s:%d: %s = 0x%lx\n", __FILE__, __LINE__, #call, (unsigned long)rv_); \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

/* The module's function list (Cryptoki 2.40 entry point), or NULL with a message on stderr. */
static inline CK_FUNCTION_LIST_PTR probe_load_module(const char* path) {
    void* lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return NULL;
    }
    CK_C_GetFunctionList getList = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
    CK_FUNCTION_LIST_PTR list = NULL;
    if (!getList || getList(&list) != CKR_OK) {
        fprintf(stderr, "%s: no C_GetFunctionList\n", path);
        return NULL;
    }
    return list;
}

/* The first private key of the session's token that is of `keyType` and has `attribute` = CK_TRUE; exits the
 * probe with `what` when there is none. */
static inline CK_OBJECT_HANDLE probe_private_key(CK_FUNCTION_LIST_PTR p11, CK_SESSION_HANDLE s,
                                                 CK_KEY_TYPE keyType, CK_ATTRIBUTE_TYPE attribute,
                                                 const char* what) {
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls},
                           {CKA_KEY_TYPE, &keyType, sizeof keyType},
                           {attribute, &yes, sizeof yes}};
    CK_OBJECT_HANDLE key;
    CK_ULONG found = 0;
    PROBE_CHECK(p11->C_FindObjectsInit(s, tmpl, 3));
    PROBE_CHECK(p11->C_FindObjects(s, &key, 1, &found));
    PROBE_CHECK(p11->C_FindObjectsFinal(s));
    if (found != 1) {
        fprintf(stderr, "%s\n", what);
        exit(1);
    }
    return key;
}

/* Probes that report step by step: one "check: ok|FAIL what (rv ...)" line each, failures counted. */
static int probe_failures;
static inline void probe_step(int ok, const char* what, CK_RV rv) {
    printf("check: %s %s (rv 0x%lx)\n", ok ? "ok" : "FAIL", what, rv);
    if (!ok) ++probe_failures;
}

/* One CKM_SHA256_RSA_PKCS signature of `text` with `key`: the return value of C_SignInit or C_Sign. */
static inline CK_RV probe_sign_text(CK_FUNCTION_LIST_PTR p11, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key,
                                    const char* text) {
    CK_MECHANISM mech = {CKM_SHA256_RSA_PKCS, NULL, 0};
    unsigned char sig[1024];
    CK_ULONG len = sizeof sig;
    CK_RV rv = p11->C_SignInit(s, &mech, key);
    if (rv != CKR_OK) return rv;
    return p11->C_Sign(s, (CK_BYTE_PTR)text, (CK_ULONG)strlen(text), sig, &len);
}

/* The command APDUs the virtual card has logged so far ("C " lines), -1 if the log cannot be read. */
static inline long probe_apdu_count(const char* apduLog) {
    FILE* f = fopen(apduLog, "r");
    if (!f) return -1;
    long n = 0;
    char line[4096];
    while (fgets(line, sizeof line, f))
        if (line[0] == 'C' && line[1] == ' ') ++n;
    fclose(f);
    return n;
}

static inline double probe_now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* A browser's start after C_Initialize: the present slots, each token's information, a session per token,
 * every certificate and its CKA_VALUE (length, then value). Returns the number of values read; *tokens (if
 * not NULL) gets the number of tokens. */
static inline int probe_read_certificates(CK_FUNCTION_LIST_PTR p11, unsigned long* tokens) {
    CK_ULONG nSlots = 0;
    PROBE_CHECK(p11->C_GetSlotList(CK_TRUE, NULL, &nSlots));
    CK_SLOT_ID slots[64];
    if (nSlots > 64) nSlots = 64;
    PROBE_CHECK(p11->C_GetSlotList(CK_TRUE, slots, &nSlots));
    if (tokens) *tokens = nSlots;
    int values = 0;
    for (CK_ULONG i = 0; i < nSlots; ++i) {
        CK_TOKEN_INFO info;
        PROBE_CHECK(p11->C_GetTokenInfo(slots[i], &info));
        CK_SESSION_HANDLE s;
        PROBE_CHECK(p11->C_OpenSession(slots[i], CKF_SERIAL_SESSION, NULL, NULL, &s));
        CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
        CK_ATTRIBUTE tmpl = {CKA_CLASS, &cls, sizeof cls};
        PROBE_CHECK(p11->C_FindObjectsInit(s, &tmpl, 1));
        CK_OBJECT_HANDLE objs[64];
        CK_ULONG n = 0;
        PROBE_CHECK(p11->C_FindObjects(s, objs, 64, &n));
        PROBE_CHECK(p11->C_FindObjectsFinal(s));
        for (CK_ULONG k = 0; k < n; ++k) {
            CK_ATTRIBUTE value = {CKA_VALUE, NULL, 0};
            PROBE_CHECK(p11->C_GetAttributeValue(s, objs[k], &value, 1));
            value.pValue = malloc(value.ulValueLen);
            PROBE_CHECK(p11->C_GetAttributeValue(s, objs[k], &value, 1));
            free(value.pValue);
            ++values;
        }
        PROBE_CHECK(p11->C_CloseSession(s));
    }
    return values;
}

#endif
