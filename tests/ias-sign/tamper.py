#!/usr/bin/python3
"""Makes the damaged files the negative tests need, from a good one, with python3-asn1crypto (not our code).

usage: tamper.py flip-signature IN OUT PATH  one bit of the signature value of signer PATH flipped (1, 2, 1.1:
                                            the first counter-signature of signer 1 …, as ias-sign verify lists)
       tamper.py unsort IN OUT N           signer N's signed attributes in reverse DER order (same signature)"""
import sys

from asn1crypto import cms


def main(action, src, dst, n):
    data = open(src, "rb").read()
    info = cms.ContentInfo.load(data)
    steps = [int(x) for x in n.split(".")]
    si = info["content"]["signer_infos"][steps[0] - 1]
    for step in steps[1:]:
        values = [v for a in si["unsigned_attrs"] if a["type"].dotted == "1.2.840.113549.1.9.6" for v in a["values"]]
        si = cms.SignerInfo.load(values[step - 1].dump())
    if action == "flip-signature":
        sig = si["signature"].native
        at = data.find(sig)
        assert at > 0 and data.find(sig, at + 1) < 0, "signature bytes not found once"
        out = bytearray(data)
        out[at + len(sig) // 2] ^= 0x01
        open(dst, "wb").write(bytes(out))
    elif action == "unsort":
        old = si["signed_attrs"].dump()
        elements = [a.dump() for a in si["signed_attrs"]]
        body = b"".join(reversed(elements))
        # Same tag and length octets: the content has the same size.
        new = old[: len(old) - len(body)] + body
        assert len(new) == len(old) and new != old
        assert data.count(old) == 1
        open(dst, "wb").write(data.replace(old, new))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(*sys.argv[1:5])
