#!/bin/bash
# reprotest_test.sh DIR: the build is reproducible as the standard tools see it (docs/packaging.md). The
# deb_package fixture (deb_build.sh) made two builds at once: its own with build-deb on one CPU, and
# reprotest's (reprotest_build.sh: every CPU, every variation reprotest can make here) with the fixture's as
# its control build; diffoscope must have found the two sets of .debs identical. This test reads the verdict.
set -uo pipefail
work=${1:?usage: reprotest_test.sh DIR}/reprotest
[ -f "$work/status" ] || {
    echo "FAIL: packaging.deb_build left no reprotest verdict ($work/status)"
    cat "$work/run.log" 2>/dev/null
    exit 1
}
cat "$work/run.log"
grep -E '^(INFO:reprotest(\.build)?:(build "|[A-Z_]+ variation)|Reproduction|No differences|WARNING)' \
    "$work/reprotest.log"
if [ "$(cat "$work/status")" != 0 ]; then
    echo "FAIL: reprotest: the builds differ or a build failed"
    tail -150 "$work/reprotest.log"
    exit 1
fi
# reprotest's exit status is diffoscope's verdict (--exclude-directory-metadata=yes); say it in the log too.
grep -q '^No differences' "$work/reprotest.log" || { echo "FAIL: reprotest did not report 'No differences'"; exit 1; }
echo "ok: reprotest's build (every variation above, every CPU) is identical to the fixture's (build-deb, one CPU)"
(cd "$work/control" && sha256sum ./*.deb)
