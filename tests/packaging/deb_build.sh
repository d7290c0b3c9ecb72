#!/bin/bash
# deb_build.sh DIR: builds the package into DIR (packaging/deb/build-deb) and writes the .deb's path to
# DIR/deb.path for the other packaging tests. On one CPU (taskset, one make job): packaging.reprotest builds
# again on every CPU, so the two builds differ in their number of CPUs (dpkg-deb's xz threads follow them);
# and in the suite this build runs beside the other tests, reprotest's mostly after them.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
mkdir -p "$dir"
rm -f "$dir/deb.path"
start=$(date +%s)
cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[,-].*//')
IAS_DEB_JOBS=1 taskset -c "$cpu" "$repo/packaging/deb/build-deb" --build-dir "$dir" | tee "$dir/build.log"
tail -1 "$dir/build.log" >"$dir/deb.path"
echo "build took $(($(date +%s) - start)) s"
[ -f "$(cat "$dir/deb.path")" ]
