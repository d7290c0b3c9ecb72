#!/bin/bash
# pkcs11-tool signs with the authentication key (CKM_RSA_PKCS: INTERNAL AUTHENTICATE) and openssl verifies
# the signature with the certificate read from the card.
. "$(dirname "$0")/lib.sh"
bed_up
printf 'signed by the virtual IAS-ECC card\n' > "$BED/data"
# DigestInfo(SHA-256) = DER prefix (RFC 8017 §9.2 note 1) || hash: CKM_RSA_PKCS signs it as given.
{ printf '\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20'
  openssl dgst -sha256 -binary "$BED/data"; } > "$BED/digestinfo"
expect "pkcs11-tool --login --pin 1234 --sign -m RSA-PKCS with the auth key" \
    pkcs11-tool --module "$P11" --login --pin 1234 --sign -m RSA-PKCS --id 01 -i "$BED/digestinfo" -o "$BED/sig"
pkcs15-tool --read-certificate 01 -o "$BED/auth.pem" >/dev/null 2>&1
openssl x509 -in "$BED/auth.pem" -pubkey -noout > "$BED/auth.pub"
expect "openssl verifies the signature with the certificate from the card" \
    openssl dgst -sha256 -verify "$BED/auth.pub" -signature "$BED/sig" "$BED/data"
printf 'other data\n' > "$BED/other"
expect_not "the same signature does not verify other data" \
    openssl dgst -sha256 -verify "$BED/auth.pub" -signature "$BED/sig" "$BED/other"
expect_not "a wrong PIN gives no signature" \
    pkcs11-tool --module "$P11" --login --pin 9999 --sign -m RSA-PKCS --id 01 -i "$BED/digestinfo" -o "$BED/sig2"
finish
