#!/bin/bash
# challenge new|sign|verify (docs/challenge-response.md): the card's authentication key signs a verifier's
# challenge bound to a context; the verifier accepts it once, within --max-age, for that context only, with
# a certificate that chains to its anchor. The signed message is rebuilt here with Python's struct module
# and checked by openssl, and the APDU log shows the authentication key (SDO 01) signing its SHA-256.
. "$(dirname "$0")/toollib.sh"
bed_up
cd "$BED" || exit 1
openssl x509 -in pki/auth.pem -pubkey -noout > auth.pub
CTX="login to intranet.example.org"
PY=/usr/bin/python3

# message CONTEXT STATEFILE: the documented bytes, u32be length before label, context and challenge.
message() {
    $PY -c 'import struct, sys
ch = [bytes.fromhex(l.split(": ")[1].strip()) for l in open(sys.argv[2]) if l.startswith("challenge: ")][0]
parts = (b"IAS-ECC challenge-response v1", sys.argv[1].encode(), ch)
sys.stdout.buffer.write(b"".join(struct.pack(">I", len(p)) + p for p in parts))' "$1" "$2"
}
# pem_block RESPONSE NAME INDEX: the bytes of the INDEX-th PEM block called NAME (base64 by Python's stdlib).
pem_block() {
    $PY -c 'import base64, re, sys
blocks = re.findall(r"-----BEGIN (.+?)-----\n(.*?)-----END \1-----", open(sys.argv[1]).read(), re.S)
body = [b for n, b in blocks if n == sys.argv[2]][int(sys.argv[3])]
sys.stdout.buffer.write(base64.b64decode("".join(l for l in body.splitlines() if ":" not in l)))' "$@"
}
# fresh NAME CONTEXT: a new challenge NAME.state and its response NAME.resp signed for CONTEXT.
fresh() {
    "$TOOL" challenge new --out "$1.state" >"$1.new" &&
        "$TOOL" challenge sign --context "$2" --challenge "$1.state" --out "$1.resp" --pin-insecure-argv 1234
}
verify() {  # verify NAME CONTEXT [options]
    local n=$1 c=$2; shift 2
    "$TOOL" challenge verify --context "$c" --challenge "$n.state" --response "$n.resp" "$@"
}

# Round trip.
expect "challenge new" "$TOOL" challenge new --out a.state
grep -Eq '^challenge: [0-9A-F]{64}$' a.state && pass "the state holds a 32-byte challenge" || fail "no 32-byte challenge"
grep -qx 'consumed: no' a.state && [ "$(stat -c %a a.state)" = 600 ] && pass "unused, mode 600" || fail "state $(cat a.state)"
"$TOOL" challenge new --out b.state >/dev/null
[ "$(grep ^challenge: a.state)" != "$(grep ^challenge: b.state)" ] && pass "two challenges differ" || fail "same challenge twice"
mark_log
expect "challenge sign with the authentication PIN" \
    bash -c "'$TOOL' challenge sign --context '$CTX' --challenge a.state --out a.resp --pin-fd 3 3<<<1234"
message "$CTX" a.state > a.msg
pem_block a.resp "IAS-ECC CHALLENGE SIGNATURE" 0 > a.sig
pem_block a.resp CERTIFICATE 0 > a.cert
cmp -s a.cert pki/auth.der && pass "the response carries the authentication certificate" || fail "not the auth certificate"
grep -qx 'Mechanism: rsa-pkcs1-sha256' a.resp && pass "mechanism rsa-pkcs1-sha256" || fail "no mechanism header"
expect "openssl verifies the signature over the rebuilt message" openssl dgst -sha256 -verify auth.pub -signature a.sig a.msg
message "another context" a.state > a.other
expect_not "not over the message of another context" openssl dgst -sha256 -verify auth.pub -signature a.sig a.other
# The card: MSE SET A4 with the authentication key's SDO (84 01 81) and algorithm 02, then INTERNAL
# AUTHENTICATE with the SHA-256 DigestInfo of the rebuilt message; no PSO CDS (the qualified path).
want="C 00880000 333031300D060960864801650304020105000420$(openssl dgst -sha256 -binary a.msg | xxd -p -c 64 | tr a-f A-F)00"
log_since_mark | grep -c '^C 002241A4 06840181800102$' >/dev/null && pass "MSE SET names the authentication key (SDO 01)" \
    || fail "no MSE SET A4 for SDO 01 in the log"
