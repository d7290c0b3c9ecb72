#!/bin/bash
# ias-tool signs with each key of the card and openssl verifies with the personalised certificates: the
# authentication key through INTERNAL AUTHENTICATE with a DigestInfo, the qualified signature key through
# MSE SET B6 + PSO HASH + PSO CDS after VERIFY of the signature PIN under secure messaging. The signature
# PIN is asked for every signature: the card refuses a second one without it.
. "$(dirname "$0")/toollib.sh"
bed_up
cd "$BED" || exit 1
printf 'document signed by ias-tool\n' > data
printf 'another document\n' > other
openssl x509 -in pki/auth.pem -pubkey -noout > auth.pub
openssl x509 -in pki/sign.pem -pubkey -noout > sign.pub

expect "cert --id 01 --format der is the personalised authentication certificate" \
    bash -c "'$TOOL' cert --id 01 --format der --out c01.der && cmp c01.der pki/auth.der"
expect "cert --id 02 (PEM on stdout) is the personalised signature certificate" \
    bash -c "'$TOOL' cert --id 02 | openssl x509 -outform der | cmp - pki/sign.der"

# Authentication key: SHA-256 DigestInfo (default), then SHA-512.
mark_log
expect "sign --key 01 (PIN from --pin-insecure-argv)" "$TOOL" sign --key 01 --in data --out sig01 --pin-insecure-argv 1234
log_since_mark | grep -c '^C 00880000' >/dev/null && pass "the authentication signature went by INTERNAL AUTHENTICATE" \
    || fail "no INTERNAL AUTHENTICATE in the APDU log"
expect "openssl verifies the authentication signature" openssl dgst -sha256 -verify auth.pub -signature sig01 data
expect_not "the signature does not verify other data" openssl dgst -sha256 -verify auth.pub -signature sig01 other
expect "sign --key 01 --mechanism sha512-rsa-pkcs (PIN on fd 3)" \
    bash -c "'$TOOL' sign --key 01 --mechanism sha512-rsa-pkcs --in data --out sig01b --pin-fd 3 3<<<1234"
expect "openssl verifies the SHA-512 signature" openssl dgst -sha512 -verify auth.pub -signature sig01b data
openssl dgst -sha256 -binary data | cat <(printf '\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20') - > digestinfo
expect "sign --mechanism rsa-pkcs signs a DigestInfo made outside the tool" \
    "$TOOL" sign --key 01 --mechanism rsa-pkcs --in digestinfo --out sig01c --pin-insecure-argv 1234
expect "openssl verifies it" openssl dgst -sha256 -verify auth.pub -signature sig01c data

# Qualified signature: the signature PIN (under SM), PSO HASH + PSO CDS.
mark_log
expect "sign --key 02 with the signature PIN on fd 3" \
    bash -c "'$TOOL' sign --key 02 --in data --out sig02 --pin-fd 3 3<<<123456"
log_since_mark | grep -c '^C 0C200081' >/dev/null && pass "the signature PIN was verified under secure messaging" \
    || fail "no VERIFY 0C 20 00 81 in the APDU log"
log_since_mark | grep -c '^C 002A9E9A' >/dev/null && pass "the qualified signature went by PSO COMPUTE DIGITAL SIGNATURE" \
    || fail "no PSO CDS in the APDU log"
expect "openssl verifies the qualified signature" openssl dgst -sha256 -verify sign.pub -signature sig02 data
expect_not "it does not verify with the authentication certificate" \
    openssl dgst -sha256 -verify auth.pub -signature sig02 data
expect_exit 11 "a second qualified signature without the PIN (--no-pin) is refused by the card" \
    "$TOOL" sign --key 02 --in data --out sig02b --no-pin
expect_last "PIN verified first" "the message says the PIN is needed"
[ ! -s sig02b ] && pass "no signature was written" || fail "a signature was written without the PIN"
mark_log
expect_exit 11 "the tool asks for the signature PIN again (an empty descriptor: refused)" \
    bash -c "'$TOOL' sign --key 02 --in data --out sig02b --pin-fd 3 3</dev/null"
log_since_mark | grep -cE '^C (0C|00)(20|2A|88)' >/dev/null && fail "a VERIFY or signature command was sent without a PIN" \
    || pass "no VERIFY and no signature command reached the card"
expect_exit 11 "without a terminal or --pin-fd there is no PIN: refused" \
    bash -c "setsid '$TOOL' sign --key 02 --in data --out sig02b </dev/null"
expect_last "no terminal" "the message says where the PIN can come from"
expect "the next qualified signature with the PIN works" \
    bash -c "'$TOOL' sign --key 02 --in other --out sig02c --pin-fd 3 3<<<123456"
expect "openssl verifies it" openssl dgst -sha256 -verify sign.pub -signature sig02c other
expect "the qualified key also signs a DigestInfo (--mechanism sha256-rsa-pkcs) with its PIN" \
    "$TOOL" sign --key 02 --mechanism sha256-rsa-pkcs --in data --out sig02d --pin-insecure-argv 123456
expect "openssl verifies it" openssl dgst -sha256 -verify sign.pub -signature sig02d data
expect_exit 9 "the qualified key does not decipher" "$TOOL" decipher --key 02 --in sig02 --no-pin
finish
