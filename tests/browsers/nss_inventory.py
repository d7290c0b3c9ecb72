#!/usr/bin/python3
"""What a running Firefox or Thunderbird (headless, Marionette, chrome context) sees of the card through the
modules of its profile, then optionally TLS client-auth pages, then the certificate manager, with the PIN prompts answered by
pin_prompter.py's mock.

usage: nss_inventory.py MARIONETTE_PORT PINS_JSON ANSWERS [URL...]
Prints one JSON object: "modules" (each loaded module, its slots and tokens), "certs" (every certificate
of nsIX509CertDB.getCerts(): what the certificate manager lists, NSS having merged copies it recognises as
one), "user_tree" (the rows of the certificate manager's "Your Certificates" tab, read from the window
itself), then for each URL the page's text, and "prompts" (every PIN prompt: its token and whether it was
answered). Exit 0 when it could drive the application at all; the caller judges."""
import json
import sys
import time

from marionette import Marionette, MarionetteError
from pin_prompter import INSTALL, PROMPTS

INVENTORY = r'''
return (async () => {
const moddb = Cc["@mozilla.org/security/pkcs11moduledb;1"].getService(Ci.nsIPKCS11ModuleDB);
async function each(e, iface) {  // Firefox 153 answers listModules() with a promise; older with an enumerator
  e = await e;
  if (Array.isArray(e)) return e;
  const en = e.QueryInterface(Ci.nsISimpleEnumerator);
  const out = [];
  while (en.hasMoreElements()) out.push(en.getNext().QueryInterface(iface));
  return out;
}
const modules = [];
try {
  for (const m of await each(moddb.listModules(), Ci.nsIPKCS11Module)) {
    // the promise API gives plain objects ({name, libName, slots}); the older one nsIPKCS11Module
    const slots = [];
    const list = m.slots !== undefined ? m.slots : await each(m.listSlots(), Ci.nsIPKCS11Slot);
    for (const s of list) {
      let token = null;
      try {
        token = s.tokenName !== undefined ? s.tokenName
              : (s.token && s.token.tokenName !== undefined) ? s.token.tokenName : s.getToken().tokenName;
      } catch (e) {}
      slots.push({slot: s.name, token, keys: Object.keys(s).join(",")});
    }
    modules.push({name: m.name, library: m.libName !== undefined ? m.libName : m.library, slots,
                  keys: Object.keys(m).join(",")});
  }
} catch (e) {
  modules.push({name: "error: " + e, library: "?", slots: []});
}
return {modules};
})();
'''

# nsIX509CertDB.getCerts() (what the certificate manager lists) logs in to every token not marked "friendly":
# it runs after the pages so that their prompts are counted apart.
CERTS = r'''
return (async () => {
const certdb = Cc["@mozilla.org/security/x509certdb;1"].getService(Ci.nsIX509CertDB);
const certs = [];
for (const c of await certdb.getCerts()) {
  if (c.isBuiltInRoot) continue;
  certs.push({sha256: c.sha256Fingerprint, subject: c.subjectName, token: c.tokenName, type: c.certType});
}
return {certs};
})();
'''

# The certificate manager's window (what a user opens from Settings > Privacy & Security > View
# Certificates): the rows of its "Your Certificates" tree that hold a certificate.
USER_TREE = r'''
return new Promise(done => {
const w = Services.ww.openWindow(null, "chrome://pippki/content/certManager.xhtml", "_blank", "chrome", null);
let tries = 0;
function look() {
  tries++;
  try {
    const tree = w.document.getElementById("user-tree");
    const view = tree && tree.view;
    if (view && view.rowCount >= 0 && w.document.readyState == "complete") {
      const rows = [];
      for (let i = 0; i < view.rowCount; i++) {
        let cert = null;
        try { cert = view.getCert ? view.getCert(i) : null; } catch (e) {}
        rows.push(cert ? {sha256: cert.sha256Fingerprint, token: cert.tokenName, subject: cert.subjectName}
                       : {group: view.getCellText(i, tree.columns.getFirstColumn())});
      }
      w.close();
      done({rows});
      return;
    }
  } catch (e) {
    if (tries > 100) { try { w.close(); } catch (e2) {} done({error: String(e)}); return; }
  }
  if (tries > 100) { try { w.close(); } catch (e2) {} done({error: "no user-tree"}); return; }
  w.setTimeout(look, 100);
}
w.addEventListener("load", () => w.setTimeout(look, 200));
});
'''

port, pins, answers, urls = int(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
report = {"visits": []}
m = Marionette(port, connect_timeout=90, timeout=120)
try:
    m.start_session(pageLoadStrategy="normal", acceptInsecureCerts=False, unhandledPromptBehavior="ignore",
                    timeouts={"pageLoad": 60000, "script": 30000})
    m.context("chrome")
    cid = m.run(INSTALL, pins, answers)
    report.update(m.run(INVENTORY))
    report["prompts_after_modules"] = len(m.run(PROMPTS, cid))
    for url in urls:
        m.context("content")
        visit = {"url": url}
        t1 = time.monotonic()
        try:
            m.navigate(url)
        except MarionetteError as e:
            visit["navigate_error"] = str(e)[:300]
        visit["seconds"] = round(time.monotonic() - t1, 2)
        visit.update(m.run("return {uri: document.documentURI, title: document.title,"
                           " text: document.body ? document.body.innerText : ''};"))
        report["visits"].append(visit)
        m.context("chrome")
    report["prompts_after_pages"] = len(m.run(PROMPTS, cid))
    report.update(m.run(CERTS))
    report["prompts_after_certs"] = len(m.run(PROMPTS, cid))
    # last: the certificate manager logs in to tokens itself to find which certificates have a key
    try:
        report["user_tree"] = m.run(USER_TREE)
    except MarionetteError as e:
        report["user_tree"] = {"error": str(e)[:300]}
    report["prompts"] = m.run(PROMPTS, cid)
except MarionetteError as e:
    report["error"] = str(e)[:1000]
finally:
    m.quit()
print(json.dumps(report, indent=1))
