#!/bin/bash
# reprotest_test.sh: the build is reproducible as the standard tools see it (docs/packaging.md). The source
# package (packaging/deb/build-deb --source-only) is built twice by `reprotest` with `dpkg-buildpackage -b`
# in this machine (its `null` virtual server): once plainly, once varying what reprotest can vary here; the
# .debs must be identical (reprotest runs diffoscope on a difference), `diffoscope` on the two sets must show
# nothing, and their hashes are compared with SHA256SUMS as packaging.deb_published_hash does.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd -P)
for tool in reprotest diffoscope disorderfs faketime; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps)"; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/ias-reprotest.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The caller's build options and flags are not the published build's (build-deb clears them the same way).
unset CFLAGS CXXFLAGS CPPFLAGS LDFLAGS SOURCE_DATE_EPOCH MAKEFLAGS MFLAGS CMAKE_C_COMPILER_LAUNCHER \
    CMAKE_CXX_COMPILER_LAUNCHER
while read -r v; do unset "$v"; done < <(env | sed -n 's/^\(DEB_[A-Za-z0-9_]*\)=.*/\1/p')
src=$("$repo/packaging/deb/build-deb" --source-only --build-dir "$work/src" | tail -1)
[ -f "$src/debian/rules" ] || { echo "FAIL: build-deb --source-only gave no source package"; exit 1; }

# Every variation reprotest 0.7.23 has, but user_group: it runs `sudo -h localhost`, which Debian 12's sudo
# refuses ("a remote host may only be specified when listing privileges"). fileordering mounts the tree through
# disorderfs (FUSE), domain_host uses a UTS namespace: both need root. The control build runs on one CPU and
# the experiment on all of them: dpkg-deb's xz threads follow the CPUs.
variations=+all,-user_group
start=$(date +%s)
(cd "$work" && DEB_BUILD_OPTIONS="parallel=$(nproc)" reprotest --verbosity 1 --vary="$variations" \
    --store-dir "$work/store" "$src" -- null) >"$work/reprotest.log" 2>&1
status=$?
echo "reprotest took $(($(date +%s) - start)) s (exit $status)"
grep -E '^(INFO:reprotest(\.build)?:(build "|[A-Z_]+ variation)|Reproduction|No differences|WARNING)' "$work/reprotest.log"
if [ "$status" -ne 0 ]; then
    echo "FAIL: reprotest: the builds differ or a build failed"
    tail -150 "$work/reprotest.log"
    exit 1
fi
control=$work/store/control
experiment=$work/store/experiment-1
echo "ok: reprotest: the two builds are identical"
if diffoscope --exclude-directory-metadata=yes "$control" "$experiment" >"$work/diffoscope.txt" 2>&1; then
    echo "ok: diffoscope shows nothing between the two builds"
else
    echo "FAIL: diffoscope shows differences"
    head -100 "$work/diffoscope.txt"
    exit 1
fi
debs=$(cd "$control" && ls ./*.deb 2>/dev/null | wc -l)
[ "$debs" -ge 2 ] || { echo "FAIL: $debs .deb in reprotest's result (ias-ecc and its -dbgsym expected)"; exit 1; }
# The published hashes: the same verdict as packaging.deb_published_hash (a stale SHA256SUMS between releases is
# reported, not failed).
deb=$(ls "$control"/ias-ecc_*.deb | head -1)
echo "$deb" >"$work/deb.path"
bash "$repo/tests/packaging/deb_published_hash_test.sh" "$work"
case $? in
0) echo "ok: reprotest's result equals SHA256SUMS" ;;
77) echo "note: SHA256SUMS is not this tree's (see above); reprotest's result is reproducible all the same" ;;
*) echo "FAIL: reprotest's result and SHA256SUMS, at a release tag"; exit 1 ;;
esac
exit 0
