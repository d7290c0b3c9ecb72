#!/usr/bin/env python3
"""Writes the seeds of the hostile-application fuzz target (tests/fuzz/fuzz_app.cpp) into seeds/app/: the call
sequences real clients make (measured with pkcs11-spy, /work/shared/docs/client-facts.md in the project's
notes), in the target's input encoding (see the comment at the top of fuzz_app.cpp).

usage: make_app_seeds.py [OUTDIR]   (default: the app/ directory next to this script)
"""
import os
import struct
import sys

# Opcodes: the order of `enum Op` in fuzz_app.cpp.
(INITIALIZE, FINALIZE, GET_INFO, GET_SLOT_LIST, GET_SLOT_INFO, GET_TOKEN_INFO, GET_MECHANISM_LIST,
 GET_MECHANISM_INFO, OPEN_SESSION, CLOSE_SESSION, CLOSE_ALL_SESSIONS, GET_SESSION_INFO, LOGIN, LOGOUT,
 INIT_PIN, SET_PIN, FIND_OBJECTS_INIT, FIND_OBJECTS, FIND_OBJECTS_FINAL, GET_ATTRIBUTE_VALUE,
 GET_OBJECT_SIZE, SIGN_INIT, SIGN, SIGN_UPDATE, SIGN_FINAL, DECRYPT_INIT, DECRYPT, WAIT_FOR_SLOT_EVENT,
 LOGIN_USER, SESSION_CANCEL, INTERFACES, UNSUPPORTED, FUNCTION_STATUS, RANDOM, FIND_ALL,
 GET_FUNCTION_LIST) = range(36)

# Indexes into kMechanisms and kAttributes of fuzz_app.cpp.
M = dict(RSA_PKCS=0, SHA1_RSA_PKCS=1, SHA256_RSA_PKCS=2, SHA384_RSA_PKCS=3, SHA512_RSA_PKCS=4,
         RSA_PKCS_PSS=6, SHA256_RSA_PKCS_PSS=8, SHA384_RSA_PKCS_PSS=9, ECDSA=11, ECDSA_SHA256=13,
         ECDSA_SHA384=14)
A = dict(CLASS=0, ID=1, LABEL=2, TOKEN=3, PRIVATE=4, KEY_TYPE=5, SIGN=6, DECRYPT=7, CERTIFICATE_TYPE=8,
         MODULUS=9, VALUE=10, ALWAYS_AUTHENTICATE=11, EC_POINT=12, MODULUS_BITS=14, PUBLIC_EXPONENT=15,
         SUBJECT=16, ISSUER=17, SERIAL_NUMBER=18, EC_PARAMS=20, ALLOWED_MECHANISMS=21)
CKO_CERTIFICATE, CKO_PUBLIC_KEY, CKO_PRIVATE_KEY = 1, 2, 3
HASH_SHA256, MGF1_SHA256 = 2, 2  # indexes in the PSS parameter tables

# Handles are picked newest first: after C_GetSlotList the authentication token's slot is 1, the
# signature token's 0; the session or object found last is 0.
AUTH_SLOT, SIGN_SLOT, NEWEST = 1, 0, 0
USER, SO, CONTEXT = 0, 1, 2
AUTH_PIN, SIGN_PIN, PUK = 0, 1, 2
QUERY, BIG, EXACT_AFTER_QUERY = 0, 1, 5  # output buffer modes
INIT_NULL, INIT_OS_LOCKING = 0, 2


def pin(which):
    return [0, which]


def literal_pin(text):
    b = text.encode()
    return [1, len(b)] + list(b)


def data(b):
    return [2] + list(struct.pack("<H", len(b))) + list(b)


DIGEST_INFO_SHA256_ABC = [3]
AUTH_CRYPTOGRAM = [4]


def ulong(value):  # a template value: CK_ULONG
    return [0, 0, value]


def id_value(i):
    return [2, 1, i]


def template(*attrs):
    out = [len(attrs)]
    for type_index, value in attrs:
        out += [type_index] + value
    return out


