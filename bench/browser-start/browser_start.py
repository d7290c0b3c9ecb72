#!/usr/bin/python3
"""Firefox's and Thunderbird's start with a Cryptoki module in the profile (issue 16): the time from launch to
a ready Marionette session and the APDUs the card gets, for no module, libias-pkcs11.so with its persistent
cache kept, libias-pkcs11.so with an empty cache, and Debian's opensc-pkcs11.so, on one private test bed
(extended card, latency model). Each start uses a fresh profile made by tests/browsers/browserlib.sh's
make_profile, with each module registered as its Debian package registers it: no NSS flag (the
SecurityDevices policy, pkcs11-register); Firefox gets our browsers' module libias-pkcs11-auth.so (the
authentication token only) and OpenSC's onepin-opensc-pkcs11.so, Thunderbird libias-pkcs11.so and
opensc-pkcs11.so. For Firefox, ours (cache kept) and OpenSC also open a TLS 1.3 client-auth page 2 s after
the start.

The card's APDU log has no timestamps: a thread follows it (and the browser's stderr) and stamps each line
when it appears; the card writes `C …` when a command arrives and `R …` after its latency-model delay, so
C-to-R is the card's time for that APDU."""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BROWSERS = os.path.join(REPO, "tests", "browsers")
sys.path.insert(0, BROWSERS)
from marionette import Marionette, MarionetteError  # noqa: E402
from pin_prompter import INSTALL, PROMPTS  # noqa: E402

# What Debian's pkcs11-register puts in each application's profiles (OpenSC 0.23)
OPENSC = {"firefox": "/usr/lib/x86_64-linux-gnu/onepin-opensc-pkcs11.so",
          "thunderbird": "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"}
APPS = {"firefox": "firefox-esr", "thunderbird": "thunderbird"}
CONFIGS = ["no module", "ours, cache kept", "ours, empty cache", "OpenSC 0.23"]
PAGE_CONFIGS = {"ours, cache kept", "OpenSC 0.23"}
SETTLE_S = 2.0  # the page opens (and a start without page ends) this long after ready
# "libias-pkcs11: background read of <reader>: start" / "…: done, N commands" (IAS_ECC_LOG=debug); tolerant
BACKGROUND = re.compile(r"background read.*?\b(start|done)\b(?:.*?(\d+)\s+commands?)?", re.I)
# "libias-pkcs11: +12.471 ms tid 4242: C_OpenSession -> CKR 0x0 in 0.584 ms" (IAS_ECC_LOG=debug): one line per
# Cryptoki call as it returns (pkcs11/src/EntryTrace.h); "+…" counts from the module's load.
CALL = re.compile(r"^libias-pkcs11: \+(\d+\.\d+) ms tid (\d+): (C_\w+) -> CKR 0x[0-9a-f]+ in (\d+\.\d+) ms$")


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Follower(threading.Thread):
    """Each new line of a growing file with time.monotonic() of when it appeared (polled every 2 ms)."""

    def __init__(self, path, from_end=True):
        super().__init__(daemon=True)
        self.path, self.from_end = path, from_end
        self.lines = []  # (t, text)
        self.stop = threading.Event()
        self.start()

    def run(self):
        while not os.path.exists(self.path) and not self.stop.is_set():
            time.sleep(0.002)
        with open(self.path, "rb") as f:
            if self.from_end:
                f.seek(0, os.SEEK_END)
            rest = b""
            while True:
                chunk = f.read()
                if chunk:
                    t = time.monotonic()
                    rest += chunk
                    *done, rest = rest.split(b"\n")
                    self.lines.extend((t, line.decode(errors="replace")) for line in done)
                elif self.stop.is_set():
                    return
                else:
                    time.sleep(0.002)

    def close(self):
        time.sleep(0.05)
        self.stop.set()
        self.join(5)

    def between(self, t0, t1):
        return [(t, x) for t, x in list(self.lines) if t0 <= t <= t1]


