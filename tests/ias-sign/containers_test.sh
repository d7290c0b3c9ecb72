#!/bin/bash
# ias-sign's files that carry their document, on the test bed's virtual card. ASiC-S containers (--asic,
# EN 319 162-1) signed, co-signed, counter-signed and verified by ias-sign, each checked by software that is
# not ours: Python's zipfile reads the layout from the file's bytes and extracts the parts (asic_tool.py
# check), `openssl cms -verify -cades` and attributes_check.py (python3-asn1crypto) judge the extracted
# signature over the extracted document. Damaged containers (asic_tool.py damage) are refused with the
# reason; a refused command changes no file. Enveloping signatures (--enveloping, .p7m): OpenSSL extracts
# the document and verifies it; a changed document inside is refused by ours and by OpenSSL.
. "$(dirname "$0")/signlib.sh"
bed_up
cd "$BED" || exit 1
asic="/usr/bin/python3 $here/asic_tool.py"
anchors=(--anchors pki/root-ca.pem)
# witnessed CONTAINER SIGNERS: the layout, then the extracted parts, by Python and OpenSSL
witnessed() {
    local dir
    dir=$(mktemp -d "$BED/x.XXXXXX")
    expect_out "$1: Python's zipfile: mimetype first and stored, media type at offset 38, one document" \
        '^decision\.txt$' $asic check "$1" "$dir"
    expect "$1: the document in it is the one signed (byte for byte)" cmp "$dir/decision.txt" decision.txt
    expect "$1: openssl cms -verify -cades accepts the extracted signature over the extracted document" \
        openssl cms -verify -cades -binary -purpose any -inform DER -in "$dir/META-INF/signature.p7s" \
        -content "$dir/decision.txt" -CAfile pki/root-ca.pem -out /dev/null
    expect "$1: asn1crypto: attributes, digest and signatures of the extracted parts" \
        $witness "$dir/META-INF/signature.p7s" "$dir/decision.txt"
    expect_out "$1: $2 signer(s)" "^$2\$" bash -c "openssl cms -cmsout -print -inform DER \
        -in '$dir/META-INF/signature.p7s' | grep -c 'signatureAlgorithm:'"
}
write_decision

# --- sign into a container ---
expect "sign --asic with the qualified key: decision.txt.asics" \
    bash -c "'$SIGN' sign decision.txt --asic --pin-fd 3 3<<<123456"
witnessed decision.txt.asics 1
expect_exit 0 "ias-sign verify CONTAINER (no document argument: it is inside)" \
    "$SIGN" verify decision.txt.asics "${anchors[@]}"
expect_last "signer 1: VERIFIED" "signer 1 verified"
expect_exit 2 "a container and a document: refused as usage (the container holds its document)" \
    "$SIGN" verify decision.txt.asics decision.txt "${anchors[@]}"

# --- co-sign and counter-sign inside the container ---
cp decision.txt.asics before.asics
expect "cosign CONTAINER -o co.asics with the authentication key" \
    bash -c "'$SIGN' cosign decision.txt.asics -o co.asics --key auth ${anchors[*]} --pin-fd 3 3<<<1234"
expect "cosign with -o left the original container as it was" cmp decision.txt.asics before.asics
witnessed co.asics 2
qserial=$(openssl x509 -in pki/sign.pem -noout -serial | cut -d= -f2)
qissuer=$("$SIGN" verify co.asics "${anchors[@]}" --json | /usr/bin/python3 -c \
    "import json,sys; print([s['issuer'] for s in json.load(sys.stdin)['signers'] if s['serial']=='$qserial'][0])")
expect "countersign the qualified signer inside the container, in place" \
    bash -c "'$SIGN' countersign co.asics --signer '$qissuer:$qserial' --key auth ${anchors[*]} --pin-fd 3 3<<<1234"
witnessed co.asics 2
expect_exit 0 "ias-sign verify: the co-signer and the counter-signer verify" "$SIGN" verify co.asics "${anchors[@]}"
expect_last "counter-signer [12]\.1: VERIFIED" "the counter-signature is listed and verified"

