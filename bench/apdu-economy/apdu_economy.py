"""Runs the APDU-economy flows (p11flow) through two Cryptoki modules on a private test bed and prints one
table: APDUs, bytes to and from the card (from the card's APDU log), median wall time, the protocol's least
number of APDUs; then CPU per signature and the peak memory of a process that loaded the module.
Every flow runs in a new process; between processes the card is left alone until pcscd powers it down, so
each process finds the card as a browser would after a pause (MF current, no PIN verified)."""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OPENSC = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"
AUTH_PIN, SIGN_PIN = "1234", "123456"

# The least number of APDUs the card protocol allows for each flow, on the standard test card, with truthful
# token flags, content that is never stale and every PIN checked at its C_Login (docs/performance.md gives
# the reasoning).
MINIMUM = {
    "start, cold": 45,
    "start, earlier runs": 18,
    "login + 1 signature": 4,
    "per signature (of N)": 3,
    "qualified signature with PIN": 13,
    "PIN change": 1,
}


def parse_env(text):
    env = {}
    for m in re.finditer(r"^export (\w+)=(.*)$", text, re.M):
        env[m.group(1)] = m.group(2).strip().strip("'\"")
    return env


def log_slice(log, start, end):
    """APDUs, bytes sent and bytes received between two offsets of the card's APDU log."""
    with open(log, "rb") as f:
        f.seek(start)
        lines = f.read(end - start).decode(errors="replace").splitlines()
    apdus = sent = received = 0
    for line in lines:
        parts = line.split()
        if parts[:1] == ["C"]:
            apdus += 1
            body = parts[2] if len(parts) > 2 else ""
            if len(parts) > 3 and parts[3] == "***":  # PIN data redacted: Lc says how long it was
                b = bytes.fromhex(body)
                lc = int.from_bytes(b[1:3], "big") if b[0] == 0 and len(b) == 3 else b[0]
                sent += 4 + len(b) + lc
            else:
                sent += 4 + len(body) // 2
        elif parts[:1] == ["R"] and len(parts) >= 3:
            received += int(parts[2]) + 2
    return apdus, sent, received


