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
