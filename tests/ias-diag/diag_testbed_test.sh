#!/bin/bash
# ias-diag on a healthy test bed and after what support desks see: a wrong PIN entered before, the card
# removed, a card that never answers, pcscd gone. The report must find the card, its certificates and tries left, probe the module,
# never send a PIN (no VERIFY with data in the card's APDU log) and never hang. Last, the web-login check on
# the extended card.
. "$(dirname "$0")/../testbed/lib.sh"
. "$(dirname "$0")/diaglib.sh"
TOOL=${IAS_TOOL:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-tool/ias-tool}
bed_up
WORK=$BED
# A user with no browser profile: the report must not depend on the machine's own home.
export HOME=$BED/home
mkdir -p "$HOME"
LOG_MARK=$(wc -l < "$BED/apdu.log")
pin_data_since_mark() { tail -n +"$((LOG_MARK + 1))" "$BED/apdu.log" | grep -E '^C (00|0C|80|8C)(20|24|2C)[0-9A-F]{4} '; }

# --- healthy bed ---
run_diag healthy --module "$MODULE"
[ "$RC" -eq 0 ] || [ "$RC" -eq 1 ] && pass "healthy bed: exit $RC (0 or 1)" || { fail "healthy bed: exit $RC"; cat "$WORK/healthy.err"; }
every_check_id "$WORK/healthy.json" "healthy bed"
for id in system pcsc readers card module configuration; do
    expect_value "healthy bed: $id OK" "$WORK/healthy.json" "check('$id')['status']" OK
done
expect_value "the card's reader" "$WORK/healthy.json" "details('card','card')[0]['reader']" "IAS Virtual PCD 00 00"
expect_value "recognised as IAS-ECC with its PKCS#15 application" "$WORK/healthy.json" \
    "details('card','card')[0]['ias_ecc'] + ' ' + details('card','card')[0]['pkcs15']" "yes found"
expect_value "the card's serial (EF.SN)" "$WORK/healthy.json" "details('card','card')[0]['serial']" "9000000012345678"
expect_value "tries left of the three PINs" "$WORK/healthy.json" \
    "[(p['label'], p['tries_left'], p.get('max_tries')) for p in details('card','pin')]" \
    "[('Auth PIN', '3', '3'), ('Signature PIN', '3', '3'), ('PUK', '10', '10')]"
expect_value "the keys with their PIN (the qualified key: for every use)" "$WORK/healthy.json" \
    "[(k['label'], k['pin'], k['pin_for_every_use']) for k in details('card','key')]" \
    "[('Authentication key', 'Auth PIN', 'no'), ('Signature key', 'Signature PIN', 'yes')]"
expect_value "four certificates, all valid" "$WORK/healthy.json" \
    "[c['validity'] for c in details('card','certificate')]" "['valid', 'valid', 'valid', 'valid']"
