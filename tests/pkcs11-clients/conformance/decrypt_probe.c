/* decrypt_probe: one C_Decrypt with CKM_RSA_PKCS, its return value printed as "C_Decrypt rv=0x...".
 *
 *   decrypt_probe MODULE PIN CRYPTOGRAM_FILE
 *
 * The first token's key with CKA_DECRYPT, after C_Login(CKU_USER, PIN). pkcs11-tool cannot say this: after a
 * failed C_Decrypt it tries C_DecryptUpdate and reports that call's code instead. */
#include <stdio.h>
#include <string.h>

#include "p11probe.h"

int main(int argc, char** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s MODULE PIN CRYPTOGRAM_FILE\n", argv[0]);
        return 2;
    }
    unsigned char in[1024], out[1024];
    FILE* f = fopen(argv[3], "rb");
    if (!f) return 2;
    const size_t inLen = fread(in, 1, sizeof in, f);
    fclose(f);
    CK_FUNCTION_LIST_PTR p11 = probe_load_module(argv[1]);
    if (!p11) return 1;
    PROBE_CHECK(p11->C_Initialize(NULL));
    CK_SLOT_ID slots[16];
    CK_ULONG n = 16;
    PROBE_CHECK(p11->C_GetSlotList(CK_TRUE, slots, &n));
    if (n == 0) return 1;
    CK_SESSION_HANDLE s;
    PROBE_CHECK(p11->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &s));
    PROBE_CHECK(p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)argv[2], strlen(argv[2])));
    const CK_OBJECT_HANDLE key = probe_private_key(p11, s, CKK_RSA, CKA_DECRYPT, "no RSA decryption key");
    CK_MECHANISM mech = {CKM_RSA_PKCS, NULL, 0};
    PROBE_CHECK(p11->C_DecryptInit(s, &mech, key));
    CK_ULONG outLen = sizeof out;
    const CK_RV rv = p11->C_Decrypt(s, in, (CK_ULONG)inLen, out, &outLen);
    printf("C_Decrypt rv=0x%lx\n", (unsigned long)rv);
    p11->C_Finalize(NULL);
    return 0;
}
