#!/usr/bin/python3
"""Card presence as PC/SC reports it, through libpcsclite with ctypes (no extra packages).

usage: pcsc_status.py state                      -> one line per reader: "<reader>\tpresent|empty"
       pcsc_status.py wait-present [TIMEOUT_S]   -> exit 0 once some reader has a card, 1 on timeout
       pcsc_status.py wait-absent  [TIMEOUT_S]   -> exit 0 once no reader has a card, 1 on timeout
The private pcscd is chosen by PCSCLITE_CSOCK_NAME, as for every PC/SC client.
"""
import ctypes
import sys
import time

SCARD_SCOPE_SYSTEM = 2
SCARD_STATE_EMPTY = 0x10
SCARD_STATE_PRESENT = 0x20
SCARD_E_TIMEOUT = 0x8010000A
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E

DWORD = ctypes.c_ulong  # pcsc-lite on Linux: DWORD is unsigned long
LONG = ctypes.c_long


class ReaderState(ctypes.Structure):
    _fields_ = [
        ("szReader", ctypes.c_char_p),
        ("pvUserData", ctypes.c_void_p),
        ("dwCurrentState", DWORD),
        ("dwEventState", DWORD),
        ("cbAtr", DWORD),
        ("rgbAtr", ctypes.c_ubyte * 33),
    ]


lib = ctypes.CDLL("libpcsclite.so.1")
lib.SCardEstablishContext.argtypes = [DWORD, ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(LONG)]
lib.SCardListReaders.argtypes = [LONG, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(DWORD)]
lib.SCardGetStatusChange.argtypes = [LONG, DWORD, ctypes.POINTER(ReaderState), DWORD]
lib.SCardReleaseContext.argtypes = [LONG]
for f in (lib.SCardEstablishContext, lib.SCardListReaders, lib.SCardGetStatusChange, lib.SCardReleaseContext):
    f.restype = LONG


def states():
    """{reader: present?}; empty when pcscd is not reachable or has no reader."""
    ctx = LONG()
    if lib.SCardEstablishContext(SCARD_SCOPE_SYSTEM, None, None, ctypes.byref(ctx)) != 0:
        return {}
    try:
        n = DWORD(0)
        if lib.SCardListReaders(ctx, None, None, ctypes.byref(n)) != 0 or n.value == 0:
            return {}
        buf = ctypes.create_string_buffer(n.value)
        if lib.SCardListReaders(ctx, None, buf, ctypes.byref(n)) != 0:
            return {}
        names = [r for r in buf.raw[: n.value].split(b"\0") if r]
        rs = (ReaderState * len(names))()
        for i, r in enumerate(names):
            rs[i].szReader = r
            rs[i].dwCurrentState = 0
        if lib.SCardGetStatusChange(ctx, 0, rs, len(names)) != 0:
            return {}
        return {r.decode(): bool(rs[i].dwEventState & SCARD_STATE_PRESENT) for i, r in enumerate(names)}
    finally:
        lib.SCardReleaseContext(ctx)


def wait(present, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = states()
        if (present and any(s.values())) or (not present and s and not any(s.values())):
            return 0
        time.sleep(0.05)
    return 1


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "state"
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    if cmd == "state":
        for r, p in states().items():
            print("%s\t%s" % (r, "present" if p else "empty"))
        return 0
    if cmd in ("wait-present", "wait-absent"):
        return wait(cmd == "wait-present", timeout)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
