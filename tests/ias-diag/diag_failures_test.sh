#!/bin/bash
# ias-diag without a test bed, on what breaks installations: pcscd not reachable, a module that is missing,
# aborts, crashes or hangs at load (the report stays complete: the module runs in a child process), a
# configuration with an unknown key, a cache directory open to others, a Firefox profile that loads OpenSC's
# module as well as ours; usage errors. No pcscd is touched: PCSCLITE_CSOCK_NAME names a missing socket.
. "$(dirname "$0")/../testbed/lib.sh"
. "$(dirname "$0")/diaglib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ias-diag.XXXXXX")
BED=$WORK  # for the helpers' last.out
trap 'if [ "$failures" -eq 0 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi' EXIT
export PCSCLITE_CSOCK_NAME=$WORK/no-pcscd.comm
export HOME=$WORK/home IAS_ECC_CONF=$WORK/none.conf IAS_ECC_CACHE_DIR=$WORK/cache
unset IAS_PINENTRY
mkdir -p "$HOME"

# --- pcscd not reachable ---
run_diag nopcscd --module "$MODULE"
[ "$RC" -eq 2 ] && pass "no pcscd: exit 2" || fail "no pcscd: exit $RC"
every_check_id "$WORK/nopcscd.json" "no pcscd"
expect_value "no pcscd: the PC/SC check fails" "$WORK/nopcscd.json" "check('pcsc')['status']" FAIL
expect_value "no pcscd: the advice names the variable that points at the missing socket" "$WORK/nopcscd.json" \
    "'PCSCLITE_CSOCK_NAME' in check('pcsc')['advice']" True
expect_value "no pcscd: the socket is reported absent" "$WORK/nopcscd.json" "details('pcsc','service')[0]['socket_present']" no
expect_value "no pcscd: readers and card are skipped with a reason" "$WORK/nopcscd.json" \
    "check('card')['status'] + ': ' + check('card')['finding']" "SKIP: skipped: no PC/SC service"
echo "note: no pcscd: ${SECONDS_TAKEN} s (shown, not asserted: the bounds are checked as events)"
expect_value "no configuration file: defaults, OK" "$WORK/nopcscd.json" "check('configuration')['status']" OK

# --- the module ---
run_diag missing --module "$WORK/no-such-module.so"
expect_value "missing module: FAIL" "$WORK/missing.json" "check('module')['status'] + ': ' + check('module')['finding']" \
    "FAIL: the module $WORK/no-such-module.so does not exist"
every_check_id "$WORK/missing.json" "missing module"

run_diag abort --module "$IAS_DIAG_BROKEN_ABORT"
expect_value "a module that aborts in C_GetFunctionList: module crashed" "$WORK/abort.json" \
    "check('module')['status'] + ' ' + str(check('module')['finding'].startswith('module crashed in C_GetFunctionList (signal 6, '))" "FAIL True"
every_check_id "$WORK/abort.json" "aborting module: the report is complete"
expect_value "aborting module: the checks after it ran" "$WORK/abort.json" "check('pinentry')['status'] in ('OK','WARN')" True
[ "$RC" -eq 2 ] && pass "aborting module: exit 2" || fail "aborting module: exit $RC"

run_diag segv --module "$IAS_DIAG_BROKEN_SEGV"
expect_value "a module that crashes in C_Initialize: module crashed" "$WORK/segv.json" \
    "check('module')['status'] + ' ' + str(check('module')['finding'].startswith('module crashed in C_Initialize ('))" "FAIL True"
every_check_id "$WORK/segv.json" "crashing module: the report is complete"

run_diag hang --module "$IAS_DIAG_BROKEN_HANG" --timeout 2
expect_value "a module whose C_Initialize never returns: killed" "$WORK/hang.json" \
    "check('module')['status'] + ': ' + check('module')['finding']" "FAIL: module hangs in C_Initialize (killed after 2 s)"
echo "note: hanging module: ${SECONDS_TAKEN} s (shown, not asserted: the bounds are checked as events)"
pgrep -f -- "--probe-module $IAS_DIAG_BROKEN_HANG" > /dev/null && fail "the hanging probe is still running" \
    || pass "the hanging probe was killed"

# --- configuration ---
printf '# ias-ecc.conf\npin.dialog = never\npin.dialgo = always\ncache.persistent = perhaps\n' > "$WORK/bad.conf"
IAS_ECC_CONF=$WORK/bad.conf run_diag badconf --module "$WORK/no-such-module.so"
expect_value "unknown key: WARN naming line 3" "$WORK/badconf.json" \
    "check('configuration')['status'] + ' ' + details('configuration','problem')[0]['line'] + ' ' + details('configuration','problem')[0]['message']" \
    "WARN 3 unknown key 'pin.dialgo' (ignored by the middleware)"
expect_value "bad value: line 4" "$WORK/badconf.json" "details('configuration','problem')[1]['line']" 4
expect_value "the advice names the file and line" "$WORK/badconf.json" \
    "'bad.conf line 3: unknown key' in check('configuration')['advice']" True
