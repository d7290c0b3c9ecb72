#!/bin/bash
# Firefox's and Thunderbird's start with libias-pkcs11.so and with Debian's opensc-pkcs11.so in a fresh profile,
# on one test bed with the latency model (docs/performance.md, "Browser start"):
#   bench/browser-start/run.sh [--runs 5] [--app firefox|thunderbird|both] [--out FILE] [--pause S] [--keep]
# Needs a build (IAS_BUILD_DIR, default build/) with ias-vcard and libias-pkcs11.so.
exec /usr/bin/python3 -B "$(dirname "$0")/browser_start.py" "$@"
