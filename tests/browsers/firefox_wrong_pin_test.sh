#!/bin/bash
# Firefox ESR, headless, with libias-pkcs11.so: the user answers the PIN prompt with a wrong PIN, again and
# again (NSS asks as long as answers come). Firefox shows an error page, the server never sees a certificate,
# and the card got exactly ONE VERIFY: the module refuses the PIN the card just rejected without sending it
# again, so no retry loop burns the card's tries (2 of 3 left afterwards).
source "$(dirname "$0")/browserlib.sh"
WRONG_PIN=9999
ANSWERS=3
browser_bed_up --profile extended
start_server client_auth_server.py "$W/server.port" "$BED/pki/tls-server.pem" "$BED/pki/tls-server.key" \
    "$BED/pki/ca-chain.pem" "$W" 240
URL="https://127.0.0.1:$SERVER_PORT/wrong-pin"
MPORT=$(free_port)
make_profile "$W/profile" "$MPORT" friendly || { fail "profile with the module"; cat "$W/profile.log"; finish; }
: >"$BED/apdu.log"
start_browser firefox-esr "$W/profile" "$W/firefox.log"
timeout 180 $PY "$here/firefox_client_auth.py" "$MPORT" "{\"$AUTH_TOKEN\": \"$WRONG_PIN\"}" $ANSWERS "$URL" \
    >"$W/result.json" 2>"$W/driver.err"
driver_result $?
stop_browser
cat "$W/result.json" "$W/driver.err"

expect "Firefox shows an error page" grep -q '^about:neterror' <(jq_py "$W/result.json" "d['visits'][0]['uri']")
expect "the server served no page" test "$(server_events request)" = 0
expect "the card got exactly one VERIFY of the authentication PIN" test "$(apdu_log verifies 01)" = 1
reply=$(grep -m1 -A1 -E '^C 00200001 .*\*\*\*' "$BED/apdu.log" | tail -1)
read -r tag sw _ <<<"$reply"
expect "... and the card refused it (63C2: 2 tries left)" test "$tag $sw" = "R 63C2"
answered=$(jq_py "$W/result.json" "sum(1 for p in d['prompts'] if p['answered'])")
expect "NSS asked again after the failure ($answered wrong answers given, then Cancel)" test "$answered" = $ANSWERS
expect "only the authentication PIN was asked" \
    test "$(jq_py "$W/result.json" "{p['token'] for p in d['prompts']}")" = "{'$AUTH_TOKEN'}"
expect "the card still has 2 tries of 3 (VERIFY without data, opensc-tool)" test "$(tries_left 01)" = 2
echo "prompts: $(jq_py "$W/result.json" "len(d['prompts'])"); APDUs: $(apdus_in_log); run time $(elapsed) s"
finish