log_since_mark | grep -cx "$want" >/dev/null && pass "INTERNAL AUTHENTICATE carries the message's DigestInfo" \
    || fail "no INTERNAL AUTHENTICATE with $want"
log_since_mark | grep -c '^C 002A9E9A' >/dev/null && fail "PSO CDS was sent" || pass "no PSO CDS (not the qualified path)"
expect_out "challenge verify accepts it" "^verified: .*Authentication" \
    "$TOOL" challenge verify --context "$CTX" --challenge a.state --response a.resp --anchor pki/root-ca.pem
grep -qx 'consumed: yes' a.state && pass "the challenge is marked used" || fail "state not consumed"
expect_exit 13 "the same response again (replay) is refused" \
    "$TOOL" challenge verify --context "$CTX" --challenge a.state --response a.resp --anchor pki/root-ca.pem
expect_last "used before" "the message says it was used"

# Two verifiers of one response at once: the state's lock lets exactly one accept it (whichever it is).
expect "sign another" fresh r "$CTX"
verify r "$CTX" --anchor pki/root-ca.pem >r1.out 2>&1 & p1=$!
verify r "$CTX" --anchor pki/root-ca.pem >r2.out 2>&1 & p2=$!
wait $p1; rc1=$?
wait $p2; rc2=$?
[ "$(printf '%s\n' $rc1 $rc2 | sort -n | tr '\n' ' ')" = "0 13 " ] && pass "two concurrent verifications: one accepted, one refused (13)" \
    || fail "two concurrent verifications exited $rc1 and $rc2"

# Another context, a tampered signature, an old challenge, another CA.
expect "sign for context A" fresh c "context A"
expect_exit 14 "a response for context A verified as context B is refused" verify c "context B" --anchor pki/root-ca.pem
expect_exit 13 "it cannot be retried with the right context (one verification per challenge)" \
    verify c "context A" --anchor pki/root-ca.pem
expect "sign another" fresh t "$CTX"
$PY - t.resp <<'PY'
import base64, re, sys
text = open(sys.argv[1]).read()
m = re.search(r"(-----BEGIN IAS-ECC CHALLENGE SIGNATURE-----\n.*?\n\n)(.*?)(-----END)", text, re.S)
sig = bytearray(base64.b64decode(m.group(2)))
sig[100] ^= 0x01
b64 = base64.b64encode(bytes(sig)).decode()
body = "".join(b64[i:i + 64] + "\n" for i in range(0, len(b64), 64))
open(sys.argv[1], "w").write(text[:m.start(2)] + body + text[m.end(2):])
PY
expect_exit 14 "a signature with one bit flipped is refused" verify t "$CTX" --anchor pki/root-ca.pem
expect "sign another" fresh o "$CTX"
sed -i "s/^created: .*/created: $(($(date +%s) - 301))/" o.state
expect_exit 13 "a challenge 301 s old is refused (default --max-age 300)" verify o "$CTX" --anchor pki/root-ca.pem
expect_last "s old \\(at most 300 s\\)" "the message gives the age"
expect "sign another" fresh p "$CTX"
sed -i "s/^created: .*/created: $(($(date +%s) - 301))/" p.state
expect "the same age with --max-age 3600 is accepted" verify p "$CTX" --anchor pki/root-ca.pem --max-age 3600
openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -subj "/CN=Other Test CA" -days 2 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out other-ca.pem 2>/dev/null
expect "sign another" fresh x "$CTX"
expect_exit 15 "a certificate that does not chain to the anchor (another CA) is refused" \
    verify x "$CTX" --anchor other-ca.pem
