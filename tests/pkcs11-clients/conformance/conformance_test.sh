#!/bin/bash
# Findings of an independent PKCS #11 conformance run (issue 15 item 5), checked on the test bed's card with
# independent tools: OpenSC's pkcs11-tool drives libias-pkcs11.so, openssl verifies, OpenSC's pkcs15-tool
# says what the card holds.
# - CKM_RSA_PKCS signs any input up to k - 11 bytes (129, 200, 245 bytes with the 2048-bit key: the card pads
#   them, as OpenSC has it do; openssl recovers the input from the signature); 246 bytes: CKR_DATA_LEN_RANGE.
# - C_Decrypt of a cryptogram the card refuses (6A80): CKR_ENCRYPTED_DATA_INVALID.
# - C_Login with a PIN outside the card's length or digit rules: CKR_PIN_INCORRECT, nothing sent.
# - CKA_LOCAL and the public keys' CKA_ENCRYPT / CKA_VERIFY are what pkcs15-tool --dump says of each key
#   (key_attributes.py), on the standard and the extended card, and on a key generated on the card (local,
#   sign only).
source "$(dirname "$0")/../clientlib.sh"
here=$(cd "$(dirname "$0")" && pwd)
TOOL=${IAS_TOOL:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-tool/ias-tool}
DECRYPT=${IAS_DECRYPT_PROBE:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/conformance/decrypt_probe}

# key_attributes_match DESCRIPTION: the module's key attributes against the card's PKCS#15 entries.
key_attributes_match() {
    pkcs15-tool --dump >"$W/dump.txt" 2>&1 || fail "pkcs15-tool --dump"
    pkcs11-tool --module "$MODULE" --slot 1 -O --login --pin $AUTH_PIN >"$W/objects-1.txt" 2>&1
    pkcs11-tool --module "$MODULE" --slot 2 -O --login --pin $SIGN_PIN >"$W/objects-2.txt" 2>&1
    if python3 "$here/key_attributes.py" "$W/dump.txt" "$W/objects-1.txt" "$W/objects-2.txt" >"$W/attrs.txt"; then
        pass "$1: CKA_LOCAL, CKA_ENCRYPT, CKA_VERIFY as pkcs15-tool --dump says ($(grep -c '^ok' "$W/attrs.txt") checks)"
    else
        fail "$1: key attributes differ from the card's"
        cat "$W/attrs.txt"
    fi
}

# signs_and_recovers DESCRIPTION SLOT PIN ID PUBKEY IN SIG: pkcs11-tool signs IN with CKM_RSA_PKCS and the key ID;
# openssl must recover IN from the signature with PUBKEY.
signs_and_recovers() {
    local description=$1 slot=$2 pin=$3 id=$4 pub=$5 in=$6 sig=$7
    pkcs11-tool --module "$MODULE" --slot "$slot" --login --pin "$pin" --sign -m RSA-PKCS --id "$id" \
        -i "$in" -o "$sig" >"$sig.txt" 2>&1
    if openssl pkeyutl -verifyrecover -pubin -inkey "$pub" -pkeyopt rsa_padding_mode:pkcs1 \
        -in "$sig" -out "$sig.recovered" 2>/dev/null && cmp -s "$in" "$sig.recovered"; then
        pass "$description: openssl recovers the input from the signature"
    else
        fail "$description"
        cat "$sig.txt"
    fi
}

