#!/bin/bash
# deb_build.sh DIR: builds the package into DIR (packaging/deb/build-deb) and writes the .deb's path to
# DIR/deb.path for the other packaging tests. On one CPU (taskset, one make job). Beside it, from the start,
# reprotest's varied build on every CPU (reprotest_build.sh, into DIR/reprotest/; packaging.reprotest judges
# it): the two builds differ in their number of CPUs (dpkg-deb's xz threads follow them), and the suite waits
# for the longer of the two instead of their sum. This build is reprotest's control: its .debs go to
# DIR/reprotest/control, and reprotest's diffoscope waits for them (await_control.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dir=$1
mkdir -p "$dir"
rm -rf "$dir/deb.path" "$dir/reprotest"
control=$dir/reprotest/control
mkdir -p "$control/source-root"
# Its own session, so that a failed fixture stops the whole varied build (reprotest, dpkg-buildpackage, make).
IAS_FIXTURE_PID=$$ setsid bash "$here/reprotest_build.sh" "$dir/reprotest" >"$dir/reprotest/run.log" 2>&1 &
varied=$!
trap '[ -e "$control.ready" ] || { : >"$control.failed"; kill -- -"$varied" 2>/dev/null || true; }' EXIT

start=$(date +%s)
cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[,-].*//')
IAS_DEB_JOBS=1 taskset -c "$cpu" "$repo/packaging/deb/build-deb" --build-dir "$dir" | tee "$dir/build.log"
tail -1 "$dir/build.log" >"$dir/deb.path"
echo "build took $(($(date +%s) - start)) s"
deb=$(cat "$dir/deb.path")
[ -f "$deb" ]

# The control build as reprotest lays out a build's result: the artifacts (../*.*deb of the source tree) beside
# an empty source-root/ directory.
cp "$(dirname "$deb")"/*.deb "$control/"
: >"$control.ready"
echo "waiting for reprotest's varied build (its verdict is packaging.reprotest's)"
wait "$varied" || true
echo "both builds took $(($(date +%s) - start)) s"
