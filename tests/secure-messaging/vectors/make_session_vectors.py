#!/usr/bin/python3
"""Known-answer vectors for the terminal's SM session (secure-messaging/SmSession), beyond make_vectors.py:
a SHA-256 session, a 300-byte command chain and a 300-byte answer with extended Le, and card answers that a
terminal must refuse although some of them carry a valid MAC.

Independent of the C++ code: it reuses the textbook primitives of make_vectors.py (python3-cryptography,
hashlib, single-DES retail MAC), and the message layouts of ias-ecc-card-facts.md §6 / OpenSC 0.23.
Every value starts from the MUTUAL AUTHENTICATE of make_vectors.py (RND.IFD, K.IFD, RND.ICC, K.ICC there).

Run:  /usr/bin/python3 make_session_vectors.py > SmSessionVectors.h
"""
from make_vectors import h, x, pad, tdes_cbc, retail_mac, kdf, incr, tlv, wrap_response, print_header

K_IFD = bytes(range(0x20, 0x40))
K_ICC = bytes(range(0x80, 0xA0))
SSC0 = x("C5C6C7C8A5A6A7A8")  # RND.ICC[4..7] || RND.IFD[4..7]


def wrap(kenc, kmac, ssc, cla, ins, p1, p2, data, le_bytes, outer_le):
    """A whole protected command APDU as the terminal sends it (Lc/Le short or extended)."""
    cla |= 0x0C
    c = tdes_cbc(kenc, pad(data))
    do_data = tlv(0x85, c) if ins & 1 else tlv(0x87, b"\x01" + c)
    body = do_data + tlv(0x97, le_bytes)
    mac = retail_mac(kmac, pad(ssc + bytes([cla, ins, p1, p2]) + x("80000000") + body))
    body += tlv(0x8E, mac)
    header = bytes([cla, ins, p1, p2])
    if len(body) <= 255 and outer_le <= 256:
        return header + bytes([len(body)]) + body + bytes([outer_le & 0xFF])
    return header + b"\x00" + len(body).to_bytes(2, "big") + body + (outer_le & 0xFFFF).to_bytes(2, "big")


def main():
    vectors = []

    def out(name, value, comment=None):
        vectors.append((name, h(value), comment))

    pin = b"1234\xff\xff\xff\xff"

    # --- SHA-256 session: VERIFY and its answer -------------------------------------------------------
    kenc, kmac = kdf(K_IFD, K_ICC, "sha256")
    ssc = incr(SSC0)
    out("kS256Verify", wrap(kenc, kmac, ssc, 0x00, 0x20, 0x00, 0x01, pin, b"\x0E", 0x0E),
        "SHA-256 keys: VERIFY 00 20 00 01 PIN 31323334FFFFFFFF as a whole APDU, SSC0+1")
    ssc = incr(ssc)
    out("kS256VerifyOk", wrap_response(kenc, kmac, ssc, b"", x("9000")) + x("9000"), "its answer 9000, SSC0+2")

    # --- SHA-1 session: 300 bytes each way ---------------------------------------------------------
    kenc, kmac = kdf(K_IFD, K_ICC, "sha1")
    data = bytes((7 * i + 3) & 0xFF for i in range(300))
    out("kBigData", data)
    ssc = incr(SSC0)
    out("kChainPart1", wrap(kenc, kmac, ssc, 0x10, 0xD6, 0x00, 0x00, data[:0xE0], b"\x0E", 0x0E),
        "UPDATE BINARY 300 bytes, part 1: CLA 10 (chained), first 0xE0 bytes, SSC0+1")
    ssc = incr(ssc)
    out("kChainPart1Ok", wrap_response(kenc, kmac, ssc, b"", x("9000")) + x("9000"), "SSC0+2")
    ssc = incr(ssc)
    out("kChainPart2", wrap(kenc, kmac, ssc, 0x00, 0xD6, 0x00, 0x00, data[0xE0:], b"\x0E", 0x0E),
        "part 2: CLA 00, the last 76 bytes, SSC0+3")
    ssc = incr(ssc)
    out("kChainPart2Ok", wrap_response(kenc, kmac, ssc, b"", x("9000")) + x("9000"), "SSC0+4")
    ssc = incr(ssc)
    out("kReadBig", wrap(kenc, kmac, ssc, 0x00, 0xB0, 0x00, 0x00, b"", x("012C"), 65536),
        "READ BINARY Le 300: DO97 01 2C, extended APDU with outer Le 0000, SSC0+5")
    ssc = incr(ssc)
    out("kReadBigAnswer", wrap_response(kenc, kmac, ssc, data, x("9000")) + x("9000"), "300 data bytes, SSC0+6")

    # --- answers to make_vectors.py's VERIFY (kCmd1, SSC0+1), each due at SSC0+2 ------------------------
    ssc_cmd = incr(SSC0)
    ssc = incr(ssc_cmd)

    def mac_body(body, key=kmac, counter=ssc):
        return body + tlv(0x8E, retail_mac(key, pad(counter + body)))

    out("kAnsWrapped6982", wrap_response(kenc, kmac, ssc, b"", x("6982")) + x("9000"),
        "valid: DO99 6982 inside a protected answer")
    warn_data = x("0102030405")
    out("kAnsWarningData", warn_data)
    out("kAnsWarning", wrap_response(kenc, kmac, ssc, warn_data, x("6282")) + x("9000"),
        "valid: 5 data bytes with DO99 6282")
    out("kAnsStaleSsc", wrap_response(kenc, kmac, ssc_cmd, b"", x("9000")) + x("9000"),
        "MAC with the command's SSC (SSC0+1) instead of SSC0+2")
    kenc256, kmac256 = kdf(K_IFD, K_ICC, "sha256")
    out("kAnsOtherKey", wrap_response(kenc256, kmac256, ssc, b"", x("9000")) + x("9000"),
        "MAC with the SHA-256 session key")
    out("kAnsBadPadding",
        mac_body(tlv(0x87, b"\x01" + tdes_cbc(kenc, x("0102030405060708"))) + tlv(0x99, x("9000"))) + x("9000"),
        "valid MAC, but the DO87 plaintext has no 80 marker")
    out("kAnsBadIndicator",
        mac_body(tlv(0x87, b"\x02" + tdes_cbc(kenc, pad(x("0102"))))+ tlv(0x99, x("9000"))) + x("9000"),
        "valid MAC, DO87 indicator 02")
    out("kAnsUnknownDo", mac_body(tlv(0x81, x("AABB")) + tlv(0x99, x("9000"))) + x("9000"),
        "DO81 (plain value) is not part of the IAS-ECC answer; MAC valid over all DOs")
    out("kAnsNoDo99", mac_body(b"") + x("9000"), "only DO8E (MAC over the SSC alone)")
    out("kAnsNoDo8e", tlv(0x99, x("9000")) + x("9000"), "DO99 without DO8E")
    out("kAnsOuterMismatch", wrap_response(kenc, kmac, ssc, b"", x("9000")) + x("6A80"),
        "valid DOs saying 9000 under an outer 6A80")

    print_header("sm_session_vectors", vectors,
                 "// Generated by tests/secure-messaging/vectors/make_session_vectors.py (python3-cryptography, hashlib).\n"
                 "// Do not edit: run `/usr/bin/python3 make_session_vectors.py > SmSessionVectors.h`.")


if __name__ == "__main__":
    main()
