#!/bin/bash
# Administration through ias-tool (secure messaging with the test bed's keys, IAS_ECC_CONF): a key pair
# generated on the card, a PKCS#10 request signed by that key on the card (proof of possession; openssl
# req -verify accepts it), a certificate issued by the test CA and imported. Then Debian's OpenSC, the
# independent witness, lists the new key and certificate, reads the certificate back and signs with the key.
. "$(dirname "$0")/toollib.sh"
bed_up
cd "$BED" || exit 1
printf 'signed by a key born on the card\n' > data

mark_log
expect_out "generate --bits 2048 --id 03 writes the public key" '^key 03 .*RSA-2048, SDO 03, PIN 01' \
    "$TOOL" generate --id 03 --bits 2048 --label "Tool key" --out gen.pub
log_since_mark | grep -c '^C 0C47' >/dev/null && pass "GENERATE went under secure messaging" || fail "no 0C47 in the APDU log"
log_since_mark | grep -cE '^C 00(47|DB|E0|D6)' >/dev/null && fail "a plain administration command was sent" \
    || pass "no plain GENERATE/PUT DATA/CREATE/UPDATE"
expect "the public key is a 2048-bit RSA key" bash -c "openssl pkey -pubin -in gen.pub -text -noout | grep -c '2048 bit' >/dev/null"
expect_out "list shows the new key without certificate" 'key 03 "Tool key": RSA-2048, SDO 03, usage sign, PIN 01, no certificate' \
    "$TOOL" list

expect "csr --key 03 signed by the card (PIN on fd 3)" bash -c \
    "'$TOOL' csr --key 03 --subject '/CN=Tool Test Holder/O=IAS-ECC Middleware Test PKI' --out req.pem --pin-fd 3 3<<<1234"
expect_out "openssl req -verify accepts the request" "verify OK|signature ok" openssl req -in req.pem -verify -noout
expect "the request names the generated public key" cmp <(openssl req -in req.pem -pubkey -noout) gen.pub
expect_out "and the subject" "CN ?= ?Tool Test Holder" openssl req -in req.pem -noout -subject
# A request whose signature is damaged must not verify (the check above can fail).
openssl req -in req.pem -outform der -out req.der
/usr/bin/python3 -c "import sys; b=bytearray(open('req.der','rb').read()); b[-5]^=1; open('bad.der','wb').write(b)"
# (openssl req -verify exits 0 either way in OpenSSL 3.0: judge by what it prints.)
expect_out "openssl rejects the request with one signature bit flipped" "verify failure" \
    openssl req -inform der -in bad.der -verify -noout

printf 'keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' > ext.cnf
expect "the test CA issues a certificate for the request" openssl x509 -req -in req.pem -CA pki/issuing-ca.pem \
    -CAkey pki/issuing-ca.key -set_serial 0x4711 -days 30 -extfile ext.cnf -out gen.pem
expect "it chains to the root" openssl verify -CAfile pki/root-ca.pem -untrusted pki/issuing-ca.pem gen.pem
expect_exit 10 "import-cert refuses a certificate of another key under iD 03" "$TOOL" import-cert --id 03 --in pki/auth.pem
expect "import-cert --id 03" "$TOOL" import-cert --id 03 --in gen.pem
expect_out "list shows the key with its certificate" 'key 03 .*, certificate,' "$TOOL" list
expect_out "list shows the certificate" 'certificate 03 "Tool Test Holder": .*CN=Tool Test Holder' "$TOOL" list

pkcs15-tool --dump > dump.txt 2>&1
grep -A10 'Private RSA Key \[Tool key\]' dump.txt > dump-key.txt
expect_out "pkcs15-tool --dump lists the new private key" "ID +: 03" cat dump-key.txt
expect_out "with its SDO reference" "Key ref +: 3" cat dump-key.txt
expect_out "pkcs15-tool --dump lists the new certificate" 'X.509 Certificate \[Tool Test Holder\]' cat dump.txt
expect_out "pkcs15-tool --dump lists the public key object" 'Public RSA Key \[Tool key\]' cat dump.txt
pkcs15-tool --read-certificate 03 -o witness.pem >/dev/null 2>&1
expect "OpenSC reads back exactly the issued certificate" cmp <(openssl x509 -in witness.pem -outform der) \
    <(openssl x509 -in gen.pem -outform der)

openssl x509 -in gen.pem -pubkey -noout > cert.pub
expect "ias-tool signs with the generated key" "$TOOL" sign --key 03 --in data --out sig --pin-insecure-argv 1234
expect "openssl verifies it with the issued certificate" openssl dgst -sha256 -verify cert.pub -signature sig data
{ printf '\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20'
  openssl dgst -sha256 -binary data; } > digestinfo
expect "OpenSC's pkcs11-tool signs with the generated key too" pkcs11-tool --module "$P11" --login --pin 1234 \
    --sign -m RSA-PKCS --id 03 -i digestinfo -o sig-opensc
expect "openssl verifies OpenSC's signature" openssl dgst -sha256 -verify cert.pub -signature sig-opensc data

# Secure messaging keys: wrong ones fail mutual authentication, none are refused clearly, garbage is named.
sed -E 's/^(sm\.keyset\.[^ ]*\.03\.mac = )(.)/\1F/; s/^(sm\.keyset\.[^ ]*\.03\.mac = )F(.*)/\1E\2/' ias-ecc.conf > wrong.conf
grep -q "03.mac = E" wrong.conf || sed -i -E 's/^(sm\.keyset\.[^ ]*\.03\.mac = )./\1E/' wrong.conf
cmp -s wrong.conf ias-ecc.conf && fail "wrong.conf equals the right one"
expect_exit 7 "generate with the wrong SM keys: mutual authentication fails" \
    env IAS_ECC_CONF=wrong.conf "$TOOL" generate --id 04 --bits 1024
expect_last "secure messaging failed" "the message names secure messaging"
: > empty.conf
expect_exit 7 "generate without SM keys is refused" env IAS_ECC_CONF=empty.conf "$TOOL" generate --id 04 --bits 1024
printf 'sm.keyset.mf.01.enc = not-hex\n' > broken.conf
expect_exit 12 "a malformed configuration file" env IAS_ECC_CONF=broken.conf "$TOOL" generate --id 04 --bits 1024
expect_last "broken.conf" "the message names the file"
expect_out "none of these left a key behind" "keys: 3" "$TOOL" info
finish
