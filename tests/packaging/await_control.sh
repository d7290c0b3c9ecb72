#!/bin/bash
# reprotest's diffoscope (reprotest --diffoscope): its two last arguments are the control build and the varied
# one. The control build is packaging.deb_build's, made at the same time as the varied one: wait until it is
# laid out (CONTROL.ready, deb_build.sh), then run diffoscope. CONTROL.failed, or a fixture process
# (IAS_FIXTURE_PID) gone without either, ends the wait: exit 2, which reprotest reports as an error.
args=("$@")
control=${args[-2]}
while [ ! -e "$control.ready" ]; do
    if [ -e "$control.failed" ]; then
        echo "await_control: the fixture's build failed: no control build to compare with" >&2
        exit 2
    fi
    if [ -n "${IAS_FIXTURE_PID:-}" ] && ! kill -0 "$IAS_FIXTURE_PID" 2>/dev/null && [ ! -e "$control.ready" ]; then
        echo "await_control: packaging.deb_build ended without a control build" >&2
        exit 2
    fi
    sleep 1
done
exec diffoscope "$@"
