#!/bin/bash
# GnuTLS's p11tool against libias-pkcs11.so on the extended card: --test-sign (sign, then verify against the
# key's parameters and the token's public key) with every private key: the RSA authentication key
# (PKCS#1 and PSS), the EC authentication key, and the qualified signature key (GNUTLS_PIN answers its
# context-specific login).
source "$(dirname "$0")/clientlib.sh"
client_bed_up --profile extended
P11TOOL=(p11tool --provider "$MODULE")
AUTH="pkcs11:token=IAS-ECC%20Test%20Card%20Auth%20PIN"
SIGN="pkcs11:token=IAS-ECC%20Test%20Card%20Signature%20PIN"

expect_out "--list-tokens shows the authentication token" 'Label: IAS-ECC Test Card Auth PIN' "${P11TOOL[@]}" --list-tokens
expect_out "--list-tokens shows the signature token" 'Label: IAS-ECC Test Card Signature PIN' "${P11TOOL[@]}" --list-tokens
expect_out "--list-all-certs lists the authentication certificate" 'Label: Authentication certificate' \
    "${P11TOOL[@]}" --list-all-certs "$AUTH"

export GNUTLS_PIN=$AUTH_PIN
expect_out "--test-sign with the RSA authentication key" 'Verifying against public key in the token\.\.\. ok' \
    "${P11TOOL[@]}" --login --test-sign "$AUTH;id=%01;type=private"
expect_out "--test-sign with the RSA authentication key, RSA-PSS" \
    'Signing using RSA-PSS-SHA256\.\.\. ok' "${P11TOOL[@]}" --login --test-sign --sign-params RSA-PSS "$AUTH;id=%01;type=private"
expect_out "--test-sign with the EC authentication key" 'Signing using ECDSA-SHA256\.\.\. ok' \
    "${P11TOOL[@]}" --login --test-sign "$AUTH;id=%03;type=private"
GNUTLS_PIN=$SIGN_PIN expect_out "--test-sign with the qualified signature key (context-specific login)" \
    'Verifying against public key in the token\.\.\. ok' "${P11TOOL[@]}" --login --test-sign "$SIGN;id=%02;type=private"
GNUTLS_PIN=9999 expect_not "a wrong PIN: no signature" \
    "${P11TOOL[@]}" --login --test-sign "$AUTH;id=%01;type=private"
finish
