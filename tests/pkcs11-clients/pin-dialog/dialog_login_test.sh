#!/bin/bash
# libias-pkcs11.so asks the PIN itself through ias-pinentry when the application gives none (issue 5):
# C_Login(NULL) with the dialog (xdotool types the PIN) signs; Cancel → CKR_FUNCTION_CANCELED with no VERIFY;
# a 3-digit PIN cannot be confirmed (no VERIFY); no display → CKR_FUNCTION_CANCELED at once; the signature
# key's context-specific login with no PIN asks the signature PIN; the signature key used without one gives
# CKR_USER_NOT_LOGGED_IN with no display (CKR_FUNCTION_CANCELED when the user cancels the dialog);
# pin.dialog = never keeps the flag off.
source "$(dirname "${BASH_SOURCE[0]}")/../clientlib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/guilib.sh"
client_bed_up
gui_up
export IAS_ECC_LOG=debug
base_conf=$IAS_ECC_CONF
conf() {  # conf LINES...: the test bed's configuration plus these pin.* lines
    export IAS_ECC_CONF="$W/ias-ecc.conf"
    { cat "$base_conf"; printf '%s\n' "$@"; } >"$IAS_ECC_CONF"
}
echo "document signed through the PIN dialog" >"$W/doc.txt"
digest_info "$W/doc.txt" "$W/doc.di"
# The holder's keys as the test bed's PKI made them (openssl), not as the module reads them.
openssl x509 -in "$BED/pki/auth.pem" -pubkey -noout >"$W/auth.pub" || fail "authentication public key"
openssl x509 -in "$BED/pki/sign.pem" -pubkey -noout >"$W/sign.pub" || fail "signature public key"

# --- the default configuration: no protected path (browsers keep asking the PIN themselves) ---
conf
"$PROBE" "$MODULE" 0 flags >"$W/default.txt" 2>&1
grep -q "flags protected=0" "$W/default.txt" && pass "default: no CKF_PROTECTED_AUTHENTICATION_PATH" \
    || { fail "default flags"; cat "$W/default.txt"; }

# --- pin.dialog = always: C_Login(NULL), the user types 1234 ---
conf "pin.dialog = always"
: >"$BED/apdu.log"
"$PROBE" "$MODULE" 0 flags login "sign=$W/doc.di:$W/auth.sig" >"$W/login.txt" 2>"$W/login.err" &
probe=$!
win=$(dialog_window)
if [ -n "$win" ]; then
    pass "C_Login(NULL) opened the dialog"
    shot "$win" pkcs11-dialog-auth
    type_in "$win" $AUTH_PIN && key_in "$win" Return
else
    fail "no dialog window"
fi
wait $probe
grep -q "flags protected=1" "$W/login.txt" && pass "pin.dialog = always: CKF_PROTECTED_AUTHENTICATION_PATH" \
    || fail "protected flag"
[ "$(rv_of login "$W/login.txt")" = 0x0 ] && pass "C_Login(NULL) + dialog: CKR_OK" \
    || { fail "C_Login through the dialog"; cat "$W/login.txt" "$W/login.err"; }
[ "$(rv_of sign "$W/login.txt")" = 0x0 ] && openssl dgst -sha256 -verify "$W/auth.pub" \
    -signature "$W/auth.sig" "$W/doc.txt" >/dev/null 2>&1 && pass "the signature verifies (openssl)" \
    || fail "signature after the dialog login"
[ "$(verifies_with_pin)" -eq 1 ] && pass "one VERIFY with the PIN" || fail "VERIFY count $(verifies_with_pin)"

# --- C_SetPIN(NULL, NULL): the current PIN, then the new one twice (here: 1234 again, the card stays as it was) ---
: >"$BED/apdu.log"
"$PROBE" "$MODULE" 0 setpin login=$AUTH_PIN >"$W/setpin.txt" 2>"$W/setpin.err" &
probe=$!
win=$(dialog_window)
[ -n "$win" ] && { type_in "$win" $AUTH_PIN && key_in "$win" Return; }
win=$(next_dialog_window)
if [ -n "$win" ]; then
    shot "$win" pkcs11-dialog-new-pin
    type_in "$win" 4321 && key_in "$win" Tab && type_in "$win" 4321 && key_in "$win" Return
fi
wait $probe
[ "$(rv_of setpin "$W/setpin.txt")" = 0x0 ] && [ "$(rv_of login "$W/setpin.txt")" = 0xa0 ] \
    && grep -c '^C 00240001 ' "$BED/apdu.log" | grep -cx 1 >/dev/null \
    && pass "C_SetPIN(NULL, NULL): two dialogs, one CHANGE REFERENCE DATA; the old PIN no longer works" \
    || { fail "C_SetPIN through the dialog"; cat "$W/setpin.txt" "$W/setpin.err"; }
