#!/bin/bash
# ias-pin-change's unblock on a PIN-pad reader (scripts/testbed up --pinpad): the PUK goes on the reader's
# keypad, as `ias-tool pin unblock` does (Card::pukEntryOnReader, Card::unblockPinOnReader): the window has
# no PUK entry, the reader's log shows the PUK's VERIFY, and a core of the window after it holds no PUK (the
# pad's digits never entered the process). The new PIN is typed in the window twice.
source "$(dirname "${BASH_SOURCE[0]}")/pinchangelib.sh"
bed_up --pinpad
gui_up
PUK=94027315 NEW=46190283
expect "a distinctive PUK" "$TOOL" pin change --pin-id 03 --pin-insecure-argv 12345678 --pin-insecure-argv $PUK
# CHANGE leaves the PUK verified in the card's session (no count then): a card restart ends the session.
"$testbed" stop-card "$BED" >/dev/null && "$testbed" start-card "$BED" >/dev/null || fail "card restart"
for wrong in 9991 9992 9993; do "$TOOL" pin verify --pin-id 01 --pin-insecure-argv $wrong >/dev/null 2>&1; done
[ "$(tries_left 01)" = blocked ] && pass "three wrong PINs (ias-tool) blocked the PIN" || fail "not blocked"

open_window en
await '^unblock 1$' && await '^puk [0-9A-F]{2} tries=10 blocked=0 rules=8-8 pad=1$' \
    && pass "the unblock offered with the PUK on the keypad (pad=1)" || fail "PUK not on the pad"
steady_shot "$WIN" pin-change-en-unblock-pinpad
: >"$BED/apdu.log"
: >"$BED/pinpad.typed.log"
printf '00000000\n' >"$BED/pinpad.typed"
type_in "$WIN" $NEW && key_in "$WIN" Tab && type_in "$WIN" $NEW
await '^change 1$' && key_in "$WIN" alt+b
await '^result wrong-puk tries=9$' && pass "a wrong PUK on the keypad: 9 tries left" || fail "wrong PUK on the pad"
[ "$(tries_left 02)" = 9 ] && pass "the card's PUK counter is 9 (OpenSC)" || fail "PUK $(tries_left 02)"
mark
printf '%s\n' $PUK >"$BED/pinpad.typed"
type_in "$WIN" $NEW && key_in "$WIN" Tab && type_in "$WIN" $NEW
await '^change 1$' && key_in "$WIN" alt+b
await '^result unblocked tries=3$' && pass "the right PUK on the keypad: unblocked, 3 tries" || fail "pad unblock"
[ "$(grep -c 'verify 00 20 00 02 .* -> card 90 00' "$BED/pinpad.typed.log")" = 1 ] \
    && pass "the PUK's VERIFY went through the reader (its log)" || { fail "no PUK VERIFY on the pad"; cat "$BED/pinpad.typed.log"; }
# The card's log shows every VERIFY of the PUK with data (the pad's too): there are as many as the reader
# filled in (the wrong PUK and the right one), so none came from the host.
card_v=$(grep -Ec '^C 00200002 [0-9A-F]' "$BED/apdu.log") pad_v=$(grep -c '^verify 00 20 00 02 ' "$BED/pinpad.typed.log")
[ "$card_v" = 2 ] && [ "$pad_v" = 2 ] && pass "both PUK VERIFYs the card got were filled in by the reader" \
    || fail "PUK VERIFYs: card $card_v, reader $pad_v"
[ "$(grep -Ec '^C 002C0201 ' "$BED/apdu.log")" -eq 1 ] && pass "then RESET RETRY COUNTER with the new PIN" \
    || fail "RESET count"
steady_shot "$WIN" pin-change-en-unblocked-pinpad
rm -f "$BED/pinpad.typed"
core_clean pad $PUK $NEW
close_window
expect "ias-tool pin verify accepts the new PIN" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv $NEW
finish
