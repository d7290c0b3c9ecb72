#!/bin/bash
# Thunderbird, headless, with libias-pkcs11.so in its profile, sends an S/MIME signed mail with the card's
# qualified signature certificate to an SMTP sink on 127.0.0.1. openssl smime -verify accepts the mail with
# the test PKI, the signer is the card's signature certificate, the signature PIN was asked for it and
# verified on the card (under secure messaging) right before the card signed.
source "$(dirname "$0")/browserlib.sh"
browser_bed_up
start_server smtp_sink.py "$W/smtp.port" "$W" 240
SMTP_PORT=$SERVER_PORT
MPORT=$(free_port)
make_profile "$W/profile" "$MPORT" || { fail "profile with the module"; cat "$W/profile.log"; finish; }
sign_sha=$(openssl x509 -in "$BED/pki/sign.pem" -noout -fingerprint -sha256 | cut -d= -f2)
email=$(openssl x509 -in "$BED/pki/sign.pem" -noout -email | head -1)
: >"$BED/apdu.log"
start_browser thunderbird "$W/profile" "$W/thunderbird.log"
timeout 180 $PY "$here/thunderbird_smime.py" "$MPORT" "$SMTP_PORT" "$sign_sha" "$email" \
    "{\"$AUTH_TOKEN\": \"$AUTH_PIN\", \"$SIGN_TOKEN\": \"$SIGN_PIN\"}" 2 >"$W/result.json" 2>"$W/driver.err"
driver_result $?
stop_browser
cat "$W/result.json" "$W/driver.err"

expect "Thunderbird finds the signature certificate on the signature token (NSS looks for the key there)" \
    test "$(jq_py "$W/result.json" "d['setup']['cert']['token']")" = "$SIGN_TOKEN"
expect "Thunderbird reports the mail sent" test "$(jq_py "$W/result.json" "d.get('ok')")" = True
expect "the SMTP sink got one mail" test "$(ls "$W"/mail-*.eml 2>/dev/null | wc -l)" = 1
mail=$(ls "$W"/mail-*.eml 2>/dev/null | head -1)
if [ -n "$mail" ]; then
    expect "it is multipart/signed (S/MIME)" \
        grep -Eiq '^Content-Type: multipart/signed; .*protocol="application/pkcs7-signature"' "$mail"
    expect "openssl smime -verify accepts it (test PKI, S/MIME signing purpose)" \
        openssl smime -verify -CAfile "$BED/pki/ca-chain.pem" -purpose smimesign -in "$mail" \
        -out "$W/content.txt" -signer "$W/signer.pem"
    expect "the signer is the card's signature certificate" \
        cmp <(openssl x509 -in "$W/signer.pem" -outform DER) "$BED/pki/sign.der"
    expect "the signed content is the mail's text" grep -q "qualified signature key" "$W/content.txt"
    sed 's/qualified signature key/qualified signature KEY/' "$mail" >"$W/tampered.eml"
    expect_not "a changed text does not verify" \
        openssl smime -verify -CAfile "$BED/pki/ca-chain.pem" -purpose smimesign -in "$W/tampered.eml" -out /dev/null
fi
sign_prompts=$(jq_py "$W/result.json" "sum(1 for p in d.get('prompts', []) if p['token'] == '$SIGN_TOKEN')")
expect "the signature PIN was asked ($sign_prompts prompt(s) for $SIGN_TOKEN)" test "$sign_prompts" -ge 1
expect "the card made exactly one signature" test "$(apdu_log signatures)" = 1
expect "right before it the signature PIN was verified under secure messaging (0C 20 00 81, 9000)" \
    test "$(apdu_log pin-before-signature)" = "0C200081 9000 9000"
echo "prompts: $(jq_py "$W/result.json" "[p['token'] for p in d.get('prompts', [])]")"
echo "APDUs during the send: $(apdus_in_log); run time $(elapsed) s"
finish
