# Shared by the client acceptance tests of libias-pkcs11.so: the test bed of tests/testbed/lib.sh, the
# module under test, a work directory inside the bed (NSS DBs, keys, signatures: one per test), and
# helpers to fetch a certificate from the card through the module and verify with the openssl CLI.
# Needs IAS_PKCS11_MODULE (CTest sets it) or a build in $IAS_BUILD_DIR.
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/lib.sh"
MODULE=${IAS_PKCS11_MODULE:-${IAS_BUILD_DIR:-$repo/build}/pkcs11/libias-pkcs11.so}
[ -f "$MODULE" ] || { echo "FAIL: no module at $MODULE"; exit 1; }
MODULE=$(cd "$(dirname "$MODULE")" && pwd)/$(basename "$MODULE")
# A developer's desktop must not answer for a test: where the card lost a login, the module would ask the PIN
# in its dialog there (pin.dialog_relogin). Tests that want the dialog start their own Xvfb (guilib.sh).
unset DISPLAY WAYLAND_DISPLAY
# The test PINs of the virtual card (docs/card-profile.md).
AUTH_PIN=1234
SIGN_PIN=123456

client_bed_up() {  # client_bed_up [testbed up options]: bed, work dir W, module environment
    bed_up "$@"
    W="$BED/work"
    mkdir -p "$W"
    cd "$W" || exit 1
}

# card_cert ID OUT.pem: the certificate with CKA_ID ID read from the card through our module (from the
# token that holds it: each certificate is on the token of its key).
card_cert() {
    local slot
    for slot in $(pkcs11-tool --module "$MODULE" -L 2>/dev/null | sed -n 's/^Slot [0-9]* (\(0x[0-9a-f]*\)).*/\1/p'); do
        pkcs11-tool --module "$MODULE" --slot "$slot" --read-object --type cert --id "$1" -o "$W/cert-$1.der" \
            >/dev/null 2>&1 && break
    done
    [ -s "$W/cert-$1.der" ] && openssl x509 -inform DER -in "$W/cert-$1.der" -out "$2"
}
# card_pubkey ID OUT.pem: the public key of that certificate.
card_pubkey() {
    card_cert "$1" "$W/cert-$1.pem" && openssl x509 -in "$W/cert-$1.pem" -pubkey -noout >"$2"
}
# apdus_in_log: the number of commands the card received since the log was last emptied.
apdus_in_log() { grep -c '^C ' "$BED/apdu.log"; }
# run_card_program PROGRAM [ARGS...]: a test program that drives the module and the bed itself (the thread and
# soak tests) on a bed of its own, timed, with the APDUs the card received.
run_card_program() {
    local program=$1 name start
    name=$(basename "$program")
    shift
    client_bed_up
    export IAS_PKCS11_MODULE=$MODULE IAS_TESTBED_SCRIPT=$testbed
    start=$(date +%s.%N)
    if "$program" "$@"; then pass "$name"; else fail "$name"; fi
    echo "$name took $(echo "$(date +%s.%N) - $start" | bc) s; the card received $(apdus_in_log) APDUs"
}
