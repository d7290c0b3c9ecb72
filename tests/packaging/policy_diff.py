#!/usr/bin/python3
"""The administrator's policies.json kept byte for byte, apart from our key: an independent witness of the
package's policy helper (difflib and Python's json, not the helper's nlohmann-json splice).

usage: policy_diff.py OLD NEW STRING...
Exit 0 when NEW is OLD with text only inserted (no byte of OLD changed or removed), the inserted text is JSON
punctuation, white space and the given STRINGs (as JSON strings) only, and NEW parses to OLD's policies, in
the same order, once the members holding only those strings are taken out. Prints what was inserted."""
import difflib
import json
import re
import sys

old, new, allowed = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read(), set(sys.argv[3:])
ok = True
matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
inserted = []
for op, i1, i2, j1, j2 in matcher.get_opcodes():
    if op == "insert":
        inserted.append(new[j1:j2])
    elif op != "equal":
        print(f"{op} of OLD's bytes {i1}..{i2} {old[i1:i2]!r} -> {new[j1:j2]!r}")
        ok = False
print("inserted:", [b.decode() for b in inserted])
text = b"".join(inserted).decode()
strings = set(json.loads('"' + s + '"') for s in re.findall(r'"((?:[^"\\]|\\.)*)"', text))
rest = re.sub(r'"((?:[^"\\]|\\.)*)"', "", text)
if not strings <= allowed:
    print("inserted strings not ours:", strings - allowed)
    ok = False
if rest.strip(" \t\r\n{}[]:,"):
    print("inserted text other than punctuation:", repr(rest))
    ok = False


def ours_removed(value):
    """value without the members (and list items) made only of our strings"""
    if isinstance(value, list) and all(isinstance(p, tuple) for p in value):  # an object, as pairs
        kept = []
        for key, member in value:
            member = ours_removed(member)
            if key in allowed and (member in ([], None) or (isinstance(member, str) and member in allowed)):
                continue
            kept.append((key, member))
        return kept
    if isinstance(value, list):
        return [ours_removed(v) for v in value if not (isinstance(v, str) and v in allowed)]
    return value


def pairs(text):
    return json.loads(text, object_pairs_hook=lambda p: list(p))


try:
    if ours_removed(pairs(new)) != pairs(old):
        print("NEW without our members does not parse to OLD")
        ok = False
except ValueError as e:
    print("NEW is not JSON:", e)
    ok = False
sys.exit(0 if ok else 1)
