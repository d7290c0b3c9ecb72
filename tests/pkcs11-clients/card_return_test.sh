#!/bin/bash
# One C_Initialize kept across a pcscd restart and across the card put back, with no call in between (the
# way ssh-agent and screen lockers hold a module): the session and its key handle go on, the lost login is
# told truthfully (CKR_USER_NOT_LOGGED_IN), and a new C_Login signs (card_return_probe.c).
source "$(dirname "$0")/clientlib.sh"
PROBE=${IAS_CARD_RETURN_PROBE:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/card_return_probe}
client_bed_up
for event in restart-pcscd restart-card; do
    echo "-- $event"
    "$PROBE" "$MODULE" $AUTH_PIN -- "$testbed" "$event" "$BED" >"$W/probe-$event.txt" 2>&1
    cat "$W/probe-$event.txt"
    while read -r line; do
        case $line in
        "check: ok "*) pass "$event: ${line#check: ok }" ;;
        "check: FAIL "*) fail "$event: ${line#check: FAIL }" ;;
        esac
    done <"$W/probe-$event.txt"
    expect "$event: the probe ran every step (12 checks)" test "$(grep -c '^check: ok ' "$W/probe-$event.txt")" -eq 12
done
finish