class Bench:
    def __init__(self, args):
        self.args = args
        build = os.environ.get("IAS_BUILD_DIR", os.path.join(REPO, "build"))
        self.ours = os.environ.get("IAS_PKCS11_MODULE", os.path.join(build, "pkcs11", "libias-pkcs11.so"))
        self.flow = os.environ.get("IAS_P11FLOW", os.path.join(build, "bench", "apdu-economy", "p11flow"))
        self.bed = tempfile.mkdtemp(prefix="ias-bench.")
        up = [os.path.join(REPO, "scripts", "testbed"), "up", self.bed] + ([] if args.no_latency else ["--latency"])
        out = subprocess.run(up, check=True, capture_output=True, text=True, env=dict(os.environ, IAS_BUILD_DIR=build))
        self.env = dict(os.environ, **parse_env(out.stdout))
        self.env.pop("IAS_ECC_CACHE_DIR", None)
        self.env["XDG_CACHE_HOME"] = os.path.join(self.bed, "xdg")  # our module's persistent cache, private
        self.env.pop("OPENSC_CONF", None)
        self.log = os.path.join(self.bed, "apdu.log")
        self.results = {}  # (module, flow) -> list of (apdus, sent, received, ms, cpu_ms)
        self.rss = {}

    def close(self):
        subprocess.run([os.path.join(REPO, "scripts", "testbed"), "down", self.bed], capture_output=True)
        shutil.rmtree(self.bed, ignore_errors=True)

    def idle(self):
        # pcscd powers an unused card down ~0.75 s after the last client left.
        time.sleep(self.args.pause)

    def run(self, module, name, argv, phases, env=None):
        """One process; `phases` maps p11flow phase names to table rows. Returns False when the flow failed."""
        self.idle()
        p = subprocess.run([self.flow, module, self.log] + argv, capture_output=True, text=True, env=env or self.env)
        if p.returncode != 0:
            self.results.setdefault((name, phases[next(iter(phases))]), []).append(None)
            sys.stderr.write(f"{name} {argv[0]}: {p.stderr.strip()}\n")
            return False
        for m in re.finditer(r"phase=(\w+) from=(\d+) to=(\d+) ms=([\d.]+) cpu_ms=([\d.]+)", p.stdout):
            row = phases.get(m.group(1))
            if row:
                a, s, r = log_slice(self.log, int(m.group(2)), int(m.group(3)))
                self.results.setdefault((name, row), []).append((a, s, r, float(m.group(4)), float(m.group(5))))
        m = re.search(r"maxrss_kb=(\d+)", p.stdout)
        if m and argv[0] == "startup":
            self.rss.setdefault(name, []).append(int(m.group(1)))
        return True

    def flows(self, name, module):
        """Login + signatures, a qualified signature, a PIN change and back, each in a new process."""
        n = str(self.args.signatures)
        mech = ["rsa-pkcs"] if module == OPENSC else []
        self.run(module, name, ["sign", "Auth PIN", AUTH_PIN, n] + mech,
                 {"login_sign": "login + 1 signature", "signatures": "per signature (of N)"})
        env = dict(self.env)
        if module == OPENSC:
            env["OPENSC_CONF"] = os.path.join(self.bed, "opensc-sm.conf")  # SM for the signature PIN
        self.run(module, name, ["qualified", "Signature PIN", SIGN_PIN], {"qualified": "qualified signature with PIN"},
                 env)
        if self.run(module, name, ["pinchange", "Auth PIN", AUTH_PIN, "4321"], {"pinchange": "PIN change"}):
            self.run(module, name, ["pinchange", "Auth PIN", "4321", AUTH_PIN], {"pinchange": "PIN change"})

    def main(self):
        # Earlier runs: one pass of every flow fills our module's persistent cache (not measured).
        self.run(self.ours, "warm-up", ["startup"], {})
        self.flows("warm-up", self.ours)
        self.results = {k: v for k, v in self.results.items() if k[0] != "warm-up"}
        cold = dict(self.env, XDG_CACHE_HOME=os.path.join(self.bed, "xdg-cold"))
        for r in range(self.args.runs):
            shutil.rmtree(cold["XDG_CACHE_HOME"], ignore_errors=True)
            self.run(self.ours, "ias", ["startup"], {"load": "start, cold"}, cold)
            self.run(self.ours, "ias", ["startup"], {"load": "start, earlier runs"})
            self.run(OPENSC, "opensc", ["startup"], {"load": "start, cold"})
            self.run(OPENSC, "opensc", ["startup"], {"load": "start, earlier runs"})
            self.flows("ias", self.ours)
            self.flows("opensc", OPENSC)
        if self.args.callgrind:
            self.callgrind()
        self.report()

    def callgrind(self):
        """Instructions the module executes per signature: callgrind over 1 and over 1+N signatures."""
        self.cg = {}
        for name, module in (("ias", self.ours), ("opensc", OPENSC)):
            counts = []
            for n in ("1", str(1 + self.args.cg_signatures)):
                self.idle()
                out = os.path.join(self.bed, f"cg.{name}.{n}")
                mech = ["rsa-pkcs"] if module == OPENSC else []
                subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", self.flow, module,
                                self.log, "sign", "Auth PIN", AUTH_PIN, str(int(n) - 1)] + mech,
                               env=self.env, capture_output=True)
                text = open(out).read() if os.path.exists(out) else ""
                m = re.search(r"^summary: (\d+)", text, re.M) or re.search(r"^totals: (\d+)", text, re.M)
                counts.append(int(m.group(1)) if m else None)
            if None not in counts:
                self.cg[name] = (counts[1] - counts[0]) / self.args.cg_signatures

    def cell(self, name, row):
        samples = self.results.get((name, row), [])
        ok = [s for s in samples if s]
        if not ok:
            return None
        div = self.args.signatures if row == "per signature (of N)" else 1
        med = lambda i: statistics.median(s[i] for s in ok) / div
        return med(0), med(1), med(2), med(3), med(4), len(ok), len(samples)

    def report(self):
        lat = "no latency" if self.args.no_latency else "latency model on (15 ms + 0.09 ms/byte per APDU)"
        lines = [f"APDU economy, standard test card, {lat}; medians of {self.args.runs} run(s); "
                 f"N = {self.args.signatures} signatures in one session",
                 "", "| flow | minimum APDUs | ias APDUs | OpenSC APDUs | ias bytes out/in | OpenSC bytes out/in "
                 "| ias time | OpenSC time |", "|---|---|---|---|---|---|---|---|"]
        fmt_t = lambda ms: f"{ms/1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms"
        for row in MINIMUM:
            cells = []
            for name in ("ias", "opensc"):
                c = self.cell(name, row)
                cells.append(c)
            def apdus(c):
                return "fails" if c is None else (f"{c[0]:g}" if c[0] == int(c[0]) else f"{c[0]:.2f}")
            def by(c):
                return "–" if c is None else f"{c[1]:.0f} / {c[2]:.0f}"
            def tm(c):
                return "–" if c is None else fmt_t(c[3])
            lines.append(f"| {row} | {MINIMUM[row]} | {apdus(cells[0])} | {apdus(cells[1])} | {by(cells[0])} | "
                         f"{by(cells[1])} | {tm(cells[0])} | {tm(cells[1])} |")
        lines.append("")
        for name, label in (("ias", "libias-pkcs11.so"), ("opensc", "opensc-pkcs11.so")):
            c = self.cell(name, "per signature (of N)")
            cpu = f"{c[4]:.3f} ms CPU (user+system) per signature" if c else "n/a"
            cg = getattr(self, "cg", {}).get(name)
            cgs = f", {cg/1e6:.2f} M instructions per signature (callgrind)" if cg else ""
            lines.append(f"{label}: {cpu}{cgs}; peak RSS of a process after the browser start "
                         f"{statistics.median(self.rss.get(name, [0]))/1024:.1f} MiB (median of "
                         f"{len(self.rss.get(name, []))})")
        text = "\n".join(lines)
        print(text)
        if self.args.out:
            with open(self.args.out, "w") as f:
                f.write(text + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--signatures", type=int, default=100)
    ap.add_argument("--no-latency", action="store_true")
    ap.add_argument("--pause", type=float, default=1.2, help="seconds between processes (card powered down)")
    ap.add_argument("--callgrind", action="store_true", help="also count instructions per signature")
    ap.add_argument("--cg-signatures", type=int, default=20)
    ap.add_argument("--out")
    args = ap.parse_args()
    b = Bench(args)
    try:
        b.main()
    finally:
        b.close()
    failed = [k for k, v in b.results.items() if k[0] == "ias" and not all(v)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
