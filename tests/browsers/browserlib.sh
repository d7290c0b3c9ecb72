# Shared by the browser acceptance tests (Firefox ESR, Thunderbird) of libias-pkcs11.so: the client test
# bed (tests/pkcs11-clients/clientlib.sh: test bed, module, work dir W), a profile with the module in its own
# NSS database, a browser started headless with Marionette on a free port, and servers on free ports. Every
# process a test starts is remembered and stopped on exit, each wait is bounded.
source "$(dirname "${BASH_SOURCE[0]}")/../pkcs11-clients/clientlib.sh"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1  # the drivers import modules of this source directory: no __pycache__ here
AUTH_TOKEN="IAS-ECC Test Card Auth PIN"
SIGN_TOKEN="IAS-ECC Test Card Signature PIN"
started_pids=()

stop_started() {  # SIGTERM what we started, SIGKILL what is still there after 10 s
    local pid
    for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 100); do
        local alive=0
        for pid in "${started_pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.1
    done
    for pid in "${started_pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    started_pids=()
}

browser_bed_up() {  # browser_bed_up [testbed up options]
    client_bed_up "$@"
    trap 'stop_started; bed_down' EXIT
    trap 'exit 143' TERM INT HUP  # CTest's timeout: still stop everything (the EXIT trap)
    # the browser's own home: nothing of the user's (or of another test's) is read or written
    export HOME="$W/home" XDG_RUNTIME_DIR="$W/run" XDG_CACHE_HOME="$W/cache"
    mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_CACHE_HOME"
    chmod 700 "$XDG_RUNTIME_DIR"
    export MOZ_CRASHREPORTER_DISABLE=1 MOZ_DISABLE_AUTO_SAFE_MODE=1
    T0=$(date +%s.%N)
}

elapsed() { echo "$(date +%s.%N) $T0" | awk '{printf "%.1f", $1 - $2}'; }

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_file FILE SECONDS: FILE exists (a server wrote its port) within SECONDS
wait_file() {
    for _ in $(seq $(($2 * 10))); do [ -s "$1" ] && return 0; sleep 0.1; done
    return 1
}

# make_profile DIR MARIONETTE_PORT [friendly|plain]: a quiet profile whose NSS database (cert9.db, key4.db,
# pkcs11.txt) has the module and trusts the test bed's root CA. "friendly" registers the module with NSS's
# FRIENDLY flag (modutil -mechanisms FRIENDLY: "certificates readable without login"); without it Firefox
# logs in to every token of the module before it lists client certificates (PSM's
# FindClientCertificatesWithPrivateKeys), i.e. it also asks for the signature token's PIN. The module goes into the profile, not into a policy file:
# Firefox ESR reads policies.json only from /etc/firefox/policies or the installation's distribution
# directory (both system-wide); the per-user and alternate paths need a test build (Cu.isInAutomation).
make_profile() {
    local dir=$1 port=$2
    write_prefs "$dir" "$port"
    local flags=() lib=$MODULE
    [ "${3:-}" = friendly ] && flags=(-mechanisms FRIENDLY)
    if [ -n "${IAS_BROWSER_SPY:-}" ]; then  # debugging: OpenSC's call logger in front of the module
        lib=/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so
        export PKCS11SPY=$MODULE PKCS11SPY_OUTPUT=$W/pkcs11-spy.log
    fi
    certutil -N -d "sql:$dir" --empty-password >"$W/profile.log" 2>&1 &&
        modutil -dbdir "sql:$dir" -add ias-ecc -libfile "$lib" "${flags[@]}" -force >>"$W/profile.log" 2>&1 &&
        certutil -A -d "sql:$dir" -n "IAS-ECC Test Root CA" -t "CT,C,C" -i "$BED/pki/root-ca.pem" >>"$W/profile.log" 2>&1
}

