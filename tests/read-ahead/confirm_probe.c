// confirm_probe MODULE objects|finalize: an application that forbids the module threads (as NSS does), for
// confirm_helper_test.sh. It starts as Firefox does (slot list, token information), reports "ready" with its
// thread count, children (the ias-card-confirm helper) and open pipes, waits for a line on stdin, then
//   objects:  lists the certificate labels of the first token ("label=..."), as the PKCS #11 way asks when
//   the
//             token was shown anew (CKR_DEVICE_REMOVED, CKR_SESSION_HANDLE_INVALID: the slot list again);
//   finalize: calls C_Finalize at once;
// and reports threads, children and pipes again. Known answers come from the script (what it wrote on the
// card), never from the module.
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p11-kit/pkcs11.h"

static CK_FUNCTION_LIST_PTR f;

static int countDir(const char* path) {
    DIR* d = opendir(path);
    if (!d) return -1;
    int n = 0;
    for (struct dirent* e; (e = readdir(d)) != NULL;)
        if (e->d_name[0] != '.') ++n;
    closedir(d);
    return n;
}

static int pipes(void) {
    DIR* d = opendir("/proc/self/fd");
    int n = 0;
    char path[300], target[64];
    for (struct dirent* e; d && (e = readdir(d)) != NULL;) {
        snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
        ssize_t len = readlink(path, target, sizeof target - 1);
        if (len > 0 && (target[len] = 0, strncmp(target, "pipe:", 5) == 0)) ++n;
    }
    if (d) closedir(d);
    return n;
}

// Children of the process (the helper), from /proc/self/task/<pid>/children; "-" when none.
static void children(char* out, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
    FILE* c = fopen(path, "r");
    out[0] = 0;
    if (c) {
        if (!fgets(out, (int)size, c)) out[0] = 0;
        fclose(c);
    }
    size_t n = strlen(out);
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\n')) out[--n] = 0;
    if (n == 0) snprintf(out, size, "-");
}

static void report(const char* what) {
    char kids[256];
    children(kids, sizeof kids);
    printf("%s threads=%d children=%s pipes=%d\n", what, countDir("/proc/self/task"), kids, pipes());
    fflush(stdout);
}

static CK_RV labels(void) {
    CK_SLOT_ID slots[8];
    CK_ULONG n = 8;
    CK_RV rv = f->C_GetSlotList(CK_TRUE, slots, &n);
    if (rv != CKR_OK || n == 0) return rv != CKR_OK ? rv : CKR_TOKEN_NOT_PRESENT;
    CK_SESSION_HANDLE s;
    if ((rv = f->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &s)) != CKR_OK) return rv;
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_ATTRIBUTE t = {CKA_CLASS, &cls, sizeof cls};
    if ((rv = f->C_FindObjectsInit(s, &t, 1)) != CKR_OK) return rv;
    CK_OBJECT_HANDLE o[16];
    CK_ULONG found = 0;
    rv = f->C_FindObjects(s, o, 16, &found);
    f->C_FindObjectsFinal(s);
    for (CK_ULONG i = 0; rv == CKR_OK && i < found; ++i) {
        char label[256];
        CK_ATTRIBUTE a = {CKA_LABEL, label, sizeof label - 1};
        if ((rv = f->C_GetAttributeValue(s, o[i], &a, 1)) == CKR_OK) {
            label[a.ulValueLen] = 0;
            printf("label=%s\n", label);
        }
    }
    f->C_CloseSession(s);
    return rv;
}

int main(int argc, char** argv) {
    if (argc != 3) return 2;
    void* lib = dlopen(argv[1], RTLD_NOW);
    CK_C_GetFunctionList get = lib ? (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList") : NULL;
    if (!get || get(&f) != CKR_OK) return 2;
    CK_C_INITIALIZE_ARGS args = {0};
    args.flags = CKF_OS_LOCKING_OK | CKF_LIBRARY_CANT_CREATE_OS_THREADS;
    if (f->C_Initialize(&args) != CKR_OK) return 3;
    CK_SLOT_ID slots[8];
    CK_ULONG n = 8;
    if (f->C_GetSlotList(CK_TRUE, slots, &n) != CKR_OK || n == 0) return 4;
    for (CK_ULONG i = 0; i < n; ++i) {
        CK_TOKEN_INFO info;
        if (f->C_GetTokenInfo(slots[i], &info) != CKR_OK) return 5;
    }
    report("ready");
    char line[16];
    if (!fgets(line, sizeof line, stdin)) return 6;
    if (strcmp(argv[2], "finalize") == 0) {
        CK_RV rv = f->C_Finalize(NULL);
        printf("finalize rv=0x%lx\n", (unsigned long)rv);
        report("finalized");
        return 0;
    }
    CK_RV rv = labels();
    if (rv == CKR_DEVICE_REMOVED || rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_TOKEN_NOT_PRESENT) {
        printf("token shown anew (rv=0x%lx)\n", (unsigned long)rv);
        rv = labels();
    }
    printf("objects rv=0x%lx\n", (unsigned long)rv);
    report("after");
    f->C_Finalize(NULL);
    report("finalized");
    return rv == CKR_OK ? 0 : 7;
}
