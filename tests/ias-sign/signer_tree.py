#!/usr/bin/python3
"""The signers of a CMS SignedData as a tree, read with python3-asn1crypto (not our code), one line per signer,
depth first: `PATH<TAB>CN<TAB>SERIAL<TAB>PARENT-CN` (PATH 1, 2, 1.1 … as positions in the file; SERIAL in upper-case
hex of whole octets, as `openssl x509 -serial` prints it; PARENT-CN `-` at the top level). Each signer's certificate is found in the file by issuer and serial.

usage: signer_tree.py SIG"""
import sys

from asn1crypto import cms

COUNTER_SIGNATURE = "1.2.840.113549.1.9.6"


def common_name(certs, sid):
    found = [c for c in certs if c.issuer == sid["issuer"] and c.serial_number == sid["serial_number"].native]
    return found[0].subject.native.get("common_name", "?") if len(found) == 1 else "?"


def walk(signer_infos, certs, prefix, parent):
    for n, si in enumerate(signer_infos, 1):
        sid = si["sid"].chosen
        cn = common_name(certs, sid)
        serial = f"{sid['serial_number'].native:X}"
        print(f"{prefix}{n}\t{cn}\t{'0' * (len(serial) % 2)}{serial}\t{parent}")
        counters = [cms.SignerInfo.load(v.dump())
                    for a in (si["unsigned_attrs"] if si["unsigned_attrs"].native is not None else [])
                    if a["type"].dotted == COUNTER_SIGNATURE for v in a["values"]]
        walk(counters, certs, f"{prefix}{n}.", cn)


def main(path):
    sd = cms.ContentInfo.load(open(path, "rb").read())["content"]
    walk(sd["signer_infos"], [c.chosen for c in sd["certificates"]], "", "-")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
