#!/bin/bash
# A host that loads and unloads libias-pkcs11.so again and again (Firefox's device manager, p11-kit, ias-diag's
# probe) must not grow: 20 cycles of dlopen, C_Initialize, slot and token information (which read the card
# into the process's content cache), C_Finalize and dlclose on the test bed's card, and nothing of the module
# left on the heap. Before the fix each cycle lost its content cache (~12 KB). The leak checker: LeakSanitizer
# when the probe is built with AddressSanitizer (scripts/test's ASan phase, ASAN_OPTIONS=detect_leaks=1),
# valgrind's memcheck otherwise (definite and indirect leaks are errors).
source "$(dirname "$0")/../clientlib.sh"
PROBE=${IAS_UNLOAD_PROBE:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/conformance/unload_cycles_probe}
client_bed_up
cycles=20
if [[ $(ldd "$PROBE") == *libasan* ]]; then
    checker=(env ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=1")
    name=LeakSanitizer
else
    command -v valgrind >/dev/null || { fail "valgrind is missing (scripts/install-deps installs it)"; finish; }
    checker=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9)
    name="valgrind memcheck"
fi
if "${checker[@]}" "$PROBE" "$MODULE" $cycles >"$W/cycles.txt" 2>&1; then
    pass "$name: no leak after $(head -1 "$W/cycles.txt")"
else
    fail "$name: load/unload cycles leak or fail"
    cat "$W/cycles.txt"
fi
finish
