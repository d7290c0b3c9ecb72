/* residue_probe: an application of libias-pkcs11.so that gives the module PINs and then lets the test look
 * at its memory. The test runs it under gdb (residue_gdb.py), which dumps the process at each
 * residue_checkpoint() call.
 *
 *   residue_probe MODULE SCENARIO        PINs on stdin, one per line, in the order the scenario uses them
 *
 *   login-sign     auth PIN: C_Login(USER), C_Sign (auth key, RSA-PKCS), C_Logout
 *   context-sign   signature PIN: C_Login(USER) and C_Login(CONTEXT_SPECIFIC) on the signature token (both
 *                  VERIFY under SM), C_Sign with the qualified key, C_Logout
 *   set-pin        old, new auth PIN: C_SetPIN in a R/W public session (CHANGE REFERENCE DATA)
 *   unblock        PUK, new auth PIN: C_Login(SO) with the PUK, C_InitPIN (RESET RETRY COUNTER)
 *   dialog-login   no PIN: C_Login(USER, NULL, 0) on a token whose PIN the module asks in its dialog
 *                  (pin.dialog = always; the test puts a stand-in dialog in IAS_PINENTRY), C_Sign, C_Logout
 *   wrong-pin      wrong PIN, auth PIN: C_Login(USER) with the wrong PIN twice (the card refuses it, then the
 *                  module without asking the card), then with the right one, C_Sign, C_Logout
 *
 * Checkpoints: "logged-in" (the PIN was just used; VmLck is read there), "done" (after C_Logout or the PIN
 * operation, before C_Finalize), "finalized" (after C_Finalize), then "control": the probe copies the
 * PINs into an ordinary static buffer, so the dump taken there must find it (the search works).
 * The probe itself reads the PINs with read(2) (no stdio buffer) into one buffer and wipes each PIN as soon
 * as the module has it: any copy left in the dumps before "control" is the module's. */
#include <dlfcn.h>
#include <p11-kit/pkcs11.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kMaxPins = 2, kPinCapacity = 64 };

static CK_FUNCTION_LIST_PTR p11;
static unsigned char pins[kMaxPins][kPinCapacity];
static CK_ULONG pinLengths[kMaxPins];
/* The control copies: deliberately ordinary memory. Until the control checkpoint they are kept masked, so
 * that they do not count as residue in the earlier dumps. */
enum { kMask = 0x5A };
static unsigned char masked[kMaxPins][kPinCapacity];
static volatile unsigned char controlCopy[kMaxPins][kPinCapacity];

/* gdb stops here; the name tells which dump this is. Not inlined, not folded away. */
__attribute__((noinline, used)) void residue_checkpoint(const char* name) {
    __asm__ volatile("" : : "r"(name) : "memory");
    printf("checkpoint %s\n", name);
    fflush(stdout);
}

#define CHECK(call)                                                                 \
    do {                                                                            \
        CK_RV rv_ = (call);                                                         \
        if (rv_ != CKR_OK) {                                                        \
            fprintf(stderr, "%s:%d: %s = 0x%lx\n", __FILE__, __LINE__, #call, rv_); \
            exit(1);                                                                \
        }                                                                           \
    } while (0)

static void readPins(int count) {
    for (int i = 0; i < count; ++i) {
        CK_ULONG n = 0;
        unsigned char c;
        while (read(0, &c, 1) == 1 && c != '\n')
            if (n < kPinCapacity) pins[i][n++] = c;
        c = 0;
        if (n == 0) {
            fprintf(stderr, "PIN %d missing on stdin\n", i + 1);
            exit(2);
        }
        pinLengths[i] = n;
    }
}

static void wipePin(int i) {
    explicit_bzero(pins[i], sizeof pins[i]);
}

/* The slot whose description names the role ("(authentication)" or "(signature)"). */
static CK_SLOT_ID slotFor(const char* role) {
    CK_SLOT_ID slots[16];
    CK_ULONG count = 16;
    CHECK(p11->C_GetSlotList(CK_TRUE, slots, &count));
    for (CK_ULONG i = 0; i < count; ++i) {
        CK_SLOT_INFO info;
        if (p11->C_GetSlotInfo(slots[i], &info) != CKR_OK) continue;
        char description[sizeof info.slotDescription + 1];
        memcpy(description, info.slotDescription, sizeof info.slotDescription);
        description[sizeof info.slotDescription] = '\0';
        if (strstr(description, role)) return slots[i];
    }
    fprintf(stderr, "no slot %s\n", role);
    exit(1);
}

static CK_OBJECT_HANDLE privateKey(CK_SESSION_HANDLE s, unsigned char id) {
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE query[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_ID, &id, 1}};
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    CK_ULONG found = 0;
    CHECK(p11->C_FindObjectsInit(s, query, 2));
    CHECK(p11->C_FindObjects(s, &key, 1, &found));
    CHECK(p11->C_FindObjectsFinal(s));
    if (found != 1) {
        fprintf(stderr, "no private key %02x\n", id);
        exit(1);
    }
    return key;
}

