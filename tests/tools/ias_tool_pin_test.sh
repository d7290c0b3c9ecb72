#!/bin/bash
# PINs through ias-tool: a wrong PIN reports the tries left (exit 4, and the card agrees: VERIFY without data
# through OpenSC), three wrong ones block (exit 5), the PUK unblocks with a new PIN, a wrong PUK costs a PUK
# try, a changed PIN persists across a card restart; the signature PIN (verified under SM) likewise; PINs
# outside the length rules never reach the card.
. "$(dirname "$0")/toollib.sh"
bed_up
cd "$BED" || exit 1
printf 'data\n' > data
openssl x509 -in pki/auth.pem -pubkey -noout > auth.pub

expect_out "pin status --pin-id 01: 3 tries left" "^01 3 tries left" "$TOOL" pin status --pin-id 01
expect "pin verify with the right PIN" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234

expect_exit 4 "a wrong auth PIN" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 9999
expect_last "wrong PIN: 2 tries left" "the message says 2 tries left"
[ "$(tries_left 01)" = 2 ] && pass "the card says 2 tries left (VERIFY without data via opensc-tool)" \
    || fail "the card says $(tries_left 01)"
expect_out "pin status agrees" "^01 2 tries left" "$TOOL" pin status --pin-id 01
expect_out "list shows the tries left" 'pin 01 .*2 of 3 tries left' "$TOOL" list
expect_exit 4 "a second wrong PIN (through sign)" "$TOOL" sign --key 01 --in data --out sig --pin-insecure-argv 8888
expect_last "wrong PIN: 1 try left" "the message says 1 try left"
expect_exit 4 "a third wrong PIN" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 7777
expect_last "wrong PIN: 0 tries left" "the message says 0 tries left"
[ "$(tries_left 01)" = blocked ] && pass "three wrong PINs block it (the card answers 6983)" \
    || fail "the card says $(tries_left 01)"
expect_exit 5 "the right PIN is refused now: blocked" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234
expect_last "PIN blocked" "the message says blocked"
expect_exit 5 "signing is refused too" "$TOOL" sign --key 01 --in data --out sig --pin-insecure-argv 1234
expect_out "pin status says blocked" "^01 blocked" "$TOOL" pin status --pin-id 01

expect_exit 4 "unblock with a wrong PUK" "$TOOL" pin unblock --pin-id 01 --pin-insecure-argv 87654321 --pin-insecure-argv 2468
[ "$(tries_left 02)" = 9 ] && pass "the wrong PUK cost a PUK try (9 left)" || fail "PUK: $(tries_left 02)"
expect "unblock with the PUK (on fd 3) and a new PIN" \
    bash -c "'$TOOL' pin unblock --pin-id 01 --pin-fd 3 3< <(printf '12345678\n2468\n')"
[ "$(tries_left 01)" = 3 ] && pass "3 tries again" || fail "the card says $(tries_left 01)"
case $(tries_left 02) in 10 | verified) pass "the right PUK restored the PUK's tries" ;; *) fail "PUK: $(tries_left 02)" ;; esac
expect_exit 4 "the old PIN no longer works" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234
expect "the new PIN signs" "$TOOL" sign --key 01 --in data --out sig --pin-insecure-argv 2468
expect "openssl verifies" openssl dgst -sha256 -verify auth.pub -signature sig data

expect "pin change 2468 → 13579" \
    bash -c "'$TOOL' pin change --pin-id 01 --pin-fd 3 3< <(printf '2468\n13579\n')"
expect_exit 4 "pin change with a wrong current PIN" \
    "$TOOL" pin change --pin-id 01 --pin-insecure-argv 0000 --pin-insecure-argv 11111
expect "scripts/testbed restart-card" "$testbed" restart-card "$BED"
expect "after the restart the changed PIN verifies" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 13579
expect_exit 4 "and the PIN before it does not" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 2468

# The signature PIN: VERIFY under secure messaging.
mark_log
expect_exit 4 "a wrong signature PIN" "$TOOL" pin verify --pin-id 02 --pin-insecure-argv 999999
expect_last "2 tries left" "the message says 2 tries left"
log_since_mark | grep -c '^C 0C200081' >/dev/null && pass "it went under secure messaging" || fail "no 0C200081"
expect "the right signature PIN" "$TOOL" pin verify --pin-id 02 --pin-insecure-argv 123456
expect "pin change of the signature PIN" \
    "$TOOL" pin change --pin-id 02 --pin-insecure-argv 123456 --pin-insecure-argv 654321
expect "scripts/testbed restart-card" "$testbed" restart-card "$BED"
expect "the new signature PIN signs after the restart" \
    "$TOOL" sign --key 02 --in data --out sig2 --pin-insecure-argv 654321
openssl x509 -in pki/sign.pem -pubkey -noout > sign.pub
expect "openssl verifies" openssl dgst -sha256 -verify sign.pub -signature sig2 data

# Refused before the card: too short, too long, empty, not digits (the auth PIN is ASCII-numeric, 4..8).
before=$(tries_left 01)
mark_log
for bad in 12 123456789 "" 12a4; do
    expect_exit 11 "PIN \"$bad\" is refused before the card" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv "$bad"
done
log_since_mark | grep -c '^C ..20' >/dev/null && fail "a VERIFY reached the card" || pass "no VERIFY reached the card"
[ "$(tries_left 01)" = "$before" ] && pass "no try was spent ($before left)" || fail "the card says $(tries_left 01), before $before"
expect_exit 8 "an unknown PIN id" "$TOOL" pin status --pin-id 09
finish