def apdus(lines):
    """Commands and the card's time for them (sum of C-to-R intervals) in stamped log lines."""
    n, busy, pending = 0, 0.0, None
    for t, line in lines:
        if line.startswith("C "):
            n += 1
            pending = t
        elif line.startswith("R ") and pending is not None:
            busy += t - pending
            pending = None
    return n, busy


def background(lines):
    """Background reads logged by the module: (started, done, commands of the done ones)."""
    started = done = commands = 0
    for _, line in lines:
        m = BACKGROUND.search(line)
        if not m:
            continue
        if m.group(1).lower() == "start":
            started += 1
        else:
            done += 1
            commands += int(m.group(2) or 0)
    return started, done, commands


def module_calls(lines, t0):
    """The module's Cryptoki calls in stamped stderr lines: their number, the time spent inside them (s), the
    longest one ("C_Name 12 ms"), and when the module was loaded (s after t0: the line's arrival minus its "+ms";
    the follower polls every 2 ms)."""
    n, inside, longest, loaded = 0, 0.0, None, None
    for t, line in lines:
        m = CALL.match(line)
        if not m:
            continue
        n += 1
        took = float(m.group(4)) / 1000
        inside += took
        if longest is None or took > longest[1]:
            longest = (m.group(3), took)
        if loaded is None:
            loaded = t - t0 - float(m.group(1)) / 1000
    return {"calls": n, "inside_s": inside, "longest": f"{longest[0]} {longest[1] * 1000:.0f} ms" if longest else None,
            "loaded_after_s": loaded}


