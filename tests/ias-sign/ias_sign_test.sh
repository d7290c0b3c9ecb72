#!/bin/bash
# ias-sign on the test bed's virtual card: a detached CAdES B-B signature with the qualified key, a co-signature
# with the authentication key, counter-signatures at two depths, and their refusals, each result checked by software that is not ours:
# `openssl cms -verify -cades` (every signer, ESS signing-certificate-v2, chain to the test PKI's root) and
# tests/ias-sign/attributes_check.py (python3-asn1crypto + python3-cryptography: attributes present and
# DER-sorted in the file, message digest recomputed, signature over the file's attribute bytes).
. "$(dirname "$0")/signlib.sh"
bed_up
cd "$BED" || exit 1

write_decision
printf 'Décision n° 42: the committee rejects the budget.\n' > forged.txt

# --- sign: the qualified key, its PIN (under secure messaging) for this signature ---
mark_log
expect "sign with the qualified key (signature PIN on fd 3)" \
    bash -c "'$SIGN' sign decision.txt -o decision.p7s --pin-fd 3 3<<<123456"
log_since_mark | grep -c '^C 0C200081' >/dev/null && pass "the signature PIN was verified under secure messaging" \
    || fail "no VERIFY 0C 20 00 81 in the APDU log"
[ "$(log_since_mark | grep -c '^C 002A9E9A')" = 1 ] && pass "exactly one PSO COMPUTE DIGITAL SIGNATURE" \
    || fail "not one PSO CDS in the APDU log"
expect "openssl cms -verify -cades accepts it (chain to the test root, signing-certificate-v2)" \
    openssl_verify decision.p7s decision.txt
expect_not "openssl refuses it over another document" openssl_verify decision.p7s forged.txt
expect "asn1crypto: attributes present, DER-sorted, digest, signature, signing-certificate-v2" \
    $witness decision.p7s decision.txt
expect_out "the file holds the card's chain (signer, issuing CA, root CA)" '^3$' \
    bash -c "openssl pkcs7 -inform DER -in decision.p7s -print_certs | grep -c '^subject'"
expect_out "the detached file holds no content" 'eContent: <ABSENT>' \
    openssl cms -cmsout -print -inform DER -in decision.p7s
expect_out "the signature algorithm is RSA PKCS#1 v1.5, the digest SHA-256" 'algorithm: sha256' \
    openssl cms -cmsout -print -inform DER -in decision.p7s

# --- verify ---
expect_exit 0 "ias-sign verify: the signature verifies" "$SIGN" verify decision.p7s decision.txt --anchors pki/root-ca.pem
expect_last "signer 1: VERIFIED" "the verdict names signer 1 as verified"
expect_last "qualified \(nonRepudiation\)" "and says the key is qualified"
expect_exit 14 "ias-sign verify refuses another document" "$SIGN" verify decision.p7s forged.txt --anchors pki/root-ca.pem
expect_last "differs from the signed message digest" "the reason: the message digest"
expect_exit 15 "ias-sign verify refuses a chain to an unrelated anchor" \
    "$SIGN" verify decision.p7s decision.txt --anchors /etc/ssl/certs/ca-certificates.crt
expect_out "--json gives one verdict per signer" '"verified": true' \
    "$SIGN" verify decision.p7s decision.txt --anchors pki/root-ca.pem --json

# --- a PIN for every signature ---
mark_log
expect_exit 11 "a second signature without a PIN is refused before the card" \
    bash -c "setsid '$SIGN' sign decision.txt -o again.p7s --pin-fd 3 3</dev/null"
log_since_mark | grep -cE '^C (0C|00)(20|2A|88)' >/dev/null && fail "a VERIFY or signature command was sent without a PIN" \
    || pass "no VERIFY and no signature command reached the card"
[ ! -e again.p7s ] && pass "no file was written" || fail "a file was written without a signature"

# --- cosign ---
mark_log
expect_exit 14 "cosign over a wrong document is refused" \
    bash -c "'$SIGN' cosign decision.p7s forged.txt -o co.p7s --key auth --anchors pki/root-ca.pem --pin-fd 3 3</dev/null"