expect "sign another" fresh i "$CTX"
expect "the issuing CA alone as anchor is accepted" verify i "$CTX" --anchor pki/issuing-ca.pem

# A response made outside the tool (openssl, with the test PKI's keys) in the documented format: with the
# authentication key it verifies; with the signature key (nonRepudiation only) the key usage is refused.
handmade() {  # handmade NAME KEY CERT
    "$TOOL" challenge new --out "$1.state" >/dev/null
    message "$CTX" "$1.state" > "$1.msg"
    openssl dgst -sha256 -sign "$2" -out "$1.sig" "$1.msg"
    { echo "-----BEGIN IAS-ECC CHALLENGE SIGNATURE-----"; echo "Mechanism: rsa-pkcs1-sha256"; echo
      openssl base64 -in "$1.sig"; echo "-----END IAS-ECC CHALLENGE SIGNATURE-----"
      cat "$3" pki/issuing-ca.pem; } > "$1.resp"
}
handmade h pki/auth.key pki/auth.pem
expect "a response made by openssl in the documented format verifies" verify h "$CTX" --anchor pki/root-ca.pem
handmade n pki/sign.key pki/sign.pem
expect_exit 15 "a nonRepudiation-only certificate is refused" verify n "$CTX" --anchor pki/root-ca.pem
expect_last "digitalSignature" "the message names the key usage"

# Refused before the card.
printf 'challenge: %s\n' "$(openssl rand -hex 15)" > short.challenge
mark_log
expect_exit 10 "a 15-byte challenge is refused" \
    "$TOOL" challenge sign --context "$CTX" --challenge short.challenge --out s.resp --pin-insecure-argv 1234
log_since_mark | grep -c '^C' >/dev/null && fail "APDUs were sent for a short challenge" || pass "nothing reached the card"
"$TOOL" challenge new --out q.state >/dev/null
mark_log
expect_exit 9 "the qualified signature key does not sign challenges" \
    "$TOOL" challenge sign --key 02 --context "$CTX" --challenge q.state --out q.resp --pin-insecure-argv 123456
log_since_mark | grep -cE '^C (00|0C)(20|22|2A|88)' >/dev/null && fail "a PIN or signature command was sent" \
    || pass "no VERIFY nor signature command reached the card"
expect_exit 2 "challenge without a subcommand is a usage error" "$TOOL" challenge
expect_exit 2 "verify without --anchor is a usage error" \
    "$TOOL" challenge verify --context "$CTX" --challenge q.state --response a.resp

# The extended card's P-256 key (iD 03) answers with ECDSA, written as DER for openssl.
cd / && "$testbed" down "$BED" >/dev/null 2>&1
[ "$failures" -eq 0 ] && rm -rf "$BED"
trap - EXIT
bed_up --profile extended
cd "$BED" || exit 1
openssl x509 -in pki/auth-ec.pem -pubkey -noout > ec.pub
"$TOOL" challenge new --out e.state >/dev/null
expect "challenge sign --key 03 (EC)" \
    "$TOOL" challenge sign --key 03 --context "$CTX" --challenge e.state --out e.resp --pin-insecure-argv 1234
grep -qx 'Mechanism: ecdsa-sha256' e.resp && pass "mechanism ecdsa-sha256" || fail "no ecdsa-sha256 header"
message "$CTX" e.state > e.msg
pem_block e.resp "IAS-ECC CHALLENGE SIGNATURE" 0 > e.sig
expect "openssl verifies the ECDSA signature over the rebuilt message" \
    openssl dgst -sha256 -verify ec.pub -signature e.sig e.msg
expect "challenge verify accepts it" verify e "$CTX" --anchor pki/root-ca.pem
finish
