# Shared by the ias-tool acceptance tests: the test-bed helpers of tests/testbed/lib.sh, the tool, and
# checks of exit codes and messages. Source it; CTest passes the tool as IAS_TOOL.
. "$(dirname "${BASH_SOURCE[0]}")/../testbed/lib.sh"
TOOL=${IAS_TOOL:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-tool/ias-tool}
[ -x "$TOOL" ] || { echo "FAIL: no ias-tool at $TOOL"; exit 1; }
figures="/usr/bin/python3 $(dirname "${BASH_SOURCE[0]}")/apdu_log_figures.py"

# expect_exit CODE DESCRIPTION COMMAND...: the command exits with CODE (output in $BED/last.out)
expect_exit() {
    local code=$1 d=$2; shift 2
    "$@" >"$BED/last.out" 2>&1
    local rc=$?
    if [ "$rc" -eq "$code" ]; then pass "$d (exit $rc)"; else fail "$d (exit $rc, wanted $code)"; cat "$BED/last.out"; fi
}
# expect_last REGEX DESCRIPTION: the output of the previous expect_* matches REGEX (extended grep)
expect_last() {
    if grep -Eq -- "$1" "$BED/last.out"; then pass "$2"; else fail "$2 (no /$1/)"; cat "$BED/last.out"; fi
}
# apdus_since_mark PATTERN: how many APDU log lines since the last mark_log match PATTERN
mark_log() { LOG_MARK=$(wc -l < "$BED/apdu.log"); }
log_since_mark() { tail -n +"$((LOG_MARK + 1))" "$BED/apdu.log"; }
