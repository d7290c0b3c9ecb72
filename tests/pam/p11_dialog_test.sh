#!/bin/bash
# pam_p11 with the module's own PIN dialog (pin.dialog = always, docs/pkcs11.md): the token reports a protected
# authentication path, so pam_p11 shows "Login on PIN pad with ..." and logs in without a PIN (pamtester answers
# nothing: its stdin is /dev/null); the module asks the PIN in ias-pinentry on a private Xvfb, typed by xdotool.
# The typed PIN authenticates (VERIFY, then the challenge signed); Cancel, or no display at all, fails with
# nothing sent to the card.
source "$(dirname "${BASH_SOURCE[0]}")/pamlib.sh"
pam_namespace "$@"
source "$(dirname "${BASH_SOURCE[0]}")/../pkcs11-clients/clientlib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../pkcs11-clients/pin-dialog/guilib.sh"
client_bed_up
pam_setup
gui_up
add_user iasalice
pkcs11-tool --module "$P11" --read-object --type cert --id 01 -o "$W/card-auth.der" >/dev/null 2>&1
openssl x509 -inform DER -in "$W/card-auth.der" -out "$W/home/iasalice/.eid/authorized_certificates" ||
    fail "the card's authentication certificate read with OpenSC's pkcs11-tool"
export IAS_ECC_CONF_BED=$IAS_ECC_CONF IAS_ECC_CONF="$W/ias-ecc.conf"
{ cat "$IAS_ECC_CONF_BED"; echo "pin.dialog = always"; } >"$IAS_ECC_CONF"

# pam_dialog NAME: pamtester in the background (stdin /dev/null, bounded by 90 s); PAM_PID
pam_dialog() {
    timeout 90 pamtester "$PAM_SERVICE" iasalice authenticate </dev/null >"$W/$1.out" 2>"$W/$1.err" &
    PAM_PID=$!
}
pam_done() {  # pam_done NAME: wait for pamtester, PAM_RC, show what it printed
    wait "$PAM_PID"
    PAM_RC=$?
    echo "-- $1: pamtester exit $PAM_RC; it showed:"
    sed 's/^/   /' "$W/$1.err" "$W/$1.out"
}

# --- the user types the PIN in the dialog ---
: >"$BED/apdu.log"
pam_dialog typed
win=$(dialog_window)
if [ -n "$win" ]; then
    pass "pam_p11's login without a PIN opened the module's dialog"
    shot "$win" pam-dialog
    type_in "$win" "$AUTH_PIN" && key_in "$win" Return
else
    fail "no dialog window"
fi
pam_done typed
authenticated typed && pass "the PIN typed in the dialog: authenticated" || fail "dialog login (exit $PAM_RC)"
grep -q "Login on PIN pad with IAS-ECC Test Card Auth PIN" "$W/typed.out" "$W/typed.err" &&
    pass "...pam_p11 asked nothing itself (\"Login on PIN pad with ...\": CKF_PROTECTED_AUTHENTICATION_PATH)" ||
    fail "no protected-path message from pam_p11"
[ "$(auth_verifies)" = 1 ] && [ "$(sha1_challenges)" = 1 ] && pass "...one VERIFY, one challenge signed" ||
    fail "VERIFY $(auth_verifies), SHA-1 challenges $(sha1_challenges)"

# --- the user cancels the dialog ---
"$testbed" restart-card "$BED" >/dev/null  # the card forgets the verification of the login above
: >"$BED/apdu.log"
pam_dialog cancel
win=$(dialog_window)
[ -n "$win" ] && { type_in "$win" 12; sleep 0.2; key_in "$win" Escape; } || fail "no dialog to cancel"
pam_done cancel
[ "$PAM_RC" != 0 ] && [ "$PAM_RC" != 124 ] && pass "Cancel: not authenticated, no hang" ||
    fail "cancel (exit $PAM_RC)"
[ "$(auth_verifies)" = 0 ] && [ "$(internal_auths)" = 0 ] && pass "...no VERIFY with a PIN, no signature" ||
    fail "the card received VERIFY $(auth_verifies), INTERNAL AUTHENTICATE $(internal_auths)"
[ "$(tries_left 01)" = 3 ] && pass "...3 tries left" || fail "tries left $(tries_left 01)"

# --- no display (a console login or ssh with pin.dialog = always): no dialog can be shown, the login fails ---
: >"$BED/apdu.log"
(unset DISPLAY WAYLAND_DISPLAY; pam_auth nodisplay iasalice /dev/null)
grep -q "successfully authenticated" "$W/nodisplay.out" "$W/nodisplay.err" && fail "no display: authenticated"
grep -q "PIN dialog unavailable" "$W/nodisplay.err" && grep -q "PIN not verified" "$W/nodisplay.err" &&
    pass "no display: \"PIN dialog unavailable\", \"PIN not verified\": not authenticated" || fail "no display"
[ "$(auth_verifies)" = 0 ] && [ "$(tries_left 01)" = 3 ] && pass "...no VERIFY, 3 tries left" ||
    fail "no display reached the card: VERIFY $(auth_verifies), tries $(tries_left 01)"
finish
