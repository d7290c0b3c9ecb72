#!/bin/bash
# pam_p11 on a PIN-pad reader (scripts/testbed up --pinpad): the token reports a protected authentication
# path, pam_p11 shows "Login on PIN pad with ..." and asks nothing (pamtester answers nothing); the PIN is
# typed on the reader (DIR/pinpad.typed) and never reaches the host. The right PIN authenticates (the pad's
# VERIFY, then the challenge signed); a wrong one does not and costs one try; cancel on the pad sends nothing.
source "$(dirname "${BASH_SOURCE[0]}")/pamlib.sh"
pam_namespace "$@"
source "$(dirname "${BASH_SOURCE[0]}")/../pkcs11-clients/clientlib.sh"
client_bed_up --pinpad
pam_setup
add_user iasbob
pkcs11-tool --module "$P11" --read-object --type cert --id 01 -o "$W/card-auth.der" >/dev/null 2>&1
openssl x509 -inform DER -in "$W/card-auth.der" -out "$W/home/iasbob/.eid/authorized_certificates" ||
    fail "the card's authentication certificate read with OpenSC's pkcs11-tool"

: >"$BED/apdu.log"
echo "$AUTH_PIN" >"$BED/pinpad.typed"
pam_auth pad iasbob
authenticated pad && pass "the PIN typed on the PIN-pad: authenticated" || fail "PIN-pad login (exit $PAM_RC)"
grep -q "Login on PIN pad" "$W/pad.out" "$W/pad.err" &&
    pass "...pam_p11 asked nothing itself (\"Login on PIN pad\": CKF_PROTECTED_AUTHENTICATION_PATH)" ||
    fail "no PIN-pad message from pam_p11"
grep -q "^verify .* -> card 90 00" "$BED/pinpad.typed.log" && pass "...the reader's VERIFY, answered 90 00" ||
    fail "no PIN-pad VERIFY in $(cat "$BED/pinpad.typed.log")"
[ "$(internal_auths)" = 1 ] && pass "...one challenge signed" || fail "INTERNAL AUTHENTICATE $(internal_auths)"

"$testbed" restart-card "$BED" >/dev/null
: >"$BED/apdu.log"
echo 9999 >"$BED/pinpad.typed"
pam_auth padwrong iasbob
authenticated padwrong && fail "a wrong PIN on the pad authenticated" || pass "a wrong PIN on the pad: refused"
[ "$(internal_auths)" = 0 ] && pass "...nothing signed" || fail "INTERNAL AUTHENTICATE $(internal_auths)"
[ "$(tries_left 01)" = 2 ] && pass "...2 tries left" || fail "tries left $(tries_left 01)"

: >"$BED/apdu.log"
echo cancel >"$BED/pinpad.typed"
pam_auth padcancel iasbob
authenticated padcancel && fail "cancel on the pad authenticated" || pass "cancel on the pad: refused"
[ "$(internal_auths)" = 0 ] && [ "$(tries_left 01)" = 2 ] && pass "...nothing signed, no try spent" ||
    fail "cancel: INTERNAL AUTHENTICATE $(internal_auths), tries $(tries_left 01)"

echo "$AUTH_PIN" >"$BED/pinpad.typed"
pam_auth padagain iasbob
authenticated padagain && pass "the right PIN again: authenticated" || fail "login after the wrong PIN"
[ "$(tries_after_login)" = 3 ] && pass "...3 tries left again" || fail "tries $(tries_after_login)"
finish
