#!/usr/bin/python3
"""Writes the card profile (docs/virtual-card.md, "Profile format") and the PKCS#15 files of the test card.

usage: make_profile.py OUTDIR standard|extended
Reads the PKI that `personalise` made in OUTDIR/pki, writes OUTDIR/card/*.der (file contents),
OUTDIR/card.profile, OUTDIR/opensc-sm.conf and OUTDIR/ias-ecc.conf. The layout, access rules and test secrets are described
in docs/card-profile.md; keep the two in step.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import der  # noqa: E402

ATR = "3BDF18FF8191FE1FC30031B8640C01ECC173940180829000B3"  # Amos IAS-ECC (facts §1)
DEFAULT_SERIAL = "9000000012345678"  # EF.SN 5A; SN.ICC = these 8 bytes (another holder: personalise --holder)
AID = bytes.fromhex("E828BD080FD2504543432D654944")  # IAS-ECC "ECC-eID" application
ADF = "3F00/5000"

# Test PINs (documented test values, never use elsewhere).
AUTH_PIN, SIGN_PIN, PUK = "1234", "123456", "12345678"

# SM keysets: 16 ASCII characters each, so opensc.conf can name them as text.
KEYSETS = {
    # (df, ref): (enc, mac, kdf algorithm of the SE that names it)
    ("3F00", 1): (b"IAS_MF_ADM_ENC01", b"IAS_MF_ADM_MAC01", 0x8C),
    (ADF, 2): (b"IAS_QSCD_ENC_K02", b"IAS_QSCD_MAC_K02", 0x0C),
    (ADF, 3): (b"IAS_ADF_ADM_ENC3", b"IAS_ADF_ADM_MAC3", 0x8C),
}

# Access rules: 8C value = AMB + one SCB per set bit from 0x40 down (facts §3).
# SCB: 00 always, FF never, 1n user auth (SE n), 4n secure messaging (SE n).
ACL = {
    "mf": "5AFFFFFF43",  # DF: DELETE never, ACTIVATE/DEACTIVATE never, CREATE SM (MF SE 3)
    "adf": "5A45FFFF45",  # DF: DELETE SM, ACTIVATE/DEACTIVATE never, CREATE SM (ADF SE 5)
    "ef_mf_admin": "43434300",  # EF.DIR: DELETE SM, UPDATE SM (MF SE 3), READ always
    "ef_factory": "43FFFF00",  # EF.ATR, EF.SN: DELETE never, UPDATE never, READ always
    "ef_p15": "7B45FF45454500",  # DELETE/ACTIVATE/DEACTIVATE/UPDATE SM (ADF SE 5), TERMINATE never, READ always
    "chv_auth": "7300001243" "00",  # CHANGE always*, VERIFY always, RESET after PUK (SE 2), PUT SM, GET always
    "chv_puk": "730000FF4300",  # RESET never
    "chv_sign": "7312441345" "00",  # CHANGE after sign PIN, VERIFY under SM (SE 4), RESET after PUK (SE 3), PUT SM
    "rsa_auth": "7B111111454500",  # CDS/INT-AUTH/DECIPHER after auth PIN (SE 1); GENERATE/PUT SM; GET always
    "rsa_sign": "7B1212FF454500",  # CDS/INT-AUTH after sign PIN (SE 2); DECIPHER never
    "rsa_pub": "034500",  # PUT SM, GET always
    "ks_mf": "0B0043FF",  # MUTUAL AUTH always, PUT SM, GET never
    "ks_adf": "0B0045FF",
    "se_mf": "034300",
    "se_adf": "034500",
}

# TokenInfo supportedAlgorithms: (reference, PKCS#11 mechanism, parameters, operations, objId, IAS-ECC algRef)
OP_SIGN, OP_DECIPHER, OP_HASH = 1, 5, 6  # PKCS#15 supportedOperations bit numbers
RSA_ENC = "1.2.840.113549.1.1.1"
ALGS_STANDARD = [
    (1, 0x0001, None, OP_SIGN, RSA_ENC, 0x02),  # CKM_RSA_PKCS: DigestInfo, card pads (INTERNAL AUTHENTICATE / CDS)
    (2, 0x0001, None, OP_DECIPHER, RSA_ENC, 0x1A),  # CKM_RSA_PKCS decipher
    (3, 0x0220, None, OP_HASH, "1.3.14.3.2.26", 0x10),  # CKM_SHA_1
    (4, 0x0250, None, OP_HASH, "2.16.840.1.101.3.4.2.1", 0x40),  # CKM_SHA256
    (5, 0x0006, None, OP_SIGN, "1.2.840.113549.1.1.5", 0x12),  # CKM_SHA1_RSA_PKCS
    (6, 0x0040, None, OP_SIGN, "1.2.840.113549.1.1.11", 0x42),  # CKM_SHA256_RSA_PKCS
]
ALGS_EXTENDED = [
    (7, 0x0043, None, OP_SIGN, "1.2.840.113549.1.1.10", 0x35),  # CKM_SHA256_RSA_PKCS_PSS (project extension)
    (8, 0x0044, None, OP_SIGN, "1.2.840.113549.1.1.10", 0x36),  # CKM_SHA384_RSA_PKCS_PSS
    (9, 0x0045, None, OP_SIGN, "1.2.840.113549.1.1.10", 0x37),  # CKM_SHA512_RSA_PKCS_PSS
    (10, 0x1041, "1.2.840.10045.3.1.7", OP_SIGN, None, 0x70),  # CKM_ECDSA on P-256
]


# ---- a tiny DER reader, enough to take the subject and key size out of a certificate ----
def read_tlv(buf, pos):
    tag = buf[pos]
    pos += 1
    if tag & 0x1F == 0x1F:
        while buf[pos] & 0x80:
            pos += 1
        pos += 1
    n = buf[pos]
    pos += 1
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(buf[pos : pos + k], "big")
        pos += k
    return tag, pos, pos + n  # tag, value start, value end


def children(buf, start, end):
    out, pos = [], start
    while pos < end:
        tag, vs, ve = read_tlv(buf, pos)
        out.append((tag, pos, vs, ve))
        pos = ve
    return out


def cert_fields(cert):
    _, vs, ve = read_tlv(cert, 0)
    tbs = children(cert, vs, ve)[0]
    f = children(cert, tbs[2], tbs[3])
    if f[0][0] == 0xA0:  # explicit version
        f = f[1:]
    subject = f[4]
    spki = f[5]
    subject_der = cert[subject[1] : subject[3]]
    spki_kids = children(cert, spki[2], spki[3])
    algo = cert[spki_kids[0][1] : spki_kids[0][3]]
    bits = cert[spki_kids[1][2] + 1 : spki_kids[1][3]]  # skip unused-bits octet
    if der.oid(RSA_ENC) in algo:
        _, rs, re_ = read_tlv(bits, 0)
        modulus = children(bits, rs, re_)[0]
        n = bits[modulus[2] : modulus[3]].lstrip(b"\x00")
        return subject_der, "rsa", len(n) * 8
    return subject_der, "ec", 256


# ---- PKCS#15 building blocks (PKCS#15 v1.1 / ISO 7816-15 as OpenSC 0.23 parses them) ----
def path_fid(fid_hex, length=None):
    items = [der.octets(bytes.fromhex(fid_hex))]
    if length is not None:
        items += [der.integer(0), der.ctx(0, der.integer_body(length), constructed=False)]
    return der.seq(*items)


def path_in_adf():
    # The ADF itself, named by AID with an empty file path (OpenSC's pathExtended form [1]{aid, path}).
    return der.seq(der.ctx(1, der.tlv(0x4F, AID), der.octets(b"")))


def common_obj(label, flags=(), auth_id=None, user_consent=None):
    items = [der.utf8(label)]
    if flags:
        items.append(der.named_bits(*flags))
    if auth_id is not None:
        items.append(der.octets(bytes([auth_id])))
    if user_consent is not None:
        items.append(der.integer(user_consent))
    return der.seq(*items)


PIN_INITIALIZED, PIN_LOCAL, PIN_UNBLOCKING, PIN_SO = 4, 1, 6, 7


def pin_entry(label, auth_id, puk_auth_id, flags, min_len, stored, max_len, ref, path):
    attrs = [
        der.named_bits(*flags),
        der.enumerated(1),  # ascii-numeric
        der.integer(min_len),
        der.integer(stored),
        der.integer(max_len),
        der.ctx(0, der.integer_body(ref), constructed=False),
        der.octets(b"\xff"),  # padChar (the host does not pad: no needs-padding flag)
    ]
    if path is not None:
        attrs.append(path)
    return der.seq(
        common_obj(label, (1,), puk_auth_id),  # modifiable
        der.seq(der.octets(bytes([auth_id]))),
        der.ctx(1, der.seq(*attrs)),
    )


KU_ENCRYPT, KU_DECRYPT, KU_SIGN, KU_VERIFY, KU_NONREP = 0, 1, 2, 6, 9
AF_SENSITIVE, AF_ALWAYS_SENSITIVE, AF_NEVER_EXTRACTABLE = 0, 2, 3


def prkey_entry(label, key_id, auth_id, usage, key_ref, alg_refs, subject, kind, size, consent=None):
    common_key = der.seq(
        der.octets(bytes([key_id])),
        der.named_bits(*usage),
        der.named_bits(AF_SENSITIVE, AF_ALWAYS_SENSITIVE, AF_NEVER_EXTRACTABLE),
        der.integer(key_ref),
        der.ctx(1, *[der.integer(a) for a in alg_refs]),
    )
    body = [common_obj(label, (0,), auth_id, consent), common_key, der.ctx(0, subject)]
    if kind == "rsa":
        body.append(der.ctx(1, der.seq(path_in_adf(), der.integer(size))))
        return der.seq(*body)
    body.append(der.ctx(1, der.seq(path_in_adf(), der.integer(size))))
    return der.ctx(0, *body)  # privateECCKey [0]


def pubkey_entry(label, key_id, usage, key_ref, subject, size):
    # No key data in the file: the key is read from the card as SDO BF A0 <ref> (facts §3).
    return der.seq(
        common_obj(label),
        der.seq(der.octets(bytes([key_id])), der.named_bits(*usage), der.integer(key_ref)),
        der.ctx(0, subject),
        der.ctx(1, der.seq(path_in_adf(), der.integer(size))),
    )


def cert_entry(label, cert_id, fid, length, authority=False):
    attrs = [der.octets(bytes([cert_id]))]
    if authority:
        attrs.append(der.boolean(True))
    return der.seq(common_obj(label), der.seq(*attrs), der.ctx(1, der.seq(path_fid(fid, length))))


def algorithm_info(ref, mech, params, op, objid, algref):
    items = [der.integer(ref), der.integer(mech), der.oid(params) if params else der.null(), der.named_bits(op)]
    if objid:
        items.append(der.oid(objid))
    items.append(der.integer(algref))
    return der.seq(*items)


def main():
    outdir, kind = sys.argv[1], sys.argv[2]
    serial = bytes.fromhex(sys.argv[3] if len(sys.argv) > 3 else DEFAULT_SERIAL)
    extended = kind == "extended"
    pki = os.path.join(outdir, "pki")
    card = os.path.join(outdir, "card")
    os.makedirs(card, exist_ok=True)

    def cert(name):
        with open(os.path.join(pki, name + ".der"), "rb") as f:
            return f.read()

    certs = {n: cert(n) for n in ["auth", "sign", "issuing-ca", "root-ca"] + (["auth-ec"] if extended else [])}
    fields = {n: cert_fields(c) for n, c in certs.items()}

    files = {}  # name -> bytes

    def put(name, data):
        files[name] = data
        with open(os.path.join(card, name), "wb") as f:
            f.write(data)
        return "card/" + name

    # MF files
    ef_dir = der.tlv(0x61, der.tlv(0x4F, AID) + der.tlv(0x50, b"IAS-ECC eID"))
    # EF.ATR: 46 pre-issuing data (IC maker, IC type, OS version, IAS-ECC version), E0 I/O buffer sizes
    # (send, send under SM, receive, receive under SM), facts §2.
    ef_atr = der.tlv(0x46, bytes.fromhex("56431011")) + der.tlv(
        0xE0, bytes.fromhex("020200FF" "020200E7" "02020100" "020200E7")
    )
    ef_sn = der.tlv(0x5A, serial)

    algs = ALGS_STANDARD + (ALGS_EXTENDED if extended else [])
    tokeninfo = der.seq(
        der.integer(0),
        der.octets(serial),
        der.utf8("IAS-ECC Middleware Test"),
        der.ctx(0, "IAS-ECC Test Card".encode(), constructed=False),
        der.named_bits(2),  # prnGeneration
        der.ctx(2, *[algorithm_info(*a) for a in algs]),
    )

    # AODF: auth PIN (global, ref 1 -> VERIFY P2 01), signature PIN (local in the ADF, ref 1 -> P2 81),
    # PUK (global, ref 2). The PINs' own authId (CommonObjectAttributes) names the PUK that unblocks them.
    aodf = b"".join(
        [
            pin_entry("Auth PIN", 1, 3, (PIN_INITIALIZED,), 4, 8, 8, 0x01, path_fid("3F00")),
            pin_entry("Signature PIN", 2, 3, (PIN_LOCAL, PIN_INITIALIZED), 6, 8, 8, 0x81, None),
            pin_entry("PUK", 3, None, (PIN_INITIALIZED, PIN_UNBLOCKING, PIN_SO), 8, 8, 8, 0x02, path_fid("3F00")),
        ]
    )

    pss = [7, 8, 9] if extended else []
    prkdf_items = [
        prkey_entry(
            "Authentication key", 1, 1, (KU_DECRYPT, KU_SIGN), 1, [1, 2, 5, 6] + pss,
            fields["auth"][0], "rsa", fields["auth"][2],
        ),
        prkey_entry(
            "Signature key", 2, 2, (KU_SIGN, KU_NONREP), 2, [1, 5, 6] + pss,
            fields["sign"][0], "rsa", fields["sign"][2], consent=1,
        ),
    ]
    if extended:
        prkdf_items.append(
            prkey_entry("Authentication key (EC)", 3, 1, (KU_SIGN,), 3, [10], fields["auth-ec"][0], "ec", 256)
        )
    prkdf = b"".join(prkdf_items)

    pukdf = b"".join(
        [
            pubkey_entry("Authentication public key", 1, (KU_ENCRYPT, KU_VERIFY), 1, fields["auth"][0], fields["auth"][2]),
            pubkey_entry("Signature public key", 2, (KU_VERIFY, KU_NONREP), 2, fields["sign"][0], fields["sign"][2]),
        ]
    )

    cert_files = [("auth", "B001", "Authentication certificate", 1, False),
                  ("sign", "B002", "Signature certificate", 2, False),
                  ("issuing-ca", "B003", "Issuing CA certificate", 0x11, True),
                  ("root-ca", "B004", "Root CA certificate", 0x12, True)]
    if extended:
        cert_files.append(("auth-ec", "B005", "Authentication certificate (EC)", 3, False))
    cdf = b"".join(cert_entry(label, cid, fid, len(certs[n]), auth) for n, fid, label, cid, auth in cert_files)

    def entry(t, n):
        return der.ctx(t, der.seq(der.octets(bytes.fromhex(n))))

    odf = entry(0, "7002") + entry(1, "7004") + entry(4, "7005") + entry(8, "7001")

    lines = [
        "# IAS-ECC test card (%s profile), written by tests/virtual-card/personalise; see docs/card-profile.md." % kind,
        "# TEST VALUES ONLY: auth PIN %s, signature PIN %s, PUK %s." % (AUTH_PIN, SIGN_PIN, PUK),
        "atr " + ATR,
        "serial " + serial.hex().upper(),
        "df 3F00 acl=" + ACL["mf"],
        "ef 3F00/2F00 acl=%s file=%s" % (ACL["ef_mf_admin"], put("2F00-dir.der", ef_dir)),
        "ef 3F00/2F01 acl=%s sfi=1D file=%s" % (ACL["ef_factory"], put("2F01-atr.der", ef_atr)),
        "ef 3F00/D003 acl=%s sfi=1C file=%s" % (ACL["ef_factory"], put("D003-sn.der", ef_sn)),
        "chv 3F00 ref=1 value=%s min=4 max=8 tries=3 acl=%s" % (AUTH_PIN, ACL["chv_auth"]),
        "chv 3F00 ref=2 value=%s min=8 max=8 tries=10 acl=%s" % (PUK, ACL["chv_puk"]),
        "se 3F00 ref=1 crt=A406950108830101 acl=" + ACL["se_mf"],  # user auth: auth PIN
        "se 3F00 ref=2 crt=A406950108830102 acl=" + ACL["se_mf"],  # user auth: PUK
        "se 3F00 ref=3 crt=A4099501C080018C830101 acl=" + ACL["se_mf"],  # SM: keyset 1 of the MF, SHA-256 KDF
    ]

    def keysets(in_df):
        for (df, ref), (enc, mac, _) in KEYSETS.items():
            if df == in_df:
                acl = ACL["ks_mf"] if df == "3F00" else ACL["ks_adf"]
                lines.append("keyset %s ref=%d enc=%s mac=%s acl=%s" % (df, ref, enc.hex().upper(), mac.hex().upper(), acl))

    keysets("3F00")
    lines.append("df %s aid=%s acl=%s" % (ADF, AID.hex().upper(), ACL["adf"]))
    keysets(ADF)
    lines += [
        "chv %s ref=1 value=%s min=6 max=8 tries=3 acl=%s" % (ADF, SIGN_PIN, ACL["chv_sign"]),
        "se %s ref=1 crt=A406950108830101 acl=%s" % (ADF, ACL["se_adf"]),  # user auth: global auth PIN
        "se %s ref=2 crt=A406950108830181 acl=%s" % (ADF, ACL["se_adf"]),  # user auth: local signature PIN
        "se %s ref=3 crt=A406950108830102 acl=%s" % (ADF, ACL["se_adf"]),  # user auth: global PUK
        "se %s ref=4 crt=A4099501C080010C830182 acl=%s" % (ADF, ACL["se_adf"]),  # SM: ADF keyset 2, SHA-1 KDF
        "se %s ref=5 crt=A4099501C080018C830183 acl=%s" % (ADF, ACL["se_adf"]),  # SM: ADF keyset 3, SHA-256 KDF
    ]
    rsa_algs = "02,12,42,1A" + (",35,36,37" if extended else "")
    sign_algs = "02,12,42" + (",35,36,37" if extended else "")
    lines += [
        "rsa %s ref=1 key=pki/auth.key acl=%s pubacl=%s algs=%s" % (ADF, ACL["rsa_auth"], ACL["rsa_pub"], rsa_algs),
        "rsa %s ref=2 key=pki/sign.key acl=%s pubacl=%s algs=%s consent=1" % (ADF, ACL["rsa_sign"], ACL["rsa_pub"], sign_algs),
    ]
    if extended:
        lines.append("ec %s ref=3 key=pki/auth-ec.key acl=%s pubacl=%s algs=70" % (ADF, ACL["rsa_auth"], ACL["rsa_pub"]))
    # PKCS#15 files; the xDFs get spare room for administration (OpenSC and the middleware stop at the
    # first 00/FF after the last object).
    spare = 256
    p15 = [("5031", "odf", odf, 0), ("5032", "tokeninfo", tokeninfo, 0), ("7001", "aodf", aodf, spare),
           ("7002", "prkdf", prkdf, spare), ("7004", "pukdf", pukdf, spare), ("7005", "cdf", cdf, spare)]
    for fid, name, data, extra in p15:
        lines.append("ef %s/%s acl=%s size=%d file=%s" % (ADF, fid, ACL["ef_p15"], len(data) + extra,
                                                        put("%s-%s.der" % (fid, name), data)))
    for n, fid, _, _, _ in cert_files:
        lines.append("ef %s/%s acl=%s file=%s" % (ADF, fid, ACL["ef_p15"], put("%s-%s.der" % (fid, n), certs[n])))

    with open(os.path.join(outdir, "card.profile"), "w") as f:
        f.write("\n".join(lines) + "\n")

    write_opensc_conf(outdir)
    write_ias_conf(outdir)


def write_ias_conf(outdir):
    """The middleware's own configuration (docs/ias-api.md, "Configuration"): this card's SM keysets."""
    lines = [
        "# ias-ecc middleware configuration for the IAS-ECC test card (TEST keys only); use with",
        "# IAS_ECC_CONF=%s" % os.path.join(os.path.abspath(outdir), "ias-ecc.conf"),
        "sm.ifd_serial = 1122334455667788",
    ]
    for (df, ref), (enc, mac, _) in KEYSETS.items():
        scope = "mf" if df == "3F00" else AID.hex().upper()
        lines.append("sm.keyset.%s.%02X.enc = %s" % (scope, ref, enc.hex().upper()))
        lines.append("sm.keyset.%s.%02X.mac = %s" % (scope, ref, mac.hex().upper()))
    with open(os.path.join(outdir, "ias-ecc.conf"), "w") as f:
        f.write("\n".join(lines) + "\n")


def write_opensc_conf(outdir):
    """An opensc.conf that turns on OpenSC's IAS-ECC secure messaging (libsmm-local) with this card's keysets."""
    ks = []
    for (df, ref), (enc, mac, _) in KEYSETS.items():
        names = ["keyset_%02d" % ref]
        if df != "3F00":
            names.append("keyset_%s_%02d" % (AID.hex().upper(), ref))
        for n in names:
            ks.append('        %s_enc = "%s";' % (n, enc.decode()))
            ks.append('        %s_mac = "%s";' % (n, mac.decode()))
    atr = ":".join(ATR[i : i + 2] for i in range(0, len(ATR), 2))
    conf = """# OpenSC configuration for the IAS-ECC test card with secure messaging (test keys only).
app default {
    # debug = 9;
    # debug_file = /tmp/opensc-debug.log;
    card_atr %s {
        driver = "iasecc";
        type = 25004;
        name = "IAS-ECC test card (Amos ATR)";
        secure_messaging = local_ias_test_card;
    }
    secure_messaging local_ias_test_card {
        module_path = "/usr/lib/x86_64-linux-gnu";
        module_name = "libsmm-local.so.8";
        mode = acl;
        ifd_serial = "11:22:33:44:55:66:77:88";
%s
    }
}
""" % (atr, "\n".join(ks))
    with open(os.path.join(outdir, "opensc-sm.conf"), "w") as f:
        f.write(conf)


if __name__ == "__main__":
    main()
