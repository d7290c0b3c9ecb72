#!/usr/bin/python3
"""Writes the PKCS#15 sample files the ias-api tests parse, with a DER encoder of its own (stdlib only),
independent of the C++ parsers. Run from anywhere: /usr/bin/python3 make_pkcs15_samples.py

The grammar is PKCS#15 v1.1 / ISO 7816-15 as OpenSC 0.23 reads it (pkcs15.c, pkcs15-pin.c, pkcs15-prkey.c,
pkcs15-pubkey.c, pkcs15-cert.c, dir.c). The expected values the tests check are the literal values below.

Certificates come from the openssl CLI; they are made once (kept if present, so the committed bytes stay
stable) and their expected subject/issuer/serial/SPKI/modulus are taken from `openssl x509` and
`openssl asn1parse` output, not from our code.
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


# ---- a tiny DER encoder -------------------------------------------------------------------------------------
def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    return tag_bytes + length(len(content)) + content


def seq(*items):
    return tlv(0x30, b"".join(items))


def integer(n, tag=0x02):
    size = 1
    while not -(1 << (8 * size - 1)) <= n < (1 << (8 * size - 1)):
        size += 1
    return tlv(tag, n.to_bytes(size, "big", signed=True))


def enumerated(n):
    return integer(n, 0x0A)


def boolean(v):
    return tlv(0x01, b"\xff" if v else b"\x00")


def null():
    return tlv(0x05, b"")


def octets(b, tag=0x04):
    return tlv(tag, bytes(b))


def utf8(s, tag=0x0C):
    return tlv(tag, s.encode("utf-8"))


def printable(s):
    return tlv(0x13, s.encode("ascii"))


def gentime(s):
    return tlv(0x18, s.encode("ascii"))


def named_bits(*bits):
    """BIT STRING of a named bit list, DER form: trailing zero bits removed (X.690 11.2.2)."""
    if not bits:
        return tlv(0x03, b"\x00")
    top = max(bits)
    nbytes = top // 8 + 1
    data = bytearray(nbytes)
    for b in bits:
        data[b // 8] |= 0x80 >> (b % 8)
    unused = 7 - top % 8
    return tlv(0x03, bytes([unused]) + bytes(data))


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    first = 40 * arcs[0] + arcs[1]
    out = bytearray()
    for arc in [first] + arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.insert(0, 0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(chunk)
    return tlv(0x06, bytes(out))


def ctx(n, content, constructed=True):
    return tlv((0xA0 if constructed else 0x80) | n, content)


def path(p, index=None, length_=None):
    items = [octets(bytes.fromhex(p))]
    if index is not None:
        items += [integer(index), integer(length_, 0x80)]
    return seq(*items)


def name_cn(cn):
    # Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue)
    return seq(tlv(0x31, seq(oid("2.5.4.3"), utf8(cn))))


def common_object(label, flags=(), auth_id=None, extra=b""):
    items = [utf8(label)]
    if flags:
        items.append(named_bits(*flags))
    if auth_id is not None:
        items.append(octets(auth_id))
    if extra:
        items.append(extra)
    return seq(*items)


# PKCS#15 bit numbers
PRIVATE, MODIFIABLE = 0, 1
CASE_SENSITIVE, LOCAL, CHANGE_DISABLED, UNBLOCK_DISABLED, INITIALIZED, NEEDS_PADDING, UNBLOCKING_PIN, SO_PIN = range(8)
ENCRYPT, DECRYPT, SIGN, SIGN_RECOVER, WRAP, UNWRAP, VERIFY, VERIFY_RECOVER, DERIVE, NON_REPUDIATION = range(10)
SENSITIVE, EXTRACTABLE, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE, KEY_LOCAL = range(5)
OP_COMPUTE_SIGNATURE, OP_DECIPHER, OP_HASH = 1, 5, 6
TOKEN_READONLY, TOKEN_PRN_GENERATION = 0, 2
PIN_ASCII_NUMERIC = 1

AID_ECC_EID = bytes.fromhex("E828BD080FD2504543432D654944")
AID_GENERIC = bytes.fromhex("E828BD080FD25047656E65726963")


# ---- sample files -------------------------------------------------------------------------------------------
def ef_dir():
    return (tlv(0x61, octets(AID_ECC_EID, 0x4F) + utf8("ECC eID", 0x50) + octets(bytes.fromhex("3F005000"), 0x51))
            + tlv(0x61, octets(AID_GENERIC, 0x4F) + utf8("Generic", 0x50)))


def odf():
    return (ctx(8, path("7001")) + ctx(0, path("7002")) + ctx(1, path("7004"))
            + ctx(4, path("7005")) + ctx(7, path("7006")))


def algorithm(ref, mech, params, ops, objid=None, alg_ref=None):
    items = [integer(ref), integer(mech), params, named_bits(*ops)]
    if objid:
        items.append(oid(objid))
    if alg_ref is not None:
        items.append(integer(alg_ref))
    return seq(*items)


def tokeninfo():
    algs = [
        algorithm(1, 0x220, null(), [OP_HASH], "1.3.14.3.2.26", 0x10),                                  # CKM_SHA_1
        algorithm(2, 0x250, null(), [OP_HASH], "2.16.840.1.101.3.4.2.1", 0x40),                          # CKM_SHA256
        algorithm(3, 0x1, null(), [OP_COMPUTE_SIGNATURE, OP_DECIPHER], "1.2.840.113549.1.1.1", 0x02),   # RSA_PKCS
        algorithm(4, 0x40, null(), [OP_COMPUTE_SIGNATURE], "1.2.840.113549.1.1.11", 0x42),               # SHA256_RSA
        algorithm(5, 0x1041, oid("1.2.840.10045.3.1.7"), [OP_COMPUTE_SIGNATURE], "1.2.840.10045.2.1", 0x80),  # ECDSA
    ]
    return seq(integer(0), octets(bytes.fromhex("0123456789ABCDEF")), utf8("IAS-ECC Test"),
               utf8("Test IAS-ECC card", 0x80), named_bits(TOKEN_READONLY, TOKEN_PRN_GENERATION),
               ctx(2, b"".join(algs)), utf8("Test Issuer", 0x83), ctx(5, gentime("20260101000000Z")),
               printable("en"))


def pin(label, auth_id, puk_id, flags, min_len, stored, max_len, ref, path_hex=None, ext=b""):
    attrs = [named_bits(*flags), enumerated(PIN_ASCII_NUMERIC), integer(min_len), integer(stored),
             integer(max_len), integer(ref, 0x80), octets(b"\xff")]
    if path_hex:
        attrs.append(path(path_hex))
    return seq(common_object(label, (PRIVATE, MODIFIABLE), puk_id), seq(octets(auth_id)),
               ctx(1, seq(*attrs) if not ext else seq(*(attrs + [ext]))))


def aodf():
    return (pin("PIN global", b"\x01", b"\x03", (INITIALIZED, NEEDS_PADDING), 4, 8, 8, 0x01, "3F00")
            + pin("PIN signature", b"\x02", b"\x03", (LOCAL, INITIALIZED, NEEDS_PADDING), 6, 8, 8, 0x81)
            + pin("PUK", b"\x03", None, (UNBLOCK_DISABLED, INITIALIZED, UNBLOCKING_PIN, SO_PIN), 8, 8, 8, 0x03))


KEY_ACCESS = (SENSITIVE, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE, KEY_LOCAL)


def common_key(key_id, usage, ref, alg_refs=None, access=KEY_ACCESS):
    items = [octets(key_id), named_bits(*usage)]
    if access:
        items.append(named_bits(*access))
    items.append(integer(ref))
    if alg_refs:
        items.append(ctx(1, b"".join(integer(a) for a in alg_refs)))
    return seq(*items)


def prkdf():
    rsa_auth = seq(common_object("Authentication key", (PRIVATE,), b"\x01"),
                   common_key(b"\x11", (DECRYPT, SIGN), 0x01, [3, 4]),
                   ctx(0, seq(name_cn("Test Holder"))),
                   ctx(1, seq(seq(), integer(2048))))
    rsa_sign = seq(common_object("Signature key", (PRIVATE,), b"\x02"),
                   common_key(b"\x12", (NON_REPUDIATION,), 0x02, [4]),
                   ctx(1, seq(seq(), integer(3072))))
    ec_auth = ctx(0, common_object("EC authentication key", (PRIVATE,), b"\x01")
                  + common_key(b"\x13", (SIGN,), 0x03, [5])
                  + ctx(1, seq(seq(), integer(256))))
    return rsa_auth + rsa_sign + ec_auth


def pukdf(rsa_modulus, rsa_exponent):
    rsa_sdo = seq(common_object("Authentication public key"),
                  common_key(b"\x11", (ENCRYPT, VERIFY), 0x01, access=()),
                  ctx(1, seq(seq(), integer(2048))))
    rsa_direct = seq(common_object("Certificate public key"),
                     common_key(b"\x21", (VERIFY,), 0x05, access=()),
                     ctx(1, seq(ctx(0, seq(integer(rsa_modulus), integer(rsa_exponent))), integer(2048))))
    ec_path = ctx(0, common_object("EC public key") + common_key(b"\x13", (VERIFY,), 0x03, access=())
                  + ctx(1, seq(path("3F005000B003"))))
    return rsa_sdo + rsa_direct + ec_path


def cdf(ca_der):
    auth = seq(common_object("Authentication certificate"), seq(octets(b"\x11")),
               ctx(1, seq(path("B001"))))
    sign = seq(common_object("Signature certificate"), seq(octets(b"\x12")),
               ctx(1, seq(path("B002", 0, 1234))))
    ca = seq(common_object("Issuing CA"), seq(octets(b"\x21"), boolean(True)),
             ctx(1, seq(ctx(0, ca_der))))
    return auth + sign + ca


# ---- samples with optional and unknown components, to prove they are tolerated -----------------------------
def aodf_extensions():
    unknown_tail = ctx(9, integer(1))  # an extension after the last known PinAttributes component
    pin_ext = seq(seq(utf8("PIN with extensions"), named_bits(PRIVATE), octets(b"\x03"), integer(1),
                      seq(seq(named_bits(0), octets(b"\x01"))), ctx(7, b"")),
                  seq(octets(b"\x01"), integer(1), ctx(0, octets(b"\x3f\x00"), constructed=False)),
                  ctx(1, seq(named_bits(INITIALIZED), enumerated(2), integer(4), integer(12),
                             gentime("20250101000000Z"), unknown_tail)))
    biometric = ctx(0, seq(utf8("Finger")) + seq(octets(b"\x09")) + ctx(1, seq(integer(0))))
    auth_key = ctx(1, seq(utf8("Auth key")) + seq(octets(b"\x0A")) + ctx(1, seq(octets(b"\x01"))))
    return biometric + pin_ext + auth_key


def prkdf_extensions():
    gost = ctx(4, seq(utf8("GOST key")) + seq(octets(b"\x31"), named_bits(SIGN))
               + ctx(1, seq(path("3F00"), integer(1))))
    rsa = seq(seq(utf8("Key with extensions")),
              seq(octets(b"\x41"), named_bits(SIGN), boolean(False), named_bits(SENSITIVE), integer(0x84 - 256),
                  gentime("20250101000000Z"), ctx(0, b"20300101000000Z", constructed=False),
                  ctx(1, integer(7)), ctx(9, b"")),
              ctx(1, seq(path("3F0050004401"), integer(1024), integer(3), ctx(8, b""))))
    return gost + rsa


def tokeninfo_extensions():
    vendor = algorithm(9, 0x80000001, tlv(0x30, b""), [OP_HASH])
    return seq(integer(1), utf8("Maker"), ctx(0, utf8("Explicit label")), named_bits(),
               seq(seq(integer(1), oid("1.2.3"))), ctx(1, integer(5, 0x80)), ctx(2, vendor),
               ctx(5, gentime("20260101000000Z")), ctx(6, oid("1.2.3.4")), ctx(7, integer(0)))


def odf_extensions():
    return ctx(0, ctx(0, b"")) + ctx(9, path("7009")) + ctx(4, path("3F0050007005", 4, 100)) + ctx(8, path("7001"))


def cdf_extensions(ca_der):
    attr_cert = ctx(0, seq(utf8("Attribute certificate")) + seq(octets(b"\x55")) + ctx(1, seq(path("B0FF"))))
    x509 = seq(seq(utf8("CA with attributes"), named_bits(MODIFIABLE)),
               seq(octets(b"\x21"), boolean(True), seq(integer(1), octets(b"\x21")), ctx(0, b""), ctx(7, b"")),
               ctx(1, seq(path("B0A0"), name_cn("Test CA"), ctx(0, name_cn("Test Root")), integer(7))))
    return attr_cert + x509


# ---- certificates -------------------------------------------------------------------------------------------
def run(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw).stdout


CERTIFICATES = [
    # name, subject, serial, key algorithm options, issuer (None: self-signed)
    ("ca_cert", "/CN=Test Issuing CA/O=IAS-ECC Test", "0x01", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
     None),
    ("rsa_cert", "/CN=Test Holder/O=IAS-ECC Test", "0x1234ABCD",
     ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "ca_cert"),
    ("ec_cert", "/CN=Test EC Holder/O=IAS-ECC Test", "0x00FF00",
     ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "ca_cert"),
]


def make_certificates():
    """Made once: the keys live only in a temporary directory, the committed .der files stay as they are."""
    if all(os.path.exists(os.path.join(HERE, c[0] + ".der")) for c in CERTIFICATES):
        return
    with tempfile.TemporaryDirectory() as tmp:
        for name, subj, serial, key_args, ca in CERTIFICATES:
            key = os.path.join(tmp, name + ".key")
            pem = os.path.join(tmp, name + ".pem")
            run("openssl", "genpkey", *key_args, "-out", key)
            if ca is None:
                run("openssl", "req", "-x509", "-new", "-key", key, "-subj", subj, "-days", "7300",
                    "-set_serial", serial, "-out", pem)
            else:
                csr = os.path.join(tmp, name + ".csr")
                ext = os.path.join(tmp, name + ".ext")
                with open(ext, "w") as f:
                    f.write("keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n")
                run("openssl", "req", "-new", "-key", key, "-subj", subj, "-out", csr)
                run("openssl", "x509", "-req", "-in", csr, "-CA", os.path.join(tmp, ca + ".pem"),
                    "-CAkey", os.path.join(tmp, ca + ".key"), "-set_serial", serial, "-days", "7300",
                    "-extfile", ext, "-out", pem)
            run("openssl", "x509", "-in", pem, "-outform", "DER", "-out", os.path.join(HERE, name + ".der"))


def top_level_elements(der_path):
    """(offset, header length, length) of the tbsCertificate components, as openssl asn1parse sees them."""
    text = run("openssl", "asn1parse", "-inform", "DER", "-in", der_path).decode()
    out = []
    for line in text.splitlines():
        m = re.match(r"\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)", line)
        if m and int(m.group(2)) == 2:
            out.append((int(m.group(1)), int(m.group(3)), int(m.group(4))))
    return out


def expectations(name):
    der_path = os.path.join(HERE, name + ".der")
    data = open(der_path, "rb").read()
    parts = top_level_elements(der_path)  # [0]version (v3 only), serial, signature, issuer, validity, ...
    if data[parts[0][0]] == 0xA0:
        parts = parts[1:]
    parts = [(0, 0, 0)] + parts  # index 1 is the serial whatever the version
    whole = [data[o:o + h + l] for o, h, l in parts]
    x = lambda *a: run("openssl", "x509", "-inform", "DER", "-in", der_path, "-noout", *a).decode().strip()
    lines = {
        "serial": whole[1].hex().upper(),
        "issuer": whole[3].hex().upper(),
        "subject": whole[5].hex().upper(),
        "spki": whole[6].hex().upper(),
        "subject_text": x("-subject", "-nameopt", "RFC2253").split("=", 1)[1].strip(),
    }
    mod = x("-modulus")
    if mod.startswith("Modulus="):
        lines["modulus"] = mod.split("=", 1)[1]
    with open(os.path.join(HERE, name + ".expected"), "w") as f:
        for k, v in lines.items():
            f.write(f"{k}={v}\n")


def rsa_numbers(name):
    der_path = os.path.join(HERE, name + ".der")
    mod = run("openssl", "x509", "-inform", "DER", "-in", der_path, "-noout", "-modulus").decode()
    n = int(mod.strip().split("=", 1)[1], 16)
    text = run("openssl", "x509", "-inform", "DER", "-in", der_path, "-noout", "-text").decode()
    e = int(re.search(r"Exponent: (\d+)", text).group(1))
    return n, e


def main():
    make_certificates()
    for c in ("ca_cert", "rsa_cert", "ec_cert"):
        expectations(c)
    ca_der = open(os.path.join(HERE, "ca_cert.der"), "rb").read()
    n, e = rsa_numbers("rsa_cert")

    files = {
        "ef_dir.bin": ef_dir(),
        "odf.bin": odf(),
        "tokeninfo.bin": tokeninfo(),
        "aodf.bin": aodf(),
        "prkdf.bin": prkdf(),
        "pukdf.bin": pukdf(n, e),
        "cdf.bin": cdf(ca_der),
        "aodf_extensions.bin": aodf_extensions(),
        "prkdf_extensions.bin": prkdf_extensions(),
        "tokeninfo_extensions.bin": tokeninfo_extensions(),
        "odf_extensions.bin": odf_extensions(),
        "cdf_extensions.bin": cdf_extensions(ca_der),
    }
    for fname, content in files.items():
        with open(os.path.join(HERE, fname), "wb") as f:
            f.write(content)
        # Every sample must be DER that OpenSSL's parser walks from end to end.
        run("openssl", "asn1parse", "-inform", "DER", "-in", os.path.join(HERE, fname))
    print("wrote", ", ".join(sorted(files)), file=sys.stderr)


if __name__ == "__main__":
    main()