expect_last "signer 1 .* does not verify over forged.txt" "the refusal names the signer and the reason"
[ "$(log_since_mark | grep -c '^C ')" = 0 ] && pass "no command reached the card (no PIN asked)" \
    || fail "APDUs were sent for a refused co-signature"
expect "cosign with the authentication key (global PIN on fd 3)" \
    bash -c "'$SIGN' cosign decision.p7s decision.txt -o co.p7s --key auth --anchors pki/root-ca.pem --pin-fd 3 3<<<1234"
expect "openssl cms -verify -cades accepts both signers" openssl_verify co.p7s decision.txt
expect_out "openssl sees two signers" '^2$' \
    bash -c "openssl cms -cmsout -print -inform DER -in co.p7s | grep -c 'signatureAlgorithm:'"
expect "asn1crypto accepts both signers" $witness co.p7s decision.txt
expect_exit 0 "ias-sign verify: both verify" "$SIGN" verify co.p7s decision.txt --anchors pki/root-ca.pem
expect_last 'signer 2: VERIFIED' "signer 2 verified (SET OF order: either key may be signer 2)"
expect_exit 15 "--require-qualified refuses the authentication key's signature" \
    "$SIGN" verify co.p7s decision.txt --anchors pki/root-ca.pem --require-qualified
expect_last "lacks nonRepudiation" "the reason: no nonRepudiation"

# --- damaged files: refused by ours and by the witnesses ---
$tamper flip-signature co.p7s co-flipped.p7s 2
expect_exit 14 "one bit flipped in the co-signature: ias-sign verify refuses it" \
    "$SIGN" verify co-flipped.p7s decision.txt --anchors pki/root-ca.pem
expect_last "signer 2: REFUSED" "the refusal names signer 2"
expect_last "signer 1: VERIFIED" "signer 1 still verifies"
expect_not "openssl refuses it too" openssl_verify co-flipped.p7s decision.txt
expect_not "asn1crypto refuses it too" $witness co-flipped.p7s decision.txt
expect_exit 14 "cosign refuses to add a signer to a damaged file" \
    bash -c "'$SIGN' cosign co-flipped.p7s decision.txt -o co3.p7s --anchors pki/root-ca.pem --pin-fd 3 3</dev/null"
$tamper unsort decision.p7s unsorted.p7s 1
expect_exit 14 "unsorted signed attributes: ias-sign verify refuses them" \
    "$SIGN" verify unsorted.p7s decision.txt --anchors pki/root-ca.pem
expect_last "not in DER order" "the reason: DER order"
expect_not "asn1crypto refuses them too" $witness unsorted.p7s decision.txt

# --- counter-signatures: of the qualified signature (by the authentication key), then of that one ---
# Paths are positions in the file as it is: writing re-sorts the SET OF SignerInfo (DER), so each step asks
# verify --json where the signer it wants is now (by its serial), as a script would.
qserial=$(openssl x509 -in pki/sign.pem -noout -serial | cut -d= -f2)
aserial=$(openssl x509 -in pki/auth.pem -noout -serial | cut -d= -f2)
# The qualified signer named by its certificate's issuer and serial, as verify prints them (stable across
# re-encodings, unlike a path).
qissuer=$("$SIGN" verify co.p7s decision.txt --anchors pki/root-ca.pem --json | /usr/bin/python3 -c \
    "import json,sys; print([s['issuer'] for s in json.load(sys.stdin)['signers'] if s['serial']=='$qserial'][0])")
expect "countersign the qualified signature (--signer '$qissuer:$qserial') with the authentication key" \
    bash -c "'$SIGN' countersign co.p7s decision.txt --signer '$qissuer:$qserial' -o cs1.p7s --key auth --anchors pki/root-ca.pem --pin-fd 3 3<<<1234"
p1=$(path_of cs1.p7s "$qserial" False)
expect "the counter-signature hangs under the qualified signer ($p1.1)" \
    bash -c "'$SIGN' verify cs1.p7s decision.txt --anchors pki/root-ca.pem | grep -q 'counter-signer $p1.1: VERIFIED'"
