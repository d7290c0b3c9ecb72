#!/bin/bash
# bench.browser_start_smoke (label bench): the browser-start benchmark once, Firefox only. Asserts only what
# holds by construction: the table has the four configurations, every start reached a Marionette session, and
# the card got commands from our module and from OpenSC (none without a module). No timing is judged.
set -uo pipefail
out=$(mktemp -d "${TMPDIR:-/tmp}/ias-browser-start-smoke.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$(dirname "$0")/run.sh" --runs 1 --app firefox --out "$out/table.md" >"$out/stdout" 2>"$out/stderr"
rc=$?
cat "$out/stdout"
[ $rc = 0 ] || { echo "FAIL: run.sh exited $rc"; cat "$out/stderr"; exit 1; }
/usr/bin/python3 - "$out/table.md" <<'PY'
import json, sys
table, runs = open(sys.argv[1]).read(), json.load(open(sys.argv[1] + ".json"))
failures = 0
def check(what, ok):
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    failures += not ok
configs = ["no module", "ours, cache kept", "ours, empty cache", "OpenSC 0.23"]
check("the table's header names the four configurations", "| | " + " | ".join(configs) + " |" in table)
by = {r["config"]: r for r in runs}
check("one run of each configuration", sorted(by) == sorted(configs) and len(runs) == 4)
check("every start reached a Marionette session", all("ready_s" in r for r in runs))
for c in configs[1:]:
    check(f"{c}: the card got commands during the start", by.get(c, {}).get("apdus_before_ready", 0) > 0)
check("no module: the card got no command", by.get("no module", {}).get("apdus_total") == 0)
sys.exit(1 if failures else 0)
PY
