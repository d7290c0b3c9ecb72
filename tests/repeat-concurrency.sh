#!/bin/bash
# Runs every test labelled `concurrency` (threads, forks, card events, removal races) N times in a row, stopping
# at the first failure: a test that holds by construction passes every time, a race shows up here before it
# shows up in CI. docs/testbed.md, "Deterministic tests".
#
#   tests/repeat-concurrency.sh [N]        N repeats (default 50) of the fast tests: -L concurrency -LE testbed
#   IAS_REPEAT_TESTBED=M tests/repeat-concurrency.sh [N]
#                                          then M repeats (default 10) of the test-bed ones (clients.threads takes
#                                          ~1 min each, so its count is separate)
#   IAS_BUILD_DIR=DIR                      the build tree (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50}
M=${IAS_REPEAT_TESTBED:-10}
BUILD=${IAS_BUILD_DIR:-build}
[[ $N =~ ^[0-9]+$ && $M =~ ^[0-9]+$ ]] || { echo "usage: $0 [N] (IAS_REPEAT_TESTBED=M)" >&2; exit 64; }
status=0
start=$(date +%s)
if [ "$N" -gt 0 ]; then
    echo "== $N repeats: ctest -L concurrency -LE testbed"
    ctest --test-dir "$BUILD" -L concurrency -LE testbed --repeat "until-fail:$N" --output-on-failure || status=1
fi
if [ "$M" -gt 0 ] && [ $status = 0 ]; then
    echo "== $M repeats: ctest -L concurrency -L testbed"
    ctest --test-dir "$BUILD" -L concurrency -L testbed --repeat "until-fail:$M" --output-on-failure || status=1
fi
echo "== $(($(date +%s) - start)) s, $([ $status = 0 ] && echo "no failure" || echo FAILED)"
exit $status
