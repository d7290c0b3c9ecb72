# Shared by the ias-sign test-bed scripts: ias-tool's test helpers (tests/tools/toollib.sh), ias-sign under
# test (IAS_SIGN, as CTest sets it), the witnesses of this directory, and the decision every test signs.
# Source it, then bed_up (and gui_up for the dialog) and cd "$BED".
. "$(dirname "${BASH_SOURCE[0]}")/../tools/toollib.sh"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SIGN=${IAS_SIGN:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-sign/ias-sign}
[ -x "$SIGN" ] || { echo "FAIL: no ias-sign at $SIGN"; exit 1; }
# python3-asn1crypto + python3-cryptography: attributes, digests and signatures of a CMS file (attributes_check.py)
witness="/usr/bin/python3 $here/attributes_check.py"
# python3-asn1crypto (+ python3-cryptography): the damaged files of the negative tests (tamper.py)
tamper="/usr/bin/python3 $here/tamper.py"
write_decision() { printf 'Décision n° 42: the committee approves the budget.\n' > decision.txt; }
# openssl_verify SIG DOC: OpenSSL's verdict on every top-level signer (CAdES: signing-certificate-v2) and
# its chain to the test bed's root; it ignores counter-signatures.
openssl_verify() {
    openssl cms -verify -cades -binary -purpose any -inform DER -in "$1" -content "$2" -CAfile pki/root-ca.pem \
        -out /dev/null
}
# path_of FILE SERIAL-HEX COUNTER(True|False): where the signer with that certificate serial is in FILE (a path
# as verify lists it; writing a file re-sorts the SET OF SignerInfo, so paths are asked for, not assumed).
path_of() {
    "$SIGN" verify "$1" decision.txt --anchors pki/root-ca.pem --json | /usr/bin/python3 -c \
        "import json,sys; print([s['path'] for s in json.load(sys.stdin)['signers'] if s['serial']=='$2' and s['counterSignature']==$3][0])"
}
