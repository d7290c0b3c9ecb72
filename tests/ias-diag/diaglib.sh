# Shared by the ias-diag tests: the tool, the module, and questions to a JSON report answered by Debian's
# python3 (the parse itself is a check: the report must be valid JSON). Source after tests/testbed/lib.sh.
DIAG=${IAS_DIAG:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-diag/ias-diag}
MODULE=${IAS_MODULE:-${IAS_BUILD_DIR:-$repo/build}/pkcs11/libias-pkcs11.so}
[ -x "$DIAG" ] || { echo "FAIL: no ias-diag at $DIAG"; exit 1; }
PY=/usr/bin/python3

# report_value FILE EXPRESSION: prints a Python expression over the report `d`, with check(id) → that check
# and details(id, kind) → its details of that kind.
report_value() {
    "$PY" - "$1" "$2" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def check(i): return [c for c in d["checks"] if c["id"] == i][0]
def details(i, kind): return [x for x in check(i)["details"] if x["kind"] == kind]
print(eval(sys.argv[2]))
PYEOF
}
# expect_value DESCRIPTION FILE EXPRESSION WANTED
expect_value() {
    local got; got=$(report_value "$2" "$3" 2>&1)
    if [ "$got" = "$4" ]; then pass "$1"; else fail "$1 (got '$got', wanted '$4')"; fi
}
# every_check_id FILE: the report holds the nine checks in order
every_check_id() {
    expect_value "$2: JSON parses with Debian's python3 and holds every check id in order" "$1" \
        '",".join(c["id"] for c in d["checks"])' "system,pcsc,readers,card,web-login,module,configuration,registration,pinentry"
}
# run_diag NAME ARGS...: runs ias-diag (bounded by timeout) writing NAME.json; sets RC and SECONDS_TAKEN
run_diag() {
    local name=$1; shift
    local start; start=$(date +%s%N)
    timeout 120 "$DIAG" --json --output "$WORK/$name.json" "$@" 2>"$WORK/$name.err"
    RC=$?
    SECONDS_TAKEN=$(( ($(date +%s%N) - start) / 1000000000 ))
}
