#!/usr/bin/python3
"""PIN residue in memory and in logs, on a test bed of its own (docs/pin-memory.md).

    residue_test.py SCENARIO

module-login-sign, module-pin-cache, module-dialog-login, module-wrong-pin, module-context-sign, module-set-pin, module-unblock:
residue_probe under gdb
(residue_gdb.py) drives libias-pkcs11.so; full cores (gcore -a settings) after the PIN operation ("done") and
after C_Finalize ("finalized") must hold no form of any PIN given; a control dump taken while the module
sends (SCardTransmit) or encrypts (EVP_CipherUpdate) exactly the form the test computed must hold it, and
the probe's own plain copy must be found in its last dump; VmLck > 0 while the PIN is alive.
tool-change-pin: the same for `ias-tool pin change` (PINs on stdin), dumped at _exit.
sign-qualified: the same for `ias-sign sign` with the qualified key (its PIN on stdin), dumped at _exit; the
signature it wrote must verify (openssl cms) so that the PIN really was used.
logs: every log and trace of a run of all PIN operations at the most verbose level holds no form of any PIN.

Environment (CTest sets it): IAS_BUILD_DIR, IAS_PKCS11_MODULE, IAS_TOOL, IAS_SIGN, IAS_RESIDUE_PROBE.
IAS_KEEP_BED=1 keeps the bed and the cores.
"""
import json
import mmap
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
TESTBED = os.path.join(REPO, "scripts", "testbed")

# Distinctive values within the card's rules (docs/card-profile.md: auth PIN 4-8 digits, signature PIN 6-8,
# PUK 8), set on the fresh bed before the test. Test PINs as personalised: 1234, 123456, 12345678.
AUTH_PIN = b"73915864"
NEW_AUTH_PIN = b"46190283"
WRONG_PIN = b"80264193"
SIGN_PIN = b"58203716"
PUK = b"94027315"
# VERIFY / CHANGE / RESET references (P2) of the test card.
REF_AUTH, REF_PUK, REF_SIGN = 0x01, 0x02, 0x81
STORED_LENGTH, PAD_CHAR = 8, 0xFF

failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failures.append(what)


# ---- the forms a PIN takes (ias-api/src/CardPins.cpp formatPin, facts §4, secure-messaging Padding.cpp) ----


def pin_block(pin):
    """The PIN as VERIFY carries it: the test card's AODF has no needs-padding flag and its CHV min < max
    (the PUK: 8 = 8, so never shorter), so the block is the PIN as typed."""
    return pin


def ff_padded(pin):
    """The storedLength/padChar form (what a card with needs-padding would get): searched as well."""
    return pin + bytes([PAD_CHAR]) * max(0, STORED_LENGTH - len(pin))


def iso9797_pad(data):
    """ISO/IEC 9797-1 method 2, as the SM layer pads the plain data before 3DES: 80 00 .. to 8n."""
    padded = data + b"\x80"
    return padded + b"\x00" * (-len(padded) % 8)


def apdu(ins, p1, p2, data):
    return bytes([0x00, ins, p1, p2, len(data)]) + data


def verify_apdu(pin, ref):
    return apdu(0x20, 0x00, ref, pin_block(pin))


def change_apdu(old, new, ref):
    return apdu(0x24, 0x00, ref, pin_block(old) + pin_block(new))


def reset_apdu(new, ref):
    return apdu(0x2C, 0x02, ref, pin_block(new))


def memory_forms(pin, ref):
    forms = {
        "ascii": pin,
        "padded-block": ff_padded(pin),
        "verify-apdu": verify_apdu(pin, ref),
        "sm-plaintext": iso9797_pad(pin_block(pin)),
    }
    return forms


def text_forms(raw_forms):
    """How a log would show bytes: as they are, hex in both cases, hex with spaces or colons."""
    out = {}
    for name, value in raw_forms.items():
        out[name] = value
        hexed = value.hex()
        for label, text in (("hex", hexed), ("HEX", hexed.upper())):
            out[name + "-" + label] = text.encode()
            pairs = [text[i:i + 2] for i in range(0, len(text), 2)]
            out[name + "-" + label + "-spaced"] = " ".join(pairs).encode()
            out[name + "-" + label + "-colons"] = ":".join(pairs).encode()
    return out


