#!/usr/bin/python3
"""Questions about the card's APDU log (docs/testbed.md: `C <header> <data>` with PIN data shown as ***,
`R <SW> <length>`, `# …` events).

usage: apdu_log.py LOG verifies P2          VERIFY commands carrying a PIN for reference P2 (any CLA)
       apdu_log.py LOG signatures           signature commands (PSO CDS 2A 9E 9A, INTERNAL AUTHENTICATE 88)
       apdu_log.py LOG pin-before-signature  for each signature: the last PIN VERIFY before it, as
                                            "<header> <SW of the VERIFY> <SW of the signature>", one a line"""
import re
import sys


def exchanges(path):
    """(command header+data, response SW) pairs in order."""
    out, pending = [], None
    for line in open(path, errors="replace"):
        if line.startswith("C "):
            pending = line[2:].strip()
        elif line.startswith("R ") and pending is not None:
            out.append((pending, line.split()[1]))
            pending = None
    return out


def is_pin_verify(cmd, p2=None):
    m = re.match(r"([0-9A-F]{2})200{2}([0-9A-F]{2}) .*\*\*\*", cmd)
    return bool(m) and (p2 is None or m.group(2) == p2.upper())


def is_signature(cmd):
    return re.match(r"[0-9A-F]{2}(2A9E9A|880000)", cmd) is not None


log, question = sys.argv[1], sys.argv[2]
ex = exchanges(log)
if question == "verifies":
    print(sum(1 for c, _ in ex if is_pin_verify(c, sys.argv[3])))
elif question == "signatures":
    print(sum(1 for c, _ in ex if is_signature(c)))
elif question == "pin-before-signature":
    last = None
    for c, sw in ex:
        if is_pin_verify(c):
            last = (c[:8], sw)
        elif is_signature(c):
            print(f"{last[0] if last else 'none'} {last[1] if last else '-'} {sw}")
            last = None  # a verification counts for one signature only in this question
else:
    sys.exit(f"unknown question {question}")
