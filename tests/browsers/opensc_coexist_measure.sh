#!/bin/bash
# Measures what a user sees when a Firefox ESR or Thunderbird profile loads libias-pkcs11.so and Debian's
# OpenSC module (opensc-pkcs11.so: its iasecc driver reads the same card) — issue 12 item 3,
# docs/packaging.md "Living beside OpenSC". Not a pass/fail test: it prints the figures.
#
#   opensc_coexist_measure.sh firefox|thunderbird ours|opensc|both [plain|friendly]
#
# ours: our module as the package's SecurityDevices policy registers it (plain: no NSS flag) or as
# ias-register-nssdb does (friendly); opensc: OpenSC's, added by Debian's own /usr/bin/pkcs11-register as the
# login autostart entry runs it (the profile lies in ~/.mozilla/firefox or ~/.thunderbird, where its 0.23
# looks); both: ours, then pkcs11-register. Printed: the profile's pkcs11.txt, certutil -L -h all (the
# certificates per token, as the NSS tools see them), the modules and tokens the application loaded, the
# card's certificates in nsIX509CertDB.getCerts() and in the certificate manager's "Your Certificates" tab,
# and, for Firefox, a TLS 1.3 client-auth page: its result, every PIN prompt (answered once per token with
# the test PINs), the VERIFY commands the card received.
source "$(dirname "$0")/browserlib.sh"
APP=${1:-firefox} WHICH=${2:-both} OURS=${3:-plain}
browser_bed_up --profile extended
case $APP in
firefox) dir=$HOME/.mozilla/firefox BIN=firefox-esr ;;
thunderbird) dir=$HOME/.thunderbird BIN=thunderbird ;;
*) echo "usage: $0 firefox|thunderbird ours|opensc|both [plain|friendly]"; exit 2 ;;
esac
profile=$dir/coexist.default
MPORT=$(free_port)
make_profile "$profile" "$MPORT" "$OURS" || { fail "profile"; cat "$W/profile.log"; finish; }
printf '[Profile0]\nName=coexist\nIsRelative=1\nPath=coexist.default\nDefault=1\n' >"$dir/profiles.ini"
[ "$WHICH" = opensc ] && modutil -dbdir "sql:$profile" -delete ias-ecc -force >>"$W/profile.log" 2>&1
if [ "$WHICH" != ours ]; then
    echo "== pkcs11-register (Debian's OpenSC $(dpkg-query -W -f '${Version}' opensc 2>/dev/null))"
    /usr/bin/pkcs11-register 2>&1
fi
echo "== $profile/pkcs11.txt"
grep -E '^(library|name|NSS)=' "$profile/pkcs11.txt"
echo "== certutil -L -h all (every token of every module)"
certutil -L -h all -d "sql:$profile" </dev/null 2>&1 | sed -n '/^Certificate Nickname/,$p'
echo "== the tokens (pkcs11-tool -L) of each module"
for lib in "$MODULE" /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so; do
    echo "-- $lib"; pkcs11-tool --module "$lib" -L 2>&1 | grep -E 'token label|Slot'
done

# Every token name either module gives the card, with the PIN of its kind: the authentication PIN for
# tokens named after the authentication PIN, else the signature PIN. IAS_COEXIST_CANCEL_OPENSC=1: OpenSC's
# tokens are left out, so that their prompts are cancelled (what a user who knows which prompt is OpenSC's does).
pins=$($PY - "$MODULE" <<'PY'
import json, os, re, subprocess, sys
pins = {}
libs = [sys.argv[1]] + ([] if os.environ.get("IAS_COEXIST_CANCEL_OPENSC") else ["/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"])
for lib in libs:
    out = subprocess.run(["pkcs11-tool", "--module", lib, "-L"], capture_output=True, text=True).stdout
    for label in re.findall(r"token label\s*:\s*(.*)", out):
        label = label.strip()
        pins[label] = "123456" if re.search(r"sign|qualif|nonrep", label, re.I) else "1234"
print(json.dumps(pins))
PY
)
echo "PINs given per token: $pins"
urls=()
if [ "$APP" = firefox ]; then
    start_server client_auth_server.py "$W/server.port" "$BED/pki/tls-server.pem" "$BED/pki/tls-server.key" \
        "$BED/pki/ca-chain.pem" "$W" 240
    urls=("https://127.0.0.1:$SERVER_PORT/close-first")
fi
: >"$BED/apdu.log"
start_browser "$BIN" "$profile" "$W/browser.log"
timeout 200 $PY "$here/nss_inventory.py" "$MPORT" "$pins" 1 "${urls[@]}" >"$W/result.json" 2>"$W/driver.err"
driver_result $?
stop_browser
echo "driver error: $(jq_py "$W/result.json" "d.get('error')")"; cat "$W/driver.err"
echo "== modules and tokens the application loaded"
jq_py "$W/result.json" "'\n'.join(m['name'] + ' (' + m['library'] + '): ' + ', '.join(str(s['token']) for s in m['slots']) for m in d['modules'] if m['library'])"
for c in auth sign; do
    fp=$(openssl x509 -in "$BED/pki/$c.pem" -noout -fingerprint -sha256 | cut -d= -f2)
    echo "== the card's $c certificate ($fp)"
    echo "getCerts(): $(jq_py "$W/result.json" "[c['token'] for c in d['certs'] if c['sha256'] == '$fp']")"
    echo "certificate manager, Your Certificates: $(jq_py "$W/result.json" "[r.get('token') for r in d['user_tree'].get('rows', []) if r.get('sha256') == '$fp'] if 'rows' in d['user_tree'] else d['user_tree']")"
done
echo "certificate manager rows: $(jq_py "$W/result.json" "d['user_tree']")"
echo "== PIN prompts: $(jq_py "$W/result.json" "[(p['token'], p['answered']) for p in d.get('prompts', [])]")"
echo "prompts: after listing the modules $(jq_py "$W/result.json" "d.get('prompts_after_modules')"), after the page(s) $(jq_py "$W/result.json" "d.get('prompts_after_pages')"), after getCerts() $(jq_py "$W/result.json" "d.get('prompts_after_certs')"), after the certificate manager $(jq_py "$W/result.json" "len(d.get('prompts', []))")"
if [ "$APP" = firefox ]; then
    echo "== the page: $(jq_py "$W/result.json" "[(v['uri'][:60], v['text'][:120]) for v in d['visits']]")"
    echo "server: $(grep -c '"event": "request"' "$W/server.log" 2>/dev/null) request(s); $(grep -o '"tls": "[^"]*"' "$W/server.log" | head -1)"
fi
echo "card: VERIFY auth PIN $(apdu_log verifies 01), VERIFY signature PIN $(apdu_log verifies 81), signatures $(apdu_log signatures), APDUs $(apdus_in_log)"
[ -n "${IAS_COEXIST_KEEP:-}" ] && cp "$W/result.json" "$IAS_COEXIST_KEEP"
finish
