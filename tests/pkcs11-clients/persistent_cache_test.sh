#!/bin/bash
# The persistent cache of libias-pkcs11.so (docs/performance.md, "Persistent cache"): a second process
# starts with at most 5 APDUs, slot and token information cost none, the files are private, a damaged or
# foreign file is ignored and rewritten, and the next process sees the new content after a change by
# ias-tool (a certificate imported) and after a raw UPDATE BINARY under SM that bypasses our tools.
source "$(dirname "$0")/clientlib.sh"
FLOW=${IAS_P11FLOW:-${IAS_BUILD_DIR:-$repo/build}/bench/apdu-economy/p11flow}
RAW=${IAS_RAW_UPDATE:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/raw_update_binary}
TOOL=${IAS_TOOL:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-tool/ias-tool}
client_bed_up
# The module's default place ($XDG_CACHE_HOME/ias-ecc), not the test bed's IAS_ECC_CACHE_DIR.
unset IAS_ECC_CACHE_DIR
export XDG_CACHE_HOME="$W/xdg"
CACHE="$XDG_CACHE_HOME/ias-ecc"
AID=E828BD080FD2504543432D654944
READER="IAS Virtual PCD 00 00"
# A start with earlier runs (reading ahead, docs/performance.md "Browser start"): on the caller's thread the
# card's TokenInfo (2 APDUs: it picks the kept record and confirms serial and label) and the retry counters
# of the three PINs (4: the local one needs a SELECT); in the background every kept PKCS#15 file read again
# to confirm it (TokenInfo again, ODF, AODF, PrKDF, PuKDF, CDF: 14 APDUs while PrKDF, PuKDF and CDF fit in
# two answers each, one more per further 256 bytes).
warm_limit=22

# start [flow]: one new process; sets APDUS (whole start), VALUES, AGAIN (APDUs of the "again" phase)
start() {
    : >"$BED/apdu.log"
    "$FLOW" "$MODULE" "$BED/apdu.log" "${1:-startup}" >"$W/flow.txt" 2>&1 || { cat "$W/flow.txt"; return 1; }
    APDUS=$(grep -c '^C ' "$BED/apdu.log")
    VALUES=$(sed -n 's/.*certificate_values=\([0-9]*\).*/\1/p' "$W/flow.txt")
    local a b
    read -r a b < <(sed -n 's/^phase=again from=\([0-9]*\) to=\([0-9]*\).*/\1 \2/p' "$W/flow.txt")
    AGAIN=$([ -n "$a" ] && head -c "$b" "$BED/apdu.log" | tail -c +"$((a + 1))" | grep -c '^C ')
}
# labels: the certificate labels the module shows (pkcs11-tool through our module, a new process)
labels() { pkcs11-tool --module "$MODULE" -O --type cert 2>/dev/null | sed -n 's/^ *label: *//p' | sort; }

