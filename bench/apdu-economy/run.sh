#!/bin/bash
# The APDU-economy benchmark (docs/performance.md): the same flows through libias-pkcs11.so and Debian's
# opensc-pkcs11.so on one test-bed card, with the latency model of a contact card unless --no-latency.
#   bench/apdu-economy/run.sh [--runs 5] [--signatures 100] [--no-latency] [--out FILE] [--callgrind]
# Needs a build (IAS_BUILD_DIR, default build/) with ias-vcard, libias-pkcs11.so and p11flow.
exec /usr/bin/python3 "$(dirname "$0")/apdu_economy.py" "$@"