def hits_in_file(path, needle):
    """File offsets of every occurrence."""
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        offsets, at = [], m.find(needle)
        while at >= 0:
            offsets.append(at)
            at = m.find(needle, at + 1)
        return offsets


def core_segments(path):
    """(file offset, virtual address, size) of each PT_LOAD segment of an ELF64 core."""
    with open(path, "rb") as f:
        header = f.read(64)
        phoff = int.from_bytes(header[0x20:0x28], "little")
        phentsize = int.from_bytes(header[0x36:0x38], "little")
        phnum = int.from_bytes(header[0x38:0x3A], "little")
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    segments = []
    for i in range(phnum):
        ph = table[i * phentsize:(i + 1) * phentsize]
        if int.from_bytes(ph[0:4], "little") == 1:  # PT_LOAD
            segments.append((int.from_bytes(ph[8:16], "little"), int.from_bytes(ph[16:24], "little"),
                             int.from_bytes(ph[32:40], "little")))
    return segments


def mappings(smaps_path):
    """[(start, end, name, flags)] from a copy of /proc/PID/smaps."""
    result = []
    for line in open(smaps_path):
        fields = line.split()
        if fields and "-" in fields[0] and len(fields) >= 5 and not fields[0].endswith(":"):
            start, end = (int(x, 16) for x in fields[0].split("-"))
            result.append([start, end, fields[5] if len(fields) > 5 else "[anonymous]", set()])
        elif fields and fields[0] == "VmFlags:" and result:
            result[-1][3] = set(fields[1:])
    return result


def where(core, needle):
    """Each copy in the core as (address, 'secure' | 'application' | 'registers' | the mapping it is in)."""
    segments = core_segments(core)
    maps = mappings(core + ".smaps")
    application = []
    if os.path.exists(core + ".application"):
        for item in open(core + ".application").read().split():
            address, size = (int(x) for x in item.split(":"))
            application.append((address, address + size))
    places = []
    for offset in hits_in_file(core, needle):
        address = next((vaddr + offset - start for start, vaddr, size in segments
                        if start <= offset < start + size), None)
        if address is None:
            places.append((offset, "registers"))  # the core's notes: the CPU state at that instant
            continue
        if any(a <= address < b for a, b in application):
            places.append((address, "application"))
            continue
        mapping = next((m for m in maps if m[0] <= address < m[1]), None)
        if mapping is None:
            places.append((address, "unmapped"))
        elif {"lo", "dd"} <= mapping[3]:
            places.append((address, "secure"))  # sodium_malloc: mlock + MADV_DONTDUMP
        else:
            places.append((address, "%s %s" % (mapping[2], " ".join(sorted(mapping[3])))))
    return places


def count_in_file(path, needle):
    size = os.path.getsize(path)
    if size == 0:
        return 0
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        count, at = 0, m.find(needle)
        while at >= 0:
            count += 1
            at = m.find(needle, at + 1)
        return count


# ---- the test bed ----