static void sign(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key, int contextPin) {
    /* CKM_RSA_PKCS over a SHA-256 DigestInfo: the one mechanism both keys of the test card take. */
    CK_MECHANISM mechanism = {CKM_RSA_PKCS, NULL, 0};
    CK_BYTE data[51] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                        0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    memset(data + 19, 0xA5, 32);
    CK_BYTE signature[512];
    CK_ULONG length = sizeof signature;
    CHECK(p11->C_SignInit(s, &mechanism, key));
    if (contextPin >= 0) {
        CHECK(p11->C_Login(s, CKU_CONTEXT_SPECIFIC, pins[contextPin], pinLengths[contextPin]));
        wipePin(contextPin);
    }
    CHECK(p11->C_Sign(s, data, sizeof data, signature, &length));
    printf("signature %lu bytes\n", length);
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(
            stderr,
            "usage: residue_probe MODULE login-sign|context-sign|set-pin|unblock|wrong-pin|dialog-login\n");
        return 2;
    }
    const char* scenario = argv[2];
    const int twoPins = strcmp(scenario, "set-pin") == 0 || strcmp(scenario, "unblock") == 0 ||
                        strcmp(scenario, "wrong-pin") == 0;
    const int contextSign = strcmp(scenario, "context-sign") == 0;
    const int dialog = strcmp(scenario, "dialog-login") == 0;
    /* The context login needs the signature PIN a second time: the probe keeps it in a second slot. */
    readPins(dialog ? 0 : twoPins ? 2 : 1);
    if (contextSign) {
        memcpy(pins[1], pins[0], kPinCapacity);
        pinLengths[1] = pinLengths[0];
    }

    void* lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    CK_C_GetFunctionList getFunctionList = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
    if (!getFunctionList) return 1;
    CHECK(getFunctionList(&p11));
    CK_C_INITIALIZE_ARGS args;
    memset(&args, 0, sizeof args);
    args.flags = CKF_OS_LOCKING_OK;
    CHECK(p11->C_Initialize(&args));
    residue_checkpoint("initialized");

    for (int p = 0; p < kMaxPins; ++p)
        for (int i = 0; i < kPinCapacity; ++i) masked[p][i] = (unsigned char)(pins[p][i] ^ kMask);
    CK_SESSION_HANDLE s;
    const CK_FLAGS rw = CKF_SERIAL_SESSION | CKF_RW_SESSION;
    if (strcmp(scenario, "login-sign") == 0) {
        CHECK(p11->C_OpenSession(slotFor("(authentication)"), CKF_SERIAL_SESSION, NULL, NULL, &s));
        CHECK(p11->C_Login(s, CKU_USER, pins[0], pinLengths[0]));
        wipePin(0);
        residue_checkpoint("logged-in");
        sign(s, privateKey(s, 0x01), -1);
        CHECK(p11->C_Logout(s));
    } else if (contextSign) {
        CHECK(p11->C_OpenSession(slotFor("(signature)"), CKF_SERIAL_SESSION, NULL, NULL, &s));
        CHECK(p11->C_Login(s, CKU_USER, pins[0], pinLengths[0]));
        wipePin(0);
        residue_checkpoint("logged-in");
        sign(s, privateKey(s, 0x02), 1);
        CHECK(p11->C_Logout(s));
    } else if (strcmp(scenario, "set-pin") == 0) {
        CHECK(p11->C_OpenSession(slotFor("(authentication)"), rw, NULL, NULL, &s));
        CHECK(p11->C_SetPIN(s, pins[0], pinLengths[0], pins[1], pinLengths[1]));
        wipePin(0);
        wipePin(1);
        residue_checkpoint("logged-in");
    } else if (strcmp(scenario, "unblock") == 0) {
        CHECK(p11->C_OpenSession(slotFor("(authentication)"), rw, NULL, NULL, &s));
        CHECK(p11->C_Login(s, CKU_SO, pins[0], pinLengths[0]));
        wipePin(0);
        residue_checkpoint("logged-in");
        CHECK(p11->C_InitPIN(s, pins[1], pinLengths[1]));
        wipePin(1);
        CHECK(p11->C_Logout(s));
    } else if (dialog) {
        CHECK(p11->C_OpenSession(slotFor("(authentication)"), CKF_SERIAL_SESSION, NULL, NULL, &s));
        CHECK(p11->C_Login(s, CKU_USER, NULL, 0));
        residue_checkpoint("logged-in");
        sign(s, privateKey(s, 0x01), -1);
        CHECK(p11->C_Logout(s));
    } else if (strcmp(scenario, "wrong-pin") == 0) {
        CHECK(p11->C_OpenSession(slotFor("(authentication)"), CKF_SERIAL_SESSION, NULL, NULL, &s));
        for (int attempt = 0; attempt < 2; ++attempt) {
            const CK_RV rv = p11->C_Login(s, CKU_USER, pins[0], pinLengths[0]);
            if (rv != CKR_PIN_INCORRECT) {
                fprintf(stderr, "wrong PIN: C_Login = 0x%lx, not CKR_PIN_INCORRECT\n", rv);
                return 1;
            }
        }
        wipePin(0);
        CHECK(p11->C_Login(s, CKU_USER, pins[1], pinLengths[1]));
        wipePin(1);
        residue_checkpoint("logged-in");
        sign(s, privateKey(s, 0x01), -1);
        CHECK(p11->C_Logout(s));
    } else {
        fprintf(stderr, "unknown scenario %s\n", scenario);
        return 2;
    }
    residue_checkpoint("done");
    CHECK(p11->C_CloseSession(s));
    CHECK(p11->C_Finalize(NULL));
    residue_checkpoint("finalized");

    for (int p = 0; p < kMaxPins; ++p)
        for (int i = 0; i < kPinCapacity; ++i) controlCopy[p][i] = (unsigned char)(masked[p][i] ^ kMask);
    residue_checkpoint("control");
    return 0;
}
