#!/bin/bash
# OpenSSL through Debian's libengine-pkcs11-openssl (libp11) with libias-pkcs11.so: `openssl req -engine
# pkcs11` makes a CSR signed by the card's authentication key, once with PKCS11_MODULE_PATH and once with
# an openssl configuration naming the module; the CSR's self-signature verifies and its public key is the
# card certificate's. `openssl dgst -sign` with the engine gives a signature the certificate verifies.
source "$(dirname "$0")/clientlib.sh"
client_bed_up
KEY="pkcs11:token=IAS-ECC%20Test%20Card%20Auth%20PIN;object=Authentication%20key;type=private;pin-value=$AUTH_PIN"
openssl x509 -in "$BED/pki/auth.pem" -pubkey -noout >"$W/auth.pub"

csr_from_card() {  # csr_from_card OUT.csr: with the environment given by the caller
    openssl req -new -engine pkcs11 -keyform engine -key "$KEY" -subj "/O=IAS-ECC test/CN=CSR signed by the card" \
        -out "$1" >"$1.log" 2>&1 &&
        openssl req -in "$1" -verify -noout >>"$1.log" 2>&1 &&
        cmp <(openssl req -in "$1" -pubkey -noout | openssl pkey -pubin -outform DER) \
            <(openssl pkey -pubin -in "$W/auth.pub" -outform DER) >>"$1.log" 2>&1 ||
        { cat "$1.log"; return 1; }
}
PKCS11_MODULE_PATH="$MODULE" expect "openssl req -engine pkcs11 with PKCS11_MODULE_PATH: CSR verifies, card's key" \
    csr_from_card "$W/env.csr"

cat >"$W/openssl.cnf" <<CNF
openssl_conf = openssl_init
[openssl_init]
engines = engine_section
[engine_section]
pkcs11 = pkcs11_section
[pkcs11_section]
engine_id = pkcs11
MODULE_PATH = $MODULE
init = 0
[req]
distinguished_name = dn
[dn]
CNF
OPENSSL_CONF="$W/openssl.cnf" expect "openssl req -engine pkcs11 with an openssl configuration: CSR verifies" \
    csr_from_card "$W/conf.csr"

printf 'document to sign\n' >"$W/msg.txt"
PKCS11_MODULE_PATH="$MODULE" openssl dgst -sha256 -engine pkcs11 -keyform engine -sign "$KEY" -out "$W/msg.sig" \
    "$W/msg.txt" >"$W/dgst.log" 2>&1
expect "openssl dgst -sign with the engine: the certificate verifies the signature" \
    openssl dgst -sha256 -verify "$W/auth.pub" -signature "$W/msg.sig" "$W/msg.txt"
KEY="${KEY%;pin-value=*};pin-value=9999"
PKCS11_MODULE_PATH="$MODULE" expect_not "a wrong PIN in the URI: no CSR" csr_from_card "$W/wrong.csr"
finish
