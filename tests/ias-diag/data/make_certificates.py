#!/usr/bin/python3
"""Writes the certificates of CertificateFactsTest with Debian's python3-cryptography (an independent
source): expired.der (valid 2000-01-01 .. 2001-01-01), future.der (2099-01-01 .. 2100-01-01), both with
keyUsage digitalSignature + nonRepudiation, serial 0x4711, subject CN=Jane Example, issuer CN=Test CA.
Run from this directory: /usr/bin/python3 make_certificates.py"""
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def write(name, start, end):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jane Example")]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")]))
        .public_key(key.public_key())
        .serial_number(0x4711)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False),
            critical=True)
        .sign(key, hashes.SHA256())
    )
    with open(name, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.DER))


write("expired.der", datetime.datetime(2000, 1, 1), datetime.datetime(2001, 1, 1))
write("future.der", datetime.datetime(2099, 1, 1), datetime.datetime(2100, 1, 1))
