#!/bin/bash
# libias-pkcs11.so from several threads, after fork() and across a card removal, on a test bed of its own:
# runs card_threads_tests (GoogleTest; it drives stop-card/start-card through IAS_TESTBED_SCRIPT).
source "$(dirname "$0")/../clientlib.sh"
TESTS=${IAS_CARD_THREADS_TESTS:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/threads/card_threads_tests}
run_card_program "$TESTS" "$@"
finish
