#!/bin/bash
# OpenSC's pkcs11-tool against libias-pkcs11.so on the standard card: its self test on both tokens, the
# object listing, and RSA PKCS#1 signatures (CKM_RSA_PKCS over a DigestInfo, CKM_SHA256_RSA_PKCS) that the
# openssl CLI verifies with the card's certificate.
source "$(dirname "$0")/clientlib.sh"
client_bed_up
P11=(pkcs11-tool --module "$MODULE")

expect_out "--test on the authentication token reports no errors" '^No errors$' \
    "${P11[@]}" --slot 1 --test --login --pin $AUTH_PIN
expect_out "--test on the signature token (context-specific login) reports no errors" '^No errors$' \
    "${P11[@]}" --slot 2 --test --login --pin $SIGN_PIN
expect_out "-L shows the authentication token" 'token label +: IAS-ECC Test Card Auth PIN' "${P11[@]}" -L
expect_out "-L shows the signature token" 'token label +: IAS-ECC Test Card Signature PIN' "${P11[@]}" -L

"${P11[@]}" --slot 1 -O --login --pin $AUTH_PIN >"$W/objects.txt" 2>&1
for label in "Authentication certificate" "Issuing CA certificate" "Root CA certificate"; do
    expect "-O lists the $label" grep -q "label: *$label\$" "$W/objects.txt"
done
# a certificate is on the token of its key only (NSS looks for a certificate's key on its first token)
expect_not "-O on the authentication token does not list the signature certificate" \
    grep -q "label: *Signature certificate\$" "$W/objects.txt"
expect "-O lists the authentication private key" grep -q "^Private Key Object; RSA" "$W/objects.txt"
expect "-O lists its public key (2048 bits)" grep -q "^Public Key Object; RSA 2048 bits" "$W/objects.txt"
"${P11[@]}" --slot 2 -O --login --pin $SIGN_PIN >"$W/objects-sign.txt" 2>&1
expect "-O on the signature token lists the qualified key" grep -q "label: *Signature key" "$W/objects-sign.txt"
expect "-O on the signature token lists the signature certificate" \
    grep -q "label: *Signature certificate\$" "$W/objects-sign.txt"
"${P11[@]}" --slot 1 -O >"$W/objects-public.txt" 2>&1
expect "-O without login lists the certificates" grep -q "label: *Authentication certificate" "$W/objects-public.txt"
expect_not "-O without login hides the private keys (CKA_PRIVATE, as OpenSC)" grep -q "^Private Key Object" "$W/objects-public.txt"

card_pubkey 01 "$W/auth.pub"
expect "the authentication certificate chains to the test root" \
    openssl verify -CAfile "$BED/pki/root-ca.pem" -untrusted "$BED/pki/ca-chain.pem" "$W/cert-01.pem"
printf 'document to sign\n' >"$W/msg.txt"
# A SHA-256 DigestInfo made by openssl (independent of the module).
openssl dgst -sha256 -binary "$W/msg.txt" >"$W/msg.sha256"
printf '\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20' | cat - "$W/msg.sha256" >"$W/msg.di"

"${P11[@]}" --slot 1 --login --pin $AUTH_PIN --sign -m RSA-PKCS --id 01 -i "$W/msg.di" -o "$W/sig.rsapkcs" >/dev/null 2>&1
expect "RSA-PKCS over a DigestInfo verifies (openssl pkeyutl, SHA-256)" \
    openssl pkeyutl -verify -pubin -inkey "$W/auth.pub" -in "$W/msg.sha256" -sigfile "$W/sig.rsapkcs" \
    -pkeyopt digest:sha256
"${P11[@]}" --slot 1 --login --pin $AUTH_PIN --sign -m SHA256-RSA-PKCS --id 01 -i "$W/msg.txt" -o "$W/sig.sha256" >/dev/null 2>&1
expect "SHA256-RSA-PKCS verifies (openssl dgst)" \
    openssl dgst -sha256 -verify "$W/auth.pub" -signature "$W/sig.sha256" "$W/msg.txt"
printf 'another document\n' >"$W/other.txt"
expect_not "that signature does not verify another document" \
    openssl dgst -sha256 -verify "$W/auth.pub" -signature "$W/sig.sha256" "$W/other.txt"

# The qualified key: RSA-PKCS with the signature PIN (pkcs11-tool logs in context-specifically).
card_pubkey 02 "$W/sign.pub"
"${P11[@]}" --slot 2 --login --pin $SIGN_PIN --sign -m RSA-PKCS --id 02 -i "$W/msg.di" -o "$W/sig.qual" >/dev/null 2>&1
expect "RSA-PKCS with the qualified key verifies" \
    openssl pkeyutl -verify -pubin -inkey "$W/sign.pub" -in "$W/msg.sha256" -sigfile "$W/sig.qual" \
    -pkeyopt digest:sha256
# At debug level the module logs each Cryptoki call as it returns, with its CK_RV and duration
# (pkcs11/src/EntryTrace.h); PKCS #11 numbers CKR_OK 0x0 and CKR_PIN_INCORRECT 0xa0.
IAS_ECC_LOG=debug "${P11[@]}" --slot 1 --login --pin 9999 --sign -m SHA256-RSA-PKCS --id 01 -i "$W/msg.txt" \
    -o "$W/sig.bad" >"$W/wrong-pin.out" 2>"$W/trace.txt"
rc=$?
[ $rc != 0 ] && [ ! -s "$W/sig.bad" ] && pass "a wrong PIN gives no signature" || fail "a wrong PIN: exit $rc, a signature?"
stamp='^libias-pkcs11: \+[0-9]+\.[0-9]{3} ms tid [0-9]+: '
for call in "C_Initialize -> CKR 0x0" "C_GetSlotList -> CKR 0x0" "C_OpenSession -> CKR 0x0" \
    "C_Login -> CKR 0xa0" "C_Finalize -> CKR 0x0"; do
    expect "debug log: $call" grep -Eq "$stamp$call in [0-9]+\.[0-9]{3} ms\$" "$W/trace.txt"
done
"${P11[@]}" -L >/dev/null 2>"$W/quiet.txt"
expect_not "default level: no line per call" grep -q -- "-> CKR" "$W/quiet.txt"
finish
