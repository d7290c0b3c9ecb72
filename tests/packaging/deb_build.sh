#!/bin/bash
# deb_build.sh DIR: builds the package into DIR (packaging/deb/build-deb) and writes the .deb's path to
# DIR/deb.path for the other packaging tests.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
mkdir -p "$dir"
rm -f "$dir/deb.path"
start=$(date +%s)
"$repo/packaging/deb/build-deb" --build-dir "$dir" | tee "$dir/build.log"
tail -1 "$dir/build.log" >"$dir/deb.path"
echo "build took $(($(date +%s) - start)) s"
[ -f "$(cat "$dir/deb.path")" ]