start; cold=$APDUS; values=$VALUES
expect "cold start reads the card ($cold APDUs, $values certificate values)" test "$values" -ge 4
start idle
echo "second process: $APDUS APDUs"
expect "a second process starts with at most $warm_limit APDUs (got $APDUS)" test "$APDUS" -le "$warm_limit"
expect "...and shows the same $values certificate values" test "$VALUES" = "$values"
expect "slot list, slot and token information again: 0 APDUs (got $AGAIN)" test "$AGAIN" = 0
expect "cache directory is 0700" test "$(stat -c %a "$CACHE")" = 700
file=$(ls "$CACHE"/*.cache)
expect "one cache file, 0600" test "$(stat -c %a "$file")" = 600
expect "no PIN and no SM key in the cache file" bash -c "! grep -aq -e IAS_QSCD -e IAS_ADF_ADM -e 123456 '$file'"

# A damaged file is ignored (the card is read again) and rewritten.
printf 'garbage' | dd of="$file" bs=1 seek=200 conv=notrunc 2>/dev/null
start
expect "damaged file: the card is read again ($APDUS APDUs)" test "$APDUS" -ge "$cold"
start
expect "...and the rewritten file serves the next process ($APDUS APDUs)" test "$APDUS" -le "$warm_limit"
# A file of another owner or mode is not trusted.
chmod 644 "$file"
start
expect "file readable by others: not used ($APDUS APDUs)" test "$APDUS" -ge "$cold"
expect "...and replaced by a private one" test "$(stat -c %a "$file")" = 600

# Change 1: ias-tool imports another certificate (the TLS server certificate of the test PKI, iD 21).
before=$(labels)
expect "ias-tool import-cert" "$TOOL" import-cert --id 21 --authority --label "Imported by ias-tool" --in "$BED/pki/tls-server.pem"
start
expect "after import-cert the next process shows one certificate value more (got $VALUES)" test "$VALUES" = $((values + 1))
expect_out "...including the imported one" "Imported by ias-tool" labels
pkcs11-tool --module "$MODULE" --read-object --type cert --label "Imported by ias-tool" -o "$W/imported.der" >/dev/null 2>&1
expect "...whose value is the imported certificate" cmp "$W/imported.der" <(openssl x509 -in "$BED/pki/tls-server.pem" -outform DER)
start
expect "and the process after that is cheap again ($APDUS APDUs)" test "$APDUS" -le "$warm_limit"

# Change 2: a raw UPDATE BINARY under SM, bypassing our tools: the first letter of the CDF's first label
# ("Authentication certificate" at offset 6) becomes lower case. TokenInfo is not touched.
expect_out "CDF holds the label where expected" "Authentication certificate" labels
expect "raw UPDATE BINARY of the CDF (61 at offset 6)" "$RAW" "$READER" $AID 7005 6 61
expect_out "next process shows the changed label" "^authentication certificate" labels
start
expect "...still $((values + 1)) certificate values" test "$VALUES" = $((values + 1))

# Change 3: a raw UPDATE BINARY of TokenInfo's label (TokenInfo "IAS-ECC Test Card" → "IAS-ECC Test Cart").
ti=$(od -An -tx1 -v "$BED/card/5032-tokeninfo.der" | tr -d ' \n')
pos=$(( $(python3 -c "import sys; print(bytes.fromhex('$ti').find(b'Test Card') + 8)") ))
expect "raw UPDATE BINARY of TokenInfo's label" "$RAW" "$READER" $AID 5032 $pos 74
expect_out "next process shows the new token label" "IAS-ECC Test Cart" pkcs11-tool --module "$MODULE" -L
# Change 4: a raw UPDATE BINARY of the PrKDF only (TokenInfo, ODF and CDF untouched, no PKCS#15 stamp): the
# first letter of the private key label "Authentication key" becomes lower case.
pk=$(od -An -tx1 -v "$BED/card/7002-prkdf.der" | tr -d ' \n')
pos=$(python3 -c "print(bytes.fromhex('$pk').find(b'Authentication key'))")
keylabels() { pkcs11-tool --module "$MODULE" --slot-index 0 --login --pin "$AUTH_PIN" -O --type privkey 2>/dev/null | sed -n 's/^ *label: *//p'; }
expect_out "before: the private key label as personalised" "^Authentication key" keylabels
expect "raw UPDATE BINARY of the PrKDF's label (61 at offset $pos)" "$RAW" "$READER" $AID 7002 "$pos" 61
expect_out "next process shows the private key's new label" "^authentication key" keylabels
start
expect "...and the start after that uses the cache again ($APDUS APDUs, at most $warm_limit)" test "$APDUS" -le "$warm_limit"
expect "cache.persistent = no: nothing kept" bash -c "rm -rf '$CACHE'; printf 'cache.persistent = no\n' >'$W/nocache.conf'; IAS_ECC_CONF='$W/nocache.conf' '$FLOW' '$MODULE' '$BED/apdu.log' startup >/dev/null && test ! -e '$CACHE'"
finish