for profile in standard extended; do
    client_bed_up --profile $profile
    key_attributes_match "$profile card"

    if [ $profile = standard ]; then
        # CKM_RSA_PKCS up to k - 11 bytes, through OpenSC's pkcs11-tool; openssl recovers each input.
        card_pubkey 01 "$W/auth.pub" || fail "the authentication certificate"
        for n in 129 200 245; do
            head -c $n /dev/urandom >"$W/in-$n"
            : >"$BED/apdu.log"
            signs_and_recovers "CKM_RSA_PKCS over $n bytes" 1 $AUTH_PIN 01 "$W/auth.pub" "$W/in-$n" "$W/sig-$n"
            lc=$(printf '%02X' $n)
            grep -q "^C 00880000 $lc" "$BED/apdu.log" && pass "  the card got the $n bytes in INTERNAL AUTHENTICATE" \
                || fail "  no INTERNAL AUTHENTICATE with Lc $lc in the APDU log"
        done
        # The qualified key (context-specific login) too.
        card_pubkey 02 "$W/sign.pub" || fail "the signature certificate"
        : >"$BED/apdu.log"
        signs_and_recovers "qualified key, CKM_RSA_PKCS over 245 bytes" 2 $SIGN_PIN 02 "$W/sign.pub" "$W/in-245" \
            "$W/qsig-245"
        grep -Eq '^C (00880000|002A9E9A) F5' "$BED/apdu.log" && pass "  the card got the 245 bytes to sign" \
            || fail "  no INTERNAL AUTHENTICATE or PSO CDS with Lc F5 in the APDU log"
        head -c 246 /dev/urandom >"$W/in-246"
        expect_out "CKM_RSA_PKCS over 246 bytes (more than k - 11): CKR_DATA_LEN_RANGE" 'CKR_DATA_LEN_RANGE' \
            pkcs11-tool --module "$MODULE" --slot 1 --login --pin $AUTH_PIN --sign -m RSA-PKCS --id 01 \
            -i "$W/in-246" -o "$W/sig-246"

        # C_Decrypt of a cryptogram the card refuses (a type-1 block encrypted without padding by openssl: no
        # encryption block inside): CKR_ENCRYPTED_DATA_INVALID, the code C_Decrypt lists.
        { printf '\x00\x01'; head -c 237 /dev/zero | tr '\0' '\377'; printf '\x00'; head -c 16 /dev/urandom; } \
            >"$W/type1.block"
        openssl pkeyutl -encrypt -pubin -inkey "$W/auth.pub" -pkeyopt rsa_padding_mode:none -in "$W/type1.block" \
            -out "$W/refused.bin" || fail "openssl made no cryptogram"
        : >"$BED/apdu.log"
        expect_out "C_Decrypt of a cryptogram the card refuses: CKR_ENCRYPTED_DATA_INVALID (0x40)" \
            '^C_Decrypt rv=0x40$' "$DECRYPT" "$MODULE" $AUTH_PIN "$W/refused.bin"
        grep -Eq '^R 6A80' "$BED/apdu.log" && pass "  the card answered 6A80 to PSO DECIPHER" \
            || fail "  no 6A80 from the card"

        # C_Login with a PIN the card could never hold: CKR_PIN_INCORRECT, no VERIFY with a PIN, no try spent.
        for pin in 123 123456789 12a4; do
            : >"$BED/apdu.log"
            expect_out "C_Login with PIN '$pin' (outside the card's rules): CKR_PIN_INCORRECT" 'CKR_PIN_INCORRECT' \
                pkcs11-tool --module "$MODULE" --slot 1 --login --pin "$pin" -O
            [ "$(grep -Ec '^C (00|0C)200001 ' "$BED/apdu.log")" -eq 0 ] && pass "  no VERIFY with a PIN sent" \
                || fail "  a VERIFY with PIN '$pin' reached the card"
        done
        # (still verified by the earlier logins of this test, or 3 tries: a VERIFY with a wrong PIN would
        # have cost one and undone the verification)
        case $(tries_left 01) in
        3 | verified) pass "the authentication PIN lost no try" ;;
        *) fail "tries left: $(tries_left 01)" ;;
        esac

        # A key generated on the card (PrKDF accessFlags local), for signing only: CKA_LOCAL true, and its
        # public key does not encrypt.
        expect "ias-tool generates a sign-only key 03 on the card" \
            "$TOOL" generate --id 03 --bits 2048 --label "Generated key" --usage sign
        key_attributes_match "standard card with a generated key"
        expect_out "the module shows key 03 as generated on the card (CKA_LOCAL)" 'local' \
            grep -A4 'ID: *03' "$W/objects-1.txt"
    fi
    bed_down
    trap - EXIT
done
finish
