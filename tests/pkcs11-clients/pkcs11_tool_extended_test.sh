#!/bin/bash
# pkcs11-tool against libias-pkcs11.so on the extended card: RSA-PSS (CKM_RSA_PKCS_PSS over a SHA-256 hash
# with SHA-256/MGF1-SHA-256/salt 32, CKM_SHA256_RSA_PKCS_PSS) and ECDSA (CKM_ECDSA over a hash,
# CKM_ECDSA_SHA256) signatures, each verified by the openssl CLI with the card's certificate.
source "$(dirname "$0")/clientlib.sh"
client_bed_up --profile extended
P11=(pkcs11-tool --module "$MODULE" --slot 1)

expect_out "--test on the extended card reports no errors" '^No errors$' "${P11[@]}" --test --login --pin $AUTH_PIN
"${P11[@]}" -M >"$W/mechanisms.txt" 2>&1
for m in RSA-PKCS-PSS SHA256-RSA-PKCS-PSS ECDSA ECDSA-SHA256; do
    expect "$m is advertised with CKF_HW" grep -Eq "^  $m, .*hw" "$W/mechanisms.txt"
done

card_pubkey 01 "$W/rsa.pub"
card_pubkey 03 "$W/ec.pub"
printf 'document to sign\n' >"$W/msg.txt"
openssl dgst -sha256 -binary "$W/msg.txt" >"$W/msg.sha256"
PSS_VERIFY=(-pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32 -pkeyopt digest:sha256)

"${P11[@]}" --login --pin $AUTH_PIN --sign -m RSA-PKCS-PSS --hash-algorithm SHA256 --mgf MGF1-SHA256 \
    --salt-len 32 --id 01 -i "$W/msg.sha256" -o "$W/sig.pss" >/dev/null 2>&1
expect "RSA-PKCS-PSS (SHA-256, MGF1-SHA-256, salt 32) verifies (openssl pkeyutl)" \
    openssl pkeyutl -verify -pubin -inkey "$W/rsa.pub" -in "$W/msg.sha256" -sigfile "$W/sig.pss" "${PSS_VERIFY[@]}"

"${P11[@]}" --login --pin $AUTH_PIN --sign -m SHA256-RSA-PKCS-PSS --mgf MGF1-SHA256 --salt-len 32 --id 01 \
    -i "$W/msg.txt" -o "$W/sig.sha256pss" >/dev/null 2>&1
expect "SHA256-RSA-PKCS-PSS verifies (openssl dgst, PSS salt 32)" \
    openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -verify "$W/rsa.pub" \
    -signature "$W/sig.sha256pss" "$W/msg.txt"
printf 'another document\n' >"$W/other.txt"
expect_not "the PSS signature does not verify another document" \
    openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -verify "$W/rsa.pub" \
    -signature "$W/sig.sha256pss" "$W/other.txt"

"${P11[@]}" --login --pin $AUTH_PIN --sign -m ECDSA --id 03 -i "$W/msg.sha256" -o "$W/sig.ecdsa" \
    --signature-format openssl >/dev/null 2>&1
expect "ECDSA over a SHA-256 hash verifies (openssl pkeyutl, P-256)" \
    openssl pkeyutl -verify -pubin -inkey "$W/ec.pub" -in "$W/msg.sha256" -sigfile "$W/sig.ecdsa"
"${P11[@]}" --login --pin $AUTH_PIN --sign -m ECDSA-SHA256 --id 03 -i "$W/msg.txt" -o "$W/sig.ecdsa256" \
    --signature-format openssl >/dev/null 2>&1
expect "ECDSA-SHA256 verifies (openssl dgst)" \
    openssl dgst -sha256 -verify "$W/ec.pub" -signature "$W/sig.ecdsa256" "$W/msg.txt"
expect_not "the ECDSA signature does not verify another document" \
    openssl dgst -sha256 -verify "$W/ec.pub" -signature "$W/sig.ecdsa256" "$W/other.txt"
finish
