#!/bin/sh
# Remakes the fuzz seeds in this directory from the virtual card's real answers: personalises the virtual
# card (standard and extended profiles) into a temporary directory and runs make-fuzz-seeds of a fuzz build
# on each (make_seeds.cpp says what is recorded and where it goes).
# Usage: tests/fuzz/seeds/make_seeds.sh BUILD_DIR     (a build made with -DIAS_FUZZ=ON)
set -eu
build=${1:?build directory (configured with -DIAS_FUZZ=ON)}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cmake --build "$build" --target make-fuzz-seeds >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for profile in standard extended; do
    bash "$root/tests/virtual-card/personalise/personalise" "$work/$profile" --profile "$profile" \
        --pki-cache "$work/pki" >"$work/personalise-$profile.log" 2>&1
    find "$here" -mindepth 2 -name "$profile-*" -type f -delete
    "$build/tests/fuzz/make-fuzz-seeds" "$work/$profile" "$profile" "$here"
done