def read_attrs(*attrs):  # C_GetAttributeValue template: (type index, mode[, length])
    out = [len(attrs)]
    for a in attrs:
        out += list(a)
    return out


def mech(index, pss=None):
    if pss is None:
        return [index, 0]
    hash_index, mgf_index, salt = pss
    return [index, 1, hash_index, mgf_index] + list(struct.pack("<H", salt))


def start(init=INIT_NULL):
    """C_Initialize, C_GetInfo, C_GetSlotList twice (count, then the list), each slot's token."""
    return ([INITIALIZE, init, GET_INFO, 0, GET_SLOT_LIST, 1, EXACT_AFTER_QUERY] +
            [GET_SLOT_INFO, AUTH_SLOT, 0, GET_TOKEN_INFO, AUTH_SLOT, 0] +
            [GET_SLOT_INFO, SIGN_SLOT, 0, GET_TOKEN_INFO, SIGN_SLOT, 0])


def find(cls, key_id=None, max_objects=16):
    attrs = [(A["CLASS"], ulong(cls))]
    if key_id is not None:
        attrs.append((A["ID"], id_value(key_id)))
    return ([FIND_OBJECTS_INIT, NEWEST] + template(*attrs) + [FIND_OBJECTS, NEWEST, max_objects] +
            [FIND_OBJECTS_FINAL, NEWEST])


def open_session(slot, rw=False):
    return [OPEN_SESSION, slot, 3 if rw else 1]


