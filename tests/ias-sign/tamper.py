#!/usr/bin/python3
"""Makes the damaged files the negative tests need, from a good one, with python3-asn1crypto (not our code).

usage: tamper.py flip-signature IN OUT PATH  one bit of the signature value of signer PATH flipped (1, 2, 1.1:
                                            the first counter-signature of signer 1 …, as ias-sign verify lists)
       tamper.py unsort IN OUT N           signer N's signed attributes in reverse DER order (same signature)
       tamper.py content-type IN OUT PATH KEY   a content-type attribute added to the counter-signer PATH's
                                            signed attributes (DER-sorted), signed again with KEY (PEM, its
                                            private key): a valid signature whose only fault is the attribute
                                            RFC 5652 11.4 forbids there
       tamper.py swap-token IN OUT A B     top-level signers A and B exchange their time-stamp tokens: each a
                                            valid token, over the other's signature value
       tamper.py pss-salt IN OUT PATH N    signer PATH's RSA-PSS parameters claim a salt of N bytes; its
                                            signature value is unchanged"""
import sys

from asn1crypto import cms
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

COUNTER_SIGNATURE = "1.2.840.113549.1.9.6"
TIME_STAMP_TOKEN = "1.2.840.113549.1.9.16.2.14"


def signer_at(info, path):
    """The SignerInfo at PATH (as `ias-sign verify` lists: 1, 1.1 …) inside `info` itself, to be changed in place."""
    steps = [int(x) for x in path.split(".")]
    si = info["content"]["signer_infos"][steps[0] - 1]
    for step in steps[1:]:
        values = [v for a in si["unsigned_attrs"] if a["type"].dotted == COUNTER_SIGNATURE for v in a["values"]]
        si = values[step - 1]
    return si


def add_content_type(info, path, key_file):
    """In place: the counter-signer at PATH (as `ias-sign verify` lists: 1.1 …) gets a content-type attribute and a
    new signature by KEY over its signed attributes."""
    assert "." in path, "content-type: PATH must name a counter-signer (1.1 …)"
    si = signer_at(info, path)
    attrs = list(si["signed_attrs"])
    assert all(a["type"].native != "content_type" for a in attrs), "it has a content-type already"
    attrs.append(cms.CMSAttribute({"type": "content_type", "values": ["data"]}))
    si["signed_attrs"] = cms.CMSAttributes(sorted(attrs, key=lambda a: a.dump()))
    # The signature is over the attributes' DER with the SET tag (RFC 5652 5.4), not the [0] of the field.
    signed = b"\x31" + si["signed_attrs"].dump(force=True)[1:]
    digest = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[
        si["digest_algorithm"]["algorithm"].native]
    key = serialization.load_pem_private_key(open(key_file, "rb").read(), password=None)
    algorithm = si["signature_algorithm"]["algorithm"].native
    if isinstance(key, rsa.RSAPrivateKey) and algorithm == "rsassa_pss":
        params = si["signature_algorithm"]["parameters"]
        value = key.sign(signed, padding.PSS(padding.MGF1(digest), params["salt_length"].native), digest)
    elif isinstance(key, rsa.RSAPrivateKey):
        value = key.sign(signed, padding.PKCS1v15(), digest)
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        value = key.sign(signed, ec.ECDSA(digest))
    else:
        sys.exit(f"content-type: a {type(key).__name__} key and {algorithm}: not handled")
    si["signature"] = value


def look_alike(der):
    """A certificate that names the same subject, issuer and serial as `der`, with another key, signed by
    another key: what an attacker who swaps the signer's certificate would put in the file."""
    from cryptography import x509
    old = x509.load_der_x509_certificate(der)
    key, signer = rsa.generate_private_key(65537, 2048), rsa.generate_private_key(65537, 2048)
    builder = (x509.CertificateBuilder().subject_name(old.subject).issuer_name(old.issuer)
               .serial_number(old.serial_number).not_valid_before(old.not_valid_before)
               .not_valid_after(old.not_valid_after).public_key(key.public_key()))
    for ext in old.extensions:
        if ext.oid not in (x509.ExtensionOID.SUBJECT_KEY_IDENTIFIER, x509.ExtensionOID.AUTHORITY_KEY_IDENTIFIER):
            builder = builder.add_extension(ext.value, ext.critical)
    return builder.sign(signer, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def main(action, src, dst, n, key=None):
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
    elif action == "swap-token":
        signers = info["content"]["signer_infos"]
        a, b = (signers[int(x) - 1] for x in (n, key))
        ta, tb = ([x for x in si["unsigned_attrs"] if x["type"].dotted == TIME_STAMP_TOKEN][0] for si in (a, b))
        va, vb = ta["values"].dump(), tb["values"].dump()
        ta["values"], tb["values"] = type(ta["values"]).load(vb), type(tb["values"]).load(va)
        open(dst, "wb").write(info.dump(force=True))
    elif action == "swap-cert":
        sid = si["sid"].chosen
        certs = info["content"]["certificates"]
        at = [i for i, c in enumerate(certs) if c.chosen.issuer == sid["issuer"]
              and c.chosen.serial_number == sid["serial_number"].native]
        assert len(at) == 1, "the signer's certificate is not in the file once"
        certs[at[0]] = cms.CertificateChoices.load(look_alike(certs[at[0]].chosen.dump()))
        open(dst, "wb").write(info.dump(force=True))
    elif action == "pss-salt":
        # Re-encoded (DER: a claim of 20, the default, is the field left out); the rest of the file is as it was.
        signer_at(info, n)["signature_algorithm"]["parameters"]["salt_length"] = int(key)
        open(dst, "wb").write(info.dump(force=True))
    elif action == "content-type":
        add_content_type(info, n, key)
        open(dst, "wb").write(info.dump(force=True))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(*sys.argv[1:6])
