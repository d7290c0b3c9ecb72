#!/bin/bash
# clients.soak: one process keeps libias-pkcs11.so across many signatures, card removals and pcscd restarts,
# on a test bed of its own (SoakTest.cpp says what is checked). CI runs a short setting; the full one:
#   IAS_SOAK_SIGNATURES=10000 IAS_SOAK_REMOVALS=200 IAS_SOAK_PCSCD_RESTARTS=20 ctest -R clients.soak -V
source "$(dirname "$0")/../clientlib.sh"
SOAK=${IAS_CARD_SOAK_TESTS:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/soak/card_soak_tests}
# CI's short setting, unless the caller chose another.
export IAS_SOAK_SIGNATURES=${IAS_SOAK_SIGNATURES:-2000} IAS_SOAK_REMOVALS=${IAS_SOAK_REMOVALS:-60}
export IAS_SOAK_PCSCD_RESTARTS=${IAS_SOAK_PCSCD_RESTARTS:-6}
run_card_program "$SOAK" "$@"
finish
