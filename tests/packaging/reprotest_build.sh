#!/bin/bash
# reprotest_build.sh WORK: reprotest's varied build, started by deb_build.sh beside the fixture's build
# (docs/packaging.md, "reprotest and diffoscope"). build-deb --source-only assembles the source package;
# reprotest builds it once more with `dpkg-buildpackage -b` in this machine (its `null` virtual server), on
# every CPU and varying everything else it can vary here, and compares it with the fixture's packages
# (--control-build WORK/control, filled by deb_build.sh; await_control.sh holds diffoscope until then).
# Writes reprotest's log to WORK/reprotest.log and its exit status to WORK/status: packaging.reprotest
# (reprotest_test.sh) gives the verdict. Two package builds in the suite, not three: reprotest's own control
# build would be a third, made in the plain environment that build-deb's already is.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
work=$(cd "${1:?usage: reprotest_build.sh WORK}" && pwd -P)
verdict() { echo "$1" >"$work/status"; exit 0; }
for tool in reprotest diffoscope disorderfs faketime taskset; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps)"; verdict 1; }
done
# The caller's build options and flags are not the published build's (build-deb clears them the same way).
unset CFLAGS CXXFLAGS CPPFLAGS LDFLAGS SOURCE_DATE_EPOCH MAKEFLAGS MFLAGS CMAKE_C_COMPILER_LAUNCHER \
    CMAKE_CXX_COMPILER_LAUNCHER
while read -r v; do unset "$v"; done < <(env | sed -n 's/^\(DEB_[A-Za-z0-9_]*\)=.*/\1/p')
src=$("$repo/packaging/deb/build-deb" --source-only --build-dir "$work/src" | tail -1)
[ -f "$src/debian/rules" ] || { echo "FAIL: build-deb --source-only gave no source package"; verdict 1; }

# Every variation reprotest 0.7.23 has, but user_group: it runs `sudo -h localhost`, which Debian 12's sudo
# refuses ("a remote host may only be specified when listing privileges"); and num_cpus, done by the fixture
# instead: it is built on one CPU, reprotest builds on every one (dpkg-deb's xz threads follow the CPUs).
# --min-cpus: a num_cpus left unvaried still runs the build under `taskset` on --min-cpus CPUs picked at
# random, 1 by default; the builds of sessions 7 and 8 were thus both on one CPU (often the same one).
# fileordering mounts the tree through disorderfs (FUSE), domain_host uses a UTS namespace: both need root.
variations=+all,-user_group,-num_cpus
if [ "$(id -u)" != 0 ]; then
    variations=$variations,-fileordering,-domain_host
    echo "note: not root: without the fileordering and domain_host variations (CI runs them, as root)"
fi
[ "$(nproc)" -gt 1 ] || echo "note: one CPU only: the number of CPUs is not varied"
start=$(date +%s)
(cd "$work" && DEB_BUILD_OPTIONS="parallel=$(nproc)" \
    reprotest --verbosity 1 --vary="$variations" --min-cpus "$(nproc)" --control-build "$work/control" --store-dir "$work/store" \
    --diffoscope "$here/await_control.sh" "$src" -- null) >"$work/reprotest.log" 2>&1
status=$?
echo "reprotest took $(($(date +%s) - start)) s (exit $status)"
rm -rf "$work/src"
verdict "$status"
