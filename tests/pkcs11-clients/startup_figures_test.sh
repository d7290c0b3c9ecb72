#!/bin/bash
# What a browser pays at start-up with libias-pkcs11.so (docs/pkcs11.md, "Figures"): time and APDUs from
# C_Initialize to the last certificate's CKA_VALUE in a new process, again in the same process after
# C_Finalize, and APDUs per signature after login; without and with the test bed's latency model.
# The checks bound the figures so that a regression (e.g. the content cache no longer shared) fails.
source "$(dirname "$0")/clientlib.sh"
PROBE=${IAS_STARTUP_PROBE:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/startup_probe}
for latency in "" --latency; do
    client_bed_up $latency
    "$PROBE" "$MODULE" "$BED/apdu.log" 2 --sign $AUTH_PIN 10 >"$W/probe.txt" 2>&1
    cat "$W/probe.txt" | sed "s/^/figures${latency:+ (latency)}: /"
    cold=$(sed -n 's/^round=1 certificates=\([0-9]*\) apdus=\([0-9]*\) .*/\1 \2/p' "$W/probe.txt")
    warm=$(sed -n 's/^round=2 certificates=\([0-9]*\) apdus=\([0-9]*\) .*/\1 \2/p' "$W/probe.txt")
    per_sig=$(sed -n 's/^apdus_per_signature=\([0-9.]*\)/\1/p' "$W/probe.txt")
    expect "new process: 4 certificate values (each certificate on one token)" test "${cold% *}" = 4
    # 40 for the content, 9 for the PINs' retry counters (CHV descriptions and VERIFY without data).
    expect "new process: at most 55 APDUs (OpenSC's pkcs11-tool -O needs 53)" test "${cold#* }" -le 55
    # Again: the kept PKCS#15 files confirmed by reading them (14) and the PINs' retry counters (4).
    expect "same process after C_Finalize: public content from the cache (at most 20 APDUs)" test "${warm#* }" -le 20
    expect "at most 3.2 APDUs per signature after login (3, and one GET DATA of the key once)" awk "BEGIN { exit !($per_sig <= 3.2) }"
    bed_down
    trap - EXIT
done
finish
