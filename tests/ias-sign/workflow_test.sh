#!/bin/bash
# A decision signed as a paper document is (issue 13's acceptance): its author signs, two colleagues co-sign at
# the same level, a superior counter-signs one co-signature, and a second level counter-signs that
# counter-signature. Five citizens, five cards: each a test bed personalised for its holder (own keys,
# certificates and card serial, one test CA), brought up for that person's step and taken down after it, as a
# file passed from desk to desk. Every step uses the qualified key and its PIN. Witnesses that are not ours:
# `openssl cms -verify -cades` (the three co-signers), tests/ias-sign/attributes_check.py (python3-asn1crypto +
# python3-cryptography: every signature at every depth over the file's own bytes) and signer_tree.py
# (asn1crypto: who is under whom); the holders' certificate serials come from `openssl x509`.
. "$(dirname "$0")/signlib.sh"
BED=$(mktemp -d "${TMPDIR:-/tmp}/ias-workflow.XXXXXX")
desks=()
finish_desks() {
    local d
    for d in "${desks[@]}"; do "$testbed" down "$d" >/dev/null 2>&1; done
    if [ "$failures" -eq 0 ] && [ -z "${IAS_KEEP_BED:-}" ]; then rm -rf "$BED"; else echo "test beds kept in $BED"; fi
}
trap finish_desks EXIT
cd "$BED" || exit 1
tree="/usr/bin/python3 $here/signer_tree.py"

# at_desk NAME: the test bed of NAME's card up (personalised on first use), its environment exported.
at_desk() {
    local d
    d="$BED/$(tr 'A-Z ' 'a-z-' <<<"$1")"
    desks+=("$d")
    local bed_env
    bed_env=$("$testbed" up "$d" --holder "$1") || { echo "FAIL: testbed up for $1"; exit 1; }
    eval "$bed_env"
    DESK=$d
    LOG_START=$(wc -l < "$d/apdu.log")
}
# leave_desk: the card is taken away; checks that this step cost one signature PIN and one signature.
leave_desk() {
    local log verifies signs
    log=$(tail -n +"$((LOG_START + 1))" "$DESK/apdu.log")
    verifies=$(grep -c '^C 0C200081' <<<"$log")
    signs=$(grep -c '^C 002A9E9A' <<<"$log")
    [ "$verifies" = 1 ] && [ "$signs" = 1 ] && pass "$1: one signature PIN verified, one signature on the card" \
        || fail "$1: $verifies VERIFY of the signature PIN and $signs PSO CDS (wanted 1 and 1)"
    "$testbed" down "$DESK" >/dev/null
}
serial_of() { openssl x509 -in "$BED/$(tr 'A-Z ' 'a-z-' <<<"$1")/pki/sign.pem" -noout -serial | cut -d= -f2; }
issuer_of() {
    "$SIGN" verify "$1" decision.txt --anchors root-ca.pem --json | /usr/bin/python3 -c \
        "import json,sys; print([s['issuer'] for s in json.load(sys.stdin)['signers'] if s['serial']=='$2'][0])"
}
sign_step() {  # sign_step WHO DESCRIPTION IAS-SIGN-ARGUMENTS...
    local who=$1 d=$2; shift 2
    at_desk "$who"
    expect "$who: $d" bash -c "$(printf '%q ' "$SIGN" "$@") --pin-fd 3 3<<<123456"
    leave_desk "$who"
}

write_decision
# --- the author signs ---
sign_step "Alice Testholder" "signs the decision" sign decision.txt -o decision.p7s
mkdir -p pki && cp "$DESK/pki/root-ca.pem" root-ca.pem && cp root-ca.pem pki/  # signlib's openssl_verify
# --- two co-signers, each after every signature already there verifies over the document ---
sign_step "Bruno Martin" "co-signs" cosign decision.p7s decision.txt --anchors root-ca.pem
sign_step "Claire Petit" "co-signs" cosign decision.p7s decision.txt --anchors root-ca.pem
expect "openssl cms -verify -cades: the author and both co-signers verify" openssl_verify decision.p7s decision.txt
expect_out "openssl x509 of the file's certificates: the three holders' signature certificates" '^3$' \
    bash -c "openssl pkcs7 -inform DER -in decision.p7s -print_certs | grep -c '^subject=.*(Signature)'"
# --- the superior counter-signs Bruno's co-signature, named by its issuer and serial ---
bruno=$(serial_of "Bruno Martin")
sign_step "Denise Moreau" "counter-signs Bruno Martin's co-signature" \
    countersign decision.p7s decision.txt --signer "$(issuer_of decision.p7s "$bruno"):$bruno" --anchors root-ca.pem
# --- the second level counter-signs Denise's counter-signature ---
denise=$(serial_of "Denise Moreau")
sign_step "Etienne Roux" "counter-signs Denise Moreau's counter-signature" \
    countersign decision.p7s decision.txt --signer "$(issuer_of decision.p7s "$denise"):$denise" --anchors root-ca.pem

