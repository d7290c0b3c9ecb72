#!/usr/bin/python3
"""Known-answer vectors for CWA 14890 secure messaging as IAS-ECC uses it (ias-ecc-card-facts.md §6).

Independent of the C++ code under test: 3DES comes from Debian's python3-cryptography (cross-checked with the
`openssl enc -des-ede-cbc` CLI), the retail MAC is computed the textbook way (ISO/IEC 9797-1 MAC algorithm 3
block by block with single DES), hashes from hashlib. The message layouts follow OpenSC 0.23
(smm/sm-cwa14890.c, smm/sm-card-iasecc.c) as the facts describe them.

Run:  /usr/bin/python3 make_vectors.py > SmVectors.h
"""
import hashlib
import subprocess

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

ZERO8 = bytes(8)


def h(b):
    return b.hex().upper()


def x(s):
    return bytes.fromhex(s.replace(" ", ""))


def pad(data):  # ISO/IEC 9797-1 padding method 2
    data = data + b"\x80"
    return data + bytes(-len(data) % 8)


def tdes_cbc(key16, data, iv=ZERO8, encrypt=True):
    c = Cipher(algorithms.TripleDES(key16), modes.CBC(iv))
    op = c.encryptor() if encrypt else c.decryptor()
    return op.update(data) + op.finalize()


def des_block(key8, block, encrypt=True):
    # TripleDES with an 8-byte key is K1=K2=K3, i.e. single DES.
    c = Cipher(algorithms.TripleDES(key8), modes.ECB())
    op = c.encryptor() if encrypt else c.decryptor()
    return op.update(block) + op.finalize()


def retail_mac(key16, padded):
    k1, k2 = key16[:8], key16[8:]
    assert len(padded) % 8 == 0 and padded
    hstate = ZERO8
    for i in range(0, len(padded), 8):
        block = bytes(a ^ b for a, b in zip(padded[i:i + 8], hstate))
        hstate = des_block(k1, block)
    return des_block(k1, des_block(k2, hstate, encrypt=False))


def openssl_tdes_cbc(key16, data, iv=ZERO8):
    out = subprocess.run(["openssl", "enc", "-des-ede-cbc", "-K", key16.hex(), "-iv", iv.hex(), "-nopad"],
                         input=data, capture_output=True, check=True)
    return out.stdout


def kdf(k_ifd, k_icc, hashname):
    shared = bytes(a ^ b for a, b in zip(k_ifd, k_icc))
    enc = hashlib.new(hashname, shared + x("00000001")).digest()[:16]
    mac = hashlib.new(hashname, shared + x("00000002")).digest()[:16]
    return enc, mac


def incr(ssc):
    return (int.from_bytes(ssc, "big") + 1).to_bytes(8, "big")


def tlv(tag, value):
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + length + value


def wrap_command(kenc, kmac, ssc, cla, ins, p1, p2, data, le):
    """What OpenSC's sm_cwa_securize_apdu sends; ssc is the value already incremented for this command."""
    cryptogram = tdes_cbc(kenc, pad(data))
    do_data = tlv(0x85, cryptogram) if ins & 1 else tlv(0x87, b"\x01" + cryptogram)
    do97 = tlv(0x97, bytes([le & 0xFF]))
    mac_input = ssc + bytes([cla | 0x0C, ins, p1, p2]) + x("80000000") + do_data + do97
    mac = retail_mac(kmac, pad(mac_input))
    return bytes([cla | 0x0C, ins, p1, p2]), do_data + do97 + tlv(0x8E, mac)


def wrap_response(kenc, kmac, ssc, data, sw):
    """The card's answer: [87 01||enc] 99 02 SW 8E 08 MAC over SSC||DO87||DO99, outer 9000."""
    body = tlv(0x87, b"\x01" + tdes_cbc(kenc, pad(data))) if data else b""
    body += tlv(0x99, sw)
    mac = retail_mac(kmac, pad(ssc + body))
    return body + tlv(0x8E, mac)