p11=$(path_of cs1.p7s "$aserial" True)
expect "countersign that counter-signature ($p11) with the qualified key" \
    bash -c "'$SIGN' countersign cs1.p7s decision.txt --signer $p11 -o cs2.p7s --anchors pki/root-ca.pem --pin-fd 3 3<<<123456"
p11=$(path_of cs2.p7s "$aserial" True)
expect_exit 0 "ias-sign verify: every signer at every depth verifies" \
    "$SIGN" verify cs2.p7s decision.txt --anchors pki/root-ca.pem
expect_last "counter-signer $p11.1: VERIFIED" "the second-level counter-signature is listed and verified"
expect "asn1crypto: counter-signatures at both depths (digest over the parent's signature, no content-type)" \
    $witness cs2.p7s decision.txt
expect "openssl cms -verify still accepts the co-signers" openssl_verify cs2.p7s decision.txt
expect_exit 8 "countersign of a signer that does not exist" \
    bash -c "'$SIGN' countersign cs2.p7s decision.txt --signer $p11.2 -o x.p7s --anchors pki/root-ca.pem --pin-fd 3 3</dev/null"
$tamper flip-signature cs2.p7s cs-forged.p7s "$p11"
expect_exit 14 "a forged counter-signature (one bit of $p11): ias-sign verify refuses it" \
    "$SIGN" verify cs-forged.p7s decision.txt --anchors pki/root-ca.pem
expect_last "counter-signer $p11: REFUSED" "the refusal names counter-signer $p11"
expect_last "counter-signer $p11.1: REFUSED" "and the counter-signature over it (its digest no longer matches)"
expect_not "asn1crypto refuses it too" $witness cs-forged.p7s decision.txt
expect "openssl cms -verify does not see it (it ignores counter-signatures: why ours is needed)" \
    openssl_verify cs-forged.p7s decision.txt
expect_exit 14 "cosign refuses a file with a forged counter-signature" \
    bash -c "'$SIGN' cosign cs-forged.p7s decision.txt -o x.p7s --anchors pki/root-ca.pem --pin-fd 3 3</dev/null"
# A content-type attribute inside a counter-signature (RFC 5652 11.4 forbids it), signed again with the test PKI's
# copy of the card's authentication key: the signature is valid, the attribute is the only fault.
$tamper content-type cs1.p7s cs-ctype.p7s "$p1.1" pki/auth.key
expect_exit 14 "a counter-signature with a content-type attribute: ias-sign verify refuses it" \
    "$SIGN" verify cs-ctype.p7s decision.txt --anchors pki/root-ca.pem
expect_last "counter-signer $p1.1: REFUSED" "the refusal names counter-signer $p1.1"
expect_last "content-type attribute in a counter-signature" "and says why (the content-type attribute)"
expect_not "asn1crypto refuses it too" $witness cs-ctype.p7s decision.txt

# --- countersign without --signer: a person at a terminal chooses from a listing; a script is refused ---
mark_log
expect_exit 2 "countersign without --signer and without a terminal: usage, before the card" \
    bash -c "'$SIGN' countersign decision.p7s decision.txt -o listed.p7s --key auth --anchors pki/root-ca.pem </dev/null"
[ "$(log_since_mark | grep -c '^C ')" = 0 ] && pass "...no command reached the card" || fail "APDUs were sent"
# script(1) gives the program a terminal; the answer "1" is typed into it.
expect "countersign on a terminal, signer chosen from the listing (answer 1)" \
    bash -c "printf '1\\n' | script -qec \"'$SIGN' countersign decision.p7s decision.txt -o listed.p7s --key auth \
        --anchors pki/root-ca.pem --pin-insecure-argv 1234\" /dev/null"
expect_last "\\[1\\] signer 1: .*IAS-ECC" "...the listing names signer 1 by its subject"
expect_last "Counter-sign which one\\? \\[1-1\\]" "...and asks which"
expect_exit 0 "the chosen signer carries the counter-signature" "$SIGN" verify listed.p7s decision.txt --anchors pki/root-ca.pem
expect_last "counter-signer 1.1: VERIFIED" "...counter-signer 1.1 verified"
finish
