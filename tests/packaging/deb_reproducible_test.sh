#!/bin/bash
# deb_reproducible_test.sh DIR: a second package from a copy of the checkout at another path (its build directory
# outside the checkout, where the fixture's is inside), with umask 077 instead of 022, another time zone and
# locale, minutes after the first: the .debs (ias-ecc and its -dbgsym) must have the same bytes as the fixture's
# next to DIR/deb.path.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
first=$(cat "$1/deb.path") || { echo "FAIL: no package from packaging.deb_build"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ias-deb-repro.XXXXXX")
trap 'rm -rf "$work"' EXIT
other=$work/another-checkout-path/ias-ecc-src
mkdir -p "$other"
# The working tree as it is (tracked and new files, not the ignored build output), copied with fresh mtimes.
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf -) | (cd "$other" && umask 077 && tar --no-same-permissions --touch -xf -)
start=$(date +%s)
second=$(umask 077 && cd / && TZ=Pacific/Kiritimati LC_ALL=C LANG=fr_FR.UTF-8 \
    "$other/packaging/deb/build-deb" --build-dir "$work/out-b" 2>"$work/build.err" | tail -1)
echo "second build took $(($(date +%s) - start)) s"
if [ ! -f "$second" ]; then
    echo "FAIL: the second build failed"
    cat "$work/build.err"
    exit 1
fi
# Every .deb of the two builds (ias-ecc and its -dbgsym), by name.
sums() { (cd "$(dirname "$1")" && ls ./*.deb | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum); }
a=$(sums "$first")
b=$(sums "$second")
echo "first ($(dirname "$first")):"
echo "$a"
echo "second ($(dirname "$second")):"
echo "$b"
if [ "$a" = "$b" ] && [ "$(echo "$a" | wc -l)" -ge 2 ]; then
    echo "ok: the two builds are byte for byte identical"
    exit 0
fi
echo "FAIL: the two builds differ"
for d in $(cd "$(dirname "$first")" && ls ./*.deb); do
    cmp -s "$(dirname "$first")/$d" "$(dirname "$second")/$d" && continue
    if command -v diffoscope >/dev/null; then
        diffoscope "$(dirname "$first")/$d" "$(dirname "$second")/$d" | head -100
    else
        echo "$d differs (install diffoscope to see how)"
    fi
done
exit 1
