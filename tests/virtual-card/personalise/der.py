"""A small hand-written DER encoder (X.690) for the PKCS#15 files of the test card.

Only what personalisation needs: definite lengths, primitive and constructed TLVs, INTEGER, BOOLEAN,
ENUMERATED, BIT STRING with named bits, OCTET STRING, UTF8String, OBJECT IDENTIFIER, NULL.
"""


def length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, value: bytes) -> bytes:
    # Tags up to two bytes (e.g. 0x7F49, 0xBF90) are written as given.
    t = tag.to_bytes(2, "big") if tag > 0xFF else bytes([tag])
    return t + length(len(value)) + value


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def ctx(n: int, *items: bytes, constructed: bool = True) -> bytes:
    """Context-specific [n]; constructed holds the items, primitive holds raw value bytes."""
    return tlv((0xA0 if constructed else 0x80) | n, b"".join(items))


def integer(v: int) -> bytes:
    # Two's complement, minimal: 0x81 becomes 02 02 00 81 (positive).
    n = max(1, (v.bit_length() + 8) // 8)
    return tlv(0x02, v.to_bytes(n, "big", signed=True))


def integer_body(v: int) -> bytes:
    """The content octets of an INTEGER (for implicitly tagged integers)."""
    n = max(1, (v.bit_length() + 8) // 8)
    return v.to_bytes(n, "big", signed=True)


def enumerated(v: int) -> bytes:
    return tlv(0x0A, integer_body(v))


def boolean(v: bool) -> bytes:
    return tlv(0x01, b"\xff" if v else b"\x00")


def octets(v: bytes) -> bytes:
    return tlv(0x04, v)


def utf8(s: str) -> bytes:
    return tlv(0x0C, s.encode("utf-8"))


def null() -> bytes:
    return b"\x05\x00"


def oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, bytes(body))


def named_bits(*bits: int) -> bytes:
    """BIT STRING of named bits (bit 0 = most significant bit of the first octet); DER drops trailing 0s."""
    if not bits:
        return tlv(0x03, b"\x00")
    top = max(bits)
    nbytes = top // 8 + 1
    buf = bytearray(nbytes)
    for b in bits:
        buf[b // 8] |= 0x80 >> (b % 8)
    unused = 7 - (top % 8)
    return tlv(0x03, bytes([unused]) + bytes(buf))
