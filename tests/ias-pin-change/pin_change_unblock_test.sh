#!/bin/bash
# ias-pin-change unblocks a blocked PIN with the PUK (docs/ias-pin-change.md, "Unblock with the PUK"): the
# switch offers the PUK form on request; three wrong PINs typed in the window block the PIN and the window
# offers the unblock by itself; a wrong PUK costs one PUK try and the window says how many are left (the
# card's counter read by OpenSC, the independent witness); the right PUK with a new PIN → `ias-tool pin
# verify` accepts the new PIN, the PIN's tries are back to 3; a core of the window after it holds neither
# the PUK nor the new PIN (the residue method, with a control dump that finds the PUK while it is typed);
# the PUK blocked → the issuer, Unblock off. English and French screenshots of each state and of About.
source "$(dirname "${BASH_SOURCE[0]}")/pinchangelib.sh"
bed_up
gui_up
# Distinctive values (as in tests/memory-residue): no other 8-digit run of the process should match them.
PUK=94027315 NEW=46190283 NEW_FR=61730492
expect "a distinctive PUK (ias-tool pin change of the PUK)" "$TOOL" pin change --pin-id 03 \
    --pin-insecure-argv 12345678 --pin-insecure-argv $PUK
# CHANGE leaves the PUK verified in the card's session (no count then): a card restart ends the session.
restart_card() { "$testbed" stop-card "$BED" >/dev/null && "$testbed" start-card "$BED" >/dev/null || fail "card restart"; }
restart_card
puk_tries() { tries_left 02; }  # OpenSC's opensc-tool: VERIFY without data on the PUK (P2 02)
block_pin() { for wrong in 9991 9992 9993; do "$TOOL" pin verify --pin-id 01 --pin-insecure-argv $wrong >/dev/null 2>&1; done; }

# --- on request: the switch shows the PUK form for a PIN that is not blocked ---
open_window en
await '^state ready ' && await '^unblock 0$' || fail "ready, change form"
mark
key_in "$WIN" alt+f
await '^unblock 1$' && await '^puk [0-9A-F]{2} tries=10 blocked=0 rules=8-8 pad=0$' \
    && pass "the switch offers the PUK form, the PUK's 10 tries shown" || fail "no PUK form on request"
mark
key_in "$WIN" alt+f
await '^unblock 0$' || fail "the switch back"
about_shot "About" pin-change-en-about alt+a
close_window

# --- three wrong PINs typed in the window block the PIN; the window offers the unblock ---
open_window en
await '^state ready ' || fail "ready"
for n in 2 1 0; do
    mark
    fill 999$n 5555 5555
    await '^change 1$' && key_in "$WIN" Return
    await "^result wrong-pin tries=$n\$" || fail "wrong PIN $n"
done
[ "$(tries_left 01)" = blocked ] && pass "three wrong PINs in the window blocked the PIN (OpenSC)" \
    || fail "PIN not blocked: $(tries_left 01)"
await '^pin 01 tries=0 blocked=1 ' && await '^unblock 1$' && await '^puk [0-9A-F]{2} tries=10 blocked=0 .* pad=0$' \
    && pass "the blocked PIN: the window offers the unblock, PUK 10 tries" || fail "unblock not offered"
steady_shot "$WIN" pin-change-en-unblock-offered

# --- a wrong PUK: one PUK try, the window says how many are left ---
: >"$BED/apdu.log"
before=$(puk_tries)
mark
fill 00000000 $NEW $NEW
await '^change 1$' && key_in "$WIN" Return
await '^result wrong-puk tries=9$' && await '^puk [0-9A-F]{2} tries=9 ' \
    && pass "wrong PUK: the window says 9 tries left" || fail "wrong PUK result"
[ "$before" = A ] && [ "$(puk_tries)" = 9 ] && pass "the PUK's counter went from 10 to 9 (OpenSC)" \
    || fail "PUK tries before $before, after $(puk_tries)"
expect_out "ias-tool pin status: the PIN still blocked" "^01 blocked" "$TOOL" pin status --pin-id 01
[ "$(resets_in_log)" -eq 0 ] && pass "no RESET RETRY COUNTER after a wrong PUK" || fail "RESET sent"
steady_shot "$WIN" pin-change-en-unblock-wrong-puk

