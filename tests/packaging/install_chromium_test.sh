#!/bin/bash
# install_chromium_test.sh DEB_DIR: the fixture's package installed with dpkg into a throwaway root
# (installlib.sh). A new user "logs in": the Exec line of the package's /etc/xdg/autostart entry runs as that
# user, and creates their NSS database with the module. Chromium then authenticates to an HTTPS server on
# 127.0.0.1 with the card's certificate: the root's managed policy AutoSelectCertificateForUrls picks it, and
# Chromium's own "Unlock Security Device" dialog asks the PIN, answered by xdotool on a private Xvfb.
# Chromium runs with a window, not headless: headless Chromium has no such dialog and waits for ever once the
# token needs a login (measured: 27 APDUs, then nothing until killed). Then `ias-register-nssdb --remove`
# takes the module out, and the next login does not add it again (opt-out).
source "$(dirname "$0")/installlib.sh"
install_namespace "$@"
install_bed_up --profile extended
root_up

root_dpkg install --install "$DEB"
expect "dpkg --install succeeds in the root" test "$PKG_RC" = 0
[ "$PKG_RC" = 0 ] || cat "$W/install.log"
entry=$ROOT/etc/xdg/autostart/ias-register-nssdb.desktop
login=$(sed -n 's/^Exec=//p' "$entry")
expect "the package's autostart entry runs a program ($login)" test -n "$login"
# OpenSC's own login entry (Debian's opensc, in the root as on the machine) runs at the same login
opensc_login=$(sed -n 's/^Exec=//p' "$ROOT/etc/xdg/autostart/pkcs11-register.desktop" 2>/dev/null)
log_in() {  # log_in LOG: the autostart entries a desktop session runs, as the user
    as_user sh -c "$login" >"$1" 2>&1
    [ -z "$opensc_login" ] || as_user sh -c "$opensc_login" >>"$1" 2>&1
}
user_profile "$TEST_HOME/chromium" 0  # the home's runtime directory (the prefs file is Firefox's, unused)
log_in "$W/login-1.log"
cat "$W/login-1.log"
db=$ROOT$TEST_HOME/.local/share/pki/nssdb
expect "the login created the user's NSS database (no ~/.pki: \$XDG_DATA_HOME/pki/nssdb)" test -f "$db/cert9.db"
expect "its module list names the browsers' module (the authentication token only)" names_module "$db/pkcs11.txt" "$PKG_BROWSER_MODULE"
echo "OpenSC's login entry: ${opensc_login:-none in the root}"
expect_not "and no OpenSC module (its pkcs11-register knows only ~/.pki/nssdb)" grep -Fq opensc "$db/pkcs11.txt"

start_server client_auth_server.py "$W/server.port" "$BED/pki/tls-server.pem" "$BED/pki/tls-server.key" \
    "$BED/pki/ca-chain.pem" "$W" 240
URL="https://127.0.0.1:$SERVER_PORT/close-first"
mkdir -p "$ROOT/etc/chromium/policies/managed"
printf '{"AutoSelectCertificateForUrls": ["{\\"pattern\\": \\"https://127.0.0.1:%s\\", \\"filter\\": {}}"]}\n' \
    "$SERVER_PORT" >"$ROOT/etc/chromium/policies/managed/ias-test.json"

# a private X display for Chromium's window and its PIN dialog
Xvfb -displayfd 3 -noreset -screen 0 1280x900x24 -nolisten tcp 3>"$W/xvfb.display" 2>"$W/xvfb.log" &
started_pids+=($!)
wait_file "$W/xvfb.display" 60 || { fail "Xvfb"; finish; }
export DISPLAY=":$(head -1 "$W/xvfb.display")"
# windows NAME: the ids of the visible windows whose title matches NAME (none: empty)
windows() { xdotool search --onlyvisible --name "$1" 2>/dev/null; }
# wait_window NAME: the first window whose title matches NAME, within 90 s or until Chromium ends
wait_window() {
    local w=""
    for _ in $(seq 900); do
        w=$(windows "$1" | head -1)
        [ -n "$w" ] && { echo "$w"; return 0; }
        kill -0 "$CHROMIUM_PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
# --no-sandbox: the kernel refuses a user namespace to a chrooted process, and Debian's Chromium has no other
# sandbox without chromium-sandbox. --ignore-certificate-errors: the server's own certificate is not the point.
: >"$BED/apdu.log"
t=$(date +%s.%N)
timeout -k 5 180 "${USER_CMD[@]}" DISPLAY="$DISPLAY" chromium --no-sandbox --ignore-certificate-errors \
    --user-data-dir="$TEST_HOME/chromium" --no-first-run --disable-gpu --password-store=basic "$URL" \
    >"$W/chromium.log" 2>&1 </dev/null &
started_pids+=($!)
CHROMIUM_PID=$!
dialog=$(wait_window '^Unlock Security Device$')
expect "Chromium asked the PIN in its dialog" test -n "$dialog"
if [ -n "$dialog" ]; then
    # keys typed into the focused window, as a user's: Chromium ignored a Return sent to its window by
    # XSendEvent (key --window) in one of the measuring runs
    xdotool windowactivate --sync "$dialog" 2>/dev/null
    xdotool windowfocus --sync "$dialog"
    xdotool type --delay 40 "$AUTH_PIN"
    xdotool key Return
fi
page=$(wait_window '^client-auth-ok - Chromium$')
expect "the page from the server is shown (its title)" test -n "$page"
echo "Chromium, the page with the card: $(echo "$(date +%s.%N) $t" | awk '{printf "%.1f", $1 - $2}') s"
expect "no PIN dialog is left open (the PIN was asked once)" test -z "$(windows '^Unlock Security Device$')"
kill "$CHROMIUM_PID" 2>/dev/null
wait "$CHROMIUM_PID" 2>/dev/null
# The extended card has two authentication keys (RSA and EC), both under the global PIN; Chromium takes the
# first certificate the filter matches, the EC one here.
sha() { openssl x509 -in "$1" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1; }
seen=$(grep '"event": "request"' "$W/server.log" | sed -n 's/.*"sha256": "\([0-9a-f]*\)".*/\1/p' | sort -u)
echo "the server saw: $seen (RSA $(sha "$BED/pki/auth.pem"), EC $(sha "$BED/pki/auth-ec.pem"))"
expect "the server saw one of the card's authentication certificates (SHA-256 of its DER)" \
    test -n "$seen" -a \( "$seen" = "$(sha "$BED/pki/auth.pem")" -o "$seen" = "$(sha "$BED/pki/auth-ec.pem")" \)
expect "over TLS 1.3" grep -Fq '"tls": "TLSv1.3"' <(grep '"event": "request"' "$W/server.log")
expect "the card got exactly one VERIFY of the authentication PIN" test "$(apdu_log verifies 01)" = 1
expect "and no VERIFY of the signature PIN" test "$(apdu_log verifies 81)" = 0
[ "$failures" = 0 ] || tail -20 "$W/chromium.log"

as_user ias-register-nssdb --remove >"$W/remove.log" 2>&1
expect_not "ias-register-nssdb --remove: the module is out of the user's database" names_module "$db/pkcs11.txt" "$PKG_BROWSER_MODULE"
log_in "$W/login-2.log"
expect_not "the next login does not add it again (opt-out)" names_module "$db/pkcs11.txt" "$PKG_BROWSER_MODULE"
finish
