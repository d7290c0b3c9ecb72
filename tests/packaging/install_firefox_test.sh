#!/bin/bash
# install_firefox_test.sh DEB_DIR: the fixture's package installed with dpkg into a throwaway root
# (installlib.sh) where an administrator already has a Firefox policies.json with policies of their own (one of
# them installs the test PKI's root CA). A new user's fresh Firefox ESR profile then has the module without any
# step (its pkcs11.txt names it) and authenticates to an HTTPS server on 127.0.0.1 with the card over TLS 1.3;
# the administrator's file is the same bytes plus our member. After `dpkg --remove` the next start of the same
# profile has unloaded the module; after `dpkg --purge` the administrator's file is its original bytes, no file
# of the package is left and the root differs from the machine's root exactly as before the installation
# (apart from dpkg's and apt's own records).
#   install_firefox_test.sh DEB_DIR [opensc|no-opensc]   Debian's OpenSC installed in the root as on the machine
#                                                        (default), or removed from it first
source "$(dirname "$0")/installlib.sh"
install_namespace "$@"
OPENSC=${2:-opensc}
install_bed_up --profile extended
root_up
[ "$OPENSC" = no-opensc ] && root_without_opensc

# The administrator's file, as they wrote it: tabs, a space before a colon, an escape, a one-line object.
mkdir -p "$ROOT/etc/firefox/policies" "$ROOT/usr/local/share/ias-test"
cp "$BED/pki/root-ca.pem" "$ROOT/usr/local/share/ias-test/root-ca.pem"
printf '{\n\t"policies": {\n\t\t"DisableTelemetry": true,\n\t\t"Certificates": {"Install": ["/usr/local/share/ias-test/root-ca.pem"]},\n\t\t"DisableFirefoxStudies" : true,\n\t\t"Homepage": {\n\t\t\t"URL": "https://intranet.example/caf\\u00e9",\n\t\t\t"Locked": false\n\t\t}\n\t}\n}\n' \
    >"$ROOT$FF_POLICY"
chmod 0644 "$ROOT$FF_POLICY"  # readable by the users, as Firefox needs it
cp "$ROOT$FF_POLICY" "$W/admin-policies.json"
upper_snapshot "$W/before.txt"

t=$(date +%s.%N)
root_dpkg install --install "$DEB"
echo "dpkg --install took $(echo "$(date +%s.%N) $t" | awk '{printf "%.1f", $1 - $2}') s"
expect "dpkg --install ias-ecc_….deb succeeds in the root" test "$PKG_RC" = 0
[ "$PKG_RC" = 0 ] || cat "$W/install.log"
expect "the package is installed in the root" bash -c "chroot '$ROOT' dpkg-query -W -f='\${Status}' ias-ecc | grep -q 'install ok installed'"
expect "the browsers' module is installed in the root" test -f "$ROOT$PKG_BROWSER_MODULE"
expect "the administrator's policies are kept byte for byte, only our member added" \
    /usr/bin/python3 "$here_install/policy_diff.py" "$W/admin-policies.json" "$ROOT$FF_POLICY" SecurityDevices Add IAS-ECC "$PKG_BROWSER_MODULE"
cat "$BED/last.out"
expect "the file keeps its mode (0644)" test "$(stat -c %a "$ROOT$FF_POLICY")" = 644

start_server client_auth_server.py "$W/server.port" "$BED/pki/tls-server.pem" "$BED/pki/tls-server.key" \
    "$BED/pki/ca-chain.pem" "$W" 240
URL="https://127.0.0.1:$SERVER_PORT/close-first"
MPORT=$(free_port)
PROFILE=$TEST_HOME/.config/mozilla/firefox/ias-test.default  # where Firefox ESR 153 makes a new user's profiles
user_profile "$PROFILE" "$MPORT"
expect "the fresh profile has no NSS database before Firefox starts" test ! -e "$ROOT$PROFILE/pkcs11.txt"
: >"$BED/apdu.log"
t=$(date +%s.%N)
start_user_browser firefox-esr "$PROFILE" "$W/firefox-1.log"
timeout 180 $PY "$here/firefox_client_auth.py" "$MPORT" "{\"$AUTH_TOKEN\": \"$AUTH_PIN\"}" 1 "$URL" \
    >"$W/result.json" 2>"$W/driver.err"
driver_result $?
stop_browser
echo "Firefox, first start and the page: $(echo "$(date +%s.%N) $t" | awk '{printf "%.1f", $1 - $2}') s"
cat "$W/result.json" "$W/driver.err"
expect "the user's pkcs11.txt names the browsers' module (loaded with no step)" \
    names_module "$ROOT$PROFILE/pkcs11.txt" "$PKG_BROWSER_MODULE"