# write_prefs DIR MARIONETTE_PORT: DIR with only a user.js: Marionette on that port, no first-run pages, no
# network service of Mozilla's, the client certificate chosen without a dialog. No NSS database: the browser
# creates it at its first start (tests/packaging/ install the package and let its policy add the module).
write_prefs() {
    local dir=$1 port=$2
    mkdir -p "$dir"
    cat >"$dir/user.js" <<PREFS
user_pref("marionette.port", $port);
user_pref("security.default_personal_cert", "Select Automatically");
user_pref("security.OCSP.enabled", 0);
user_pref("security.remote_settings.crlite_filters.enabled", false);
user_pref("security.remote_settings.intermediates.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.startup.page", 0);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.region.network.url", "");
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("app.update.auto", false);
user_pref("app.update.enabled", false);
user_pref("app.normandy.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("extensions.blocklist.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("services.settings.server", "http://127.0.0.1:9/");
user_pref("geo.provider.network.url", "");
user_pref("media.gmp-manager.url", "");
user_pref("identity.fxaccounts.enabled", false);
user_pref("mail.provider.suppress_dialog_on_startup", true);
user_pref("mail.shell.checkDefaultClient", false);
user_pref("mailnews.start_page.enabled", false);
user_pref("mail.startup.enabledMailCheckOnce", true);
user_pref("mail.rights.version", 1);
user_pref("mail.inappnotifications.enabled", false);
PREFS
}

# start_browser BINARY PROFILE LOG: headless, Marionette on the profile's port, chrome scripts allowed; under
# `timeout`, so even a browser whose test was killed outright ends within 4 minutes
start_browser() {
    timeout -k 5 240 "$1" --headless --marionette --remote-allow-system-access --no-remote --profile "$2" about:blank \
        >"$3" 2>&1 </dev/null &
    started_pids+=($!)
    BROWSER_PID=$!
}

# stop_browser: the driver quits it through Marionette; this waits (10 s) and then ends it by its pid
stop_browser() {
    for _ in $(seq 100); do kill -0 "$BROWSER_PID" 2>/dev/null || return 0; sleep 0.1; done
    echo "note: browser $BROWSER_PID did not quit, ending it"
    kill -TERM "$BROWSER_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$BROWSER_PID" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$BROWSER_PID" 2>/dev/null
}

# start_server SCRIPT PORTFILE ARGS...: a server of this directory; SERVER_PORT is the port it wrote to
# PORTFILE (it binds port 0 itself: no race for a port between choosing and binding)
start_server() {
    local script=$1 portfile=$2
    shift 2
    $PY "$here/$script" "$@" >>"$W/servers.out" 2>&1 </dev/null &
    started_pids+=($!)
    wait_file "$portfile" 60 || { fail "server $script did not start"; cat "$W/servers.out"; finish; }
    SERVER_PORT=$(cat "$portfile")
}

# apdu_log QUESTION [ARG]: tests/browsers/apdu_log.py about the test bed's APDU log (verifies P2,
# signatures, pin-before-signature)
apdu_log() { $PY "$here/apdu_log.py" "$BED/apdu.log" "$@"; }

# jq_py FILE EXPRESSION: evaluates a Python expression over the JSON document in FILE (as d) and prints it
jq_py() { $PY -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# server_events KIND: how many entries of that kind (request, handshake-failed) the HTTPS server logged
server_events() {
    local n
    n=$(grep -c "\"event\": \"$1\"" "$W/server.log" 2>/dev/null)
    echo "${n:-0}"
}

# driver_result RC: the driver's JSON report is there (else the rest cannot be judged: stop here)
driver_result() {
    if [ "$1" = 0 ] && $PY -c 'import json, sys; json.load(open(sys.argv[1]))' "$W/result.json" 2>/dev/null; then
        pass "the driver ran the client"
        return 0
    fi
    fail "the driver ran the client (rc $1)"
    cat "$W/result.json" "$W/driver.err"
    finish
}