class Bed:
    def __init__(self, extra_env=None):
        self.dir = tempfile.mkdtemp(prefix="ias-residue.")
        env = dict(os.environ)
        env.update(extra_env or {})
        result = subprocess.run([TESTBED, "up", self.dir], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stdout + result.stderr)
            raise SystemExit("FAIL: testbed up")
        self.env = dict(os.environ)
        for line in result.stdout.splitlines():
            if line.startswith("export ") and "=" in line:
                key, _, value = line[len("export "):].partition("=")
                self.env[key] = value.split(" #")[0].strip().strip("'\"")
        self.env.pop("OPENSC_CONF", None)

    def down(self):
        subprocess.run([TESTBED, "down", self.dir], capture_output=True)
        if failures or os.environ.get("IAS_KEEP_BED"):
            print("test bed and dumps kept in " + self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def tool(self, args, pins, extra_env=None, check_ok=True):
        """ias-tool with the PINs on stdin (--pin-fd 0)."""
        env = dict(self.env)
        env.update(extra_env or {})
        result = subprocess.run([os.environ["IAS_TOOL"]] + args + ["--pin-fd", "0"], env=env,
                                input=b"".join(p + b"\n" for p in pins), capture_output=True)
        if check_ok and result.returncode != 0:
            check(False, "ias-tool %s: exit %d: %s" % (" ".join(args), result.returncode,
                                                         result.stderr.decode(errors="replace")))
        return result

    def configure(self, lines):
        """Adds module settings to the bed's configuration file (IAS_ECC_CONF: SM keys and the module's keys)."""
        with open(self.env["IAS_ECC_CONF"], "a") as conf:
            conf.write("".join(line + "\n" for line in lines))

    def set_distinctive_pins(self, which):
        if "auth" in which:
            self.tool(["pin", "change", "--pin-id", "01"], [b"1234", AUTH_PIN])
        if "sign" in which:
            self.tool(["pin", "change", "--pin-id", "02"], [b"123456", SIGN_PIN])
        if "puk" in which:
            self.tool(["pin", "change", "--pin-id", "03"], [b"12345678", PUK])


# ---- memory ----


def run_under_gdb(bed, name, argv, pins, controls, checkpoints=(), extra_env=None):
    out = os.path.join(bed.dir, "dumps-" + name)
    os.makedirs(out)
    stdin_file = os.path.join(out, "stdin")
    with open(stdin_file, "wb") as f:
        f.write(b"".join(p + b"\n" for p in pins))
    config = os.path.join(out, "config.json")
    with open(config, "w") as f:
        json.dump({"argv": argv, "out": out, "stdin": stdin_file, "checkpoints": list(checkpoints),
                   "controls": {k: v.hex() for k, v in controls.items()}}, f)
    env = dict(bed.env, RESIDUE_CONFIG=config)
    env.update(extra_env or {})
    result = subprocess.run(["gdb", "-q", "-nx", "-batch", "-x", os.path.join(HERE, "residue_gdb.py")],
                            env=env, capture_output=True, text=True, timeout=600)
    os.unlink(stdin_file)  # the PINs on disk were the test's input, not residue
    events = open(os.path.join(out, "events.txt")).read()
    print(events.strip())
    if "exit 0" not in events:
        print(result.stdout[-3000:] + result.stderr[-3000:])
    check("exit 0 " in events, name + ": the program ran to its end under gdb")
    return out, events


def remove_cores_if_passed(out):
    """Cores are large: kept only when a check failed, for a person to look at."""
    if failures:
        return
    for f in os.listdir(out):
        if f.startswith("core."):
            os.unlink(os.path.join(out, f))


def locked(events, dump):
    for line in events.splitlines():
        if line.startswith("dump %s " % dump):
            return int(line.split("vmlck_kb=")[1])
    return -1


def search_dumps(out, name, pins, controls, clean_dumps, control_copy):
    """pins: {label: (value, ref)}. Prints a table of counts; checks what the scenario promises."""
    forms = {}
    for label, (value, ref) in pins.items():
        for form, needle in memory_forms(value, ref).items():
            forms[label + " " + form] = needle
    for cname, needle in controls.items():
        forms["control " + cname] = needle
    dumps = sorted(f[len("core."):] for f in os.listdir(out)
                   if f.startswith("core.") and not f.endswith((".smaps", ".application")))
    print("%-34s %s" % ("form \\ dump", " ".join("%12s" % d[-12:] for d in dumps)))
    counts = {}
    for form, needle in forms.items():
        row = []
        for d in dumps:
            c = count_in_file(os.path.join(out, "core." + d), needle)
            counts[(form, d)] = c
            row.append("%12d" % c)
        print("%-34s %s" % (form, " ".join(row)))
    for d in clean_dumps:
        check(d in dumps, "%s: dump %s taken" % (name, d))
        for form in forms:
            if (form, d) in counts:
                check(counts[(form, d)] == 0,
                      "%s: no %s in the dump %s (found %d)" % (name, form, d, counts[(form, d)]))
    for cname in controls:
        d = "control-" + cname
        check(d in dumps, "%s: the program produced the %s form the test computed" % (name, cname))
        if d in dumps:
            check(counts[("control " + cname, d)] >= 1,
                  "%s: the dump taken while %s is alive finds it" % (name, cname))
    # While the module works on a PIN (the control dumps), every copy of it is in secure memory or the
    # application's own buffers: nothing in ordinary heap, stack or library data.
    for cname in controls:
        d = "control-" + cname
        if d not in dumps:
            continue
        for form, needle in forms.items():
            if counts[(form, d)] == 0:
                continue
            places = where(os.path.join(out, "core." + d), needle)
            # Registers at the instant of the dump are the work in progress, not memory.
            outside = [(hex(a), p) for a, p in places if p not in ("secure", "application", "registers")]
            print("%s %s in %s: %s" % (name, form, d, ", ".join("%s %s" % (hex(a), p) for a, p in places)))
            check(not outside, "%s: every %s in %s is in secure memory %s" % (name, form, d, outside or ""))
    if control_copy:
        for label in control_copy:
            check(counts.get((label + " ascii", "control"), 0) >= 1,
                  "%s: the probe's plain copy of the %s is found in the control dump" % (name, label))
    return counts


def module_scenario(name, setup, scenario, pins_in, pins, controls, settings=(), held_at_login=False,
                    dialog_answer=None):
    bed = Bed()
    try:
        bed.set_distinctive_pins(setup)
        bed.configure(settings)
        probe_argv = [os.environ["IAS_RESIDUE_PROBE"], os.environ["IAS_PKCS11_MODULE"], scenario]
        extra_env = {}
        if dialog_answer:
            # tests/pin-ui's stand-in for ias-pinentry answers "OK <PIN>" over the module's socket.
            answer = os.path.join(bed.dir, "dialog-answer")
            with open(answer, "wb") as f:
                f.write(dialog_answer)
            extra_env = {"IAS_PINENTRY": os.path.join(REPO, "tests", "pin-ui", "protocol", "fakes",
                                                      "fake-pinentry.sh"),
                         "IAS_PINENTRY_TEST_FAKE": "okfile", "IAS_PINENTRY_TEST_ANSWER_FILE": answer,
                         "DISPLAY": ":residue"}
        out, events = run_under_gdb(bed, name, probe_argv, pins_in, controls, extra_env=extra_env)
        counts = search_dumps(out, name, pins, controls, ["done", "finalized"], list(pins)[:len(pins_in)])
        if held_at_login:
            # The PIN cache holds the PIN between C_Login and C_Logout: found then, in secure memory only.
            label, (value, _) = next(iter(pins.items()))
            core = os.path.join(out, "core.logged-in")
            places = where(core, value)
            print("%s: %s at logged-in: %s" % (name, label, places))
            check(counts.get((label + " ascii", "logged-in"), 0) >= 1, name + ": the cache holds the PIN after C_Login")
            check(all(p in ("secure", "registers") for _, p in places),
                  name + ": the cached PIN is in secure memory only")
        for dump in ["logged-in"] + ["control-" + c for c in controls]:
            kb = locked(events, dump)
            check(kb > 0, "%s: VmLck %d kB at %s" % (name, kb, dump))
        remove_cores_if_passed(out)
    finally:
        bed.down()


def tool_change_pin():
    name = "tool-change-pin"
    bed = Bed()
    try:
        bed.set_distinctive_pins(["auth"])
        controls = {"change-apdu": change_apdu(AUTH_PIN, NEW_AUTH_PIN, REF_AUTH)}
        argv = [os.environ["IAS_TOOL"], "pin", "change", "--pin-id", "01", "--pin-fd", "0"]
        out, events = run_under_gdb(bed, name, argv, [AUTH_PIN, NEW_AUTH_PIN], controls, checkpoints=["_exit"])
        pins = {"auth PIN": (AUTH_PIN, REF_AUTH), "new auth PIN": (NEW_AUTH_PIN, REF_AUTH)}
        search_dumps(out, name, pins, controls, ["_exit"], [])
        kb = locked(events, "control-change-apdu")
        check(kb > 0, "%s: VmLck %d kB while the CHANGE APDU is sent" % (name, kb))
        # The tool really changed the PIN: the new one verifies, the old one is not asked again.
        result = bed.tool(["pin", "verify", "--pin-id", "01"], [NEW_AUTH_PIN], check_ok=False)
        check(result.returncode == 0, name + ": the new PIN verifies after the change")
        remove_cores_if_passed(out)
    finally:
        bed.down()


def sign_qualified():
    """ias-sign signs a document with the qualified key: its PIN is given once (stdin), goes to the card under
    secure messaging, and must not stay in the process's memory."""
    name = "sign-qualified"
    bed = Bed()
    try:
        bed.set_distinctive_pins(["sign"])
        doc = os.path.join(bed.dir, "decision.txt")
        sig = doc + ".p7s"
        with open(doc, "w") as f:
            f.write("A decision signed with the qualified key.\n")
        # The signature PIN's VERIFY goes under secure messaging: the control is its plaintext block as the
        # cipher gets it (the same form as module-context-sign's).
        controls = {"sm-plaintext": iso9797_pad(pin_block(SIGN_PIN))}
        argv = [os.environ["IAS_SIGN"], "sign", doc, "-o", sig, "--pin-fd", "0"]
        out, events = run_under_gdb(bed, name, argv, [SIGN_PIN], controls, checkpoints=["_exit"])
        search_dumps(out, name, {"signature PIN": (SIGN_PIN, REF_SIGN)}, controls, ["_exit"], [])
        kb = locked(events, "control-sm-plaintext")
        check(kb > 0, "%s: VmLck %d kB while the PIN is encrypted for the card" % (name, kb))
        pki = os.path.join(bed.dir, "pki")
        result = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-content",
                                 doc, "-CAfile", os.path.join(pki, "root-ca.pem"), "-purpose", "any",
                                 "-out", os.devnull], capture_output=True, text=True)
        check(result.returncode == 0, name + ": the signature verifies (openssl cms): the PIN was used" +
              ("" if result.returncode == 0 else ": " + result.stderr.strip()[-300:]))
        remove_cores_if_passed(out)
    finally:
        bed.down()