"$PROBE" "$MODULE" 0 login=4321 >"$W/newpin.txt" 2>&1
[ "$(rv_of login "$W/newpin.txt")" = 0x0 ] && pass "the new PIN typed in the dialog logs in" || fail "new PIN login"
"$PROBE" "$MODULE" 0 setpin=4321:$AUTH_PIN >"$W/setback.txt" 2>&1
[ "$(rv_of setpin "$W/setback.txt")" = 0x0 ] || fail "PIN back to $AUTH_PIN"

# --- Cancel ---
: >"$BED/apdu.log"
"$PROBE" "$MODULE" 0 login >"$W/cancel.txt" 2>"$W/cancel.err" &
probe=$!
win=$(dialog_window)
[ -n "$win" ] && { type_in "$win" 12; sleep 0.2; key_in "$win" Escape; }
wait $probe
[ "$(rv_of login "$W/cancel.txt")" = 0x50 ] && pass "Cancel: CKR_FUNCTION_CANCELED" \
    || { fail "Cancel"; cat "$W/cancel.txt" "$W/cancel.err"; }
[ "$(verifies_with_pin)" -eq 0 ] && pass "Cancel: no VERIFY with a PIN reached the card" \
    || fail "VERIFY after cancel"
grep -q "PIN dialog" "$W/cancel.err" && pass "Cancel: one log line ($(grep "PIN dialog" "$W/cancel.err"))" \
    || fail "no log line for the cancel"

# --- a 3-digit PIN: OK impossible, Return does nothing; then Escape ---
: >"$BED/apdu.log"
"$PROBE" "$MODULE" 0 login >"$W/short.txt" 2>&1 &
probe=$!
win=$(dialog_window)
if [ -n "$win" ]; then
    type_in "$win" 123 && key_in "$win" Return
    sleep 1.5
    shot "$win" pkcs11-dialog-short-pin
    if [ -n "$(xdotool search --onlyvisible --name "^$DIALOG_TITLE\$" 2>/dev/null)" ]; then
        pass "3 digits + Return: the dialog stays open"
    else
        fail "the dialog accepted 3 digits"
    fi
    key_in "$win" Escape
fi
wait $probe
[ "$(rv_of login "$W/short.txt")" = 0x50 ] && [ "$(verifies_with_pin)" -eq 0 ] \
    && pass "3-digit PIN never reached the card (no VERIFY)" || { fail "3-digit PIN"; cat "$W/short.txt"; }

# --- no display: fails at once, no hang ---
( unset DISPLAY WAYLAND_DISPLAY; "$PROBE" "$MODULE" 0 login >"$W/nodisplay.txt" 2>"$W/nodisplay.err" )
ms=$(ms_of login "$W/nodisplay.txt")
# "At once" is told by the outcome, not by a clock: a dialog that waited would end at pin.dialog_timeout with
# "PIN dialog: no PIN (...)", a refusal without waiting says "PIN dialog unavailable" (checked below).
[ "$(rv_of login "$W/nodisplay.txt")" = 0x50 ] \
    && pass "no display: CKR_FUNCTION_CANCELED in ${ms} ms" || { fail "no display"; cat "$W/nodisplay.txt"; }
grep -q "PIN dialog unavailable" "$W/nodisplay.err" && pass "no display: log line: $(cat "$W/nodisplay.err")" \
    || fail "no log line without display"
# A display that cannot be opened, and a dialog program that does not exist.
DISPLAY=:9999 "$PROBE" "$MODULE" 0 login >"$W/baddisplay.txt" 2>&1
ms=$(ms_of login "$W/baddisplay.txt")
[ "$(rv_of login "$W/baddisplay.txt")" = 0x50 ] && grep -q "PIN dialog unavailable" "$W/baddisplay.txt" \
    && pass "unopenable display: CKR_FUNCTION_CANCELED in ${ms} ms" || { fail "bad display"; cat "$W/baddisplay.txt"; }
IAS_PINENTRY=/nonexistent/ias-pinentry "$PROBE" "$MODULE" 0 login >"$W/noprogram.txt" 2>&1
[ "$(rv_of login "$W/noprogram.txt")" = 0x50 ] && pass "missing dialog program: CKR_FUNCTION_CANCELED" \
    || { fail "missing program"; cat "$W/noprogram.txt"; }

# --- the signature key: context-specific login with no PIN (default pin.dialog_context = yes). The key is
# listed after a user login (docs/pkcs11.md), which the application does with the PIN here. ---
conf
: >"$BED/apdu.log"
"$PROBE" "$MODULE" 1 flags login=$SIGN_PIN "csign=$W/doc.di:$W/qes.sig" >"$W/qes.txt" 2>"$W/qes.err" &
probe=$!
win=$(dialog_window)
if [ -n "$win" ]; then
    pass "CKU_CONTEXT_SPECIFIC with no PIN opened the dialog"
    shot "$win" pkcs11-dialog-signature
    type_in "$win" $SIGN_PIN && key_in "$win" Return
