# Shared by the test-bed witness tests: a private test bed in a unique temporary DIR, stopped on exit,
# and small assertion helpers. Source it; needs IAS_BUILD_DIR (CTest sets it) or a build in ./build.
set -uo pipefail
# Under pipefail `producer | grep -q` fails by chance: grep leaves at its first match, a producer still writing
# dies of SIGPIPE, and that becomes the status. Tests write `| grep -c PATTERN >/dev/null`, which reads it all.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
testbed="$repo/scripts/testbed"
P11=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
failures=0

bed_up() {  # bed_up [testbed up options]
    BED=$(mktemp -d "${TMPDIR:-/tmp}/ias-bed.XXXXXX")
    trap bed_down EXIT
    # The exit status of `eval "$(…)"` is the evaluated text's, not the test bed's: check it first.
    local bed_env
    bed_env=$("$testbed" up "$BED" "$@") || { echo "FAIL: testbed up"; exit 1; }
    eval "$bed_env"
    # Debian's OpenSC, unmodified, with its default configuration (unless a test sets OPENSC_CONF itself).
    unset OPENSC_CONF OPENSC_DEBUG
}

bed_down() {
    "$testbed" down "$BED" >/dev/null 2>&1
    if [ "$failures" -eq 0 ] && [ -z "${IAS_KEEP_BED:-}" ]; then rm -rf "$BED"; else echo "test bed kept in $BED"; fi
}

pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# expect DESCRIPTION COMMAND...: the command succeeds
expect() { local d=$1; shift; if "$@" >"$BED/last.out" 2>&1; then pass "$d"; else fail "$d"; cat "$BED/last.out"; fi; }
# expect_not DESCRIPTION COMMAND...: the command fails
expect_not() { local d=$1; shift; if "$@" >"$BED/last.out" 2>&1; then fail "$d"; cat "$BED/last.out"; else pass "$d"; fi; }
# expect_out DESCRIPTION REGEX COMMAND...: the command's output matches REGEX (extended grep)
expect_out() {
    local d=$1 re=$2; shift 2
    "$@" >"$BED/last.out" 2>&1
    if grep -Eq -- "$re" "$BED/last.out"; then pass "$d"; else fail "$d (no /$re/)"; cat "$BED/last.out"; fi
}
# The card's retry counter for a PIN, straight from the card: VERIFY without data answers 63Cx (x tries
# left) or 6983 (blocked). P2 is the VERIFY reference (01 auth PIN, 02 PUK).
tries_left() {
    local out; out=$(opensc-tool -s "00 A4 00 0C 02 3F 00" -s "00 20 00 $1" 2>&1 | tail -1)
    case $out in
    *"SW1=0x63, SW2=0xC"*) echo "${out: -2:1}" ;;
    *"SW1=0x69, SW2=0x83"*) echo blocked ;;
    *"SW1=0x90, SW2=0x00"*) echo verified ;;
    *) echo "?($out)" ;;
    esac
}
finish() { [ "$failures" -eq 0 ] && echo "all checks passed" && exit 0; echo "$failures check(s) failed"; exit 1; }
