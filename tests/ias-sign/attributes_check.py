#!/usr/bin/python3
"""Independent witness for ias-sign's files (python3-asn1crypto + python3-cryptography; no code of ours):
for every SignerInfo of a CMS SignedData, its signed attributes are present (content-type, message-digest,
signing-time, signing-certificate-v2), DER-sorted as they lie in the file, the message digest equals the
document's hash computed here, the signature verifies over the file's own attribute bytes with the
certificate's key under the signatureAlgorithm the file states (RSA PKCS#1 v1.5, RSA-PSS with the hash, MGF1
hash and salt length read from its parameters, or ECDSA), and signing-certificate-v2 holds the hash of that
certificate. Counter-signatures (any depth) the same way, over their parent's signature value.

usage: attributes_check.py SIG.p7s DOC   (exit 0: every signer passes; each check printed)"""
import hashlib
import sys

from asn1crypto import cms, tsp
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography import x509

# By dotted OID: asn1crypto 1.5 has no name for signing-certificate-v2 (RFC 5035).
CONTENT_TYPE, MESSAGE_DIGEST, SIGNING_TIME = "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5"
SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"
REQUIRED = {CONTENT_TYPE: "content-type", MESSAGE_DIGEST: "message-digest", SIGNING_TIME: "signing-time",
            SIGNING_CERTIFICATE_V2: "signing-certificate-v2"}


def der_sorted(elements):
    """X.690 11.6: ascending order of the elements' encodings, the shorter padded with zero octets."""
    padded = [e + b"\0" * (max(map(len, elements)) - len(e)) for e in elements]
    return padded == sorted(padded)


COUNTERSIGNATURE = "1.2.840.113549.1.9.6"
HASHES = {"sha1": hashes.SHA1, "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}
failures = 0


def check_level(signer_infos, certs, signed_bytes, prefix):
    """Each SignerInfo over `signed_bytes` (the document, or the parent's signature value for a counter-signature,
    RFC 5652 11.4: no content-type there), then its counter-signatures, depth first."""
    global failures
    for n, si in enumerate(signer_infos, 1):
        path = f"{prefix}{n}"
        counter = "." in path

        def check(ok, what):
            global failures
            print(("ok: " if ok else "FAIL: ") + f"signer {path}: {what}")
            failures += 0 if ok else 1
        attrs = si["signed_attrs"]
        oids = [a["type"].dotted for a in attrs]
        for oid, name in REQUIRED.items():
            if counter and oid == CONTENT_TYPE:
                check(oid not in oids, "no content-type in a counter-signature")
            else:
                check(oids.count(oid) == 1, f"signed attribute {name} present once")
        # The file's own bytes: the [0] IMPLICIT SET's elements as they were parsed, untouched.
        elements = [a.dump() for a in attrs]
        check(der_sorted(elements), "signed attributes DER-sorted in the file")
        digest_name = si["digest_algorithm"]["algorithm"].native
        doc_hash = hashlib.new(digest_name, signed_bytes).digest()
        md = [a["values"][0].native for a in attrs if a["type"].dotted == MESSAGE_DIGEST]
        check(md == [doc_hash], f"message-digest equals the {digest_name} of what it signs, computed here")
        sid = si["sid"].chosen
        cert = [c for c in certs if c.issuer == sid["issuer"] and c.serial_number == sid["serial_number"].native]
        check(len(cert) == 1, "the signer's certificate is in the file (issuer and serial)")
        if not cert:
            continue
        cert_der = cert[0].dump()
        # Signed bytes: the attributes with the universal SET tag (RFC 5652 5.4), as they lie in the file.
        signed = b"\x31" + attrs.dump()[1:]
        key = x509.load_der_x509_certificate(cert_der).public_key()
        hash_cls = HASHES[digest_name]
        algorithm = si["signature_algorithm"]["algorithm"].native
        try:
            if isinstance(key, ec.EllipticCurvePublicKey):
                key.verify(si["signature"].native, signed, ec.ECDSA(hash_cls()))
            elif algorithm == "rsassa_pss":
                # RFC 4056: the parameters as the file states them (asn1crypto supplies RFC 8017's defaults).
                params = si["signature_algorithm"]["parameters"]
                pss_hash = params["hash_algorithm"]["algorithm"].native
                mgf = params["mask_gen_algorithm"]
                mgf_hash = mgf["parameters"]["algorithm"].native
                salt = params["salt_length"].native
                check(pss_hash == digest_name and mgf["algorithm"].native == "mgf1"
                      and params["trailer_field"].native == "trailer_field_bc",
                      f"RSA-PSS parameters: hash {pss_hash} (the digest algorithm), {mgf['algorithm'].native} "
                      f"{mgf_hash}, salt {salt}, trailer 0xBC")
                key.verify(si["signature"].native, signed, padding.PSS(padding.MGF1(HASHES[mgf_hash]()), salt),
                           HASHES[pss_hash]())
            else:
                key.verify(si["signature"].native, signed, padding.PKCS1v15(), hash_cls())
            ok = True
        except Exception as e:  # noqa: BLE001 - any refusal is a failed check
            print(f"  ({e!r})")
            ok = False
        check(ok, f"the {algorithm} signature verifies over the file's signed-attribute bytes")
        scv2 = [tsp.SigningCertificateV2.load(a["values"][0].dump()) for a in attrs if a["type"].dotted == SIGNING_CERTIFICATE_V2]
        if scv2:
            cid = scv2[0]["certs"][0]
            alg = cid["hash_algorithm"]["algorithm"].native
            check(cid["cert_hash"].native == hashlib.new(alg, cert_der).digest(),
                  "signing-certificate-v2 holds the hash of the signer's certificate")
        counters = []
        for a in si["unsigned_attrs"] if si["unsigned_attrs"].native is not None else []:
            if a["type"].dotted == COUNTERSIGNATURE:
                counters += [cms.SignerInfo.load(v.dump()) for v in a["values"]]
        check_level(counters, certs, si["signature"].native, path + ".")


def main(sig_path, doc_path):
    info = cms.ContentInfo.load(open(sig_path, "rb").read())
    sd = info["content"]
    check_level(sd["signer_infos"], [c.chosen for c in sd["certificates"]], open(doc_path, "rb").read(), "")
    print("all signers pass" if failures == 0 else f"{failures} check(s) failed")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
