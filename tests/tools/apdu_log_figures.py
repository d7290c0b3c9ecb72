#!/usr/bin/python3
"""APDUs and bytes on the wire from the virtual card's APDU log (docs/testbed.md): prints "N APDUs, B bytes".
Command lines "C <header> <body hex>" or, for PIN commands, "C <header> <Lc> ***"; responses "R <SW> <data length>"."""
import sys

apdus = sent = received = 0
for line in open(sys.argv[1], encoding="ascii", errors="replace"):
    f = line.split()
    if not f:
        continue
    if f[0] == "C":
        apdus += 1
        if len(f) >= 4 and f[3] == "***":
            lc = bytes.fromhex(f[2])
            sent += 4 + len(lc) + (int.from_bytes(lc[1:], "big") if len(lc) == 3 else lc[0])
        else:
            sent += len(f[1]) // 2 + (len(f[2]) // 2 if len(f) > 2 else 0)
    elif f[0] == "R":
        received += int(f[2]) + 2
print(f"{apdus} APDUs, {sent + received} bytes ({sent} sent, {received} received)")
