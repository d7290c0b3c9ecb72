#!/bin/bash
# The browsers' module, libias-pkcs11-auth.so (what the package registers in Firefox and Chromium), against
# the test bed, read by OpenSC's pkcs11-tool and NSS's own tools: one slot, the authentication token; the
# authentication certificates, the CA certificates and the authentication key, and no trace of the signature
# token (no slot, no certificate, no PIN); NSS lists the certificates as the browsers do and logs in once; a
# signature with the authentication key verifies with the openssl CLI. The card never sees the signature PIN.
source "$(dirname "$0")/clientlib.sh"
BROWSER_MODULE=${IAS_PKCS11_BROWSER_MODULE:-$(dirname "$MODULE")/libias-pkcs11-auth.so}
[ -f "$BROWSER_MODULE" ] || { echo "FAIL: no module at $BROWSER_MODULE"; exit 1; }
client_bed_up
AUTH_TOKEN="IAS-ECC Test Card Auth PIN"
SIGN_TOKEN="IAS-ECC Test Card Signature PIN"
P11=(pkcs11-tool --module "$BROWSER_MODULE")
pkcs11-tool --module "$MODULE" -L >"$W/slots-full.txt" 2>&1
: >"$BED/apdu.log"  # from here on, only the browsers' module speaks to the card

"${P11[@]}" -L >"$W/slots.txt" 2>&1
cat "$W/slots.txt"
# the bed has two readers, the card in one: a token is a "token label" line
expect "-L shows one token" test "$(grep -c 'token label' "$W/slots.txt")" = 1
expect "one slot per reader" test "$(grep -c '^Slot [0-9]' "$W/slots.txt")" = 2
expect "-L shows the authentication token" grep -q "token label *: $AUTH_TOKEN" "$W/slots.txt"
expect_not "-L does not show the signature token" grep -q "Signature PIN" "$W/slots.txt"
expect "while the full module shows two tokens on the same card" test "$(grep -c 'token label' "$W/slots-full.txt")" = 2

"${P11[@]}" --slot 1 -O --login --pin $AUTH_PIN >"$W/objects.txt" 2>&1
for label in "Authentication certificate" "Issuing CA certificate" "Root CA certificate"; do
    expect "-O lists the $label" grep -q "label: *$label\$" "$W/objects.txt"
done
expect "-O lists the authentication private key" grep -q "^Private Key Object; RSA" "$W/objects.txt"
expect_not "-O lists no signature certificate" grep -q "label: *Signature certificate\$" "$W/objects.txt"
expect_not "-O lists no signature key" grep -q "label: *Signature key" "$W/objects.txt"

# NSS, as the browsers load it: certutil logs in to every token of the module before it lists certificates
DB=sql:$W/nssdb
mkdir "$W/nssdb"
certutil -N -d "$DB" --empty-password
expect "modutil -add ... -force" modutil -dbdir "$DB" -add IAS-ECC -libfile "$BROWSER_MODULE" -force
modutil -dbdir "$DB" -list >"$W/modules.txt" 2>&1
expect "modutil -list shows the authentication token" grep -q "token: $AUTH_TOKEN" "$W/modules.txt"
expect_not "modutil -list shows no signature token" grep -q "token: $SIGN_TOKEN" "$W/modules.txt"
printf 'NSS Certificate DB:\n%s:%s\n' "$AUTH_TOKEN" $AUTH_PIN >"$W/pwfile.txt"
certutil -L -d "$DB" -h all -f "$W/pwfile.txt" >"$W/certs.txt" 2>&1
cat "$W/certs.txt"
expect "certutil -L -h all lists the authentication certificate as a user certificate (its key found)" \
    grep -Eq "^$AUTH_TOKEN:Authentication certificate +u,u,u" "$W/certs.txt"
expect_not "certutil -L -h all lists no signature certificate" grep -q "Signature certificate" "$W/certs.txt"

MODULE=$BROWSER_MODULE card_pubkey 01 "$W/auth.pub"
printf 'a page asks for a client certificate\n' >"$W/msg.txt"
"${P11[@]}" --slot 1 --login --pin $AUTH_PIN --sign -m SHA256-RSA-PKCS --id 01 -i "$W/msg.txt" -o "$W/sig" >/dev/null 2>&1
expect "SHA256-RSA-PKCS with the authentication key verifies (openssl dgst)" \
    openssl dgst -sha256 -verify "$W/auth.pub" -signature "$W/sig" "$W/msg.txt"
# the card's own log (the signature PIN is reference 81, the authentication PIN 01)
verifies() { /usr/bin/python3 "$repo/tests/browsers/apdu_log.py" "$BED/apdu.log" verifies "$1"; }
expect "the card never got a VERIFY of the signature PIN" test "$(verifies 81)" = 0
expect "nor was its retry counter asked (VERIFY without data: no token is built for it)" \
    test "$(grep -cE '^C [0-9A-F]{2}200081' "$BED/apdu.log")" = 0
expect "and got VERIFYs of the authentication PIN" test "$(verifies 01)" -ge 1
finish
