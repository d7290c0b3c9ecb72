#!/bin/bash
# Firefox ESR, headless, with libias-pkcs11.so in its profile's NSS database: TLS 1.3 client authentication
# to an HTTPS server on 127.0.0.1 that requires a certificate of the test PKI and logs the one it gets.
# Extended card: TLS 1.3 needs RSA-PSS (or ECDSA), which only the extended profile's keys have.
#
#   firefox_client_auth_test.sh friendly   module registered with NSS's "friendly" flag (certificates
#                                          readable without login): the server sees the card's
#                                          authentication certificate, the PIN is asked exactly once, the
#                                          card gets exactly one PIN verification
#   firefox_client_auth_test.sh plain      registered as Firefox's "Load" dialog and the SecurityDevices
#                                          policy do (no flag): Firefox also asks for the signature token's
#                                          PIN before it lists certificates; the user cancels that, and the
#                                          authentication still works with one authentication PIN
#   firefox_client_auth_test.sh reconnect  friendly, then a second page over a new TLS connection (the
#                                          server offers no resumption): signs again without a new prompt.
#                                          Fails today: ias-api signs RSA-PSS/ECDSA by PSO CDS, after which
#                                          the card no longer counts the PIN as verified (docs/pkcs11.md,
#                                          "Firefox and Thunderbird")
source "$(dirname "$0")/browserlib.sh"
MODE=${1:-friendly}
browser_bed_up --profile extended
start_server client_auth_server.py "$W/server.port" "$BED/pki/tls-server.pem" "$BED/pki/tls-server.key" \
    "$BED/pki/ca-chain.pem" "$W" 240
BASE="https://127.0.0.1:$SERVER_PORT"
urls=("$BASE/close-first")
[ "$MODE" = reconnect ] && urls+=("$BASE/second")
MPORT=$(free_port)
registration=friendly
[ "$MODE" = plain ] && registration=plain
make_profile "$W/profile" "$MPORT" $registration || { fail "profile with the module"; cat "$W/profile.log"; finish; }
: >"$BED/apdu.log"
start_browser firefox-esr "$W/profile" "$W/firefox.log"
timeout 180 $PY "$here/firefox_client_auth.py" "$MPORT" "{\"$AUTH_TOKEN\": \"$AUTH_PIN\"}" 1 "${urls[@]}" \
    >"$W/result.json" 2>"$W/driver.err"
driver_result $?
stop_browser
cat "$W/result.json" "$W/driver.err"

auth_sha=$(openssl x509 -in "$BED/pki/auth.pem" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)
auth_cn=$(openssl x509 -in "$BED/pki/auth.pem" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= //p')
visit() { jq_py "$W/result.json" "d['visits'][$1]$2"; }
expect "the page loaded from the server" test "$(visit 0 "['uri']")" = "${urls[0]}"
expect "the page shows the holder ($auth_cn)" grep -Fq "CN=$auth_cn" <(visit 0 "['text']")
expect "the server logged the request" test "$(server_events request)" -ge 1
expect "the server saw the card's authentication certificate (SHA-256 of its DER)" \
    grep -Fq "\"sha256\": \"$auth_sha\"" <(grep -m1 '"event": "request"' "$W/server.log")
expect "the server logged the holder's subject" grep -Fq "CN=$auth_cn" "$W/server.log"
expect "over TLS 1.3" grep -Fq '"tls": "TLSv1.3"' "$W/server.log"
auth_prompts=$(jq_py "$W/result.json" "sum(1 for p in d['prompts'] if p['token'] == '$AUTH_TOKEN')")
other_prompts=$(jq_py "$W/result.json" "[p['text'] for p in d['prompts'] if p['token'] != '$AUTH_TOKEN']")
expect "the authentication PIN was asked exactly once" test "$auth_prompts" = 1
expect "the card got exactly one VERIFY of the authentication PIN" test "$(apdu_log verifies 01)" = 1
expect "and no VERIFY of the signature PIN" test "$(apdu_log verifies 81)" = 0
case $MODE in
friendly)
    expect "no other PIN was asked" test "$other_prompts" = "[]"
    ;;
plain)
    echo "other prompts (cancelled): $other_prompts"
    expect "Firefox asked (only) for the signature token's PIN besides" \
        test "$(jq_py "$W/result.json" "{p['token'] for p in d['prompts'] if p['token'] != '$AUTH_TOKEN'}")" = "{None}"
    ;;
reconnect)
    expect "no other PIN was asked" test "$other_prompts" = "[]"
    expect "the second page (a new TLS connection) loaded too" test "$(visit 1 "['uri']")" = "${urls[1]}"
    expect "the server logged two requests with the card's certificate" \
        test "$(grep -c "\"sha256\": \"$auth_sha\"" "$W/server.log")" = 2
    expect "the card signed twice, both times accepted" \
        test "$(apdu_log pin-before-signature | awk '{print $3}' | tr '\n' ' ')" = "9000 9000 "
    ;;
esac
echo "prompts: $(jq_py "$W/result.json" "len(d['prompts'])"); APDUs from Firefox's start: $(apdus_in_log);" \
    "first page $(visit 0 "['seconds']") s; run time $(elapsed) s"
finish
