#!/usr/bin/python3
"""Drives a headless Firefox (started with --marionette --remote-allow-system-access) to HTTPS pages that
require a client certificate, with the PIN prompts answered by the mock of pin_prompter.py.

usage: firefox_client_auth.py MARIONETTE_PORT PINS_JSON ANSWERS URL [URL...]
PINS_JSON maps token names to PINs; ANSWERS is how many prompts per token get an answer (then Cancel).
Visits each URL in turn in the same tab. Prints one JSON object: for each visit the page's documentURI,
title and text and the prompts so far; every prompt (title, text, token, answered); timings. Exit 0 when
it could drive the browser at all; the test judges the result."""
import json
import sys
import time

from marionette import Marionette, MarionetteError
from pin_prompter import INSTALL, PROMPTS

port, pins, answers, urls = int(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
t0 = time.monotonic()
report = {"visits": [], "timings": {}}
m = Marionette(port, connect_timeout=90, timeout=120)
report["timings"]["marionette"] = round(time.monotonic() - t0, 2)
try:
    m.start_session(pageLoadStrategy="normal", acceptInsecureCerts=False, unhandledPromptBehavior="ignore",
                    timeouts={"pageLoad": 60000, "script": 30000})
    m.context("chrome")
    cid = m.run(INSTALL, pins, answers)
    for url in urls:
        m.context("content")
        visit = {"url": url}
        t1 = time.monotonic()
        try:
            m.navigate(url)
        except MarionetteError as e:  # an error page (about:neterror) ends navigation with an error
            visit["navigate_error"] = str(e)[:300]
        visit["seconds"] = round(time.monotonic() - t1, 2)
        visit.update(m.run("return {uri: document.documentURI, title: document.title,"
                           " text: document.body ? document.body.innerText : ''};"))
        m.context("chrome")
        visit["prompts_so_far"] = len(m.run(PROMPTS, cid))
        report["visits"].append(visit)
    report["prompts"] = m.run(PROMPTS, cid)
except MarionetteError as e:
    report["error"] = str(e)[:1000]
finally:
    m.quit()
report["timings"]["total"] = round(time.monotonic() - t0, 2)
print(json.dumps(report, indent=1))
