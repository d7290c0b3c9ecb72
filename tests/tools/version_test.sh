#!/bin/bash
# --version of the command-line programs and the PIN dialog (docs/ias-tool.md, docs/ias-diag.md,
# docs/pin-ui.md): one line "<program> <version>", exit 0, nothing on stderr, nothing else done (no test bed,
# no display: the dialog answers before reading a request). The version is the package's upstream version as
# written in packaging/deb/debian/changelog, kept by hand apart from the code.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expected=$(sed -n '1s/^ias-ecc (\([^-)]*\).*/\1/p' "$repo/packaging/deb/debian/changelog")
[ -n "$expected" ] || { echo "FAIL: no version in packaging/deb/debian/changelog"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for program in "ias-tool:$IAS_TOOL" "ias-diag:$IAS_DIAG" "ias-pinentry:$IAS_PINENTRY"; do
    name=${program%%:*} path=${program#*:}
    env -u DISPLAY -u WAYLAND_DISPLAY timeout 30 "$path" --version > "$work/out" 2> "$work/err" < /dev/null
    rc=$?
    [ "$rc" -eq 0 ] && pass "$name --version: exit 0" || fail "$name --version: exit $rc"
    [ "$(cat "$work/out")" = "$name $expected" ] && pass "$name --version: '$name $expected'" \
        || fail "$name --version printed '$(cat "$work/out")', wanted '$name $expected'"
    [ ! -s "$work/err" ] && pass "$name --version: nothing on stderr" || { fail "$name --version: stderr"; cat "$work/err"; }
done
# The French report must not change the version line (it is no sentence).
[ "$(LANG=fr_FR.UTF-8 "$IAS_DIAG" --version)" = "ias-diag $expected" ] && pass "ias-diag --version under LANG=fr_FR.UTF-8" \
    || fail "ias-diag --version differs under LANG=fr_FR.UTF-8"
[ "$failures" -eq 0 ] && echo "all checks passed" && exit 0
echo "$failures check(s) failed"
exit 1
