#!/bin/bash
# deb_works_test.sh DIR: the package's own files work. The fixture's .deb is unpacked with dpkg -x into a
# temporary root (nothing is installed on the machine); against a test bed, pkcs11-tool with the unpacked
# module lists the card's tokens and signs with the authentication key (openssl verifies the signature with
# the certificate read through the same module), the unpacked ias-tool lists the card, the packaged default
# configuration is accepted line by line, and neither the test bed's SM keys nor its PINs are in the package.
deb=$(cat "$1/deb.path") || { echo "FAIL: no package from packaging.deb_build"; exit 1; }
[ -f "$deb" ] || { echo "FAIL: $deb is missing"; exit 1; }
root=$(mktemp -d "${TMPDIR:-/tmp}/ias-deb-root.XXXXXX")
dpkg -x "$deb" "$root" || { echo "FAIL: dpkg -x"; exit 1; }
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
export IAS_PKCS11_MODULE=$root/usr/lib/$multiarch/pkcs11/libias-pkcs11.so
source "$(dirname "$0")/../pkcs11-clients/clientlib.sh"
client_bed_up
trap 'bed_down; rm -rf "$root"' EXIT
P11=(pkcs11-tool --module "$MODULE")
tool() { LD_LIBRARY_PATH=$root/usr/lib/$multiarch/ias-ecc "$root/usr/bin/ias-tool" "$@"; }

expect_out "pkcs11-tool -L with the packaged module shows the authentication token" \
    'token label +: IAS-ECC Test Card Auth PIN' "${P11[@]}" -L
printf 'signed with the packaged module\n' >"$W/msg.txt"
"${P11[@]}" --slot 1 --login --pin "$AUTH_PIN" --sign -m SHA256-RSA-PKCS --id 01 -i "$W/msg.txt" -o "$W/sig" \
    >"$W/sign.out" 2>&1 || { fail "pkcs11-tool --sign"; cat "$W/sign.out"; }
card_pubkey 01 "$W/auth.pub" || fail "the authentication certificate read with --read-object"
expect "openssl verifies the signature with the certificate read through the packaged module" \
    openssl dgst -sha256 -verify "$W/auth.pub" -signature "$W/sig" "$W/msg.txt"
printf 'another text\n' >"$W/other.txt"
expect_not "the signature does not verify another text" \
    openssl dgst -sha256 -verify "$W/auth.pub" -signature "$W/sig" "$W/other.txt"
expect_out "the packaged ias-tool lists the card's certificates" 'Authentication certificate' tool list
expect "the packaged ias-tool finds the packaged libias-api.so.0 (ldd)" \
    bash -c "LD_LIBRARY_PATH='$root/usr/lib/$multiarch/ias-ecc' ldd '$root/usr/bin/ias-tool' | grep -q '$root/usr/lib/$multiarch/ias-ecc/libias-api.so.0'"

# The PIN dialog at its installed path, with no environment variable naming it: with pin.dialog = always and a
# display named, a login without a PIN makes the module start /usr/libexec/ias-ecc/ias-pinentry, which is not
# installed on this machine (only unpacked): the module says so, naming that path, and nothing is verified.
printf 'pin.dialog = always\n' | cat - "$BED/ias-ecc.conf" >"$W/dialog.conf"
(unset IAS_PINENTRY; IAS_ECC_CONF=$W/dialog.conf DISPLAY=:77 "${P11[@]}" --slot 1 --login --read-object \
    --type cert --id 01 -o "$W/dialog.der") >"$W/dialog.out" 2>&1
expect "the module looks for the PIN dialog at /usr/libexec/ias-ecc/ias-pinentry" \
    grep -q "/usr/libexec/ias-ecc/ias-pinentry is missing or not executable" "$W/dialog.out"

# Every commented "key = value" of the packaged ias-ecc.conf, uncommented, is understood by the module (it
# logs a line for each one it ignores) and by ias-api (a malformed sm. line fails the card's opening).
sed -n 's/^#\([a-z_.]* = [^<]*\)$/\1/p' "$root/etc/ias-ecc/ias-ecc.conf" >"$W/uncommented.conf"
expect "the packaged configuration has commented defaults" test "$(wc -l <"$W/uncommented.conf")" -ge 7
cat "$BED/ias-ecc.conf" >>"$W/uncommented.conf"  # the bed's SM keys, so that the card still opens
IAS_ECC_CONF=$W/uncommented.conf "${P11[@]}" -L >"$W/conf.out" 2>&1
expect "the module lists the card with the uncommented defaults" grep -q 'IAS-ECC Test Card Auth PIN' "$W/conf.out"
expect_not "the module ignored none of them" grep -q "ignored" "$W/conf.out"
IAS_ECC_CONF=$W/uncommented.conf tool list >"$W/conf-tool.out" 2>&1
expect "ias-tool lists the card with them" grep -q 'Authentication certificate' "$W/conf-tool.out"

# The test bed's SM keys (hex as in its ias-ecc.conf, and the raw bytes) and its PINs are nowhere in the package.
keys=$(sed -n 's/^sm\.keyset\.[^=]*= *\([0-9A-Fa-f]*\)$/\1/p' "$BED/ias-ecc.conf" | sort -u)
expect "the test bed has SM keys to look for" test -n "$keys"
for k in $keys; do
    raw=$(printf '%s' "$k" | xxd -r -p | tr -d '\0')
    expect_not "SM test key $k is not in the package (hex)" grep -rqaiF -- "$k" "$root"
    expect_not "SM test key $k is not in the package (bytes)" grep -rqaF -- "$raw" "$root"
done
# The test PKI's certificates and private keys (DER bytes) neither.
for k in "$BED"/pki/*.key; do openssl pkey -in "$k" -outform DER -out "${k%.key}.key.der" 2>/dev/null; done
expect "no certificate or private key of the test PKI is in the package" /usr/bin/python3 -c '
import os, sys
blobs = {}
for name in os.listdir(sys.argv[1]):
    if name.endswith(".der"):
        blobs[name] = open(os.path.join(sys.argv[1], name), "rb").read()
assert blobs, "no DER files in the test PKI"
found = []
for top, _, files in os.walk(sys.argv[2]):
    for f in files:
        path = os.path.join(top, f)
        if os.path.islink(path):
            continue
        data = open(path, "rb").read()
        found += [name + " in " + path for name, blob in blobs.items() if blob in data]
print("\n".join(found) or "%d DER files, none found" % len(blobs))
sys.exit(1 if found else 0)
' "$BED/pki" "$root"
expect_not "no test PIN in the configuration" grep -rqE '(^|[^0-9])(1234|123456|12345678)([^0-9]|$)' "$root/etc"
finish