# The configuration file the Debian package installs is understood line by line.
if [ -f "$repo/packaging/ias-ecc.conf" ]; then
    IAS_ECC_CONF=$repo/packaging/ias-ecc.conf run_diag packageconf --module "$WORK/no-such-module.so"
    expect_value "the package's ias-ecc.conf: all settings understood" "$WORK/packageconf.json" \
        "check('configuration')['status']" OK
fi
mkdir -p "$WORK/cache" && chmod 755 "$WORK/cache"
run_diag opencache --module "$WORK/no-such-module.so"
expect_value "a cache directory open to others: WARN" "$WORK/opencache.json" \
    "check('configuration')['status'] + ' ' + details('configuration','cache')[0]['state']" "WARN mode 0755"
chmod 700 "$WORK/cache"
run_diag privatecache --module "$WORK/no-such-module.so"
expect_value "a private cache directory: OK" "$WORK/privatecache.json" "check('configuration')['status']" OK
rmdir "$WORK/cache"

# --- Firefox profile loading OpenSC's module and ours ---
profile=$HOME/.mozilla/firefox/abcd1234.default-esr
mkdir -p "$profile"
printf '[Profile0]\nName=default-esr\nIsRelative=1\nPath=abcd1234.default-esr\nDefault=1\n' > "$HOME/.mozilla/firefox/profiles.ini"
cat > "$profile/pkcs11.txt" <<TXT
library=
name=NSS Internal PKCS #11 Module
parameters=configdir='sql:$profile' certPrefix='' keyPrefix='' secmod='secmod.db'
NSS=Flags=internal,critical trustOrder=75 cipherOrder=100

library=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
name=OpenSC

library=$MODULE
name=IAS-ECC
TXT
run_diag duplicate --module "$MODULE"
expect_value "OpenSC and ours in one profile: WARN" "$WORK/duplicate.json" "check('registration')['status']" WARN
expect_value "the warning says why" "$WORK/duplicate.json" "'asks for the PIN once more, for OpenSC' in check('registration')['advice'] and '--skip-firefox --skip-thunderbird' in check('registration')['advice']" True
expect_value "the profile is listed with both" "$WORK/duplicate.json" \
    "details('registration','nss-database')[0]['ias_module'] + ' ' + details('registration','nss-database')[0]['opensc_too']" "yes yes"
expect_value "the profile's path is written with ~" "$WORK/duplicate.json" \
    "details('registration','nss-database')[0]['directory']" "~/.mozilla/firefox/abcd1234.default-esr"
sed -i '/opensc/,+1d' "$profile/pkcs11.txt"
run_diag single --module "$MODULE"
expect_value "ours alone: no duplicate warning" "$WORK/single.json" "'twice' in check('registration')['advice']" False
expect_value "ours alone: the profile loads it" "$WORK/single.json" "details('registration','nss-database')[0]['ias_module']" yes
expect_value "the module of both tokens in Firefox: the advice names the browsers' module" "$WORK/single.json" \
    "'asks for the signature PIN too' in check('registration')['advice'] and 'libias-pkcs11-auth.so' in check('registration')['advice']" True
sed -i "s|^library=$MODULE\$|library=$(dirname "$MODULE")/libias-pkcs11-auth.so|" "$profile/pkcs11.txt"
run_diag browsers --module "$MODULE"
expect_value "the browsers' module in Firefox: the profile loads it" "$WORK/browsers.json" \
    "details('registration','nss-database')[0]['ias_module']" yes
expect_value "and no advice about the signature PIN" "$WORK/browsers.json" \
    "'signature PIN' in check('registration')['advice']" False
printf 'library=/nonexistent/libias-pkcs11.so\nname=IAS-ECC\n' > "$profile/pkcs11.txt"
run_diag stale --module "$MODULE"
expect_value "a profile loading a module path that does not exist: FAIL" "$WORK/stale.json" "check('registration')['status']" FAIL

# --- text, output and usage ---
timeout 60 "$DIAG" --module "$WORK/no-such-module.so" > "$WORK/text.out" 2>&1
rc=$?
[ $rc -eq 2 ] && pass "text report: exit 2" || fail "text report: exit $rc"
[ "$(grep -cE '^\[(OK|WARN|FAIL|SKIP)\] +[a-z]+ ' "$WORK/text.out")" -eq 8 ] && pass "text: one line per check" \
    || fail "text: not 8 check lines"; 
expect_out "text: advice for the failures" '^- pcsc \(FAIL\): ' cat "$WORK/text.out"
expect_exit() { local code=$1 d=$2; shift 2; "$@" > "$WORK/last.out" 2>&1; local rc=$?; [ $rc -eq "$code" ] && pass "$d (exit $rc)" || fail "$d (exit $rc, wanted $code)"; }
expect_exit 64 "an unknown option" "$DIAG" --frobnicate
expect_exit 64 "a missing value" "$DIAG" --module
expect_exit 64 "a timeout that is no number" "$DIAG" --timeout soon
expect_exit 0 "--help" "$DIAG" --help
expect_exit 74 "an output file that cannot be written" "$DIAG" --module "$WORK/no-such-module.so" --output /nonexistent/dir/report.txt
finish
