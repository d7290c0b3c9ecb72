#!/bin/bash
# Firefox ESR, headless, with libias-pkcs11.so in its profile: TLS 1.3 client authentication to an HTTPS
# server on 127.0.0.1 that requires a certificate of the test PKI. The server sees the card's authentication
# certificate, Firefox asked for the PIN exactly once, and the card got exactly one PIN verification.
# Extended card: TLS 1.3 needs RSA-PSS (or ECDSA), which only the extended profile's keys have.
source "$(dirname "$0")/browserlib.sh"
browser_bed_up --profile extended
start_server client_auth_server.py "$W/server.port" "$BED/pki/tls-server.pem" "$BED/pki/tls-server.key" \
    "$BED/pki/ca-chain.pem" "$W" 240
URL="https://127.0.0.1:$SERVER_PORT/client-auth"
MPORT=$(free_port)
make_profile "$W/profile" "$MPORT" ${REGISTRATION:-} || { fail "profile with the module"; cat "$W/profile.log"; finish; }
: >"$BED/apdu.log"
start_browser firefox-esr "$W/profile" "$W/firefox.log"
timeout 180 $PY "$here/firefox_client_auth.py" "$MPORT" "$URL" "{\"$AUTH_TOKEN\": \"$AUTH_PIN\"}" 1 \
    >"$W/result.json" 2>"$W/driver.err"
expect "the driver ran Firefox (rc $?)" test -s "$W/result.json"
stop_browser
cat "$W/result.json" "$W/driver.err"

auth_sha=$(openssl x509 -in "$BED/pki/auth.pem" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)
auth_cn=$(openssl x509 -in "$BED/pki/auth.pem" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= //p')
expect "the page loaded from the server" test "$(jq_py "$W/result.json" "d['page']['uri']")" = "$URL"
expect "the page shows the holder ($auth_cn)" grep -Fq "CN=$auth_cn" <(jq_py "$W/result.json" "d['page']['text']")
expect "the server logged one request" test "$(server_events request)" = 1
expect "the server saw the card's authentication certificate (SHA-256 of its DER)" \
    grep -Fq "\"sha256\": \"$auth_sha\"" "$W/server.log"
expect "the server logged the holder's subject" grep -Fq "CN=$auth_cn" "$W/server.log"
expect "over TLS 1.3" grep -Fq '"tls": "TLSv1.3"' "$W/server.log"
expect "the PIN was asked exactly once" test "$(jq_py "$W/result.json" "len(d['prompts'])")" = 1
expect "... for the authentication token" \
    test "$(jq_py "$W/result.json" "d['prompts'][0]['token']")" = "$AUTH_TOKEN"
expect "the card got exactly one VERIFY of the authentication PIN" test "$(pin_verifies 01)" = 1
expect "and no VERIFY of the signature PIN" test "$(pin_verifies 81)" = 0
echo "APDUs from Firefox's start to the page: $(apdus_in_log); run time $(elapsed) s"
finish
