/* pin_dialog_probe: drives libias-pkcs11.so step by step, for the PIN dialog tests.
 *
 *   pin_dialog_probe MODULE SLOT_INDEX STEP...
 *
 * SLOT_INDEX 0 is the card's authentication token, 1 its signature token. Steps, run in order:
 *   flags              prints "flags protected=0|1" (CKF_PROTECTED_AUTHENTICATION_PATH of the token)
 *   login              C_Login(CKU_USER, NULL, 0): the module obtains the PIN
 *   login=PIN          C_Login(CKU_USER, PIN)
 *   sign=IN:OUT        C_SignInit(CKM_RSA_PKCS) with the token's signing key, C_Sign(IN's bytes) → OUT
 *   csign=IN:OUT       the same with C_Login(CKU_CONTEXT_SPECIFIC, NULL, 0) between init and sign
 *   logout             C_Logout
 *   setpin             C_SetPIN(NULL, 0, NULL, 0): the module obtains the current and the new PIN
 *   setpin=OLD:NEW     C_SetPIN(OLD, NEW)
 *   run=COMMAND        system(COMMAND) (another process resets or removes the card)
 *   sleep=SECONDS
 *   finalize           C_Finalize, then C_Initialize and a new session on the same slot
 * Each step prints "step NAME rv=0x... ms=..."; the exit status is 0 unless the module cannot be used. */
#include <dlfcn.h>
#include <p11-kit/pkcs11.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static CK_FUNCTION_LIST_PTR p11;
static CK_SLOT_ID slot;
static CK_SESSION_HANDLE session;

static double nowMs(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static CK_RV openSession(unsigned index) {
    CK_SLOT_ID slots[16];
    CK_ULONG n = 16;
    CK_RV rv = p11->C_GetSlotList(CK_TRUE, slots, &n);
    if (rv != CKR_OK) return rv;
    if (index >= n) return CKR_SLOT_ID_INVALID;
    slot = slots[index];
    return p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &session);
}

static CK_RV signingKey(CK_OBJECT_HANDLE* key) {
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_SIGN, &yes, sizeof yes}};
    CK_ULONG n = 0;
    CK_RV rv = p11->C_FindObjectsInit(session, tmpl, 2);
    if (rv == CKR_OK) rv = p11->C_FindObjects(session, key, 1, &n);
    p11->C_FindObjectsFinal(session);
    return rv == CKR_OK && n != 1 ? CKR_KEY_HANDLE_INVALID : rv;
}

static CK_RV signFile(const char* spec, int contextLogin) {
    char in[1024], out[1024];
    const char* colon = strchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= sizeof in) return CKR_ARGUMENTS_BAD;
    memcpy(in, spec, (size_t)(colon - spec));
    in[colon - spec] = 0;
    snprintf(out, sizeof out, "%s", colon + 1);
    unsigned char data[512], sig[1024];
    FILE* f = fopen(in, "rb");
    if (!f) return CKR_ARGUMENTS_BAD;
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    CK_OBJECT_HANDLE key = 0;
    CK_RV rv = signingKey(&key);
    CK_MECHANISM mech = {CKM_RSA_PKCS, NULL, 0};
    if (rv == CKR_OK) rv = p11->C_SignInit(session, &mech, key);
    if (rv == CKR_OK && contextLogin) rv = p11->C_Login(session, CKU_CONTEXT_SPECIFIC, NULL, 0);
    CK_ULONG sigLen = sizeof sig;
    if (rv == CKR_OK) rv = p11->C_Sign(session, data, len, sig, &sigLen);
    if (rv == CKR_OK) {
        f = fopen(out, "wb");
        if (!f || fwrite(sig, 1, sigLen, f) != sigLen) rv = CKR_GENERAL_ERROR;
        if (f) fclose(f);
    }
    return rv;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s MODULE SLOT_INDEX STEP...\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    void* lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    CK_C_GetFunctionList getList = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
    if (!getList || getList(&p11) != CKR_OK) return 1;
    const unsigned index = (unsigned)atoi(argv[2]);
    CK_RV rv = p11->C_Initialize(NULL);
    if (rv == CKR_OK) rv = openSession(index);
    printf("step open rv=0x%lx\n", rv);
    if (rv != CKR_OK) return 1;
    for (int i = 3; i < argc; ++i) {
        const char* step = argv[i];
        const double start = nowMs();
        if (strcmp(step, "flags") == 0) {
            CK_TOKEN_INFO info;
            rv = p11->C_GetTokenInfo(slot, &info);
            printf("flags protected=%d\n",
                   rv == CKR_OK && (info.flags & CKF_PROTECTED_AUTHENTICATION_PATH) ? 1 : 0);
        } else if (strcmp(step, "login") == 0) {
            rv = p11->C_Login(session, CKU_USER, NULL, 0);
        } else if (strncmp(step, "login=", 6) == 0) {
            rv = p11->C_Login(session, CKU_USER, (CK_UTF8CHAR_PTR)(step + 6), strlen(step + 6));
        } else if (strncmp(step, "sign=", 5) == 0) {
            rv = signFile(step + 5, 0);
        } else if (strncmp(step, "csign=", 6) == 0) {
            rv = signFile(step + 6, 1);
        } else if (strcmp(step, "setpin") == 0) {
            rv = p11->C_SetPIN(session, NULL, 0, NULL, 0);
        } else if (strncmp(step, "setpin=", 7) == 0 && strchr(step, ':')) {
            const char* colon = strchr(step, ':');
            rv = p11->C_SetPIN(session, (CK_UTF8CHAR_PTR)(step + 7), (CK_ULONG)(colon - step - 7),
                               (CK_UTF8CHAR_PTR)(colon + 1), strlen(colon + 1));
        } else if (strcmp(step, "logout") == 0) {
            rv = p11->C_Logout(session);
        } else if (strncmp(step, "run=", 4) == 0) {
            rv = system(step + 4) == 0 ? CKR_OK : CKR_GENERAL_ERROR;
        } else if (strncmp(step, "sleep=", 6) == 0) {
            sleep((unsigned)atoi(step + 6));
            rv = CKR_OK;
        } else if (strcmp(step, "finalize") == 0) {
            rv = p11->C_Finalize(NULL);
            if (rv == CKR_OK) rv = p11->C_Initialize(NULL);
            if (rv == CKR_OK) rv = openSession(index);
        } else {
            fprintf(stderr, "unknown step %s\n", step);
            return 2;
        }
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(step, "="), step);
        printf("step %s rv=0x%lx ms=%.0f\n", name, rv, nowMs() - start);
    }
    p11->C_Finalize(NULL);
    return 0;
}
