#!/bin/bash
# reprotest_test.sh DIR: the build is reproducible as the standard tools see it (docs/packaging.md). DIR holds
# the packages of the deb_package fixture (packaging/deb/build-deb, on one CPU); they are reprotest's control
# build (--control-build). reprotest builds the source package (build-deb --source-only) once more with
# `dpkg-buildpackage -b` in this machine (its `null` virtual server), on every CPU and varying everything else
# it can vary here; diffoscope must find the two sets of .debs identical. Two package builds in the suite, not
# three: reprotest's own control build was a third, made in the plain environment that build-deb's already is.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd -P)
fixture=$(cd "${1:?usage: reprotest_test.sh DIR}" && pwd -P)
deb=$(cat "$fixture/deb.path") || { echo "FAIL: no package from packaging.deb_build"; exit 1; }
for tool in reprotest diffoscope disorderfs faketime taskset; do
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

# The control build as reprotest lays out a build's result: the artifacts (../*.*deb of the source tree) beside
# an empty source-root/ directory.
control=$work/control
mkdir -p "$control/source-root"
cp "$(dirname "$deb")"/*.deb "$control/"
debs=$(cd "$control" && ls ./*.deb | wc -l)
[ "$debs" -ge 2 ] || { echo "FAIL: $debs .deb in the fixture (ias-ecc and its -dbgsym expected)"; exit 1; }

# Every variation reprotest 0.7.23 has, but user_group: it runs `sudo -h localhost`, which Debian 12's sudo
# refuses ("a remote host may only be specified when listing privileges"); and num_cpus, done by the fixture
# instead: it was built on one CPU, reprotest builds on every one (dpkg-deb's xz threads follow the CPUs).
# fileordering mounts the tree through disorderfs (FUSE), domain_host uses a UTS namespace: both need root.
variations=+all,-user_group,-num_cpus
if [ "$(id -u)" != 0 ]; then
    variations=$variations,-fileordering,-domain_host
    echo "note: not root: without the fileordering and domain_host variations (CI runs them, as root)"
fi
[ "$(nproc)" -gt 1 ] || echo "note: one CPU only: the number of CPUs is not varied"
start=$(date +%s)
(cd "$work" && DEB_BUILD_OPTIONS="parallel=$(nproc)" \
    reprotest --verbosity 1 --vary="$variations" --control-build "$control" --store-dir "$work/store" \
    "$src" -- null) >"$work/reprotest.log" 2>&1
status=$?
echo "reprotest took $(($(date +%s) - start)) s (exit $status)"
grep -E '^(INFO:reprotest(\.build)?:(build "|[A-Z_]+ variation)|Reproduction|No differences|WARNING)' "$work/reprotest.log"
if [ "$status" -ne 0 ]; then
    echo "FAIL: reprotest: the builds differ or a build failed"
    tail -150 "$work/reprotest.log"
    exit 1
fi
# reprotest's exit status is diffoscope's verdict (--exclude-directory-metadata=yes); say it in the log too.
grep -q '^No differences' "$work/reprotest.log" || { echo "FAIL: reprotest did not report 'No differences'"; exit 1; }
echo "ok: reprotest's build (every variation above, every CPU) is identical to the fixture's (build-deb, one CPU)"
(cd "$control" && sha256sum ./*.deb)
exit 0
