#!/bin/bash
# Figures: APDUs and bytes on the wire (from the card's APDU log) for `ias-tool list` and `ias-tool info` on a
# cold card (a new process: nothing cached), beside OpenSC's `pkcs15-tool --dump` on the same card, without
# and with the test bed's latency model. Checks only that each lists what it should; prints the figures.
. "$(dirname "$0")/toollib.sh"

measure() {  # measure LABEL COMMAND...: runs COMMAND with an empty APDU log, prints count, bytes, time
    local label=$1; shift
    : > "$BED/apdu.log"
    local t0 t1; t0=$(date +%s.%N)
    "$@" > "$BED/measure.out" 2>&1 || fail "$label exited $?"
    t1=$(date +%s.%N)
    printf '%-28s %s, %.2f s\n' "$label:" "$($figures "$BED/apdu.log")" "$(echo "$t1 - $t0" | bc)"
}

run() {  # run LABEL [testbed up options]
    echo "== $1"; shift
    bed_up "$@"
    measure "ias-tool list (cold)" "$TOOL" list
    grep -q '^certificate 12 ' "$BED/measure.out" && pass "ias-tool list shows the certificates" || fail "no certificates listed"
    grep -q '^pin 01 .*tries left' "$BED/measure.out" && pass "with the tries left" || fail "no tries left"
    measure "ias-tool info (cold)" "$TOOL" info
    measure "pkcs15-tool --dump" pkcs15-tool --dump
    grep -q 'X.509 Certificate \[Root CA certificate\]' "$BED/measure.out" && pass "pkcs15-tool lists the certificates" \
        || fail "pkcs15-tool listed nothing"
    measure "pkcs15-tool --list-certificates" pkcs15-tool --list-certificates
    cd / && "$testbed" down "$BED" >/dev/null 2>&1
    [ "$failures" -eq 0 ] && rm -rf "$BED"
    trap - EXIT
}
run "no latency"
run "latency model (15 ms + 0.09 ms/byte)" --latency
finish
