#!/usr/bin/env bash
# Makes the fake card's keys and certificates with the openssl CLI (the independent source the module tests
# verify against). Test material only. Run from this directory; the outputs are committed.
set -euo pipefail
cd "$(dirname "$0")"
days=7300
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key.pem -out ca.crt.pem -days $days \
  -subj "/C=FR/O=IAS-ECC Test/CN=Test Root CA" -sha256 2>/dev/null
issue() {  # name keyspec subject extensions
  local name=$1 keyspec=$2 subject=$3 ext=$4
  openssl req -newkey "$keyspec" -nodes -keyout "$name.key.pem" -out "$name.csr" -subj "$subject" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt.pem -CAkey ca.key.pem -set_serial "0x$(openssl rand -hex 8)" \
    -days $days -sha256 -extfile <(printf '%s\n' "$ext") -out "$name.crt.pem" 2>/dev/null
  rm -f "$name.csr"
}
issue auth-rsa rsa:2048 "/C=FR/O=IAS-ECC Test/CN=Alice Martin (Authentication)" \
  "keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth,emailProtection"
issue sign-rsa rsa:2048 "/C=FR/O=IAS-ECC Test/CN=Alice Martin (Signature)" \
  "keyUsage=critical,nonRepudiation"
openssl ecparam -name prime256v1 -out p256.param
issue auth-ec ec:p256.param "/C=FR/O=IAS-ECC Test/CN=Alice Martin (Authentication EC)" \
  "keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
rm -f p256.param ca.srl
# What the module must report as CKA_SERIAL_NUMBER / CKA_SUBJECT, written by the CLI for the tests.
for n in auth-rsa sign-rsa auth-ec; do
  printf '%s serial %s\n' "$n" "$(openssl x509 -in $n.crt.pem -noout -serial | cut -d= -f2)"
  printf '%s subject %s\n' "$n" "$(openssl x509 -in $n.crt.pem -noout -subject -nameopt RFC2253 | sed 's/^subject=//')"
done > expected-fields.txt