# ---- logs ----


def logs():
    name = "logs"
    # The most verbose level of everything there is: the module's IAS_ECC_LOG, ias-tool's --trace, pcscd's
    # own APDU log (-d -a; not ours: it is the control that the search finds a PIN in a log).
    verbose = {"IAS_ECC_LOG": "debug", "IAS_TESTBED_PCSCD_DEBUG": "1"}
    bed = Bed(verbose)
    bed.env.update(verbose)
    bed.configure(["pin.cache = yes", "pin.dialog = always"])  # the cache's wipes and the dialog are logged too
    logs_dir = os.path.join(bed.dir, "logs")
    os.makedirs(logs_dir)
    try:
        def keep(label, result):
            with open(os.path.join(logs_dir, label + ".stdout"), "wb") as f:
                f.write(result.stdout)
            with open(os.path.join(logs_dir, label + ".stderr"), "wb") as f:
                f.write(result.stderr)
            return result

        trace = ["--trace"]
        keep("tool-change-auth", bed.tool(trace + ["pin", "change", "--pin-id", "01"], [b"1234", AUTH_PIN]))
        keep("tool-change-sign", bed.tool(trace + ["pin", "change", "--pin-id", "02"], [b"123456", SIGN_PIN]))
        keep("tool-change-puk", bed.tool(trace + ["pin", "change", "--pin-id", "03"], [b"12345678", PUK]))
        keep("tool-verify-auth", bed.tool(trace + ["pin", "verify", "--pin-id", "01"], [AUTH_PIN]))
        keep("tool-verify-sign", bed.tool(trace + ["pin", "verify", "--pin-id", "02"], [SIGN_PIN]))
        doc = os.path.join(bed.dir, "document")
        with open(doc, "wb") as f:
            f.write(b"a document to sign\n")
        keep("tool-sign-auth", bed.tool(trace + ["sign", "--key", "01", "--in", doc, "--out", doc + ".sig1"],
                                        [AUTH_PIN]))
        keep("tool-sign-qualified",
             bed.tool(trace + ["sign", "--key", "02", "--in", doc, "--out", doc + ".sig2"], [SIGN_PIN]))
        # A wrong PIN once (its refusal is logged too), then unblock with the PUK to a new PIN.
        keep("tool-wrong-pin", bed.tool(trace + ["pin", "verify", "--pin-id", "01"], [b"99999999"],
                                        check_ok=False))
        keep("tool-unblock", bed.tool(trace + ["pin", "unblock", "--pin-id", "01"], [PUK, NEW_AUTH_PIN]))
        keep("tool-change-back", bed.tool(trace + ["pin", "change", "--pin-id", "01"], [NEW_AUTH_PIN, AUTH_PIN]))

        probe = [os.environ["IAS_RESIDUE_PROBE"], os.environ["IAS_PKCS11_MODULE"]]
        for label, scenario, pins in (("module-login-sign", "login-sign", [AUTH_PIN]),
                                      ("module-context-sign", "context-sign", [SIGN_PIN]),
                                      ("module-set-pin", "set-pin", [AUTH_PIN, NEW_AUTH_PIN]),
                                      ("module-unblock", "unblock", [PUK, AUTH_PIN])):
            result = keep(label, subprocess.run(probe + [scenario], env=bed.env, capture_output=True,
                                                input=b"".join(p + b"\n" for p in pins)))
            check(result.returncode == 0, "%s: the probe succeeded (%s)" % (label, result.stderr.decode()[-300:]))
        # The PIN through the module's dialog (tests/pin-ui's stand-in for ias-pinentry answers over the socket).
        answer = os.path.join(bed.dir, "dialog-answer")
        with open(answer, "wb") as f:
            f.write(AUTH_PIN)
        dialog_env = dict(bed.env, IAS_PINENTRY=os.path.join(REPO, "tests", "pin-ui", "protocol", "fakes",
                                                             "fake-pinentry.sh"),
                          IAS_PINENTRY_TEST_FAKE="okfile", IAS_PINENTRY_TEST_ANSWER_FILE=answer, DISPLAY=":residue")
        result = keep("module-dialog-login", subprocess.run(probe + ["dialog-login"], env=dialog_env,
                                                            capture_output=True, input=b""))
        check(result.returncode == 0, "module-dialog-login: the probe succeeded (%s)" % result.stderr.decode()[-300:])

        pins = {"auth PIN": (AUTH_PIN, REF_AUTH), "new auth PIN": (NEW_AUTH_PIN, REF_AUTH),
                "signature PIN": (SIGN_PIN, REF_SIGN), "PUK": (PUK, REF_PUK)}
        forms = {}
        for label, (value, ref) in pins.items():
            raw = memory_forms(value, ref)
            raw["reset-apdu"] = reset_apdu(value, ref)
            for form, needle in text_forms(raw).items():
                forms[label + " " + form] = needle
        forms["change-apdu"] = change_apdu(AUTH_PIN, NEW_AUTH_PIN, REF_AUTH)
        ours = sorted(os.path.join(logs_dir, f) for f in os.listdir(logs_dir))
        ours += [os.path.join(bed.dir, f) for f in ("apdu.log", "card.log")]
        module_lines = sum(count_in_file(p, b"libias-pkcs11: ") for p in ours if "/module-" in p)
        check(module_lines > 0, "%s: the module logged at debug level (%d lines)" % (name, module_lines))
        traced = sum(count_in_file(p, b"> 00 20 00 01 08 [8 bytes redacted]") for p in ours)
        check(traced > 0, "%s: the traces were written (%d redacted VERIFY lines)" % (name, traced))
        for path in ours:
            found = [(form, count_in_file(path, needle)) for form, needle in forms.items()]
            found = [(form, c) for form, c in found if c]
            check(not found, "%s: no PIN in %s %s" % (name, os.path.relpath(path, bed.dir), found or ""))
        # Control: pcscd -a logs the APDUs as they pass, PINs included: the search finds the plain VERIFY there.
        pcscd_log = os.path.join(bed.dir, "pcscd.log")
        hits = count_in_file(pcscd_log, verify_apdu(AUTH_PIN, REF_AUTH).hex(" ").encode().upper()) + \
            count_in_file(pcscd_log, verify_apdu(AUTH_PIN, REF_AUTH).hex(" ").encode())
        check(hits > 0, "%s: control: pcscd's own APDU log (not ours) shows the VERIFY the search looks for (%d)"
              % (name, hits))
        # The card's APDU log redacts PIN data itself.
        check(count_in_file(os.path.join(bed.dir, "apdu.log"), b"C 00200001 08 ***") > 0,
              name + ": the card's APDU log shows VERIFY data as ***")
    finally:
        bed.down()


