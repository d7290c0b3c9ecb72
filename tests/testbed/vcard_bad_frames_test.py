#!/usr/bin/python3
"""ias-vcard never crashes on a bad frame: this plays vpcd (a TCP server), sends malformed and odd frames,
closes mid-frame, and checks the card answers sensibly, reconnects, and exits 0 on SIGTERM.
usage: vcard_bad_frames_test.py IAS_VCARD_BINARY"""
import os
import signal
import socket
import subprocess
import sys
import tempfile

binary = sys.argv[1]
failures = 0


def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    failures += 0 if ok else 1


def recv_frame(c):
    hdr = b""
    while len(hdr) < 2:
        chunk = c.recv(2 - len(hdr))
        if not chunk:
            return None
        hdr += chunk
    n = int.from_bytes(hdr, "big")
    body = b""
    while len(body) < n:
        chunk = c.recv(n - len(body))
        if not chunk:
            return None
        body += chunk
    return body


def frame(payload):
    return len(payload).to_bytes(2, "big") + payload


srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
port = srv.getsockname()[1]
tmp = tempfile.mkdtemp()
profile = os.path.join(tmp, "p.profile")
with open(profile, "w") as f:
    f.write("atr 3BDF18FF8191FE1FC30031B8640C01ECC173940180829000B3\n")
card = subprocess.Popen([binary, "--port", str(port), "--atr-only", "--profile", profile,
                         "--apdu-log", os.path.join(tmp, "apdu.log")])
srv.settimeout(60)  # hang guards: each event takes milliseconds
c, _ = srv.accept()
c.settimeout(60)
c.sendall(frame(b"\x04"))
check(recv_frame(c) == bytes.fromhex("3BDF18FF8191FE1FC30031B8640C01ECC173940180829000B3"), "ATR on 04")
c.sendall(frame(b"") + frame(b"\x7f") + frame(b"\x01") + frame(b"\x02"))  # empty, unknown, power on, reset
c.sendall(frame(b"\x00\xa4"))  # too short for an APDU
check(recv_frame(c) == b"\x6d\x00", "a 2-byte 'APDU' gets a status word")
c.sendall(frame(os.urandom(65535)))
check(recv_frame(c) == b"\x6d\x00", "a 65535-byte frame gets a status word")
c.sendall(b"\x00\x10\x00\xa4")  # header promises 16 bytes, then the connection ends
c.close()
c, _ = srv.accept()  # the card reconnects, as after a pcscd restart
c.settimeout(60)
c.sendall(frame(b"\x04"))
check(recv_frame(c) is not None, "reconnected after a truncated frame")
card.send_signal(signal.SIGTERM)
try:
    rc = card.wait(60)
except subprocess.TimeoutExpired:
    card.kill()
    rc = None
check(rc == 0, "SIGTERM ends it with status 0 (got %r)" % rc)
with open(os.path.join(tmp, "apdu.log")) as f:
    log = f.read()
check("C 00A4 (short)" in log or "(short)" in log, "the APDU log records the short frame")
sys.exit(1 if failures else 0)