def parse_env(text):
    return {m.group(1): m.group(2).strip().strip("'\"") for m in re.finditer(r"^export (\w+)=(.*)$", text, re.M)}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Bench:
    def __init__(self, args):
        self.args = args
        build = os.environ.get("IAS_BUILD_DIR", os.path.join(REPO, "build"))
        # What the package registers: the browsers' module in Firefox, both tokens in Thunderbird (it signs mail)
        self.ours = {
            "firefox": os.path.abspath(os.environ.get("IAS_PKCS11_BROWSER_MODULE",
                                                      os.path.join(build, "pkcs11", "libias-pkcs11-auth.so"))),
            "thunderbird": os.path.abspath(os.environ.get("IAS_PKCS11_MODULE",
                                                          os.path.join(build, "pkcs11", "libias-pkcs11.so")))}
        self.bed = tempfile.mkdtemp(prefix="ias-browser-start.")
        self.children = []
        self.card = None
        self.build = build
        self.runs = []
        self.url = None
        self.url12 = None

    def up(self):
        build = self.build
        up = [os.path.join(REPO, "scripts", "testbed"), "up", self.bed, "--profile", "extended", "--latency"]
        out = subprocess.run(up, check=True, capture_output=True, text=True,
                             env=dict(os.environ, IAS_BUILD_DIR=build))
        self.env = dict(os.environ, **parse_env(out.stdout))
        self.env.pop("OPENSC_CONF", None)
        self.env.pop("OPENSC_DEBUG", None)
        self.cache = self.env["IAS_ECC_CACHE_DIR"]  # the test bed's: our module's persistent cache
        self.work = os.path.join(self.bed, "work")
        home = os.path.join(self.work, "home")
        for d in ("home", "run", "xdg-cache", "profiles", "logs"):
            os.makedirs(os.path.join(self.work, d), mode=0o700, exist_ok=True)
        # as browserlib.sh's browser_bed_up: nothing of the user's is read or written
        self.env.update(HOME=home, XDG_RUNTIME_DIR=os.path.join(self.work, "run"),
                        XDG_CACHE_HOME=os.path.join(self.work, "xdg-cache"), MOZ_CRASHREPORTER_DISABLE="1",
                        MOZ_DISABLE_AUTO_SAFE_MODE="1", IAS_ECC_LOG="debug", PYTHONDONTWRITEBYTECODE="1")
        # The module's confirmation helper of this build (the installed one lives in libexec).
        self.env.setdefault("IAS_ECC_CONFIRM_HELPER",
                            os.path.abspath(os.path.join(build, "pkcs11", "ias-card-confirm")))
        self.card = Follower(os.path.join(self.bed, "apdu.log"))

    def close(self):
        for p in self.children:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        if self.card:
            self.card.close()
        subprocess.run([os.path.join(REPO, "scripts", "testbed"), "down", self.bed], capture_output=True)
        if self.args.keep:
            print(f"test bed kept in {self.bed}", file=sys.stderr)
        else:
            shutil.rmtree(self.bed, ignore_errors=True)

    def start_server(self, version="1.3"):
        """A client-auth server (TLS 1.3, or TLS 1.2 only) in a work directory of its own; its page's URL."""
        work = os.path.join(self.work, "tls" + version)
        os.makedirs(work, exist_ok=True)
        portfile = os.path.join(work, "server.port")
        p = subprocess.Popen([sys.executable, os.path.join(BROWSERS, "client_auth_server.py"),
                              os.path.join(self.bed, "pki", "tls-server.pem"),
                              os.path.join(self.bed, "pki", "tls-server.key"),
                              os.path.join(self.bed, "pki", "ca-chain.pem"), work, "3600", version],
                             stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "server.err"), "w"),
                             env=self.env)
        self.children.append(p)
        for _ in range(600):
            if os.path.exists(portfile) and os.path.getsize(portfile):
                return f"https://127.0.0.1:{open(portfile).read().strip()}/close-page"
            time.sleep(0.1)
        raise RuntimeError("client_auth_server.py did not start")

    def make_profile(self, profile, port, config, app):
        """browserlib.sh's make_profile (plain registration, as the packages register modules); "no module":
        the same profile, module removed."""
        module = OPENSC[app] if config == "OpenSC 0.23" else self.ours[app]
        script = ('source "$1/browserlib.sh" && W=$2 BED=$3 && make_profile "$4" "$5" plain'
                  ' || { cat "$W/profile.log"; exit 1; }')
        if config == "no module":
            script += ' && modutil -dbdir "sql:$4" -delete ias-ecc -force >>"$W/profile.log" 2>&1'
        subprocess.run(["bash", "-c", script, "make_profile", BROWSERS, self.work, self.bed, profile, str(port)],
                       check=True, env=dict(self.env, IAS_PKCS11_MODULE=module), stdout=subprocess.DEVNULL)

    def start(self, app, config, rnd):
        name = f"{app}-{rnd}-{CONFIGS.index(config)}"
        profile = os.path.join(self.work, "profiles", name)
        port = free_port()
        self.make_profile(profile, port, config, app)
        if config == "ours, empty cache":
            shutil.rmtree(self.cache, ignore_errors=True)
        time.sleep(self.args.pause)  # pcscd powers the idle card down: each start finds it as after a pause
        log = os.path.join(self.work, "logs", name + ".log")
        run = {"app": app, "config": config, "round": rnd}
        t0 = time.monotonic()
        proc = subprocess.Popen(["timeout", "-k", "5", "240", APPS[app], "--headless", "--marionette",
                                 "--remote-allow-system-access", "--no-remote", "--profile", profile, "about:blank"],
                                stdout=open(log, "wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=self.env, start_new_session=True)
        self.children.append(proc)
        stderr = Follower(log, from_end=False)
        m = None
        try:
            while m is None:  # poll every 20 ms: the connect loop of marionette.py waits 200 ms
                try:
                    m = Marionette(port, connect_timeout=0, timeout=120)
                except MarionetteError:
                    if proc.poll() is not None or time.monotonic() - t0 > 120:
                        raise
                    time.sleep(0.02)
            t_listen = time.monotonic()
            m.start_session(pageLoadStrategy="normal", acceptInsecureCerts=False, unhandledPromptBehavior="ignore",
                            timeouts={"pageLoad": 60000, "script": 30000})
            t_ready = time.monotonic()
            run.update(listening_s=t_listen - t0, ready_s=t_ready - t0)
            time.sleep(max(0.0, t_ready + SETTLE_S - time.monotonic()))
            if app == "firefox" and config in PAGE_CONFIGS and self.url:
                run["page"] = self.page(m, self.url)
                # then a TLS 1.2 page (one-shot CKM_RSA_PKCS_PSS), over a new connection
                run["page12"] = self.page(m, self.url12)
        except (MarionetteError, OSError) as e:
            run["error"] = str(e)[:500]
        finally:
            if m is not None:
                m.quit()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            t_end = time.monotonic()
            time.sleep(0.3)  # the last R line of an APDU in flight
            stderr.close()
        if "ready_s" in run:
            t_ready = t0 + run["ready_s"]
            run["apdus_before_ready"], run["busy_before_ready_s"] = apdus(self.card.between(t0, t_ready))
            _, _, run["background_before_ready"] = background(stderr.between(t0, t_ready))
            run["module_before_ready"] = module_calls(stderr.between(t0, t_ready), t0)
        run["apdus_total"], run["busy_total_s"] = apdus(self.card.between(t0, t_end + 0.3))
        started, done, run["background_total"] = background(stderr.lines)
        run["background_reads"] = [started, done]
        for key in ("page", "page12"):
            if key not in run:
                continue
            p = run[key]
            lines = self.card.between(p.pop("t0"), p.pop("t1"))
            p["apdus"], p["busy_s"] = apdus(lines)
            p["headers"] = [x.split()[1] for _, x in lines if x.startswith("C ") and len(x.split()) > 1]
        self.runs.append(run)
        print(json.dumps(run), file=sys.stderr, flush=True)
        return run

    def page(self, m, url):
        """A client-auth page: APDUs and time from navigation to the page loaded."""
        m.context("chrome")
        cid = m.run(INSTALL, {"Auth PIN": "1234"}, 1)  # the token names of both modules contain "Auth PIN"
        m.context("content")
        page = {"t0": time.monotonic()}
        try:
            m.navigate(url)
        except MarionetteError as e:  # an error page ends navigation with an error
            page["error"] = str(e)[:300]
        page["t1"] = time.monotonic()
        page["seconds"] = page["t1"] - page["t0"]
        doc = m.run("return {title: document.title, tls: (document.getElementById('tls') || {}).textContent};")
        page["ok"] = doc.get("title") == "client-auth-ok"
        page["tls"] = doc.get("tls")
        m.context("chrome")
        page["prompts"] = [p.get("token") for p in m.run(PROMPTS, cid)]
        return page

    def main(self):
        apps = ["firefox", "thunderbird"] if self.args.app == "both" else [self.args.app]
        self.load_start = load_average()
        self.url = self.start_server("1.3")
        self.url12 = self.start_server("1.2")
        for app in apps:
            # not measured: fills our module's persistent cache and the page cache with the browser's files
            self.start(app, "ours, cache kept", 0)
            for rnd in range(1, self.args.runs + 1):
                for config in CONFIGS:
                    self.start(app, config, rnd)
        self.load_end = load_average()
        self.runs = [r for r in self.runs if r["round"] > 0]
        return self.report(apps)

    def report(self, apps):
        out = [f"Browser start with a Cryptoki module (issue 16): extended test card, latency model (15 ms per APDU"
               f" + 0.09 ms per byte), fresh profile each start, each module registered as its package registers"
               f" it (no NSS flag; Firefox: libias-pkcs11-auth.so, onepin-opensc-pkcs11.so; Thunderbird:"
               f" libias-pkcs11.so, opensc-pkcs11.so); medians of {self.args.runs} run(s); load average at start {self.load_start},"
               f" at end {self.load_end}", ""]
        for app in apps:
            runs = {c: [r for r in self.runs if r["app"] == app and r["config"] == c] for c in CONFIGS}
            out += [f"### {app} ({self.version(app)})", "", "| | " + " | ".join(CONFIGS) + " |",
                    "|---" * (len(CONFIGS) + 1) + "|"]

            def med(c, key, fmt="{:.2f}", sub=None):
                vals = [(r.get(sub) or {}).get(key) if sub else r.get(key) for r in runs[c]]
                vals = [v for v in vals if v is not None]
                return fmt.format(statistics.median(vals)) if vals else "–"

            def row(label, cell):
                out.append(f"| {label} | " + " | ".join(cell(c) for c in CONFIGS) + " |")

            base = [r["ready_s"] for r in runs["no module"] if "ready_s" in r]
            base = statistics.median(base) if base else None

            def added(c):
                vals = [r["ready_s"] for r in runs[c] if "ready_s" in r]
                if c == "no module" or not vals or base is None:
                    return "–"
                return f"{(statistics.median(vals) - base) * 1000:+.0f} ms"

            def failures(c):
                return str(sum(1 for r in runs[c] if "error" in r))

            row("Marionette session ready after launch (s)", lambda c: med(c, "ready_s"))
            row("the module's cost: ready minus no module", added)
            row("APDUs before ready", lambda c: med(c, "apdus_before_ready", "{:.0f}"))
            row("of which in the background (module's log)", lambda c: med(c, "background_before_ready", "{:.0f}"))
            row("card busy before ready (s)", lambda c: med(c, "busy_before_ready_s"))
            row("our module's calls before ready: number / time inside them (s)",
                lambda c: "–" if not c.startswith("ours") else
                f"{med(c, 'calls', '{:.0f}', 'module_before_ready')} / {med(c, 'inside_s', '{:.3f}', 'module_before_ready')}")
            row("our module loaded, s after launch", lambda c: med(c, "loaded_after_s", "{:.2f}", "module_before_ready")
                if c.startswith("ours") else "–")
            row(f"APDUs until quit ({SETTLE_S:.0f} s after ready{', then the page' if app == 'firefox' else ''})",
                lambda c: med(c, "apdus_total", "{:.0f}"))
            row("card busy until quit (s)", lambda c: med(c, "busy_total_s"))
            if app == "firefox":
                def page(c, key="page"):
                    ps = [r[key] for r in runs[c] if key in r]
                    if not ps:
                        return "–"
                    ok = sum(1 for p in ps if p["ok"])
                    if not ok:
                        return f"fails ({statistics.median(p['apdus'] for p in ps):.0f} APDUs)"
                    good = [p for p in ps if p["ok"]]
                    return (f"{statistics.median(p['apdus'] for p in good):.0f} / "
                            f"{statistics.median(p['seconds'] for p in good):.2f} s"
                            + ("" if ok == len(ps) else f" ({len(ps) - ok} of {len(ps)} failed)"))
                row("TLS 1.3 client-auth page 2 s after ready: APDUs / time", page)
                row("then a TLS 1.2 client-auth page: APDUs / time", lambda c: page(c, "page12"))
            row("runs that failed to start", failures)
            out.append("")
        return "\n".join(out)

    def version(self, app):
        try:
            return subprocess.run([APPS[app], "--version"], capture_output=True, text=True, timeout=30,
                                  env=self.env).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return APPS[app]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--app", choices=["firefox", "thunderbird", "both"], default="both")
    ap.add_argument("--out", help="also write the table (Markdown) here, and the raw runs to OUT.json")
    ap.add_argument("--pause", type=float, default=1.5, help="idle seconds before each start (card powered down)")
    ap.add_argument("--keep", action="store_true", help="keep the test bed directory (profiles, logs)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # CTest's timeout: still bring the bed down
    bench = Bench(args)
    try:
        bench.up()
        table = bench.main()
    finally:
        bench.close()
    print(table)
    raw = json.dumps(bench.runs, indent=1)
    print("raw runs (JSON):\n" + raw)
    if args.out:
        with open(args.out, "w") as f:
            f.write(table + "\n")
        with open(args.out + ".json", "w") as f:
            f.write(raw + "\n")


if __name__ == "__main__":
    main()
