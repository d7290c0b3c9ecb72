#!/bin/bash
# ias-sign --tsa: RFC 3161 signature time-stamps (CAdES-T's id-aa-signatureTimeStampToken) on a signer, a
# co-signer and a counter-signer, from a local TSA: OpenSSL's own (`openssl ts -reply`) behind Python's
# http.server (tsa_server.py). Each token is checked by `openssl ts -verify` against the test root, with the
# imprint that Python's hashlib computes from the signer's signature value (token_check.py), and by ias-sign
# verify. Refused: a damaged token (by both), a TSA that answers another request's token (its nonce), a TSA
# that is not there (no file written), an https URL (before the card).
. "$(dirname "$0")/signlib.sh"
bed_up
cd "$BED" || exit 1
write_decision
anchors=(--anchors pki/root-ca.pem)
tsa_pids=()
trap 'kill "${tsa_pids[@]}" 2>/dev/null; bed_down' EXIT

# The TSA's certificate from the test PKI's issuing CA: extended key usage timeStamping, critical (RFC 3161 2.3).
mkdir tsa && (
    cd tsa || exit 1
    openssl req -new -newkey rsa:2048 -nodes -keyout tsa.key -subj "/CN=IAS-ECC Test TSA/O=Test" -out tsa.csr
    printf 'basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = critical, timeStamping\n' >ext
    openssl x509 -req -in tsa.csr -CA ../pki/issuing-ca.pem -CAkey ../pki/issuing-ca.key -set_serial 4242 \
        -days 30 -extfile ext -out tsa.pem
    cat tsa.pem ../pki/issuing-ca.pem >chain.pem
    echo 01 >serial
) >tsa/pki.log 2>&1 || { fail "the TSA's certificate"; cat tsa/pki.log; finish; }
# tsa_up NAME MODE: a TSA in directory NAME; its URL in TSA_URL
tsa_up() {
    mkdir -p "$1" && cp tsa/tsa.key tsa/tsa.pem tsa/chain.pem tsa/serial "$1"/
    cat >"$1/tsa.cnf" <<CNF
[ tsa ]
default_tsa = this
[ this ]
dir = $BED/$1
serial = \$dir/serial
crypto_device = builtin
signer_cert = \$dir/tsa.pem
certs = \$dir/chain.pem
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
    /usr/bin/python3 "$here/tsa_server.py" "$BED/$1" "$2" 2>"$1/server.err" &
    tsa_pids+=($!)
    for _ in $(seq 300); do [ -s "$1/port" ] && break; sleep 0.1; done  # 30 s: Python starting on a loaded machine
    [ -s "$1/port" ] || { fail "tsa_server.py did not start"; cat "$1/server.err"; finish; }
    TSA_URL="http://127.0.0.1:$(cat "$1/port")/tsa"
}
# token_ok FILE PATH: openssl ts -verify accepts signer PATH's token over its signature value
token_ok() {
    local digest
    digest=$(/usr/bin/python3 "$here/token_check.py" "$1" "$2" "$1.$2.tst") || return 1
    openssl ts -verify -token_in -in "$1.$2.tst" -digest "$digest" -CAfile pki/root-ca.pem \
        -untrusted tsa/chain.pem
}

tsa_up honest honest
expect "sign --tsa (qualified key): a time-stamped signature" \
    bash -c "'$SIGN' sign decision.txt -o stamped.p7s --tsa '$TSA_URL' --pin-fd 3 3<<<123456"
expect_out "openssl ts -verify accepts signer 1's token (imprint: SHA-256 of its signature value)" \
    '^Verification: OK$' token_ok stamped.p7s 1
expect_exit 0 "ias-sign verify accepts it" "$SIGN" verify stamped.p7s decision.txt "${anchors[@]}"
expect_last "^  stamped:  [0-9-]+T[0-9:]+Z by .*CN=IAS-ECC Test TSA" "and shows the time and the authority"
expect "openssl cms -verify -cades still accepts the signature" openssl cms -verify -cades -binary -purpose any \
    -inform DER -in stamped.p7s -content decision.txt -CAfile pki/root-ca.pem -out /dev/null
expect "asn1crypto: attributes, digest and signature unchanged by the unsigned attribute" \
    $witness stamped.p7s decision.txt
expect "cosign --tsa (authentication key)" bash -c \
    "'$SIGN' cosign stamped.p7s decision.txt -o co.p7s --key auth --tsa '$TSA_URL' ${anchors[*]} --pin-fd 3 3<<<1234"
