#!/bin/bash
# NSS's tools against libias-pkcs11.so on the extended card (TLS 1.3 needs RSA-PSS, which only the extended
# profile's keys have): modutil adds the module, certutil lists the card's certificates, tstclnt does TLS 1.3
# and TLS 1.2 client authentication against openssl s_server -Verify 1 (which logs the holder's subject),
# cmsutil makes an S/MIME signature with the qualified key that openssl cms verifies.
source "$(dirname "$0")/clientlib.sh"
client_bed_up --profile extended
AUTH_TOKEN="IAS-ECC Test Card Auth PIN"
SIGN_TOKEN="IAS-ECC Test Card Signature PIN"
DB=sql:$W/nssdb
mkdir "$W/nssdb"
certutil -N -d "$DB" --empty-password
expect "modutil -add ... -force" modutil -dbdir "$DB" -add ias-ecc -libfile "$MODULE" -force
expect_out "modutil -list shows the authentication token" "token: $AUTH_TOKEN" modutil -dbdir "$DB" -list
expect_out "modutil -list shows the signature token" "token: $SIGN_TOKEN" modutil -dbdir "$DB" -list
certutil -A -d "$DB" -n "IAS-ECC Test Root CA" -t "CT,C,C" -i "$BED/pki/root-ca.pem"
printf 'NSS Certificate DB:\n%s:%s\n%s:%s\n' "$AUTH_TOKEN" $AUTH_PIN "$SIGN_TOKEN" $SIGN_PIN >"$W/pwfile.txt"

certutil -L -d "$DB" -h all -f "$W/pwfile.txt" >"$W/certs.txt" 2>&1
for c in "Authentication certificate" "Authentication certificate (EC)" "Issuing CA certificate" \
    "Root CA certificate"; do
    expect "certutil -L -h all lists $AUTH_TOKEN:$c" grep -q "^$AUTH_TOKEN:$c  " "$W/certs.txt"
done
expect "certutil -L -h all lists $SIGN_TOKEN:Signature certificate" grep -q "^$SIGN_TOKEN:Signature certificate  " "$W/certs.txt"
expect "the authentication certificate is a user certificate (its key is found)" \
    grep -Eq "^$AUTH_TOKEN:Authentication certificate +u,u,u" "$W/certs.txt"

# TLS client authentication: the server requires a certificate from the test PKI and logs its subject.
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl s_server -accept 127.0.0.1:$PORT -Verify 1 -CAfile "$BED/pki/ca-chain.pem" -cert "$BED/pki/tls-server.pem" \
    -key "$BED/pki/tls-server.key" -www >"$W/s_server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; bed_down' EXIT
# Wait for the server to listen (60 s: a hang guard; it takes milliseconds) rather than race it.
for _ in $(seq 600); do grep -q ACCEPT "$W/s_server.log" && break; sleep 0.1; done
grep -q ACCEPT "$W/s_server.log" || fail "openssl s_server did not start: $(cat "$W/s_server.log")"
printf 'GET / HTTP/1.0\r\n\r\n' >"$W/request.txt"
# tls_client_auth VERSION NICKNAME HOLDER: the handshake succeeds with that version and s_server's page
# (-www) shows the client certificate of HOLDER.
tls_client_auth() {
    local out="$W/tstclnt-$1-${3// /_}"
    timeout 60 tstclnt -h 127.0.0.1 -p $PORT -d "$DB" -n "$2" -W "$W/pwfile.txt" -V "$1:$1" -A "$W/request.txt" \
        >"$out.out" 2>"$out.err" &&
        grep -q "Protocol *: *TLSv${1#tls}" "$out.out" &&
        grep -Fq "Subject: O=IAS-ECC Middleware Test PKI, CN=Alice Testholder ($3)/" "$out.out"
}
served() { grep -Fc "depth=0 O = IAS-ECC Middleware Test PKI, CN = Alice Testholder ($1)," "$W/s_server.log"; }
for v in tls1.3 tls1.2; do
    n_before=$(served Authentication)
    expect "tstclnt $v client authentication with the card's RSA key" \
        tls_client_auth $v "$AUTH_TOKEN:Authentication certificate" Authentication
    expect "the server logged the holder's subject for $v" test "$(served Authentication)" -gt "$n_before"
done
expect "tstclnt tls1.3 client authentication with the card's EC key" \
    tls_client_auth tls1.3 "$AUTH_TOKEN:Authentication certificate (EC)" "Authentication EC"
expect "the server logged the EC holder's subject" test "$(served "Authentication EC")" -gt 0
kill $SERVER 2>/dev/null

# S/MIME signature with the qualified key (cmsutil logs in context-specifically with the pwfile's PIN).
printf 'Content-Type: text/plain; charset=us-ascii\r\n\r\nSigned with the qualified key.\r\n' >"$W/msg.txt"
expect "cmsutil -S with $SIGN_TOKEN:Signature certificate" \
    cmsutil -S -N "$SIGN_TOKEN:Signature certificate" -Y NONE -T -G -P -H SHA256 -d "$DB" -f "$W/pwfile.txt" \
    -i "$W/msg.txt" -o "$W/msg.p7s"
expect "openssl cms -verify accepts it (test PKI, S/MIME signing purpose)" \
    openssl cms -verify -binary -CAfile "$BED/pki/ca-chain.pem" -purpose smimesign -inform DER -in "$W/msg.p7s" \
    -content "$W/msg.txt" -out /dev/null -signer "$W/signer.pem"
expect "the signer is the card's signature certificate" \
    cmp <(openssl x509 -in "$W/signer.pem" -outform DER) "$BED/pki/sign.der"
printf 'Content-Type: text/plain; charset=us-ascii\r\n\r\nAnother text.\r\n' >"$W/other.txt"
expect_not "the signature does not cover another text" \
    openssl cms -verify -binary -CAfile "$BED/pki/ca-chain.pem" -purpose smimesign -inform DER -in "$W/msg.p7s" \
    -content "$W/other.txt" -out /dev/null
finish
