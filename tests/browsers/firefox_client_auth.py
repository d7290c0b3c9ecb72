#!/usr/bin/python3
"""Drives a headless Firefox (started with --marionette --remote-allow-system-access) to an HTTPS page that
requires a client certificate, with the PIN prompts answered by the mock of pin_prompter.py.

usage: firefox_client_auth.py MARIONETTE_PORT URL PINS_JSON ANSWERS
PINS_JSON maps token names to PINs; ANSWERS is how many prompts per token get an answer (then Cancel).
Prints one JSON object: the page's documentURI, title and text, every prompt (title, text, token,
answered) and timings. Exit 0 when it could drive the browser at all; the test judges the result."""
import json
import sys
import time

from marionette import Marionette, MarionetteError
from pin_prompter import INSTALL, PROMPTS

port, url, pins, answers = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
t0 = time.monotonic()
timings = {}
m = Marionette(port, connect_timeout=90, timeout=120)
timings["marionette"] = round(time.monotonic() - t0, 2)
m.start_session(pageLoadStrategy="normal", acceptInsecureCerts=False, unhandledPromptBehavior="ignore",
                timeouts={"pageLoad": 90000, "script": 60000})
m.context("chrome")
cid = m.run(INSTALL, pins, answers)
m.context("content")
navigate_error = None
t1 = time.monotonic()
try:
    m.navigate(url)
except MarionetteError as e:  # an error page (e.g. about:neterror) ends navigation with an error
    navigate_error = str(e)[:300]
timings["navigate"] = round(time.monotonic() - t1, 2)
page = m.run("return {uri: document.documentURI, title: document.title,"
             " text: document.body ? document.body.innerText : ''};")
m.context("chrome")
prompts = m.run(PROMPTS, cid)
m.quit()
timings["total"] = round(time.monotonic() - t0, 2)
print(json.dumps({"page": page, "navigate_error": navigate_error, "prompts": prompts, "timings": timings},
                 indent=1))
