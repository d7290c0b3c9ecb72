#!/bin/bash
# libias-pkcs11.so from several threads, after fork() and across a card removal, on a test bed of its own:
# runs card_threads_tests (GoogleTest; it drives stop-card/start-card through IAS_TESTBED_SCRIPT).
source "$(dirname "$0")/../clientlib.sh"
TESTS=${IAS_CARD_THREADS_TESTS:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/threads/card_threads_tests}
client_bed_up
export IAS_PKCS11_MODULE=$MODULE IAS_TESTBED_SCRIPT=$testbed
start=$(date +%s.%N)
if "$TESTS" "$@"; then pass "card_threads_tests"; else fail "card_threads_tests"; fi
echo "card_threads_tests took $(echo "$(date +%s.%N) - $start" | bc) s; the card received $(apdus_in_log) APDUs"
finish