SEEDS = {
    # pkcs11-tool -L: slots and tokens, nothing else.
    "pkcs11-tool-L": start() + [FINALIZE, 0],
    # pkcs11-tool --login --pin 1234 -O: every object after a user login.
    "pkcs11-tool-login-list":
        start() + open_session(AUTH_SLOT) + [LOGIN, NEWEST, USER] + pin(AUTH_PIN) + [FIND_ALL, NEWEST] +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] + read_attrs((A["CLASS"], 3), (A["LABEL"], 0, 0), (A["ID"], 0, 0)) +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] + read_attrs((A["LABEL"], 1), (A["ID"], 1)) +
        [LOGOUT, NEWEST, CLOSE_SESSION, NEWEST, FINALIZE, 0],
    # pkcs11-tool --login --sign -m SHA256-RSA-PKCS --id 01.
    "pkcs11-tool-sign":
        start() + open_session(AUTH_SLOT) + [LOGIN, NEWEST, USER] + pin(AUTH_PIN) +
        find(CKO_PRIVATE_KEY, 0x01, 1) +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] + read_attrs((A["KEY_TYPE"], 3), (A["MODULUS"], 0, 0)) +
        [SIGN_INIT, NEWEST] + mech(M["SHA256_RSA_PKCS"]) + [NEWEST] +
        [SIGN, NEWEST] + data(b"hello, card\n") + [BIG] + [CLOSE_SESSION, NEWEST, FINALIZE, 0],
    # ssh-keygen -D: public keys and certificates, their ID, modulus, exponent, EC parameters and point.
    "ssh-keygen-D":
        start(INIT_OS_LOCKING) + open_session(AUTH_SLOT) +
        find(CKO_PUBLIC_KEY) +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] +
        read_attrs((A["ID"], 0, 0), (A["MODULUS"], 0, 0), (A["PUBLIC_EXPONENT"], 0, 0)) +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] + read_attrs((A["ID"], 1), (A["MODULUS"], 1), (A["PUBLIC_EXPONENT"], 1)) +
        [GET_ATTRIBUTE_VALUE, NEWEST, 1] + read_attrs((A["EC_PARAMS"], 1), (A["EC_POINT"], 1)) +
        find(CKO_CERTIFICATE) +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] + read_attrs((A["ID"], 1), (A["VALUE"], 0, 0), (A["VALUE"], 1)) +
        [CLOSE_SESSION, NEWEST, FINALIZE, 0],
    # Firefox start: C_GetInterface, C_Initialize (OS locking), slots, tokens, mechanisms, certificates,
    # polling for slot events.
    "firefox-start":
        [INTERFACES, 3] + start(INIT_OS_LOCKING) +
        [GET_MECHANISM_LIST, AUTH_SLOT, EXACT_AFTER_QUERY, GET_MECHANISM_INFO, AUTH_SLOT, M["SHA256_RSA_PKCS_PSS"], 0] +
        open_session(AUTH_SLOT) + [GET_SESSION_INFO, NEWEST, 0] + find(CKO_CERTIFICATE) +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] +
        read_attrs((A["VALUE"], 0, 0), (A["ID"], 0, 0), (A["LABEL"], 0, 0), (A["SUBJECT"], 1)) +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] + read_attrs((A["VALUE"], 1), (A["ID"], 1), (A["ISSUER"], 1)) +
        open_session(SIGN_SLOT) + find(CKO_CERTIFICATE) +
        [WAIT_FOR_SLOT_EVENT, 0, WAIT_FOR_SLOT_EVENT, 0, FINALIZE, 0],
    # Firefox TLS 1.3 client authentication: login, the key, SHA256-RSA-PKCS-PSS in several parts.
    "firefox-tls13-client-auth":
        [INTERFACES, 3] + start(INIT_OS_LOCKING) + open_session(AUTH_SLOT) + find(CKO_CERTIFICATE) +
        [LOGIN, NEWEST, USER] + pin(AUTH_PIN) + find(CKO_PRIVATE_KEY, 0x01) +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] + read_attrs((A["ALWAYS_AUTHENTICATE"], 2, 1), (A["KEY_TYPE"], 3)) +
        [SIGN_INIT, NEWEST] + mech(M["SHA256_RSA_PKCS_PSS"], (HASH_SHA256, MGF1_SHA256, 32)) + [NEWEST] +
        [SIGN_UPDATE, NEWEST] + data(bytes(range(64))) + [SIGN_UPDATE, NEWEST] + data(b"transcript") +
        [SIGN_FINAL, NEWEST, EXACT_AFTER_QUERY, FINALIZE, 0],
    # Firefox TLS 1.2 (and NSS tstclnt): one-shot CKM_RSA_PKCS_PSS over its own SHA-256.
    "firefox-tls12-client-auth":
        start(INIT_OS_LOCKING) + open_session(AUTH_SLOT) + [LOGIN, NEWEST, USER] + pin(AUTH_PIN) +
        find(CKO_PRIVATE_KEY, 0x01) +
        [SIGN_INIT, NEWEST] + mech(M["RSA_PKCS_PSS"], (HASH_SHA256, MGF1_SHA256, 32)) + [NEWEST] +
        [SIGN, NEWEST] + data(bytes(range(32))) + [EXACT_AFTER_QUERY, FINALIZE, 0],
    # Thunderbird S/MIME signature with the qualified key (CKA_ALWAYS_AUTHENTICATE): user login, sign init
    # with CKM_SHA256_RSA_PKCS (which the module refuses for such a key, docs/pkcs11.md), NSS's fallback to
    # CKM_RSA_PKCS over its DigestInfo, the context-specific login, one C_Sign.
    "thunderbird-sign":
        start(INIT_OS_LOCKING) + open_session(SIGN_SLOT) + [LOGIN, NEWEST, USER] + pin(SIGN_PIN) +
        find(CKO_PRIVATE_KEY, 0x02) +
        [SIGN_INIT, NEWEST] + mech(M["SHA256_RSA_PKCS"]) + [NEWEST] +
        [SIGN_INIT, NEWEST] + mech(M["RSA_PKCS"]) + [NEWEST] +
        [GET_ATTRIBUTE_VALUE, NEWEST, NEWEST] + read_attrs((A["ALWAYS_AUTHENTICATE"], 2, 1)) +
        [LOGIN, NEWEST, CONTEXT] + pin(SIGN_PIN) + [SIGN, NEWEST] + DIGEST_INFO_SHA256_ABC + [BIG, FINALIZE, 0],
    # GnuTLS / cmsutil: context login, then a length query before the real C_Sign (the login must survive).
    "gnutls-context-login-length-query":
        start() + open_session(SIGN_SLOT) + [LOGIN, NEWEST, USER] + pin(SIGN_PIN) +
        find(CKO_PRIVATE_KEY, 0x02) + [SIGN_INIT, NEWEST] + mech(M["RSA_PKCS"]) + [NEWEST] +
        [LOGIN, NEWEST, CONTEXT] + pin(SIGN_PIN) + [SIGN, NEWEST] + DIGEST_INFO_SHA256_ABC +
        [EXACT_AFTER_QUERY, FINALIZE, 0],
    # Decryption with the authentication key (S/MIME decryption, pkcs11-tool --decrypt).
    "decrypt":
        start() + open_session(AUTH_SLOT) + [LOGIN, NEWEST, USER] + pin(AUTH_PIN) +
        find(CKO_PRIVATE_KEY, 0x01) + [DECRYPT_INIT, NEWEST] + mech(M["RSA_PKCS"]) + [NEWEST] +
        [DECRYPT, NEWEST] + AUTH_CRYPTOGRAM + [EXACT_AFTER_QUERY, FINALIZE, 0],
    # ECDSA with the EC authentication key (extended card): raw and hashing forms.
    "ecdsa-sign":
        start() + open_session(AUTH_SLOT) + [LOGIN, NEWEST, USER] + pin(AUTH_PIN) +
        find(CKO_PRIVATE_KEY, 0x03) + [SIGN_INIT, NEWEST] + mech(M["ECDSA"]) + [NEWEST] +
        [SIGN, NEWEST] + data(bytes(range(32))) + [EXACT_AFTER_QUERY] +
        [SIGN_INIT, NEWEST] + mech(M["ECDSA_SHA256"]) + [NEWEST] +
        [SIGN, NEWEST] + data(b"message") + [BIG, FINALIZE, 0],
    # pkcs11-tool --change-pin and --unblock-pin (SO login with the PUK, then C_InitPIN).
    "pin-change-and-unblock":
        start() + open_session(AUTH_SLOT, rw=True) + [LOGIN, NEWEST, USER] + pin(AUTH_PIN) +
        [SET_PIN, NEWEST] + pin(AUTH_PIN) + literal_pin("4321") + [LOGOUT, NEWEST] +
        [LOGIN, NEWEST, SO] + pin(PUK) + [INIT_PIN, NEWEST] + literal_pin("1234") + [FINALIZE, 0],
    # A client that finalizes in the middle and goes on with its old handles, then starts again.
    "finalize-in-the-middle":
        start() + open_session(AUTH_SLOT) + [LOGIN, NEWEST, USER] + pin(AUTH_PIN) + find(CKO_PRIVATE_KEY, 0x01) +
        [SIGN_INIT, NEWEST] + mech(M["SHA256_RSA_PKCS"]) + [NEWEST] + [FINALIZE, 0] +
        [SIGN, NEWEST] + data(b"after finalize") + [BIG, GET_SESSION_INFO, NEWEST, 0] +
        start() + [SIGN, NEWEST] + data(b"stale session") + [BIG, CLOSE_ALL_SESSIONS, AUTH_SLOT, FINALIZE, 0],
    # Found by this target in CI (session 8): C_Sign after C_SignUpdate answered CKR_OPERATION_ACTIVE, a code
    # PKCS #11 3.0 does not list for C_Sign.
    "sign-after-sign-update":
        start() + open_session(AUTH_SLOT) + [LOGIN, NEWEST, USER] + pin(AUTH_PIN) + find(CKO_PRIVATE_KEY, 0x01) +
        [SIGN_INIT, NEWEST] + mech(M["SHA256_RSA_PKCS"]) + [NEWEST] + [SIGN_UPDATE, NEWEST] + data(b"part") +
        [SIGN, NEWEST] + data(b"whole") + [BIG, SIGN_FINAL, NEWEST, BIG, FINALIZE, 0],
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "app")
    os.makedirs(out, exist_ok=True)
    for name, program in sorted(SEEDS.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes(program))
    print(f"{len(SEEDS)} seeds in {out}")


if __name__ == "__main__":
    main()
