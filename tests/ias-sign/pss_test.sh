#!/bin/bash
# ias-sign --pss on the extended virtual card, whose two RSA keys sign RSA-PSS from the hash (algRefs 35/36/37:
# SHA-256/384/512, MGF1 with the same hash, salt = hash length): a qualified PSS signature, a PSS co-signature
# by the authentication key (SHA-384) and a PSS counter-signature (SHA-512), each seen in the APDU log with its
# algorithm reference and judged by software that is not ours: `openssl cms -verify -cades` (top-level
# signers) and attributes_check.py (asn1crypto + cryptography: every signer at every depth, PSS parameters read
# from the file). Damaged files (a flipped bit, a salt claim that does not hold) are refused by ours and the
# witnesses; on the standard card (no PSS) --pss is refused before any VERIFY.
. "$(dirname "$0")/signlib.sh"
bed_up --profile extended
cd "$BED" || exit 1
write_decision
qserial=$(openssl x509 -in pki/sign.pem -noout -serial | cut -d= -f2)
aserial=$(openssl x509 -in pki/auth.pem -noout -serial | cut -d= -f2)

# --- sign --pss: the qualified key, MSE SET DST with algorithm 35, then PSO CDS with the hash ---
mark_log
expect "sign --pss with the qualified key (signature PIN on fd 3)" \
    bash -c "'$SIGN' sign decision.txt -o pss.p7s --pss --pin-fd 3 3<<<123456"
[ "$(log_since_mark | grep -c '^C 002241B6 06840182800135')" = 1 ] \
    && pass "the card was told RSA-PSS SHA-256 (MSE SET DST, key 82, algorithm 35)" \
    || fail "no MSE SET 00 22 41 B6 .. 80 01 35 in the APDU log"
[ "$(log_since_mark | grep -c '^C 002A9E9A 20')" = 1 ] && pass "one PSO COMPUTE DIGITAL SIGNATURE with the 32-byte hash" \
    || fail "not one PSO CDS with 32 bytes in the APDU log"
expect "openssl cms -verify -cades accepts the PSS signer" openssl_verify pss.p7s decision.txt
expect_out "openssl reads id-RSASSA-PSS with MGF1" 'mgf1' \
    bash -c "openssl cms -cmsout -print -inform DER -in pss.p7s | grep -A12 'algorithm: rsassaPss'"
expect_last 'INTEGER +:20' "...and salt 0x20 (32 bytes)"
expect "asn1crypto + cryptography: PSS with the file's parameters" $witness pss.p7s decision.txt
expect_last "RSA-PSS parameters: hash sha256 .*mgf1 sha256, salt 32" "...hash, MGF1 hash and salt as the card made them"
expect_exit 0 "ias-sign verify accepts it" "$SIGN" verify pss.p7s decision.txt --anchors pki/root-ca.pem
expect_last "scheme: +RSA-PSS SHA-256$" "...and names the scheme RSA-PSS SHA-256"
expect_out "--json names it too" '"signatureAlgorithm": "RSA-PSS SHA-256"' \
    "$SIGN" verify pss.p7s decision.txt --anchors pki/root-ca.pem --json

# --- cosign --pss with the authentication key, SHA-384: MSE SET AT with algorithm 36 ---
mark_log
expect "cosign --pss --key auth --digest sha384 (global PIN on fd 3)" \
    bash -c "'$SIGN' cosign pss.p7s decision.txt -o co.p7s --pss --key auth --digest sha384 --anchors pki/root-ca.pem --pin-fd 3 3<<<1234"
[ "$(log_since_mark | grep -c '^C 002241A4 06840181800136')" = 1 ] \
    && pass "the card was told RSA-PSS SHA-384 (MSE SET AT, key 81, algorithm 36)" \
    || fail "no MSE SET 00 22 41 A4 .. 80 01 36 in the APDU log"
expect "openssl cms -verify -cades accepts both PSS signers" openssl_verify co.p7s decision.txt
expect "asn1crypto + cryptography accept both" $witness co.p7s decision.txt
expect_last "hash sha384 .*mgf1 sha384, salt 48" "...the co-signer's parameters: SHA-384, salt 48"
expect_exit 0 "ias-sign verify accepts both" "$SIGN" verify co.p7s decision.txt --anchors pki/root-ca.pem
expect_last "scheme: +RSA-PSS SHA-384$" "...the co-signer named RSA-PSS SHA-384"

