#!/usr/bin/python3
"""Compares the key attributes libias-pkcs11.so reports (pkcs11-tool -O, logged in) with what the card says
(OpenSC's pkcs15-tool --dump, the independent witness), as OpenSC's own PKCS #11 module maps them:
CKA_LOCAL of a private key is its PrKDF accessFlags `local`; a public key's CKA_ENCRYPT / CKA_VERIFY are its
PuKDF usage bits encrypt / verify and its CKA_LOCAL the PuKDF `local` flag (a key without a PuKDF entry: what
the private key's usage implies, and its `local`).

    key_attributes.py DUMP.txt OBJECTS.txt...   prints one "ok:" or "FAIL:" line per comparison"""
import re
import sys


def blocks(text, header):
    """(header line, {field: value}) for each block whose first line matches `header`."""
    out, current = [], None
    for line in text.splitlines():
        if re.match(header, line):
            current = (line, {})
            out.append(current)
        elif current is not None and ":" in line and line[:1].isspace():
            key, value = line.split(":", 1)
            current[1][key.strip()] = value.strip()
        elif not line[:1].isspace():
            current = None  # a blank line or another object's header ends the block
    return out


def words(value):
    """'[0x41], encrypt, verify' or 'encrypt, verify' -> {'encrypt', 'verify'}"""
    return {w.strip() for w in re.sub(r"^\[0x[0-9A-Fa-f]+\],?", "", value or "").split(",") if w.strip()}


dump = open(sys.argv[1]).read()
card = {}  # iD -> facts from the card
for head, f in blocks(dump, r"^Private (RSA|EC) Key \["):
    card.setdefault(f["ID"].lower(), {})["private"] = (words(f.get("Usage")), "local" in words(f.get("Access Flags")))
for head, f in blocks(dump, r"^Public (RSA|EC) Key \["):
    card.setdefault(f["ID"].lower(), {})["public"] = (words(f.get("Usage")), "local" in words(f.get("Access Flags")))

seen = {}
for path in sys.argv[2:]:
    text = open(path).read()
    for head, f in blocks(text, r"^Private Key Object"):
        seen.setdefault(f["ID"].lower(), {})["private"] = (words(f.get("Usage")), words(f.get("Access")), head)
    for head, f in blocks(text, r"^Public Key Object"):
        seen.setdefault(f["ID"].lower(), {})["public"] = (words(f.get("Usage")), words(f.get("Access")), head)

failures = 0


def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    failures += 0 if ok else 1


for key_id, facts in sorted(card.items()):
    if "private" not in facts:
        continue
    usage, local = facts["private"]
    module = seen.get(key_id, {})
    check("private" in module, f"key {key_id}: the module lists the private key")
    check("public" in module, f"key {key_id}: the module lists a public key")
    if "private" in module:
        check(("local" in module["private"][1]) == local,
              f"key {key_id}: private CKA_LOCAL {'true' if local else 'false'} (PrKDF accessFlags)")
    if "public" in facts:
        pub_usage, pub_local = facts["public"]
        source = "PuKDF"
    else:
        pub_usage = ({"encrypt"} if usage & {"decrypt", "unwrap"} else set()) | \
                    ({"verify"} if usage & {"sign", "nonRepudiation"} else set())
        pub_local, source = local, "no PuKDF entry: from the PrKDF"
    if "public" in module:
        is_rsa = "RSA" in module["public"][2]
        want_encrypt = "encrypt" in pub_usage and is_rsa
        check(("encrypt" in module["public"][0]) == want_encrypt,
              f"key {key_id}: public CKA_ENCRYPT {'true' if want_encrypt else 'false'} ({source} usage {sorted(pub_usage)})")
        check(("verify" in module["public"][0]) == ("verify" in pub_usage),
              f"key {key_id}: public CKA_VERIFY {'true' if 'verify' in pub_usage else 'false'} ({source})")
        check(("local" in module["public"][1]) == pub_local,
              f"key {key_id}: public CKA_LOCAL {'true' if pub_local else 'false'} ({source})")
check(len([k for k in card.values() if "private" in k]) >= 2, f"the dump names {len(card)} keys")
sys.exit(1 if failures else 0)
