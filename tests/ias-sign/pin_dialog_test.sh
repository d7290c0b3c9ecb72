#!/bin/bash
# ias-sign --pin-dialog and ias-tool --pin-dialog on the test bed (Xvfb, the real ias-pinentry, xdotool as
# the user): the tools ask the PIN in the desktop's dialog, as the module does. record_pinentry.py sits
# between the tool and the dialog and keeps the request as sent (protocol text, read by the script: the
# kind, the token, the tries left, the card's rules). The qualified signature: the signature PIN, typed in
# the dialog, one VERIFY, and a file openssl verifies. Cancel: exit 11 and no VERIFY. ias-tool pin change:
# the current PIN, then a new one typed twice in the dialog's own fields (here the same PIN again).
. "$(dirname "$0")/signlib.sh"
. "$(dirname "$0")/../pkcs11-clients/pin-dialog/guilib.sh"
bed_up
gui_up
cd "$BED" || exit 1
export IAS_PINENTRY_REAL=$IAS_PINENTRY IAS_PINENTRY="$here/record_pinentry.py" IAS_PINENTRY_RECORD="$BED/requests.txt"
write_decision
verifies_with_pin() { grep -Eic '^C (00|0C)2000[0-9A-F]{2} ' "$BED/apdu.log"; }
# request N FIELD: the value of FIELD in the N-th recorded request
request() { awk -v n="$1" -v f="$2" '/^IAS-PINENTRY/ {i++} i == n && $1 == f {sub(/^[^ ]* /, ""); print}' "$IAS_PINENTRY_RECORD"; }

# --- the qualified signature, its PIN typed in the dialog ---
: >"$BED/apdu.log"
"$SIGN" sign decision.txt --pin-dialog >"$BED/sign.out" 2>&1 &
tool=$!
win=$(dialog_window)
if [ -n "$win" ]; then
    pass "ias-sign --pin-dialog opened the PIN dialog"
    shot "$win" ias-sign-dialog
    type_in "$win" 123456 && key_in "$win" Return
else
    fail "no dialog window"
fi
wait $tool
status=$?
[ "$status" = 0 ] && pass "ias-sign sign exits 0" || { fail "ias-sign sign exit $status"; cat "$BED/sign.out"; }
expect "openssl cms -verify -cades accepts the signature" openssl cms -verify -cades -binary -purpose any \
    -inform DER -in decision.txt.p7s -content decision.txt -CAfile pki/root-ca.pem -out /dev/null
[ "$(verifies_with_pin)" = 1 ] && pass "one VERIFY with the PIN" || fail "VERIFY count $(verifies_with_pin)"
[ "$(request 1 PIN)" = sign ] && pass "the dialog was asked for the signature PIN" \
    || fail "kind $(request 1 PIN)"
[ "$(request 1 TRIES)" = 3 ] && pass "...with the tries left the card gave (3)" || fail "tries $(request 1 TRIES)"
[ "$(request 1 MIN)" = 6 ] && [ "$(request 1 MAX)" = 8 ] && [ "$(request 1 DIGITS)" = yes ] \
    && pass "...and the card's rules (digits, 6 to 8)" \
    || fail "rules $(request 1 DIGITS) $(request 1 MIN)-$(request 1 MAX)"
[ -n "$(request 1 TOKEN)" ] && pass "...and the card's label ($(request 1 TOKEN))" || fail "no token label"

# --- cancel: no PIN, no VERIFY, exit 11 ---
: >"$BED/apdu.log"
"$SIGN" sign decision.txt -o cancelled.p7s --pin-dialog >"$BED/cancel.out" 2>&1 &
tool=$!
win=$(next_dialog_window)
[ -n "$win" ] && key_in "$win" Escape
wait $tool
status=$?
[ "$status" = 11 ] && pass "Cancel in the dialog: exit 11" || { fail "cancel exit $status"; cat "$BED/cancel.out"; }
grep -q "PIN entry cancelled" "$BED/cancel.out" && pass "...the message says it was cancelled" \
    || { fail "cancel message"; cat "$BED/cancel.out"; }
[ "$(verifies_with_pin)" = 0 ] && pass "...no VERIFY" || fail "VERIFY count $(verifies_with_pin)"
[ ! -e cancelled.p7s ] && pass "...no file" || fail "a file was written"

# --- ias-tool pin change: the current PIN, then the new one twice in the dialog ---
: >"$BED/apdu.log"
"$TOOL" pin change --pin-id 01 --pin-dialog >"$BED/change.out" 2>&1 &
tool=$!
win=$(next_dialog_window)
[ -n "$win" ] && { type_in "$win" 1234 && key_in "$win" Return; }
win=$(next_dialog_window)
if [ -n "$win" ]; then
    shot "$win" ias-tool-new-pin-dialog
    # The new PIN and its confirmation: two fields of one dialog (Tab between them).
    type_in "$win" 1234 && key_in "$win" Tab && type_in "$win" 1234 && key_in "$win" Return
else
    fail "no dialog for the new PIN"
fi
wait $tool
status=$?
[ "$status" = 0 ] && pass "ias-tool pin change --pin-dialog exits 0" || { fail "pin change exit $status"; cat "$BED/change.out"; }
[ "$(request 3 PIN)" = auth ] && pass "the current PIN asked as the authentication PIN" \
    || fail "kind $(request 3 PIN)"
[ "$(request 4 PIN)" = new-auth ] && pass "the new one as a new authentication PIN (asked twice)" \
    || fail "kind $(request 4 PIN)"
expect_out "the card takes the PIN (1234) afterwards" '^01 ' "$TOOL" pin status --pin-id 01
expect "...and verifies it" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234
finish
