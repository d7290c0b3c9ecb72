#!/bin/bash
# With a private OPENSC_CONF enabling IAS-ECC secure messaging (libsmm-local, the card's SM test keys),
# OpenSC verifies the signature PIN (its VERIFY access rule demands SM) through a CWA 14890 session.
. "$(dirname "$0")/lib.sh"
bed_up
expect_not "without SM configuration the signature PIN cannot be verified" \
    pkcs15-tool --verify-pin --auth-id 02 --pin 123456
export OPENSC_CONF="$BED/opensc-sm.conf"
expect "pkcs15-tool --verify-pin of the signature PIN through SM" pkcs15-tool --verify-pin --auth-id 02 --pin 123456
grep -q "^C 0C20 0081\|^C 0C200081" "$BED/apdu.log" && pass "VERIFY 81 went wrapped (CLA 0C)" \
    || fail "no SM-wrapped VERIFY in the APDU log"
expect_not "a wrong signature PIN through SM is refused" pkcs15-tool --verify-pin --auth-id 02 --pin 654321
# Not checked here: a signature with the signature key through OpenSC. The key carries userConsent (a
# qualified signature key: CKA_ALWAYS_AUTHENTICATE), and OpenSC 0.23's iasecc driver refuses the
# SC_AC_CONTEXT_SPECIFIC verification that pkcs11-tool and pkcs15-crypt then do ("Do not try to verify non
# CHV PINs", card-iasecc.c iasecc_pin_verify), before any APDU. See docs/testbed.md.
finish
