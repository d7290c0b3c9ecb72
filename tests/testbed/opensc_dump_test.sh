#!/bin/bash
# OpenSC (Debian's, default configuration) reads the virtual card's PKCS#15 application: PINs, keys, certificates.
. "$(dirname "$0")/lib.sh"
bed_up
expect_out "opensc-tool recognises the card as IAS-ECC" "IAS-ECC" opensc-tool -n
pkcs15-tool --dump > "$BED/dump.txt" 2>&1
for re in "PIN \[Auth PIN\]" "PIN \[Signature PIN\]" "PIN \[PUK\]" "Reference +: 129 \(0x81\)" \
          "Private RSA Key \[Authentication key\]" "Private RSA Key \[Signature key\]" "nonRepudiation" \
          "Public RSA Key \[Authentication public key\]" "X.509 Certificate \[Authentication certificate\]" \
          "X.509 Certificate \[Signature certificate\]" "X.509 Certificate \[Root CA certificate\]" \
          "algo_ref +: \[0x02\]" "algo_ref +: \[0x42\]"; do
    if grep -Eq -- "$re" "$BED/dump.txt"; then pass "dump shows /$re/"; else fail "dump lacks /$re/"; fi
done
# The certificates on the card are the personalised ones and chain to the test root.
pkcs15-tool --read-certificate 01 -o "$BED/auth.pem" >/dev/null 2>&1
expect "the authentication certificate read from the card equals the personalised one" \
    cmp <(openssl x509 -in "$BED/auth.pem" -outform DER) "$BED/pki/auth.der"
expect "it chains to the test root CA" \
    openssl verify -CAfile "$BED/pki/root-ca.pem" -untrusted "$BED/pki/issuing-ca.pem" "$BED/auth.pem"
expect_out "the public key is read from the card (GET DATA BF A0 01)" "Modulus|BEGIN PUBLIC KEY" \
    pkcs15-tool --read-public-key 01
expect_out "PKCS#11 shows an Auth PIN token and a Signature PIN token" "Signature PIN" \
    pkcs11-tool --module "$P11" -L
finish
