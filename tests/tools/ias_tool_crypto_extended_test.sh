#!/bin/bash
# Deciphering and the extension profile's mechanisms through ias-tool, judged by openssl: PSO DECIPHER of an
# `openssl pkeyutl -encrypt` message (PKCS#1 v1.5), RSA-PSS (SHA-256/384/512, salt = hash length) and ECDSA
# on the P-256 key, an ECDSA-signed PKCS#10 request; the standard card refuses PSS.
. "$(dirname "$0")/toollib.sh"
bed_up --profile extended
cd "$BED" || exit 1
printf 'a message for the extended card\n' > data
openssl x509 -in pki/auth.pem -pubkey -noout > auth.pub
openssl x509 -in pki/sign.pem -pubkey -noout > sign.pub
openssl x509 -in pki/auth-ec.pem -pubkey -noout > ec.pub

# Deciphering: the cryptogram is made by openssl with the certificate's key.
printf 'session key 0123456789abcdef\n' > plain
openssl pkeyutl -encrypt -pubin -inkey auth.pub -in plain -out cryptogram
expect "decipher --key 01" "$TOOL" decipher --key 01 --in cryptogram --out deciphered --pin-insecure-argv 1234
expect "the plaintext is the message openssl encrypted" cmp plain deciphered
expect_out "the plaintext file is private (mode 600)" "^600$" stat -c %a deciphered
head -c 256 /dev/zero | tr '\0' '\377' > junk
expect_exit 6 "a cryptogram larger than the modulus is refused by the card (no plaintext)" \
    "$TOOL" decipher --key 01 --in junk --out junk.out --pin-insecure-argv 1234
expect_exit 10 "a cryptogram of the wrong size is refused before the card" \
    "$TOOL" decipher --key 01 --in data --out junk.out --pin-insecure-argv 1234

for h in 256 384 512; do
    expect "sign --key 01 --mechanism sha$h-rsa-pss" \
        "$TOOL" sign --key 01 --mechanism sha$h-rsa-pss --in data --out pss$h --pin-insecure-argv 1234
    expect "openssl verifies RSA-PSS SHA-$h (salt length = hash length)" openssl dgst -sha$h -sigopt rsa_padding_mode:pss \
        -sigopt rsa_pss_saltlen:digest -verify auth.pub -signature pss$h data
done
expect_not "a PSS signature does not verify as PKCS#1 v1.5" openssl dgst -sha256 -verify auth.pub -signature pss256 data
expect "the qualified key signs PSS with its PIN" \
    "$TOOL" sign --key 02 --mechanism sha256-rsa-pss --in data --out pss-q --pin-insecure-argv 123456
expect "openssl verifies it" openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
    -verify sign.pub -signature pss-q data

expect "sign --key 03 (ECDSA SHA-256 by default, DER)" "$TOOL" sign --key 03 --in data --out ec256 --pin-insecure-argv 1234
expect "openssl verifies the ECDSA signature" openssl dgst -sha256 -verify ec.pub -signature ec256 data
expect_not "not for other data" openssl dgst -sha256 -verify ec.pub -signature ec256 pss256
expect "sign --key 03 --mechanism ecdsa-sha384" \
    "$TOOL" sign --key 03 --mechanism ecdsa-sha384 --in data --out ec384 --pin-insecure-argv 1234
expect "openssl verifies it" openssl dgst -sha384 -verify ec.pub -signature ec384 data
expect "--format raw gives r||s" "$TOOL" sign --key 03 --format raw --in data --out ecraw --pin-insecure-argv 1234
expect_out "of 64 bytes" "^64$" stat -c %s ecraw
expect "csr --key 03: an ECDSA-signed request" \
    "$TOOL" csr --key 03 --subject "/CN=EC holder" --out ec-req.pem --pin-insecure-argv 1234
expect_out "openssl req -verify accepts it" "verify OK" openssl req -in ec-req.pem -verify -noout
expect_out "it says ecdsa-with-SHA256" "ecdsa-with-SHA256" openssl req -in ec-req.pem -text -noout
expect_exit 9 "the EC key does not do RSA-PSS" \
    "$TOOL" sign --key 03 --mechanism sha256-rsa-pss --in data --out x --pin-insecure-argv 1234
expect_exit 9 "the EC key does not decipher" "$TOOL" decipher --key 03 --in cryptogram --out x --pin-insecure-argv 1234

# The standard card has no PSS.
cd / && "$testbed" down "$BED" >/dev/null 2>&1
[ "$failures" -eq 0 ] && rm -rf "$BED"
trap - EXIT
bed_up
cd "$BED" || exit 1
printf 'data\n' > data
expect_exit 9 "the standard card refuses RSA-PSS (not supported)" \
    "$TOOL" sign --key 01 --mechanism sha256-rsa-pss --in data --out x --pin-insecure-argv 1234
expect_last "does not do sha256-rsa-pss" "the message names the mechanism"
finish