def print_header(namespace, vectors, banner):
    """Prints the C++ header of (name, hex value, comment) vectors in `namespace`."""
    print("#pragma once")
    print(banner)
    print("#include <string_view>")
    print()
    print(f"namespace {namespace} {{")
    print()
    for name, value, comment in vectors:
        if comment:
            print(f"// {comment}")
        print(f'inline constexpr std::string_view {name} = "{value}";')
    print()
    print(f"}}  // namespace {namespace}")


def main():
    vectors = []

    def out(name, value, comment=None):
        vectors.append((name, h(value), comment))

    # --- 3DES-CBC ---------------------------------------------------------------------------------
    key = x("0123456789ABCDEF FEDCBA9876543210")
    plain = bytes(range(32))
    iv = x("1122334455667788")
    ct0 = tdes_cbc(key, plain)
    ct_iv = tdes_cbc(key, plain, iv)
    assert ct0 == openssl_tdes_cbc(key, plain), "python-cryptography and openssl CLI disagree"
    assert ct_iv == openssl_tdes_cbc(key, plain, iv)
    assert tdes_cbc(key, ct0, encrypt=False) == plain
    out("kTdesKey", key)
    out("kTdesPlain", plain)
    out("kTdesIv", iv)
    out("kTdesCipherZeroIv", ct0, "3DES-CBC(kTdesKey, IV 0, kTdesPlain)")
    out("kTdesCipherWithIv", ct_iv, "3DES-CBC(kTdesKey, kTdesIv, kTdesPlain)")

    # --- padding ------------------------------------------------------------------------------------
    out("kPadEmpty", pad(b""))
    out("kPadIn5", x("0102030405"))
    out("kPadOut5", pad(x("0102030405")))
    out("kPadIn8", x("0102030405060708"))
    out("kPadOut8", pad(x("0102030405060708")))

    # --- retail MAC ---------------------------------------------------------------------------------
    mac_key = x("7962D9ECE03D1ACD 4C76089DCE131543")
    one_block = pad(b"abc")
    three_blocks = pad(b"CWA 14890 retail MAC test ..")  # 28 bytes -> 32
    out("kMacKey", mac_key)
    out("kMacInput1", one_block)
    out("kMac1", retail_mac(mac_key, one_block))
    out("kMacInput4", three_blocks)
    out("kMac4", retail_mac(mac_key, three_blocks))
    # ISO/IEC 9797-1 Annex B example: MAC algorithm 3, padding method 1 (24 bytes, no padding needed).
    iso_key = x("0123456789ABCDEF FEDCBA9876543210")
    iso_data = b"Now is the time for all "
    assert retail_mac(iso_key, iso_data) == x("A1C72E74EA3FA9B6"), "textbook retail MAC is wrong"
    out("kIsoMacKey", iso_key)
    out("kIsoMacData", iso_data)
    out("kIsoMac", retail_mac(iso_key, iso_data), "the published ISO/IEC 9797-1 Annex B value")

    # --- session key derivation ---------------------------------------------------------------------
    k_ifd = bytes((7 * i + 1) & 0xFF for i in range(32))
    k_icc = bytes((0xA5 ^ (13 * i)) & 0xFF for i in range(32))
    out("kKdfKIfd", k_ifd)
    out("kKdfKIcc", k_icc)
    for name, hashname in (("Sha1", "sha1"), ("Sha256", "sha256")):
        enc, mac = kdf(k_ifd, k_icc, hashname)
        out(f"kKdf{name}Enc", enc)
        out(f"kKdf{name}Mac", mac)

    # --- a full MUTUAL AUTHENTICATE with OpenSC's example keyset 02 ---------------------------------
    static_enc = b"RW_PRIV_ENC_TEST"
    static_mac = b"RW_PRIV_MAC_TEST"
    rnd_ifd = x("A1A2A3A4A5A6A7A8")
    sn_ifd = x("1122334455667788")  # OpenSC's default ifd_serial
    rnd_icc = x("C1C2C3C4C5C6C7C8")
    serial = x("0102030405060708090A")  # EF.SN value (10 bytes): SN.ICC = its last 8 bytes
    sn_icc = serial[-8:]
    k_ifd_ma = bytes(range(0x20, 0x40))
    k_icc_ma = bytes(range(0x80, 0xA0))
    e_ifd = tdes_cbc(static_enc, rnd_ifd + sn_ifd + rnd_icc + sn_icc + k_ifd_ma)
    command = e_ifd + retail_mac(static_mac, pad(e_ifd))
    e_icc = tdes_cbc(static_enc, rnd_icc + sn_icc + rnd_ifd + sn_ifd + k_icc_ma)
    response = e_icc + retail_mac(static_mac, pad(e_icc))
    assert len(command) == 0x48 and len(response) == 0x48
    out("kMaStaticEnc", static_enc)
    out("kMaStaticMac", static_mac)
    out("kMaRndIfd", rnd_ifd)
    out("kMaSnIfd", sn_ifd)
    out("kMaRndIcc", rnd_icc)
    out("kMaSerial", serial)
    out("kMaSnIcc", sn_icc)
    out("kMaKIfd", k_ifd_ma)
    out("kMaKIcc", k_icc_ma)
    out("kMaCommand", command, "MUTUAL AUTHENTICATE data: E.IFD || retail MAC(pad(E.IFD))")
    out("kMaResponse", response, "card answer: E(RND.ICC||SN.ICC||RND.IFD||SN.IFD||K.ICC) || MAC")

    for name, hashname in (("Sha1", "sha1"), ("Sha256", "sha256")):
        kenc, kmac = kdf(k_ifd_ma, k_icc_ma, hashname)
        ssc = rnd_icc[4:] + rnd_ifd[4:]
        out(f"kMa{name}Enc", kenc)
        out(f"kMa{name}Mac", kmac)
        if name == "Sha256":
            continue
        out("kMaSsc", ssc, "RND.ICC[4..7] || RND.IFD[4..7]")
        # Session traffic, SHA-1 keys: (1) VERIFY with a PIN, (2) PUT DATA (odd INS -> DO85),
        # (3) DELETE FILE without data; each answered by the card.
        ssc = incr(ssc)
        header, body = wrap_command(kenc, kmac, ssc, 0x00, 0x20, 0x00, 0x01, b"1234\xff\xff\xff\xff", 0x0E)
        out("kCmd1Header", header)
        out("kCmd1Body", body, "VERIFY 00 20 00 01, PIN 31323334FFFFFFFF, Le 0E, SSC+1")
        ssc = incr(ssc)
        out("kRsp1", wrap_response(kenc, kmac, ssc, b"", x("9000")), "answer 9000 without data, SSC+2")
        ssc = incr(ssc)
        put_data = x("70 07 BF 8A 02 03 A2 01 00")
        header, body = wrap_command(kenc, kmac, ssc, 0x00, 0xDB, 0x3F, 0xFF, put_data, 0x0E)
        out("kCmd2Plain", put_data)
        out("kCmd2Header", header)
        out("kCmd2Body", body, "PUT DATA 00 DB 3F FF (odd INS: DO85), Le 0E, SSC+3")
        ssc = incr(ssc)
        rsp_data = bytes(range(0x30, 0x30 + 21))
        out("kRsp2Plain", rsp_data)
        out("kRsp2", wrap_response(kenc, kmac, ssc, rsp_data, x("9000")), "answer with 21 data bytes, SSC+4")
        ssc = incr(ssc)
        header, body = wrap_command(kenc, kmac, ssc, 0x00, 0xE4, 0x00, 0x00, b"", 0x0E)
        out("kCmd3Header", header)
        out("kCmd3Body", body, "DELETE FILE 00 E4 00 00, no data (DO87 holds only padding), SSC+5")

    print_header("sm_vectors", vectors,
                 "// Generated by tests/secure-messaging/vectors/make_vectors.py (Debian python3-cryptography, hashlib,\n"
                 "// openssl CLI cross-check). Do not edit: run `/usr/bin/python3 make_vectors.py > SmVectors.h`.")


if __name__ == "__main__":
    main()
