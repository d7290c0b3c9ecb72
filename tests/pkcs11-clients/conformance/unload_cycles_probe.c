/* unload_cycles_probe: a host that loads and unloads libias-pkcs11.so again and again, as Firefox's device
 * manager, p11-kit and ias-diag's probe do.
 *
 *   unload_cycles_probe MODULE CYCLES
 *
 * Each cycle: dlopen, C_Initialize, C_GetSlotList + C_GetSlotInfo + C_GetTokenInfo of every slot with a
 * token, C_Finalize, dlclose, and the module must really be gone (dlopen(RTLD_NOLOAD) fails): whatever it
 * left on the heap is then unreachable. The leak checker the test runs it under decides (LeakSanitizer when
 * built with AddressSanitizer, valgrind's memcheck otherwise); mallinfo2's figure is printed for information
 * only (glibc's per-thread caches make it move by a few KB without any leak). */
#include <dlfcn.h>
#include <malloc.h>
#include <p11-kit/pkcs11.h>
#include <stdio.h>
#include <stdlib.h>

static int cycle(const char* path, unsigned long* tokens) {
    void* lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 0;
    }
    CK_C_GetFunctionList getList = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
    CK_FUNCTION_LIST_PTR p11 = NULL;
    int ok = getList && getList(&p11) == CKR_OK && p11->C_Initialize(NULL) == CKR_OK;
    if (ok) {
        CK_SLOT_ID slots[16];
        CK_ULONG n = 16;
        ok = p11->C_GetSlotList(CK_TRUE, slots, &n) == CKR_OK;
        *tokens = n;
        for (CK_ULONG i = 0; ok && i < n; ++i) {
            CK_SLOT_INFO slot;
            CK_TOKEN_INFO token;
            ok = p11->C_GetSlotInfo(slots[i], &slot) == CKR_OK &&
                 p11->C_GetTokenInfo(slots[i], &token) == CKR_OK;
        }
        ok = p11->C_Finalize(NULL) == CKR_OK && ok;
    }
    dlclose(lib);
    void* still = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (still) {
        fprintf(stderr, "the module stayed loaded after dlclose: nothing of it could be freed\n");
        dlclose(still);
        return 0;
    }
    return ok;
}

static size_t heapInUse(void) {
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s MODULE CYCLES\n", argv[0]);
        return 2;
    }
    const int cycles = atoi(argv[2]);
    unsigned long tokens = 0;
    const size_t before = heapInUse();
    for (int i = 0; i < cycles; ++i)
        if (!cycle(argv[1], &tokens)) return 1;
    printf("%d load/unload cycles, %lu tokens each; heap in use %+ld bytes (mallinfo2, information only)\n",
           cycles, tokens, (long)heapInUse() - (long)before);
    if (tokens == 0) {
        fprintf(stderr, "no token: the cycles did not reach the card\n");
        return 1;
    }
    return 0;
}