# --- damaged containers: refused with the reason, before any PIN or card command ---
refused() {  # refused MODE EXIT REGEX DESCRIPTION
    $asic damage "$1" co.asics "$1.asics"
    expect_exit "$2" "verify: $4" "$SIGN" verify "$1.asics" "${anchors[@]}"
    expect_last "$3" "...the reason: /$3/"
}
refused other-document 14 "differs from the signed message digest" "the document in the container was changed"
refused two-documents 10 "two documents" "a second document beside the signed one"
refused compressed-mimetype 10 "mimetype is compressed" "a compressed mimetype"
refused wrong-mimetype 10 "not application/vnd.etsi.asic-s\+zip" "the ASiC-E media type"
refused mimetype-last 10 "mimetype is not the first entry" "mimetype after the other entries"
refused no-signature 10 "no META-INF/signature.p7s" "no signature in it"
cp other-document.asics other-before.asics
mark_log
expect_exit 14 "cosign refuses a container whose document was changed" \
    bash -c "'$SIGN' cosign other-document.asics --key auth ${anchors[*]} --pin-fd 3 3</dev/null"
[ "$(log_since_mark | grep -c '^C ')" = 0 ] && pass "...no command reached the card" \
    || fail "APDUs were sent for a refused co-signature"
expect "...and the container is as it was" cmp other-document.asics other-before.asics
printf 'not a zip' > broken.asics
expect_exit 10 "a file alone that is neither a ZIP nor a CMS file is refused as input" "$SIGN" verify broken.asics
expect_last "not a CMS file" "...the reason: not a CMS file"
printf 'PK\003\004 truncated' > truncated.asics
expect_exit 10 "a truncated ZIP is refused as input" "$SIGN" verify truncated.asics "${anchors[@]}"
expect_last "cannot open truncated.asics as a ZIP file" "...the reason names the file"

# --- enveloping: the document inside the CMS file (.p7m) ---
expect "sign --enveloping with the qualified key: decision.txt.p7m" \
    bash -c "'$SIGN' sign decision.txt --enveloping --pin-fd 3 3<<<123456"
expect "openssl cms -verify -cades checks it and gives the document back" \
    openssl cms -verify -cades -binary -purpose any -inform DER -in decision.txt.p7m -CAfile pki/root-ca.pem \
    -out extracted.txt
expect "...the very document, byte for byte" cmp extracted.txt decision.txt
expect "asn1crypto: attributes, digest and signature" $witness decision.txt.p7m decision.txt
expect_exit 0 "ias-sign verify SIG.p7m alone" "$SIGN" verify decision.txt.p7m "${anchors[@]}"
expect_last "signer 1: VERIFIED" "signer 1 verified"
expect_exit 2 "an enveloping signature and a document: usage (it holds its own)" \
    "$SIGN" verify decision.txt.p7m decision.txt "${anchors[@]}"
mkdir -p parts && $asic check co.asics parts >/dev/null && cp parts/META-INF/signature.p7s co-sig.p7s
expect_exit 2 "a detached signature alone: usage (its document is needed)" "$SIGN" verify co-sig.p7s
expect "cosign SIG.p7m -o co.p7m with the authentication key" \
    bash -c "'$SIGN' cosign decision.txt.p7m -o co.p7m --key auth ${anchors[*]} --pin-fd 3 3<<<1234"
expect "openssl cms -verify accepts both signers and gives the same document" \
    openssl cms -verify -cades -binary -purpose any -inform DER -in co.p7m -CAfile pki/root-ca.pem -out co.txt
expect "...byte for byte" cmp co.txt decision.txt
expect_out "...two signers" '^2$' \
    bash -c "openssl cms -cmsout -print -inform DER -in co.p7m | grep -c 'signatureAlgorithm:'"
/usr/bin/python3 - co.p7m changed.p7m <<'PY'
import sys
from asn1crypto import cms
info = cms.ContentInfo.load(open(sys.argv[1], "rb").read())
content = info["content"]["encap_content_info"]["content"]
info["content"]["encap_content_info"]["content"] = content.native.replace(b"approves", b"rejects!")
open(sys.argv[2], "wb").write(info.dump(force=True))
PY
expect_exit 14 "the document inside changed: ias-sign verify refuses it" "$SIGN" verify changed.p7m "${anchors[@]}"
expect_last "differs from the signed message digest" "...the reason: the message digest"
expect_not "openssl refuses it too" openssl cms -verify -cades -binary -purpose any -inform DER -in changed.p7m \
    -CAfile pki/root-ca.pem -out /dev/null
truncate -s 257M big.bin
mark_log
expect_exit 10 "a document over 256 MiB is not enveloped" \
    bash -c "'$SIGN' sign big.bin --enveloping --pin-fd 3 3</dev/null"
expect_last "at most 256 MiB" "...the message says the bound and what to do instead"
[ "$(log_since_mark | grep -c '^C ')" = 0 ] && pass "...before the card is used" || fail "APDUs were sent"
rm -f big.bin
finish
