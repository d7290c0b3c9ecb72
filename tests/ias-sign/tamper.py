#!/usr/bin/python3
"""Makes the damaged files the negative tests need, from a good one, with python3-asn1crypto (not our code).

usage: tamper.py flip-signature IN OUT N   one bit of signer N's signature value flipped (N from 1)
       tamper.py unsort IN OUT N           signer N's signed attributes in reverse DER order (same signature)"""
import sys

from asn1crypto import cms


def main(action, src, dst, n):
    data = open(src, "rb").read()
    info = cms.ContentInfo.load(data)
    si = info["content"]["signer_infos"][int(n) - 1]
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