expect_out "openssl ts -verify accepts the co-signer's token" '^Verification: OK$' token_ok co.p7s 2
expect "countersign signer 1 --tsa" bash -c "'$SIGN' countersign co.p7s decision.txt --signer 1 -o cs.p7s \
    --key auth --tsa '$TSA_URL' ${anchors[*]} --pin-fd 3 3<<<1234"
# The counter-signer's path as verify lists it (re-encoding may reorder the top-level signers).
cpath=$("$SIGN" verify cs.p7s decision.txt "${anchors[@]}" --json | /usr/bin/python3 -c \
    'import json,sys; print([s["path"] for s in json.load(sys.stdin)["signers"] if s["counterSignature"]][0])')
expect_out "openssl ts -verify accepts the counter-signer's token ($cpath)" '^Verification: OK$' \
    token_ok cs.p7s "$cpath"
expect_exit 0 "ias-sign verify: three signers, three time-stamps" "$SIGN" verify cs.p7s decision.txt "${anchors[@]}"
[ "$(grep -c '^ *stamped: ' "$BED/last.out")" = 3 ] && pass "...each one shown" || fail "not 3 stamped lines"
expect_out "--json gives each signer's time-stamp" '^3$' bash -c "'$SIGN' verify cs.p7s decision.txt \
    ${anchors[*]} --json | /usr/bin/python3 -c 'import json,sys; print(sum(1 for s in json.load(sys.stdin)[\"signers\"] if s[\"timeStamp\"]))'"

# A damaged token: one bit of the TSA's signature (the token's last bytes; a byte in the certificates it carries
# may change nothing, as the same certificates come from the file).
/usr/bin/python3 - stamped.p7s stamped.p7s.1.tst bad-token.p7s <<'PY'
import sys
data, token = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
at = data.find(token)
assert at > 0 and data.find(token, at + 1) < 0
out = bytearray(data)
out[at + len(token) - 16] ^= 0x01
open(sys.argv[3], "wb").write(bytes(out))
PY
expect_exit 14 "a damaged time-stamp token: ias-sign verify refuses the signer" \
    "$SIGN" verify bad-token.p7s decision.txt "${anchors[@]}"
expect_last "problem:  time-stamp refused" "and says the time-stamp is why"
expect_not "openssl ts -verify refuses that token too" token_ok bad-token.p7s 1

# Two valid tokens exchanged between the signers of co.p7s: each over the other's signature value.
$tamper swap-token co.p7s swapped.p7s 1 2
expect_exit 14 "time-stamp tokens swapped between two signers: ias-sign verify refuses" \
    "$SIGN" verify swapped.p7s decision.txt "${anchors[@]}"
[ "$(grep -c 'problem:  time-stamp refused' "$BED/last.out")" = 2 ] && pass "...both signers, for their time-stamp" \
    || fail "not two time-stamp refusals"
expect_not "openssl ts -verify refuses signer 1's token over signer 1's signature" token_ok swapped.p7s 1

# A TSA that answers every request with its first token: the second one's nonce and imprint are not ours.
tsa_up replay replay
expect "the replaying TSA's first answer is a good token" \
    bash -c "'$SIGN' sign decision.txt -o first.p7s --key auth --tsa '$TSA_URL' --pin-fd 3 3<<<1234"
expect_exit 10 "its second answer (another request's token) is refused" \
    bash -c "'$SIGN' sign decision.txt -o second.p7s --key auth --tsa '$TSA_URL' --pin-fd 3 3<<<1234"
expect_last "answered for another request" "the message says so"
[ ! -e second.p7s ] && pass "...and no file is written" || fail "second.p7s written"
expect_exit 10 "no TSA at the URL: refused" \
    bash -c "'$SIGN' sign decision.txt -o none.p7s --key auth --tsa http://127.0.0.1:1/tsa --pin-fd 3 3<<<1234"
expect_last "did not answer" "the message says the authority did not answer"
[ ! -e none.p7s ] && pass "...and no file is written" || fail "none.p7s written"
mark_log
expect_exit 2 "an https TSA URL: a usage error" \
    bash -c "'$SIGN' sign decision.txt -o tls.p7s --key auth --tsa https://127.0.0.1:1/tsa --pin-fd 3 3<<<1234"
[ "$(log_since_mark | grep -c '^C ')" = 0 ] && pass "...before any command reached the card" || fail "APDUs were sent"
finish
