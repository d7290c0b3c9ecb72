#!/usr/bin/python3
"""The RFC 3161 time-stamp token of one signer of a CMS file, for `openssl ts -verify` (python3-asn1crypto and
hashlib, not our code).

usage: token_check.py FILE.p7s PATH OUT.der   writes signer PATH's id-aa-signatureTimeStampToken (1.2.840.
                                              113549.1.9.16.2.14) to OUT.der and prints the SHA-256 of that
                                              signer's signature value in hex (what the token's imprint must be)"""
import hashlib
import sys

from asn1crypto import cms

TOKEN = "1.2.840.113549.1.9.16.2.14"
COUNTER_SIGNATURE = "1.2.840.113549.1.9.6"


def main(src, path, out):
    info = cms.ContentInfo.load(open(src, "rb").read())
    steps = [int(x) for x in path.split(".")]
    si = info["content"]["signer_infos"][steps[0] - 1]
    for step in steps[1:]:
        values = [v for a in si["unsigned_attrs"] if a["type"].dotted == COUNTER_SIGNATURE for v in a["values"]]
        si = values[step - 1]
    tokens = [v for a in (si["unsigned_attrs"] or []) if a["type"].dotted == TOKEN for v in a["values"]]
    if len(tokens) != 1:
        sys.exit(f"signer {path}: {len(tokens)} time-stamp tokens")
    open(out, "wb").write(tokens[0].dump())
    print(hashlib.sha256(si["signature"].native).hexdigest())


if __name__ == "__main__":
    main(*sys.argv[1:4])