# --- the file, judged by software that is not ours ---
expect "openssl cms -verify -cades still accepts the co-signers (it ignores counter-signatures)" openssl_verify decision.p7s decision.txt
expect "asn1crypto: every signature at every depth (digests recomputed, signatures over the file's bytes)" \
    $witness decision.p7s decision.txt
$tree decision.p7s > tree.txt
cat tree.txt
expect_out "asn1crypto: three signers at the top level" '^3$' bash -c "awk -F'\t' '\$4==\"-\"' tree.txt | wc -l"
expect_out "asn1crypto: Denise Moreau counter-signs Bruno Martin" $'\tDenise Moreau \\(Signature\\)\t'"$denise"$'\tBruno Martin \\(Signature\\)$' \
    cat tree.txt
expect_out "asn1crypto: Etienne Roux counter-signs Denise Moreau, at the third level" \
    $'^[0-9]\\.1\\.1\tEtienne Roux \\(Signature\\)\t'"$(serial_of "Etienne Roux")"$'\tDenise Moreau \\(Signature\\)$' cat tree.txt
expect_out "asn1crypto: five signers in all" '^5$' bash -c "wc -l < tree.txt"

# --- ours: every signer verified, the tree as the witness sees it ---
expect_exit 0 "ias-sign verify: all five signatures verify" "$SIGN" verify decision.p7s decision.txt --anchors root-ca.pem
expect_last "Etienne Roux" "verify names the second-level counter-signer"
"$SIGN" verify decision.p7s decision.txt --anchors root-ca.pem --json > verify.json
expect_out "verify --json: the same paths and serials as asn1crypto's tree, each verified" '^same$' \
    /usr/bin/python3 -c "
import json, sys
ours = {(s['path'], s['serial'].upper().lstrip('0')) for s in json.load(open('verify.json'))['signers'] if s['verified']}
theirs = {(l.split('\t')[0], l.split('\t')[2].lstrip('0')) for l in open('tree.txt').read().splitlines()}
print('same' if ours == theirs and len(ours) == 5 else f'ours {sorted(ours)} theirs {sorted(theirs)}')"

# --- a forged first-level counter-signature: refused, and so is the one above it ---
dpath=$(awk -F'\t' '$2 ~ /^Denise/ {print $1}' tree.txt)
$tamper flip-signature decision.p7s forged.p7s "$dpath" || fail "tamper.py"
expect_exit 14 "ias-sign verify refuses the forged counter-signature" \
    "$SIGN" verify forged.p7s decision.txt --anchors root-ca.pem
# verdict_of NAME: the verdict line above NAME's subject line in the last output
verdict_of() { grep -B1 "subject:  .*CN=$1" "$BED/last.out" | head -1; }
case $(verdict_of "Denise Moreau") in *"$dpath: REFUSED"*) pass "Denise Moreau's counter-signature ($dpath) is named refused" ;;
*) fail "Denise Moreau's counter-signature not named refused"; cat "$BED/last.out" ;; esac
case $(verdict_of "Etienne Roux") in *REFUSED*) pass "and Etienne Roux's above it (its digest no longer matches)" ;;
*) fail "Etienne Roux's counter-signature not refused"; cat "$BED/last.out" ;; esac
case $(verdict_of "Claire Petit") in *VERIFIED*) pass "Claire Petit's co-signature still verifies" ;;
*) fail "Claire Petit's co-signature not verified"; cat "$BED/last.out" ;; esac
expect_not "asn1crypto refuses the forged counter-signature" $witness forged.p7s decision.txt
expect "openssl cms -verify accepts it: the reason an independent counter-signature check is needed" openssl_verify forged.p7s decision.txt

# --- Bruno's certificate swapped in the file for a look-alike (same issuer and serial, another key) ---
bpath=$(awk -F'\t' '$2 ~ /^Bruno/ {print $1}' tree.txt)
$tamper swap-cert decision.p7s swapped.p7s "$bpath" || fail "tamper.py swap-cert"
"$SIGN" verify swapped.p7s decision.txt --anchors root-ca.pem > "$BED/last.out" 2>&1
rc=$?
[ "$rc" = 14 ] || [ "$rc" = 15 ] && pass "ias-sign verify refuses the swapped certificate (exit $rc)" \
    || { fail "swapped certificate: exit $rc"; cat "$BED/last.out"; }
case $(verdict_of "Bruno Martin") in *"$bpath: REFUSED"*) pass "the refusal names Bruno Martin's signature ($bpath)" ;;
*) fail "Bruno Martin's signature not named refused"; cat "$BED/last.out" ;; esac
case $(verdict_of "Alice Testholder") in *VERIFIED*) pass "Alice Testholder's signature still verifies" ;;
*) fail "Alice Testholder's signature not verified"; cat "$BED/last.out" ;; esac
expect_not "openssl cms -verify refuses it too" openssl_verify swapped.p7s decision.txt
expect_not "asn1crypto refuses it too (signature and signing-certificate-v2 over the look-alike)" \
    $witness swapped.p7s decision.txt
finish
