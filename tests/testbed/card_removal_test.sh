#!/bin/bash
# Killing the card process is a card removal for PC/SC; starting it again inserts the same card (its state).
. "$(dirname "$0")/lib.sh"
bed_up
status="$repo/tests/testbed/pcsc_status.py"
expect_not "a wrong PIN (changes the card's state)" pkcs15-tool --verify-pin --auth-id 01 --pin 9999
kill -KILL "$(cat "$BED/card.pid")"
expect "PC/SC reports the card removed" /usr/bin/python3 "$status" wait-absent 60
expect_not "OpenSC finds no card" opensc-tool -a
expect "start the card again" "$testbed" start-card "$BED"
expect "PC/SC reports the card present" /usr/bin/python3 "$status" wait-present 60
[ "$(tries_left 01)" = 2 ] && pass "the card came back with its state (2 tries left)" \
    || fail "state after restart: $(tries_left 01)"
expect "OpenSC reads it again" pkcs15-tool --list-pins
finish
