#!/bin/bash
# ias-tool list --json and export (docs/ias-tool.md), the command-line twins of the card browser's report and
# export buttons (one implementation: tools/card-view), on the extended card (RSA and EC keys), each result
# against a witness that is not ours: OpenSC's pkcs15-tool and pkcs11-tool (the card's objects and bytes),
# the card's own answer to VERIFY without data (tries left), openssl x509 / verify (serials, chain, public
# key), Python's json (the report parses) and ssh-keygen (-i -m PKCS8: OpenSSH's own conversion of the PEM key;
# -D: the OpenSSH client reading the module).
. "$(dirname "$0")/toollib.sh"
bed_up --profile extended
cd "$BED" || exit 1
module=${IAS_BUILD_DIR:-$repo/build}/pkcs11/libias-pkcs11.so

# --- list --json: the page as JSON ---
expect "list --json" bash -c "'$TOOL' list --json > report.json"
field() { /usr/bin/python3 -c "import json,sys; r=json.load(open('report.json')); print($1)"; }
expect_out "the report is JSON (Python's json), format version 1, state ready" '^1 ready$' field "r['version'], r['state']"
expect_out "serial as EF.SN holds it (docs/card-profile.md)" '^9000000012345678$' field "r['card']['serial']"
want=$(tries_left 01)
expect_out "auth PIN: $want tries left, as the card answers VERIFY without data" "^$want 3\$" \
    field "[(p['triesLeft'], p['maxTries']) for p in r['pins'] if p['authId']=='01'][0][0], 3"
pkcs15-tool --list-keys > opensc-keys.txt 2>&1 || fail "pkcs15-tool --list-keys"
opensc_keys=$(awk '/^Private (RSA|EC) Key/{t=$2} $1=="ID"{print toupper($NF) ":" t}' opensc-keys.txt | sort | xargs)
expect_out "the keys OpenSC lists, with their types ($opensc_keys)" "^$opensc_keys\$" \
    field "' '.join(sorted(k['id'] + ':' + k['type'] for k in r['keys']))"
expect_out "the qualified key is 02, its PIN for every use" '^02 True$' \
    field "' '.join(k['id'] + ' ' + str(k['pinForEveryUse']) for k in r['keys'] if k['qualified'])"
pkcs15-tool --list-certificates > opensc-certs.txt 2>&1 || fail "pkcs15-tool --list-certificates"
cert_ids=$(awk '/^[[:space:]]*ID/{print toupper($NF)}' opensc-certs.txt)
# read_object ID: the certificate's DER from OpenSC's pkcs11-tool, from whichever of OpenSC's slots shows it
# (it puts the signature PIN's objects in a slot of their own)
read_object() {
    local slot
    for slot in 0 1 2 3; do
        pkcs11-tool --module "$P11" --slot-index $slot --read-object --type cert --id "$1" -o "opensc-$1.der" \
            >/dev/null 2>&1 && return 0
    done
    return 1
}
for id in $cert_ids; do
    read_object "$id" || { fail "pkcs11-tool --read-object $id"; continue; }
    serial=$(openssl x509 -inform DER -in "opensc-$id.der" -noout -serial | cut -d= -f2)
    expect_out "certificate $id: serial $serial (openssl x509 of OpenSC's bytes)" "^$serial\$" \
        field "[c['serial'] for c in r['certificates'] if c['id']=='$id'][0]"
done

# --- export: certificate (DER, PEM), chain, public key, OpenSSH ---
for id in $cert_ids; do
    "$TOOL" export --id "$id" --format der --out "ours-$id.der" && cmp -s "ours-$id.der" "opensc-$id.der" \
        && pass "export --id $id --format der = pkcs11-tool --read-object" || fail "certificate $id DER differs"
    "$TOOL" export --id "$id" --out "ours-$id.pem" && openssl x509 -in "ours-$id.pem" -outform DER | cmp -s - "opensc-$id.der" \
        && pass "export --id $id (PEM) = the same certificate (openssl x509)" || fail "certificate $id PEM differs"
done
expect "export --what chain of the authentication certificate" "$TOOL" export --id 01 --what chain --out chain.pem
expect_out "the chain holds three certificates" '^3$' grep -c 'BEGIN CERTIFICATE' chain.pem
awk '/BEGIN/{n++} {print > ("chain-" n ".pem")}' chain.pem
openssl x509 -in chain-1.pem -outform DER | cmp -s - opensc-01.der && pass "the chain starts with the certificate itself" \
    || fail "the chain's first certificate is not 01"
expect_out "openssl verify: the chain is whole, from the certificate to the self-signed root" ': OK$' \
    openssl verify -x509_strict -CAfile chain-3.pem -untrusted chain-2.pem chain-1.pem
expect_out "and the root is self-signed" 'issuer=.*Root CA' openssl x509 -in chain-3.pem -noout -issuer
for id in 01 03; do
    expect "export --what public-key --id $id" "$TOOL" export --id $id --what public-key --out "pub-$id.pem"
    openssl x509 -inform DER -in "opensc-$id.der" -noout -pubkey | cmp -s - "pub-$id.pem" \
        && pass "public key $id = openssl x509 -pubkey of OpenSC's certificate" || fail "public key $id differs"
    expect "export --what openssh --id $id" "$TOOL" export --id $id --what openssh --out "ssh-$id.pub"
    key=$(cut -d' ' -f1,2 "ssh-$id.pub")
    [ "$(ssh-keygen -i -m PKCS8 -f "pub-$id.pem" | cut -d' ' -f1,2)" = "$key" ] \
        && pass "OpenSSH key $id ($(cut -d' ' -f1 <<<"$key")) = ssh-keygen -i -m PKCS8 of the PEM key" \
        || fail "OpenSSH key $id differs from ssh-keygen's conversion"
    ssh-keygen -D "$module" 2>/dev/null | cut -d' ' -f1,2 | grep -cxF "$key" >/dev/null \
        && pass "OpenSSH key $id is one of ssh-keygen -D libias-pkcs11.so's" || fail "ssh-keygen -D does not list key $id"
done
expect_exit 2 "--format der is for a certificate only" "$TOOL" export --id 01 --what chain --format der
expect_exit 8 "a certificate the card does not have" "$TOOL" export --id 7F
finish