# --- countersign --pss (SHA-512, algorithm 37) the qualified signature; then a PKCS#1 v1.5 one over that ---
p1=$(path_of co.p7s "$qserial" False)
mark_log
expect "countersign --pss --digest sha512 the qualified signer ($p1) with the authentication key" \
    bash -c "'$SIGN' countersign co.p7s decision.txt --signer $p1 -o cs.p7s --pss --key auth --digest sha512 --anchors pki/root-ca.pem --pin-fd 3 3<<<1234"
[ "$(log_since_mark | grep -c '^C 002241A4 06840181800137')" = 1 ] \
    && pass "the card was told RSA-PSS SHA-512 (algorithm 37)" || fail "no MSE SET .. 80 01 37 in the APDU log"
pc=$(path_of cs.p7s "$aserial" True)
expect "countersign that counter-signature ($pc) without --pss (qualified key: PKCS#1 v1.5)" \
    bash -c "'$SIGN' countersign cs.p7s decision.txt --signer $pc -o cs2.p7s --anchors pki/root-ca.pem --pin-fd 3 3<<<123456"
pc=$(path_of cs2.p7s "$aserial" True)
expect_exit 0 "ias-sign verify: every signer at every depth verifies" \
    "$SIGN" verify cs2.p7s decision.txt --anchors pki/root-ca.pem
expect_last "counter-signer $pc: VERIFIED" "the PSS counter-signer $pc is verified"
expect_out "...its scheme RSA-PSS SHA-512, the one over it RSA PKCS#1 v1.5" \
    "^$pc RSA-PSS SHA-512 true,$pc.1 RSA PKCS#1 v1.5 true$" \
    bash -c "'$SIGN' verify cs2.p7s decision.txt --anchors pki/root-ca.pem --json | /usr/bin/python3 -c \
        \"import json,sys; print(','.join(s['path']+' '+s['signatureAlgorithm']+' '+str(s['verified']).lower() for s in json.load(sys.stdin)['signers'] if '.' in s['path']))\""
expect "asn1crypto + cryptography verify the counter-signatures (PSS SHA-512 and PKCS#1 over it)" \
    $witness cs2.p7s decision.txt
expect_last "signer $pc: RSA-PSS parameters: hash sha512 .*salt 64" "...the counter-signer's PSS parameters read from the file"
expect "openssl cms -verify still accepts the top-level signers" openssl_verify cs2.p7s decision.txt

# --- damaged: a flipped bit in the PSS counter-signature, in a PSS co-signature; a salt claim that does not hold ---
$tamper flip-signature cs2.p7s cs-flipped.p7s "$pc"
expect_exit 14 "one bit flipped in the PSS counter-signature: ias-sign verify refuses it" \
    "$SIGN" verify cs-flipped.p7s decision.txt --anchors pki/root-ca.pem
expect_last "counter-signer $pc: REFUSED" "...naming counter-signer $pc"
expect_not "asn1crypto + cryptography refuse it too" $witness cs-flipped.p7s decision.txt
expect "openssl cms -verify does not see it (it ignores counter-signatures)" openssl_verify cs-flipped.p7s decision.txt
pa=$(path_of co.p7s "$aserial" False)
$tamper flip-signature co.p7s co-flipped.p7s "$pa"
expect_exit 14 "one bit flipped in the PSS co-signature: ias-sign verify refuses it" \
    "$SIGN" verify co-flipped.p7s decision.txt --anchors pki/root-ca.pem
