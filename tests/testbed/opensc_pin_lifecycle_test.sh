#!/bin/bash
# Wrong PIN lowers the tries, three wrong block, the PUK unblocks, a changed PIN survives a card restart.
. "$(dirname "$0")/lib.sh"
bed_up
[ "$(tries_left 01)" = 3 ] && pass "auth PIN starts with 3 tries" || fail "auth PIN tries: $(tries_left 01)"
expect_not "pkcs15-tool --verify-pin with a wrong PIN fails" pkcs15-tool --verify-pin --auth-id 01 --pin 9999
[ "$(tries_left 01)" = 2 ] && pass "a wrong PIN leaves 2 tries" || fail "tries after one wrong PIN: $(tries_left 01)"
expect_out "PKCS#11 token reports 'user PIN count low'" "user PIN count low" pkcs11-tool --module "$P11" -L
expect_not "second wrong PIN" pkcs15-tool --verify-pin --auth-id 01 --pin 9999
expect_out "PKCS#11 token reports 'final user PIN try'" "final user PIN try" pkcs11-tool --module "$P11" -L
expect_not "third wrong PIN" pkcs15-tool --verify-pin --auth-id 01 --pin 9999
[ "$(tries_left 01)" = blocked ] && pass "three wrong PINs block it (6983)" || fail "after 3 wrong: $(tries_left 01)"
expect_not "the right PIN no longer works while blocked" pkcs15-tool --verify-pin --auth-id 01 --pin 1234
expect_out "PKCS#11 token reports 'user PIN locked'" "user PIN locked" pkcs11-tool --module "$P11" -L
expect "pkcs15-tool --unblock-pin with the PUK" \
    pkcs15-tool --unblock-pin --auth-id 01 --puk 12345678 --new-pin 1234
[ "$(tries_left 01)" = 3 ] && pass "unblocked: 3 tries again" || fail "after unblock: $(tries_left 01)"
expect "the PIN works after unblocking" pkcs15-tool --verify-pin --auth-id 01 --pin 1234
expect "pkcs15-tool --change-pin 1234 -> 4321" pkcs15-tool --change-pin --auth-id 01 --pin 1234 --new-pin 4321
expect "restart the card process" "$testbed" restart-card "$BED"
expect "the new PIN works after the restart" pkcs15-tool --verify-pin --auth-id 01 --pin 4321
expect_not "the old PIN does not" pkcs15-tool --verify-pin --auth-id 01 --pin 1234
expect "a wrong PUK is refused and costs a PUK try" \
    bash -c '! pkcs15-tool --unblock-pin --auth-id 01 --puk 87654321 --new-pin 1234 >/dev/null 2>&1'
[ "$(tries_left 02)" = 9 ] && pass "PUK has 9 of 10 tries left" || fail "PUK tries: $(tries_left 02)"
finish
