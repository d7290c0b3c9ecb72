/* A PKCS#11 "module" that misbehaves on purpose, for ias-diag's module check (diag_failures_test.sh).
 * Built three times with BROKEN_HOW = 1 (C_GetFunctionList calls abort()), 2 (C_Initialize writes through a
 * null pointer) or 3 (C_Initialize never returns). */
#include <p11-kit/pkcs11.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static CK_RV broken_initialize(CK_VOID_PTR args) {
    (void)args;
#if BROKEN_HOW == 2
    volatile int* nowhere = NULL;
    *nowhere = 1;
#elif BROKEN_HOW == 3
    for (;;) pause();
#endif
    return CKR_OK;
}

static CK_FUNCTION_LIST functions;

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
#if BROKEN_HOW == 1
    abort();
#endif
    memset(&functions, 0, sizeof functions);
    functions.version.major = 2;
    functions.version.minor = 40;
    functions.C_Initialize = broken_initialize;
    *list = &functions;
    return CKR_OK;
}
