#!/bin/bash
# Interrupted administration (docs/ias-api.md, "Interrupted administration"), in three parts:
# 1. the in-process matrix (admin-fault-matrix): every flow cut after each of its APDUs, read back, checked,
#    repaired and re-run; every distinct card state it left is kept with what ias-api read;
# 2. each kept state shown on a test bed to OpenSC (pkcs15-tool --dump: it must read it and see the same
#    private keys and certificates as ias-api) and to ias-tool list / card check;
# 3. the fault knob of ias-vcard itself (--fault-file) on the test bed: ias-tool import-cert cut after APDU k
#    for a few k, the card put back, OpenSC reads it, ias-tool card check --repair, the import run again.
. "$(dirname "$0")/../tools/toollib.sh"
matrix=${IAS_FAULT_MATRIX:-${IAS_BUILD_DIR:-$repo/build}/tests/admin-faults/admin-fault-matrix}
[ -x "$matrix" ] || { echo "FAIL: no admin-fault-matrix at $matrix"; exit 1; }
DIAG=${IAS_DIAG:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-diag/ias-diag}
[ -x "$DIAG" ] || { echo "FAIL: no ias-diag at $DIAG"; exit 1; }
real_vcard=${IAS_VCARD_BIN:-${IAS_BUILD_DIR:-$repo/build}/tests/virtual-card/daemon/ias-vcard}

# --- 1. the matrix ---
states=$(mktemp -d "${TMPDIR:-/tmp}/ias-fault-states.XXXXXX")
t0=$(date +%s)
if IAS_FAULT_STATES=$states "$matrix" > "$states/matrix.log" 2>&1; then pass "fault matrix: every cut leaves old, new or a named and repaired state; re-running completes"
else fail "fault matrix"; cat "$states/matrix.log"; fi
grep '^\[ matrix \]' "$states/matrix.log"
cuts=$(grep '^\[ matrix \]' "$states/matrix.log" | awk '{s += $7} END {print s + 0}')
echo "matrix: $(grep -c '^\[ matrix \]' "$states/matrix.log") flows, $cuts cuts, $(wc -l < "$states/manifest") distinct card states, $(( $(date +%s) - t0 )) s"

# --- 2. every distinct state to OpenSC and ias-tool ---
# The card program runs through a wrapper that arms the fault knob (part 3); it changes nothing else.
wrapper="$states/ias-vcard"
printf '#!/bin/sh\nexec "%s" --fault-file "$(dirname "$0")/fault" "$@"\n' "$real_vcard" > "$wrapper"
chmod +x "$wrapper"
export IAS_VCARD_BIN=$wrapper
bed_up
cp "$BED/card.state" "$states/fresh.state"
cd "$BED" || exit 1
t0=$(date +%s)
put_state() {  # put_state FILE: that state in the reader
    "$testbed" stop-card "$BED" >/dev/null 2>&1
    cp "$1" "$BED/card.state"
    rm -rf "$BED/cache"
    "$testbed" start-card "$BED" >/dev/null 2>&1 || fail "the card with $(basename "$1") did not come back"
}
seen=0
while read -r name flow k what keys certs; do
    put_state "$states/$name"
    seen=$((seen + 1))
    if ! pkcs15-tool --dump > "$states/$name.dump" 2>&1; then
        fail "$flow cut after $k ($what): pkcs15-tool --dump fails"; cat "$states/$name.dump"; continue
    fi
    okeys=$(grep -c '^Private RSA Key' "$states/$name.dump")
    ocerts=$(grep -c '^X.509 Certificate' "$states/$name.dump")
    if [ "$okeys" = "$keys" ] && [ "$ocerts" = "$certs" ] && grep -q 'PIN \[Auth PIN\]' "$states/$name.dump"; then
        pass "$flow cut after $k ($what): OpenSC reads $okeys private keys and $ocerts certificates, as ias-api does"
    else
        fail "$flow cut after $k ($what): OpenSC shows $okeys keys / $ocerts certificates, ias-api $keys / $certs"
    fi
    "$TOOL" list > "$states/$name.list" 2>&1 || fail "$flow cut after $k: ias-tool list fails"
    "$TOOL" card check > "$states/$name.check" 2>&1
    rc=$?
    if [ "$what" = interrupted ]; then
        if [ $rc = 6 ] && grep -q '^interrupted: ' "$states/$name.check"; then pass "$flow cut after $k: ias-tool card check names the interrupted state"
        else fail "$flow cut after $k: card check (exit $rc) does not name the interrupted state"; cat "$states/$name.check"; fi
        if [ -z "${diag_done:-}" ]; then  # ias-diag names it too (once: the report takes a few seconds)
            diag_done=1
            "$DIAG" > "$states/$name.diag" 2>&1
            if grep -q 'was interrupted' "$states/$name.diag" && grep -q 'ias-tool card check --repair' "$states/$name.diag"; then
                pass "$flow cut after $k: ias-diag's card check names the interrupted administration and its repair"
            else fail "$flow cut after $k: ias-diag does not name the interrupted administration"; cat "$states/$name.diag"; fi
        fi
    elif [ $rc != 0 ] && [ $rc != 6 ]; then
        fail "$flow cut after $k: ias-tool card check exit $rc"; cat "$states/$name.check"
    fi
done < "$states/manifest"
echo "OpenSC and ias-tool read $seen states in $(( $(date +%s) - t0 )) s"

# --- 3. the fault knob on the test bed: ias-tool import-cert cut after APDU k ---
put_state "$states/fresh.state"
expect_exit 2 "ias-tool card without check is a usage error" "$TOOL" card
expect_exit 2 "ias-tool card check --bogus is a usage error" "$TOOL" card check --bogus
expect_out "ias-tool card check on a fresh card: clean" "^clean" "$TOOL" card check
mark_log
"$TOOL" import-cert --id 04 --in pki/root-ca.pem --label "Stored root" >/dev/null 2>&1 || fail "import-cert on a fresh card"
n=$(log_since_mark | grep -c '^C ')
echo "ias-tool import-cert: $n APDUs (the card's APDU log)"
for k in 1 $((n / 2)) $((n - 6)) $((n - 1)); do
    put_state "$states/fresh.state"
    echo "$k" > "$states/fault"
    "$TOOL" import-cert --id 04 --in pki/root-ca.pem --label "Stored root" > last.out 2>&1
    rc=$?
    if [ $rc = 3 ]; then pass "import-cert cut after APDU $k: card removed (exit 3)"; else fail "import-cert cut after APDU $k: exit $rc"; cat last.out; fi
    rm -f "$states/fault"
    PCSCLITE_CSOCK_NAME="$BED/pcscd.comm" /usr/bin/python3 "$repo/tests/testbed/pcsc_status.py" wait-present 10 \
        || fail "the card did not come back after the cut at $k"
    expect "cut at $k: pkcs15-tool --dump reads the card" pkcs15-tool --dump
    expect "cut at $k: ias-tool card check --repair" "$TOOL" card check --repair
    expect "cut at $k: import-cert again" "$TOOL" import-cert --id 04 --in pki/root-ca.pem --label "Stored root"
    expect_out "cut at $k: OpenSC sees the stored certificate" "X.509 Certificate \[Stored root\]" pkcs15-tool --dump
    expect_out "cut at $k: the card check is clean" "^clean" "$TOOL" card check
done
[ "$failures" -eq 0 ] && rm -rf "$states"
finish
