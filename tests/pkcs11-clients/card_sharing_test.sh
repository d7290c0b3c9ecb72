#!/bin/bash
# libias-pkcs11.so on a card that others share and that leaves: reader queries cost no APDU; another
# process (opensc-tool --reset) resets the card under a login → CKR_USER_NOT_LOGGED_IN and the public state,
# never a wrong answer, and a new login works; the card removed (stop-card) → CKR_DEVICE_REMOVED, no token;
# C_WaitForSlotEvent reports it (non-blocking) and a blocking wait returns on re-insertion (start-card);
# the same slot shows the card and it signs (reset_probe.c).
source "$(dirname "$0")/clientlib.sh"
PROBE=${IAS_RESET_PROBE:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/reset_probe}
client_bed_up
export IAS_PROBE_REMOVE="'$testbed' stop-card '$BED' >/dev/null"
export IAS_PROBE_INSERT="'$testbed' start-card '$BED' >/dev/null"
"$PROBE" "$MODULE" "$BED/apdu.log" $AUTH_PIN -- opensc-tool -r 0 --reset >"$W/probe.txt" 2>&1
cat "$W/probe.txt"
while read -r line; do
    case $line in
    "check: ok "*) pass "${line#check: ok }" ;;
    "check: FAIL "*) fail "${line#check: FAIL }" ;;
    esac
done <"$W/probe.txt"
expect "the probe ran every step (22 checks)" test "$(grep -c '^check: ok ' "$W/probe.txt")" -eq 22
finish