def main():
    scenario = sys.argv[1]
    if scenario == "module-login-sign":
        module_scenario(scenario, ["auth"], "login-sign", [AUTH_PIN], {"auth PIN": (AUTH_PIN, REF_AUTH)},
                        {"verify-apdu": verify_apdu(AUTH_PIN, REF_AUTH)})
    elif scenario == "module-pin-cache":
        module_scenario(scenario, ["auth"], "login-sign", [AUTH_PIN], {"auth PIN": (AUTH_PIN, REF_AUTH)},
                        {"verify-apdu": verify_apdu(AUTH_PIN, REF_AUTH)}, settings=["pin.cache = yes"],
                        held_at_login=True)
    elif scenario == "module-dialog-login":
        module_scenario(scenario, ["auth"], "dialog-login", [], {"auth PIN": (AUTH_PIN, REF_AUTH)},
                        {"verify-apdu": verify_apdu(AUTH_PIN, REF_AUTH)}, settings=["pin.dialog = always"],
                        dialog_answer=AUTH_PIN)
    elif scenario == "module-wrong-pin":
        module_scenario(scenario, ["auth"], "wrong-pin", [WRONG_PIN, AUTH_PIN],
                        {"wrong PIN": (WRONG_PIN, REF_AUTH), "auth PIN": (AUTH_PIN, REF_AUTH)},
                        {"verify-apdu": verify_apdu(WRONG_PIN, REF_AUTH)})
    elif scenario == "module-context-sign":
        module_scenario(scenario, ["sign"], "context-sign", [SIGN_PIN], {"signature PIN": (SIGN_PIN, REF_SIGN)},
                        {"sm-plaintext": iso9797_pad(pin_block(SIGN_PIN))})
    elif scenario == "module-set-pin":
        module_scenario(scenario, ["auth"], "set-pin", [AUTH_PIN, NEW_AUTH_PIN],
                        {"auth PIN": (AUTH_PIN, REF_AUTH), "new auth PIN": (NEW_AUTH_PIN, REF_AUTH)},
                        {"change-apdu": change_apdu(AUTH_PIN, NEW_AUTH_PIN, REF_AUTH)})
    elif scenario == "module-unblock":
        module_scenario(scenario, ["puk"], "unblock", [PUK, NEW_AUTH_PIN],
                        {"PUK": (PUK, REF_PUK), "new auth PIN": (NEW_AUTH_PIN, REF_AUTH)},
                        {"verify-apdu": verify_apdu(PUK, REF_PUK), "reset-apdu": reset_apdu(NEW_AUTH_PIN, REF_AUTH)})
    elif scenario == "tool-change-pin":
        tool_change_pin()
    elif scenario == "sign-qualified":
        sign_qualified()
    elif scenario == "logs":
        logs()
    else:
        raise SystemExit("unknown scenario " + scenario)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
