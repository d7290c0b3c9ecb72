#!/bin/bash
# ias-pin-change on a PIN-pad reader (scripts/testbed up --pinpad): the entries give way to the keypad
# notice, Change runs MODIFY PIN on the reader (the "typed" PINs come from DIR/pinpad.typed, never through
# the host), the new PIN then verifies; the signature PIN, whose VERIFY needs secure messaging, keeps the
# entries.
source "$(dirname "${BASH_SOURCE[0]}")/pinchangelib.sh"
bed_up --pinpad
gui_up

printf '1234\n4321\n' >"$BED/pinpad.typed"
open_window en
await '^state ready ' && await '^pin 01 tries=3 blocked=0 rules=4-8 digits=1 pad=1' \
    && pass "PIN-pad reader: the auth PIN is entered on the keypad" || fail "pad not offered"
await '^change 1$' && pass "Change enabled without host entries" || fail "Change off on the PIN-pad"
shot "$WIN" pin-change-en-pinpad
: >"$BED/apdu.log"
key_in "$WIN" alt+h
await '^result changed ' && pass "changed on the keypad" || fail "PIN-pad change"
grep -q '^modify .*-> card 90 00' "$BED/pinpad.typed.log" && pass "the reader sent the MODIFY (its log)" \
    || { fail "no MODIFY in the reader's log"; cat "$BED/pinpad.typed.log"; }
[ "$(changes_in_log)" -eq 1 ] && pass "one CHANGE REFERENCE DATA" || fail "CHANGE count $(changes_in_log)"
close_window
expect "the new PIN 4321 verifies (host entry)" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 4321
expect "back to 1234" "$TOOL" pin change --pin-id 01 --pin-insecure-argv 4321 --pin-insecure-argv 1234

open_window fr --pin-id 02
await '^pin 02 .* pad=0' && pass "the signature PIN (VERIFY under SM) keeps the host entries" \
    || fail "signature PIN offered on the pad"
open_window fr
await '^pin 01 .* pad=1' || fail "fr pad"
shot "$WIN" pin-change-fr-pinpad
close_window
finish