# --- the right PUK and a new PIN; the control dump sees the PUK while typed, the dump after it not ---
mark
: >"$BED/apdu.log"
fill $PUK $NEW $NEW
await '^change 1$' || fail "Unblock enabled"
core_holds typed $PUK
key_in "$WIN" Return
await '^result unblocked tries=3$' && await '^pin 01 tries=3 blocked=0 ' && await '^unblock 0$' \
    && pass "the right PUK: unblocked, 3 tries, back to the change form" || fail "unblock"
steady_shot "$WIN" pin-change-en-unblocked
# The PUK, just verified, answers 9000 (verified) in this card session: its counter is full then.
[ "$(tries_left 01)" = 3 ] && [[ "$(puk_tries)" =~ ^(A|verified)$ ]] \
    && pass "the card: PIN 3 tries, PUK counter full (OpenSC)" \
    || fail "after unblock: PIN $(tries_left 01), PUK $(puk_tries)"
[ "$(grep -Ec '^C 002C0201 ' "$BED/apdu.log")" -eq 1 ] && pass "one RESET RETRY COUNTER with the new PIN (P1 02)" \
    || { fail "RESET count"; grep '^C 00' "$BED/apdu.log"; }
! grep -Eq "$PUK|$NEW|3934303237333135|3436313930323833" "$BED/apdu.log" && pass "no PUK or PIN in the APDU log" \
    || fail "a secret in the APDU log"
core_clean unblocked $PUK $NEW
close_window
expect "ias-tool pin verify accepts the new PIN" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv $NEW
expect_out "ias-tool pin status: 3 tries (verified)" "^01 (verified|3 tries left)" "$TOOL" pin status --pin-id 01
grep -Eq "$PUK|$NEW" "$BED/app.err" && fail "a secret on the window's stderr" || pass "no secret on stderr"

# --- French: offered, wrong PUK, unblocked, About (a new card session: the PUK is no longer verified) ---
restart_card
block_pin
open_window fr
await '^unblock 1$' && await '^puk [0-9A-F]{2} tries=10 ' || fail "fr offered"
steady_shot "$WIN" pin-change-fr-unblock-offered
mark
fill 00000000 $NEW_FR $NEW_FR
await '^change 1$' && key_in "$WIN" Return
await '^result wrong-puk tries=9$' && pass "fr: wrong PUK, 9 tries" || fail "fr wrong PUK"
steady_shot "$WIN" pin-change-fr-unblock-wrong-puk
mark
fill $PUK $NEW_FR $NEW_FR
await '^change 1$' && key_in "$WIN" Return
await '^result unblocked tries=3$' && pass "fr: unblocked" || fail "fr unblock"
steady_shot "$WIN" pin-change-fr-unblocked
about_shot "À propos" pin-change-fr-about alt+r
close_window
expect "the French unblock's new PIN verifies" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv $NEW_FR

# --- the PUK blocked: the window points to the issuer, Unblock stays off ---
restart_card
block_pin
for i in $(seq 9); do "$TOOL" pin unblock --pin-id 01 --keep-pin --pin-insecure-argv 00000000 >/dev/null 2>&1; done
[ "$(puk_tries)" = 1 ] || fail "PUK tries after 9 wrong: $(puk_tries)"
# The last PUK try in the French window; the English window then opens on the blocked PUK.
open_window fr
await '^puk [0-9A-F]{2} tries=1 ' || fail "1 PUK try shown"
mark
fill 00000001 $NEW $NEW
await '^change 1$' && key_in "$WIN" Return
await '^result puk-blocked ' && await '^puk [0-9A-F]{2} tries=0 blocked=1 ' \
    && pass "the last wrong PUK: the window says the PUK is blocked (the issuer)" || fail "puk-blocked"
[ "$(puk_tries)" = blocked ] && pass "the card's PUK is blocked (OpenSC)" || fail "PUK $(puk_tries)"
steady_shot "$WIN" pin-change-fr-puk-blocked
mark
fill $PUK $NEW $NEW
sleep 0.5
! tail -n +$((MARK + 1)) "$STATUS" | grep -c '^change 1$' >/dev/null && pass "PUK blocked: Unblock stays off" || fail "Unblock on with the PUK blocked"
open_window en
await '^puk [0-9A-F]{2} tries=0 blocked=1 ' && pass "a new window shows the PUK blocked" || fail "en PUK blocked"
steady_shot "$WIN" pin-change-en-puk-blocked
close_window
finish
