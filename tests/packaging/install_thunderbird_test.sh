#!/bin/bash
# install_thunderbird_test.sh DEB_DIR: the fixture's package installed with dpkg into a throwaway root
# (installlib.sh) whose administrator's Thunderbird policies.json installs the test PKI's root CA. A new user's
# fresh Thunderbird profile has the module without any step (its pkcs11.txt names it) and sends an S/MIME mail
# signed with the card's qualified signature key to an SMTP sink on 127.0.0.1; `openssl smime -verify` accepts
# it and names the card's signature certificate as the signer. Then the purge leaves nothing of the package.
source "$(dirname "$0")/installlib.sh"
install_namespace "$@"
install_bed_up
root_up

mkdir -p "$ROOT/etc/thunderbird/policies" "$ROOT/usr/local/share/ias-test"
cp "$BED/pki/root-ca.pem" "$ROOT/usr/local/share/ias-test/root-ca.pem"
printf '{\n  "policies": {\n    "DisableTelemetry": true,\n    "Certificates": {\n      "Install": ["/usr/local/share/ias-test/root-ca.pem"]\n    }\n  }\n}\n' \
    >"$ROOT$TB_POLICY"
cp "$ROOT$TB_POLICY" "$W/admin-policies.json"
upper_snapshot "$W/before.txt"

root_dpkg install --install "$DEB"
expect "dpkg --install succeeds in the root" test "$PKG_RC" = 0
[ "$PKG_RC" = 0 ] || cat "$W/install.log"
expect "the administrator's Thunderbird policies are kept byte for byte, only our member added" \
    /usr/bin/python3 "$here_install/policy_diff.py" "$W/admin-policies.json" "$ROOT$TB_POLICY" SecurityDevices Add IAS-ECC "$PKG_MODULE"

start_server smtp_sink.py "$W/smtp.port" "$W" 240
SMTP_PORT=$SERVER_PORT
MPORT=$(free_port)
PROFILE=$TEST_HOME/thunderbird
user_profile "$PROFILE" "$MPORT"
sign_sha=$(openssl x509 -in "$BED/pki/sign.pem" -noout -fingerprint -sha256 | cut -d= -f2)
email=$(openssl x509 -in "$BED/pki/sign.pem" -noout -email | head -1)
: >"$BED/apdu.log"
t=$(date +%s.%N)
start_user_browser thunderbird "$PROFILE" "$W/thunderbird.log"
timeout 180 $PY "$here/thunderbird_smime.py" "$MPORT" "$SMTP_PORT" "$sign_sha" "$email" \
    "{\"$AUTH_TOKEN\": \"$AUTH_PIN\", \"$SIGN_TOKEN\": \"$SIGN_PIN\"}" 2 >"$W/result.json" 2>"$W/driver.err"
driver_result $?
stop_browser
echo "Thunderbird, start and signed mail: $(echo "$(date +%s.%N) $t" | awk '{printf "%.1f", $1 - $2}') s"
cat "$W/result.json" "$W/driver.err"
expect "the user's pkcs11.txt names the package's module (loaded with no step)" names_module "$ROOT$PROFILE/pkcs11.txt"
expect "Thunderbird reports the mail sent" test "$(jq_py "$W/result.json" "d.get('ok')")" = True
mail=$(ls "$W"/mail-*.eml 2>/dev/null | head -1)
expect "the SMTP sink got the mail" test -n "$mail"
if [ -n "$mail" ]; then
    expect "openssl smime -verify accepts it (test PKI, S/MIME signing purpose)" \
        openssl smime -verify -CAfile "$BED/pki/ca-chain.pem" -purpose smimesign -in "$mail" \
        -out "$W/content.txt" -signer "$W/signer.pem"
    expect "the signer is the card's signature certificate" \
        cmp <(openssl x509 -in "$W/signer.pem" -outform DER) "$BED/pki/sign.der"
fi
expect "the card made exactly one signature" test "$(apdu_log signatures)" = 1

root_dpkg purge --purge ias-ecc
expect "dpkg --purge succeeds" test "$PKG_RC" = 0
[ "$PKG_RC" = 0 ] || cat "$W/purge.log"
expect "the administrator's Thunderbird policies.json is its original bytes again" \
    cmp "$W/admin-policies.json" "$ROOT$TB_POLICY"
purge_leaves_nothing
finish