expect_last "signer $pa: REFUSED" "...naming signer $pa"
expect_not "openssl refuses it too" openssl_verify co-flipped.p7s decision.txt
expect_not "asn1crypto + cryptography refuse it too" $witness co-flipped.p7s decision.txt
short_salt_refused() {  # short_salt_refused FILE PATH HASH WHO: signer PATH made to claim salt 20 (tamper.py)
    $tamper pss-salt "$1" "claims20-$2.p7s" "$2" 20
    expect_exit 14 "$4 ($2) claims salt 20 over a value with a $3-sized salt: ias-sign verify refuses it" \
        "$SIGN" verify "claims20-$2.p7s" decision.txt --anchors pki/root-ca.pem
    expect_last "signer $2: REFUSED" "...naming it"
    expect_last "salt of 20 bytes, shorter than the $3 hash" "...and why (a salt shorter than the hash)"
    expect_not "asn1crypto + cryptography refuse it too" $witness "claims20-$2.p7s" decision.txt
}
short_salt_refused pss.p7s 1 SHA-256 "the qualified signer"
expect_not "openssl refuses it too (it checks the salt length stated)" openssl_verify claims20-1.p7s decision.txt
short_salt_refused cs2.p7s "$pc" SHA-512 "the PSS counter-signer"
$tamper pss-salt pss.p7s salt48.p7s 1 48
expect_exit 14 "a claim of salt 48 (acceptable) over a salt-32 value: refused, the value is checked as stated" \
    "$SIGN" verify salt48.p7s decision.txt --anchors pki/root-ca.pem
expect_last "does not verify" "...the signature does not verify"
expect_not "openssl refuses it too" openssl_verify salt48.p7s decision.txt

# --- the extended card's EC authentication key, chosen by its iD: ECDSA signers next to PSS ones ---
expect_exit 2 "--pss with the EC key (--key 03): a usage error, before the card" \
    bash -c "'$SIGN' cosign pss.p7s decision.txt -o ec.p7s --pss --key 03 --anchors pki/root-ca.pem --pin-fd 3 3</dev/null"
expect "cosign with the EC key (--key 03, ECDSA, global PIN)" \
    bash -c "'$SIGN' cosign pss.p7s decision.txt -o ec.p7s --key 03 --anchors pki/root-ca.pem --pin-fd 3 3<<<1234"
ecserial=$(openssl x509 -in pki/auth-ec.pem -noout -serial | cut -d= -f2)
ecpath=$(path_of ec.p7s "$ecserial" False)
expect "...and countersign that ECDSA co-signature with the qualified key (PSS)" \
    bash -c "'$SIGN' countersign ec.p7s decision.txt --signer $ecpath -o ec2.p7s --pss --anchors pki/root-ca.pem --pin-fd 3 3<<<123456"
expect "openssl cms -verify accepts the PSS and ECDSA signers" openssl_verify ec2.p7s decision.txt
expect "asn1crypto accepts all of them, the PSS counter-signature over the ECDSA value included" $witness ec2.p7s decision.txt
expect_out "verify --json: the EC co-signer is ECDSA" '"signatureAlgorithm": "ECDSA"' \
    "$SIGN" verify ec2.p7s decision.txt --anchors pki/root-ca.pem --json
expect_exit 8 "--key 7F: no such key" \
    bash -c "'$SIGN' sign decision.txt -o none.p7s --key 7F --pin-fd 3 3</dev/null"

# --- the standard card has no PSS: --pss refused before any VERIFY, no file written ---
STD=$BED/standard
trap '"$testbed" down "$STD" >/dev/null 2>&1; bed_down' EXIT
std_env=$("$testbed" up "$STD") || fail "testbed up (standard profile)"
(
    eval "$std_env"
    std_log=$STD/apdu.log
    before=$(wc -l < "$std_log")
    expect_exit 9 "standard card: sign --pss refused (the qualified key has no algorithm 35)" \
        bash -c "'$SIGN' sign decision.txt -o std.p7s --pss --pin-fd 3 3</dev/null"
    expect_last "does not do RSA-PSS SHA-256 on this card; without --pss it signs RSA PKCS#1 v1.5" "...and says why"
    tail -n +"$((before + 1))" "$std_log" | grep -cE '^C (0C|00)(20|2A|88)' >/dev/null \
        && fail "a VERIFY or signature command was sent" || pass "...before any VERIFY or signature command"
    [ ! -e std.p7s ] && pass "...no file written" || fail "a file was written"
    expect_exit 9 "standard card: cosign --pss --key auth refused too" \
        bash -c "'$SIGN' cosign pss.p7s decision.txt -o std.p7s --pss --key auth --anchors pki/root-ca.pem --pin-fd 3 3</dev/null"
    exit "$failures"
) || failures=$((failures + $?))
"$testbed" down "$STD" >/dev/null 2>&1
finish