else
    fail "no dialog for the context-specific login"
fi
wait $probe
grep -q "flags protected=0" "$W/qes.txt" && pass "signature token without the protected path flag (default)" \
    || fail "signature token flag"
[ "$(rv_of csign "$W/qes.txt")" = 0x0 ] && openssl dgst -sha256 -verify "$W/sign.pub" \
    -signature "$W/qes.sig" "$W/doc.txt" >/dev/null 2>&1 && pass "qualified signature verifies (openssl)" \
    || { fail "qualified signature through the dialog"; cat "$W/qes.txt" "$W/qes.err"; }
# The same key used without C_Login(CKU_CONTEXT_SPECIFIC) at all: the module asks itself. With no display
# nobody could be asked: C_Sign says the key wants its login (CKR_USER_NOT_LOGGED_IN, which C_Sign lists in
# PKCS #11 3.0), so the application can log in and sign again; a dialog the user cancels stays
# CKR_FUNCTION_CANCELED.
: >"$BED/apdu.log"
( unset DISPLAY WAYLAND_DISPLAY
  "$PROBE" "$MODULE" 1 login=$SIGN_PIN "sign=$W/doc.di:$W/nd.sig" >"$W/nodisplay-sign.txt" 2>&1 )
[ "$(rv_of sign "$W/nodisplay-sign.txt")" = 0x101 ] && [ "$(verifies_with_pin)" -eq 1 ] \
    && pass "no display, signature key without context login: CKR_USER_NOT_LOGGED_IN, no VERIFY for it" \
    || { fail "no display, signature without context login"; cat "$W/nodisplay-sign.txt"; }
"$PROBE" "$MODULE" 1 login=$SIGN_PIN "sign=$W/doc.di:$W/cs.sig" >"$W/cancel-sign.txt" 2>&1 &
probe=$!
win=$(dialog_window)
[ -n "$win" ] && key_in "$win" Escape
wait $probe
[ -n "$win" ] && [ "$(rv_of sign "$W/cancel-sign.txt")" = 0x50 ] \
    && pass "signature key without context login, the dialog cancelled: CKR_FUNCTION_CANCELED" \
    || { fail "cancelled signature dialog"; cat "$W/cancel-sign.txt"; }
# pin.dialog_context = no: today's answer without a PIN.
conf "pin.dialog_context = no"
"$PROBE" "$MODULE" 1 login=$SIGN_PIN "csign=$W/doc.di:$W/qes2.sig" >"$W/qes2.txt" 2>&1
[ "$(rv_of csign "$W/qes2.txt")" = 0x7 ] && pass "pin.dialog_context = no: CKR_ARGUMENTS_BAD without a PIN" \
    || { fail "dialog_context = no"; cat "$W/qes2.txt"; }

# --- pin.dialog = signature: only the signature token reports the path ---
conf "pin.dialog = signature"
"$PROBE" "$MODULE" 0 flags >"$W/s0.txt" 2>&1
"$PROBE" "$MODULE" 1 flags >"$W/s1.txt" 2>&1
grep -q "protected=0" "$W/s0.txt" && grep -q "protected=1" "$W/s1.txt" \
    && pass "pin.dialog = signature: only the signature token is protected" || fail "pin.dialog = signature flags"
# Both PINs of a qualified signature from the dialog: the user login, then the context-specific login.
: >"$BED/apdu.log"
"$PROBE" "$MODULE" 1 login "csign=$W/doc.di:$W/qes3.sig" >"$W/qes3.txt" 2>"$W/qes3.err" &
probe=$!
win=$(dialog_window)
[ -n "$win" ] && { type_in "$win" $SIGN_PIN && key_in "$win" Return; }
win=$(next_dialog_window)
[ -n "$win" ] && { type_in "$win" $SIGN_PIN && key_in "$win" Return; }
wait $probe
[ "$(rv_of login "$W/qes3.txt")" = 0x0 ] && [ "$(rv_of csign "$W/qes3.txt")" = 0x0 ] \
    && openssl dgst -sha256 -verify "$W/sign.pub" -signature "$W/qes3.sig" "$W/doc.txt" >/dev/null 2>&1 \
    && pass "pin.dialog = signature: login and context login through two dialogs, the signature verifies" \
    || { fail "pin.dialog = signature signing"; cat "$W/qes3.txt" "$W/qes3.err"; }
[ "$(verifies_with_pin)" -eq 2 ] && pass "two VERIFY with the signature PIN" || fail "VERIFY count $(verifies_with_pin)"
finish