subject=$(openssl x509 -in "$BED/pki/auth.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
expect_value "the authentication certificate's subject as openssl reads it" "$WORK/healthy.json" \
    "details('card','certificate')[0]['subject']" "$subject"
expect_value "its key usage" "$WORK/healthy.json" "details('card','certificate')[0]['key_usage']" "digitalSignature"
# web-login: the standard card's auth key signs PKCS#1 v1.5 only (docs/card-profile.md: algs 02, 12, 42, 1A;
# RSA-PSS 35-37 only on the extended card), which TLS 1.3 does not allow (RFC 8446 §4.4.3): WARN.
expect_value "web-login, standard card: WARN" "$WORK/healthy.json" "check('web-login')['status']" WARN
expect_value "web-login, standard card: the auth key, not TLS 1.3" "$WORK/healthy.json" \
    "[(k['label'], k['type'], k['tls12'], k['tls13']) for k in details('web-login','key')]" \
    "[('Authentication key', 'RSA', 'yes', 'no')]"
expect_value "web-login advice: TLS 1.3 refuses, TLS 1.2 works, ask the issuer" "$WORK/healthy.json" \
    "all(w in check('web-login')['advice'] for w in ('TLS 1.3', 'TLS 1.2 work', 'card issuer', 'Nothing to fix on this computer'))" True
expect_value "the module probe: two tokens" "$WORK/healthy.json" "[t['label'] for t in details('module','token')]" \
    "['IAS-ECC Test Card Auth PIN', 'IAS-ECC Test Card Signature PIN']"
expect_value "the configuration of the bed: 3 SM keysets (counted, never shown)" "$WORK/healthy.json" \
    "details('configuration','file')[0]['sm_keysets']" 3
grep -q "$(sed -n 's/^sm.keyset.mf.01.enc *= *//p' "$BED/ias-ecc.conf" | head -1)" "$WORK/healthy.json" \
    && fail "an SM key is in the report" || pass "no SM key in the report"
expect_value "exit code in the summary" "$WORK/healthy.json" "d['summary']['exit']" "$RC"

# The text form: one line per check.
timeout 120 "$DIAG" --module "$MODULE" > "$WORK/healthy.txt" 2>&1
expect_out "text: the card line" '^\[OK\] +card +IAS-ECC card in "IAS Virtual PCD 00 00": 3 PINs, 2 keys, 4 certificates$' cat "$WORK/healthy.txt"
expect_out "text: the web-login line" '^\[WARN\] +web-login +1 authentication key, 0 usable with TLS 1.3$' cat "$WORK/healthy.txt"
expect_out "text: a summary" '^Summary: [0-9]+ OK' cat "$WORK/healthy.txt"

# No PIN: the card never saw a VERIFY (or CHANGE / RESET RETRY COUNTER) with data from ias-diag, and it did
# see the VERIFY without data that reads the tries left.
if pin_data_since_mark > "$WORK/pin-apdus"; then fail "ias-diag sent PIN data: $(cat "$WORK/pin-apdus")"; else pass "no VERIFY with data in the APDU log"; fi
# (grep without -q: with pipefail, -q stopping early would make tail fail on SIGPIPE)
tail -n +"$((LOG_MARK + 1))" "$BED/apdu.log" | grep -x "C 00200001" > /dev/null && pass "VERIFY without data read the tries left" \
    || fail "no VERIFY without data in the log"
# and no test PIN as a value anywhere in the reports (serials hold the digits inside longer hex numbers)
if grep -E '(^|[^0-9A-Fa-f])(1234|123456|12345678)([^0-9A-Fa-f]|$)' "$WORK/healthy.json" "$WORK/healthy.txt"; then
    fail "a test PIN appears in the report"
else
    pass "no test PIN in the reports"
fi

# --anonymise: the holder's name and the serials are hashes.
run_diag anon --module "$MODULE" --anonymise
expect_value "anonymised: flagged" "$WORK/anon.json" "d['anonymised']" True
grep -q "Alice Testholder" "$WORK/anon.json" && fail "anonymised report names the holder" || pass "anonymised: no holder name"
grep -q "9000000012345678" "$WORK/anon.json" && fail "anonymised report shows the serial" || pass "anonymised: no card serial"
expect_value "anonymised: the serial is a hash" "$WORK/anon.json" "details('card','card')[0]['serial'][:5]" "anon:"

# --- a wrong PIN entered before: fewer tries left, shown by the card check and the module's token flags ---
"$TOOL" pin verify --pin-id 01 --pin-insecure-argv 9999 > /dev/null 2>&1
[ $? -eq 4 ] && pass "ias-tool: a wrong PIN (exit 4)" || fail "ias-tool did not report a wrong PIN"
LOG_MARK=$(wc -l < "$BED/apdu.log")
run_diag wrongpin --module "$MODULE"
expect_value "after a wrong PIN: 2 tries left" "$WORK/wrongpin.json" "details('card','pin')[0]['tries_left']" 2
expect_value "after a wrong PIN: the card check warns" "$WORK/wrongpin.json" "check('card')['status']" WARN
expect_value "after a wrong PIN: the module's token says COUNT_LOW" "$WORK/wrongpin.json" \
    "'PIN count low' in details('module','token')[0]['flags']" True
[ "$RC" -eq 1 ] && pass "after a wrong PIN: exit 1" || fail "after a wrong PIN: exit $RC"
if pin_data_since_mark > "$WORK/pin-apdus"; then fail "ias-diag sent PIN data: $(cat "$WORK/pin-apdus")"; else pass "still no VERIFY with data"; fi
expect "the tries come back with the right PIN" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234

# --- card removed ---
expect "stop-card" "$testbed" stop-card "$BED"
run_diag nocard --module "$MODULE"
[ "$RC" -eq 2 ] && pass "no card: exit 2" || fail "no card: exit $RC"
expect_value "no card: the card check fails" "$WORK/nocard.json" "check('card')['status'] + ': ' + check('card')['finding']" \
    "FAIL: no card in any reader"
expect_value "no card: the advice says to insert it" "$WORK/nocard.json" "'insert the card' in check('card')['advice']" True
expect_value "no card: the readers are still listed" "$WORK/nocard.json" "check('readers')['status']" OK
echo "note: no card: ${SECONDS_TAKEN} s (shown, not asserted: the bounds are checked as events)"
expect "start-card" "$testbed" start-card "$BED"

# --- a card that never answers (its process stopped: vpcd has no read timeout) ---
card_pid=$(cat "$BED/card.pid")
kill -STOP "$card_pid"
run_diag mute --module "$MODULE" --timeout 10  # generous: the healthy steps (pcsc, readers) must finish inside it
kill -CONT "$card_pid"
expect_value "a card that does not answer: the card check fails at its bound" "$WORK/mute.json" \
    "check('card')['status'] + ' ' + str('did not answer within 10 s' in check('card')['finding'])" "FAIL True"
expect_value "and the module probe is killed at its bound" "$WORK/mute.json" \
    "check('module')['status'] + ' ' + check('module')['finding'][:12]" "FAIL module hangs"
every_check_id "$WORK/mute.json" "a card that does not answer"
echo "note: a card that does not answer: ${SECONDS_TAKEN} s (shown, not asserted: the bounds are checked as events)"

# --- pcscd gone ---
"$testbed" down "$BED" > /dev/null 2>&1
run_diag nopcscd --module "$MODULE"
[ "$RC" -eq 2 ] && pass "pcscd stopped: exit 2" || fail "pcscd stopped: exit $RC"
every_check_id "$WORK/nopcscd.json" "pcscd stopped"
expect_value "pcscd stopped: the PC/SC check fails" "$WORK/nopcscd.json" "check('pcsc')['status']" FAIL
expect_value "pcscd stopped: with advice about pcscd" "$WORK/nopcscd.json" "'pcscd' in check('pcsc')['advice']" True
expect_value "pcscd stopped: readers and card skipped" "$WORK/nopcscd.json" \
    "check('readers')['status'] + ' ' + check('card')['status'] + ' ' + check('web-login')['status']" "SKIP SKIP SKIP"
echo "note: pcscd stopped: ${SECONDS_TAKEN} s (shown, not asserted: the bounds are checked as events)"
# --- the extended card: its RSA auth key signs RSA-PSS (algs 35-37) and its EC auth key ECDSA (70): web-login OK ---
EXT=$BED/extended
trap '"$testbed" down "$EXT" >/dev/null 2>&1; bed_down' EXIT
ext_env=$("$testbed" up "$EXT" --profile extended) || fail "testbed up --profile extended"
eval "$ext_env"
run_diag extended --module "$MODULE"
every_check_id "$WORK/extended.json" "extended card"
expect_value "web-login, extended card: OK" "$WORK/extended.json" "check('web-login')['status']" OK
expect_value "web-login, extended card: both auth keys TLS 1.3" "$WORK/extended.json" \
    "sorted((k['type'], k['tls13']) for k in details('web-login','key'))" "[('EC', 'yes'), ('RSA', 'yes')]"
timeout 120 "$DIAG" --module "$MODULE" > "$WORK/extended.txt" 2>&1
expect_out "text, extended card: the web-login line" '^\[OK\] +web-login +2 authentication keys, 2 usable with TLS 1.3$' cat "$WORK/extended.txt"
"$testbed" down "$EXT" > /dev/null 2>&1
finish