auth_sha=$(openssl x509 -in "$BED/pki/auth.pem" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)
auth_cn=$(openssl x509 -in "$BED/pki/auth.pem" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= //p')
expect "the page loaded from the server" test "$(jq_py "$W/result.json" "d['visits'][0]['uri']")" = "$URL"
expect "the page shows the holder ($auth_cn)" grep -Fq "CN=$auth_cn" <(jq_py "$W/result.json" "d['visits'][0]['text']")
expect "the server saw the card's authentication certificate (SHA-256 of its DER)" \
    grep -Fq "\"sha256\": \"$auth_sha\"" <(grep -m1 '"event": "request"' "$W/server.log")
expect "over TLS 1.3" grep -Fq '"tls": "TLSv1.3"' "$W/server.log"
expect "the authentication PIN was asked exactly once" \
    test "$(jq_py "$W/result.json" "sum(1 for p in d['prompts'] if p['token'] == '$AUTH_TOKEN')")" = 1
expect "no other PIN was asked (the signature token is not in the browsers' module)" \
    test "$(jq_py "$W/result.json" "[p['token'] for p in d['prompts'] if p['token'] != '$AUTH_TOKEN']")" = "[]"
expect "the card got exactly one VERIFY of the authentication PIN" test "$(apdu_log verifies 01)" = 1
expect "and no VERIFY of the signature PIN" test "$(apdu_log verifies 81)" = 0
echo "prompts: $(jq_py "$W/result.json" "[(p['token'], p['answered']) for p in d['prompts']]")"
# What the support desk's tool says of it, run by the user on the installed system
as_user ias-diag --json --output "$TEST_HOME/diag.json" >"$W/diag.out" 2>&1 </dev/null
diag_value() {  # diag_value EXPR: EXPR over r, the report's registration check
    jq_py "$ROOT$TEST_HOME/diag.json" "(lambda r: $1)([c for c in d['checks'] if c['id'] == 'registration'][0])"
}
echo "ias-diag, registration: $(diag_value 'r["status"] + ": " + r["finding"]')"
expect "ias-diag: Firefox's policy file adds the module" test "$(diag_value \
    '[x["security_devices"] for x in r["details"] if x["kind"] == "policy" and x["application"].startswith("Firefox")]')" \
    = "['Add IAS-ECC']"
expect "ias-diag: the new user's profile loads it" test "$(diag_value \
    '[x["ias_module"] for x in r["details"] if x["kind"] == "nss-database" and x["directory"].endswith("ias-test.default")]')" \
    = "['yes']"
expect "ias-diag: and gives no advice about the signature PIN there (the browsers' module)" \
    test "$(diag_value '"signature PIN" in r["advice"]')" = False
# What the user's profile shows of the card, counted by NSS's certutil (all tokens of the profile's modules)
as_user certutil -L -h all -d "sql:$PROFILE" >"$W/certs.txt" 2>&1 </dev/null
echo "OpenSC $OPENSC: modules in pkcs11.txt: $(grep -c '^library=' "$ROOT$PROFILE/pkcs11.txt");" \
    "certificate lines naming '$auth_cn' in certutil -L -h all: $(grep -cF "$auth_cn" "$W/certs.txt")"

t=$(date +%s.%N)
root_dpkg remove --remove ias-ecc
echo "dpkg --remove took $(echo "$(date +%s.%N) $t" | awk '{printf "%.1f", $1 - $2}') s"
expect "dpkg --remove succeeds" test "$PKG_RC" = 0
[ "$PKG_RC" = 0 ] || cat "$W/remove.log"
expect "the modules are gone from the root" test ! -e "$ROOT$PKG_MODULE" -a ! -e "$ROOT$PKG_BROWSER_MODULE"
expect "our member became a Delete entry, the administrator's policies kept byte for byte" \
    /usr/bin/python3 "$here_install/policy_diff.py" "$W/admin-policies.json" "$ROOT$FF_POLICY" SecurityDevices Delete IAS-ECC
cat "$BED/last.out"
expect "the policy deletes IAS-ECC" test "$(jq_py "$ROOT$FF_POLICY" "d['policies']['SecurityDevices']")" = "{'Delete': ['IAS-ECC']}"
start_user_browser firefox-esr "$PROFILE" "$W/firefox-2.log"
timeout 180 $PY "$here/firefox_client_auth.py" "$MPORT" "{}" 0 >"$W/result.json" 2>"$W/driver.err"
driver_result $?
stop_browser
expect_not "after the next start the user's pkcs11.txt no longer names the module (unloaded)" \
    names_module "$ROOT$PROFILE/pkcs11.txt" "$PKG_BROWSER_MODULE"

t=$(date +%s.%N)
root_dpkg purge --purge ias-ecc
echo "dpkg --purge took $(echo "$(date +%s.%N) $t" | awk '{printf "%.1f", $1 - $2}') s"
expect "dpkg --purge succeeds" test "$PKG_RC" = 0
[ "$PKG_RC" = 0 ] || cat "$W/purge.log"
expect "the administrator's policies.json is its original bytes again" cmp "$W/admin-policies.json" "$ROOT$FF_POLICY"
expect "and its mode" test "$(stat -c %a "$ROOT$FF_POLICY")" = 644
purge_leaves_nothing
finish
