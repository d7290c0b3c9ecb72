#!/bin/bash
# Figures of the test bed: median SCardTransmit round trip over 1000 APDUs (measure_roundtrip), and how many
# APDUs OpenSC sends for `pkcs11-tool -O` (from the card's APDU log), without and with the latency model.
# usage: count_apdus.sh MEASURE_ROUNDTRIP_BINARY
. "$(dirname "$0")/lib.sh"
measure=${1:?usage: count_apdus.sh MEASURE_ROUNDTRIP_BINARY}

run() {  # run LABEL [testbed up options]
    local label=$1; shift
    bed_up "$@"
    local rt; rt=$("$measure" 1000) || { fail "$label: measure_roundtrip"; echo "$rt"; }
    echo "$label: $rt"
    : > "$BED/apdu.log"
    local t0 t1; t0=$(date +%s.%N)
    pkcs11-tool --module "$P11" -O > "$BED/objects.txt" 2>&1 || fail "$label: pkcs11-tool -O"
    t1=$(date +%s.%N)
    local n; n=$(grep -c '^C ' "$BED/apdu.log")
    printf '%s: pkcs11-tool -O sent %d APDUs in %.2f s\n' "$label" "$n" "$(echo "$t1 - $t0" | bc)"
    grep -q "Certificate Object" "$BED/objects.txt" && pass "$label: objects listed" || fail "$label: no certificate objects"
    [ "$n" -gt 0 ] && pass "$label: APDUs counted" || fail "$label: no APDU logged"
    "$testbed" down "$BED" >/dev/null 2>&1; rm -rf "$BED"; trap - EXIT
}
run "no latency"
run "latency model" --latency
finish
