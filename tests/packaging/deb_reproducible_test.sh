#!/bin/bash
# deb_reproducible_test.sh DIR: a second package from a copy of the checkout at another path (its build directory
# outside the checkout, where the fixture's is inside), with umask 077 instead of 022, another time zone and
# locale, minutes after the first: the .deb must have the same bytes as the fixture's DIR/deb.path.
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
a=$(sha256sum <"$first" | cut -d' ' -f1)
b=$(sha256sum <"$second" | cut -d' ' -f1)
echo "first:  $a  $first"
echo "second: $b  $second"
if [ "$a" = "$b" ]; then
    echo "ok: the two builds are byte for byte identical"
    exit 0
fi
echo "FAIL: the two builds differ"
if command -v diffoscope >/dev/null; then
    diffoscope "$first" "$second" | head -100
else
    for d in "$first" "$second"; do
        mkdir -p "$work/x/$(basename "$(dirname "$d")")"
        (cd "$work/x/$(basename "$(dirname "$d")")" && ar x "$d" && dpkg-deb -c "$d" >contents &&
            mkdir tree && dpkg-deb -x "$d" tree && dpkg-deb -e "$d" tree/DEBIAN)
    done
    diff -r "$work/x/$(basename "$(dirname "$first")")" "$work/x/out-b" | head -50
fi
exit 1
