#!/bin/bash
# With a private OPENSC_CONF enabling IAS-ECC secure messaging (libsmm-local, the card's SM test keys),
# OpenSC verifies the signature PIN (its VERIFY access rule demands SM) and signs with the signature key.
. "$(dirname "$0")/lib.sh"
bed_up
expect_not "without SM configuration the signature PIN cannot be verified" \
    pkcs15-tool --verify-pin --auth-id 02 --pin 123456
export OPENSC_CONF="$BED/opensc-sm.conf"
expect "pkcs15-tool --verify-pin of the signature PIN through SM" pkcs15-tool --verify-pin --auth-id 02 --pin 123456
grep -q "^C 0C20 0081\|^C 0C200081" "$BED/apdu.log" && pass "VERIFY 81 went wrapped (CLA 0C)" \
    || fail "no SM-wrapped VERIFY in the APDU log"
expect_not "a wrong signature PIN through SM is refused" pkcs15-tool --verify-pin --auth-id 02 --pin 654321
printf 'a document\n' > "$BED/data"
{ printf '\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20'
  openssl dgst -sha256 -binary "$BED/data"; } > "$BED/digestinfo"
expect "pkcs11-tool signs with the signature key (signature PIN token, SM VERIFY)" \
    pkcs11-tool --module "$P11" --slot-index 1 --login --pin 123456 --sign -m RSA-PKCS --id 02 \
        -i "$BED/digestinfo" -o "$BED/sig"
openssl x509 -in "$BED/pki/sign.pem" -pubkey -noout > "$BED/sign.pub"
expect "openssl verifies the qualified signature" \
    openssl dgst -sha256 -verify "$BED/sign.pub" -signature "$BED/sig" "$BED/data"
finish
