#!/bin/bash
# ias-pin-change, played by xdotool on a private Xvfb over the test bed (docs/ias-pin-change.md, "Tests"):
# no card → "insert your card", start-card → the window finds it by itself; new PINs that differ or are too
# short keep Change disabled and send no APDU; a wrong current PIN shows the tries left and costs exactly one
# try on the card; 1234 → 4321 through the window: one CHANGE REFERENCE DATA, the new PIN verifies, the old
# one not. The window's state is read from its --status-fd lines (the labels are not readable without the
# accessibility bus, which stays off); screenshots of each state, English and French, go to
# $IAS_PIN_SHOTS (default: <build>/tests/ias-pin-change/shots).
source "$(dirname "${BASH_SOURCE[0]}")/pinchangelib.sh"
bed_up
gui_up

# --- (4) no card: "insert your card", then the card is inserted and found without any click ---
"$testbed" stop-card "$BED" >/dev/null || fail "stop-card"
open_window en
await '^state no-card' && pass "no card: the window says so" || fail "no-card state"
shot "$WIN" pin-change-en-no-card
"$testbed" start-card "$BED" >/dev/null || fail "start-card"
await '^state ready ' && await '^pin 01 tries=3 blocked=0 rules=4-8 digits=1' \
    && pass "start-card: the window found the card, its auth PIN with 3 tries left and the 4-8 digit rule" \
    || fail "card not found after start-card"
shot "$WIN" pin-change-en-ready

# --- (3) new PINs that differ, or too short: Change stays disabled, nothing reaches the card ---
: >"$BED/apdu.log"
fill 1234 4321 4322
[ "$(last_change_state)" != "change 1" ] && pass "new PINs that differ: Change disabled" \
    || fail "Change enabled with differing new PINs"
shot "$WIN" pin-change-en-mismatch
key_in "$WIN" Return
sleep 0.5
# The same entries, corrected: the repeat now matches, Change turns on (the check above can fail).
key_in "$WIN" BackSpace && type_in "$WIN" 1
await '^change 1$' && pass "the repeat corrected: Change enabled" || fail "Change stays off with matching PINs"
close_window
open_window en
await '^state ready ' || fail "ready again"
sleep 0.5
: >"$BED/apdu.log"
fill 1234 432 432
[ "$(last_change_state)" != "change 1" ] && pass "a new PIN of 3 digits: Change disabled" \
    || fail "Change enabled with a 3-digit PIN"
key_in "$WIN" Return
sleep 0.5
! grep -q busy "$STATUS" && [ "$(grep -c '^C ' "$BED/apdu.log")" -eq 0 ] \
    && pass "Return on a disabled Change: no APDU sent" || { fail "APDUs were sent"; cat "$BED/apdu.log"; }
close_window

# --- (2) a wrong current PIN: the window shows the tries left; the card lost exactly one try ---
before=$(tries_left 01)
open_window en
await '^state ready ' || fail "ready"
: >"$BED/apdu.log"
fill 9999 4321 4321
await '^change 1$' || fail "Change enabled"
key_in "$WIN" Return
await '^result wrong-pin tries=2$' && await '^pin 01 tries=2 ' \
    && pass "wrong current PIN: the window says 2 tries left" || fail "wrong PIN result"
shot "$WIN" pin-change-en-wrong-pin
[ "$before" = 3 ] && [ "$(tries_left 01)" = 2 ] && pass "the card's counter went from 3 to 2 (VERIFY without data)" \
    || fail "tries before $before, after $(tries_left 01)"
# The auth PIN's CHANGE rule needs no prior VERIFY: one CHANGE REFERENCE DATA (current ‖ new), refused 63C2.
[ "$(changes_in_log)" -eq 1 ] && grep -A1 -E '^C 00240001 ' "$BED/apdu.log" | grep -c '^R 63C2' >/dev/null \
    && [ "$(grep -Ec '^C (00|0C)2000[0-9A-F]{2} ' "$BED/apdu.log")" -eq 0 ] \
    && pass "one CHANGE REFERENCE DATA, refused by the card with 63C2; no VERIFY with a PIN" \
    || { fail "APDUs of the refused change"; grep -E '^C 00(20|24)' -A1 "$BED/apdu.log"; }
expect "the right PIN restores the counter (ias-tool)" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234
close_window

# --- (1) 1234 → 4321 through the window ---
open_window en
await '^state ready ' && await '^pin 01 tries=(3|\?) ' || fail "ready, PIN not blocked"
: >"$BED/apdu.log"
fill 1234 4321 4321
await '^change 1$' && pass "valid PINs: Change enabled" || fail "Change not enabled"
key_in "$WIN" Return
await '^result changed ' && pass "the window says: changed" || fail "no success"
shot "$WIN" pin-change-en-changed
[ "$(changes_in_log)" -eq 1 ] && pass "one CHANGE REFERENCE DATA in the APDU log" \
    || { fail "CHANGE count $(changes_in_log)"; cat "$BED/apdu.log"; }
