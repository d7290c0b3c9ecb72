#!/usr/bin/python3
"""A stand-in for ias-pinentry that records the request a tool sends, then lets the real dialog answer it.

IAS_PINENTRY points here; IAS_PINENTRY_REAL names the real dialog and IAS_PINENTRY_RECORD the file the
request is appended to (protocol text, "IAS-PINENTRY 1" ... "END", docs/pin-ui.md). The client talks to its
dialog on descriptors 0 and 1 (one socket): the request is read up to END, written to the real dialog's
stdin, and everything the dialog answers is copied back to our stdout until it ends. Python's standard
library only: the test reads what the tool asked for without our code in between. (The client passes only
IAS_PINENTRY_* variables to its dialog, hence the names. The PIN passes through this relay's memory: a
test tool, never installed.)"""
import os
import subprocess
import sys

request = b""
while not request.endswith(b"END\n"):
    chunk = os.read(0, 1)
    if not chunk:
        sys.exit(1)
    request += chunk
with open(os.environ["IAS_PINENTRY_RECORD"], "ab") as record:
    record.write(request)
dialog = subprocess.Popen([os.environ["IAS_PINENTRY_REAL"]], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
dialog.stdin.write(request)
dialog.stdin.flush()
while True:
    answer = os.read(dialog.stdout.fileno(), 4096)
    if not answer:
        break
    os.write(1, answer)
sys.exit(dialog.wait())