! grep -Eq '4321|34333231' "$BED/apdu.log" && pass "the APDU log shows no PIN" || fail "PIN in the log"
close_window
expect "the new PIN 4321 verifies (ias-tool)" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 4321
expect_not "the old PIN 1234 is refused" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234
expect "the PIN back to 1234 (ias-tool pin change)" "$TOOL" pin change --pin-id 01 \
    --pin-insecure-argv 4321 --pin-insecure-argv 1234
expect "1234 verifies again" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234
grep -Eq '1234|4321' "$BED/app.err" && fail "a PIN on the window's stderr" || pass "no PIN on stderr"

# --- the signature PIN (VERIFY under secure messaging): wrong SM keys fail cleanly, right ones change it ---
sed -E 's/^(sm\.keyset\.[^ ]*\.mac = )[0-9A-F]/\1F/' "$IAS_ECC_CONF" >"$BED/wrong-sm.conf"
cmp -s "$BED/wrong-sm.conf" "$IAS_ECC_CONF" && fail "wrong-sm.conf equals the right one"
IAS_ECC_CONF="$BED/wrong-sm.conf" open_window en --pin-id 02
await '^state ready ' && await '^pin 02 tries=3 blocked=0 rules=6-8 digits=1' \
    && pass "--pin-id 02: the signature PIN, 3 tries, 6-8 digits" || fail "signature PIN not chosen"
: >"$BED/apdu.log"
fill 123456 654321 654321
await '^change 1$' && key_in "$WIN" Return
await '^result sm-failure ' && pass "wrong SM keys: the window reports the secure-messaging failure" \
    || fail "no SM failure"
shot "$WIN" pin-change-en-sm-failure
[ "$(grep -Ec '^C (00|0C)240081' "$BED/apdu.log")" -eq 0 ] && pass "no CHANGE of the signature PIN sent" \
    || fail "CHANGE sent despite the SM failure"
close_window
expect_out "the signature PIN kept its 3 tries" "^02 3 tries left" "$TOOL" pin status --pin-id 02
open_window en --pin-id 02
await '^pin 02 tries=3 ' || fail "signature PIN chosen"
: >"$BED/apdu.log"
fill 123456 654321 654321
await '^change 1$' && key_in "$WIN" Return
await '^result changed ' && pass "signature PIN 123456 → 654321 through the window" || fail "signature PIN change"
grep -q '^C 0C200081 ' "$BED/apdu.log" && [ "$(grep -Ec '^C (00|0C)240081 ' "$BED/apdu.log")" -eq 1 ] \
    && pass "VERIFY under SM (0C 20 00 81), then one CHANGE REFERENCE DATA" \
    || { fail "signature PIN APDUs"; grep -E '^C (00|0C)2[04]' "$BED/apdu.log"; }
close_window
expect "the new signature PIN verifies (ias-tool)" "$TOOL" pin verify --pin-id 02 --pin-insecure-argv 654321
expect "the signature PIN back to 123456" "$TOOL" pin change --pin-id 02 \
    --pin-insecure-argv 654321 --pin-insecure-argv 123456

# --- a blocked PIN: shown as blocked with the PUK form; the PUK (ias-tool pin unblock) restores it ---
for wrong in 9991 9992 9993; do "$TOOL" pin verify --pin-id 01 --pin-insecure-argv $wrong >/dev/null 2>&1; done
[ "$(tries_left 01)" = blocked ] || fail "auth PIN not blocked by three wrong PINs"
open_window en
await '^pin 01 tries=[0?] blocked=1 ' && await '^unblock 1$' \
    && pass "a blocked PIN is shown as blocked, with the PUK form" || fail "blocked state"
shot "$WIN" pin-change-en-blocked
: >"$BED/apdu.log"
# The focus is on the PUK entry: a 4-digit "PUK" breaks the PUK's 8-digit rule (the unblock test does the rest).
fill 1234 4321 4321
! grep -q '^change 1$' "$STATUS" && ! grep -Eq '^C (00|0C)2[04C]' "$BED/apdu.log" \
    && pass "blocked: the action stays off with a PUK outside its rules, nothing sent" \
    || fail "a blocked PIN could be changed"
close_window
expect "the PUK unblocks it (ias-tool pin unblock --keep-pin)" "$TOOL" pin unblock --pin-id 01 --keep-pin \
    --pin-insecure-argv 12345678

# --- French: the same states, for the screenshots and the translations ---
"$testbed" stop-card "$BED" >/dev/null
open_window fr && pass "the French window opens" || true
await '^state no-card' || fail "fr no-card"
shot "$WIN" pin-change-fr-no-card
"$testbed" start-card "$BED" >/dev/null
await '^state ready ' || fail "fr ready"
fill 1234 4321 4322
shot "$WIN" pin-change-fr-mismatch
close_window
open_window fr
await '^state ready ' || fail "fr ready"
fill 9999 4321 4321
await '^change 1$' && key_in "$WIN" Return
await '^result wrong-pin tries=2$' || fail "fr wrong PIN"
shot "$WIN" pin-change-fr-wrong-pin
close_window
expect "the counter restored" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234
finish
