#!/usr/bin/python3
"""Drives a headless Thunderbird (started with --marionette --remote-allow-system-access) to send an S/MIME
signed mail through an SMTP server on 127.0.0.1, signed with the certificate whose SHA-256 fingerprint is
given, the PIN prompts answered by the mock of pin_prompter.py.

usage: thunderbird_smime.py MARIONETTE_PORT SMTP_PORT CERT_SHA256 EMAIL PINS_JSON ANSWERS
Creates what the account wizard and the compose window would: an SMTP server without authentication, an
account and identity that sign with that certificate, compose fields with signing on; then sends now.
Prints one JSON object: the certificate found (its token), the send outcome (listener status, alerts), every
prompt, timings."""
import json
import sys
import time

from marionette import Marionette, MarionetteError, open_alert
from pin_prompter import INSTALL, PROMPTS

port, smtp_port, fingerprint, email = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
pins, answers = json.loads(sys.argv[5]), int(sys.argv[6])

SEND = r'''
const [fingerprint, email, smtpPort] = arguments;
return (async () => {
  const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
  const out = {};
  const certdb = Cc["@mozilla.org/security/x509certdb;1"].getService(Ci.nsIX509CertDB);
  const wanted = fingerprint.replace(/:/g, "").toUpperCase();
  const cert = (await certdb.getCerts()).find(c => c.sha256Fingerprint.replace(/:/g, "") == wanted);
  if (!cert) return {error: "the certificate is not in Thunderbird's view of the tokens"};
  out.cert = {subject: cert.subjectName, token: cert.tokenName, dbKey: cert.dbKey};

  const smtp = MailServices.outgoingServer.createServer("smtp").QueryInterface(Ci.nsISmtpServer);
  smtp.hostname = "127.0.0.1";
  smtp.port = smtpPort;
  smtp.authMethod = Ci.nsMsgAuthMethod.none;
  smtp.socketType = Ci.nsMsgSocketType.plain;
  try { MailServices.accounts.localFoldersServer; } catch (e) { MailServices.accounts.createLocalMailAccount(); }
  const account = MailServices.accounts.createAccount();
  account.incomingServer = MailServices.accounts.createIncomingServer("alice", "example.org", "none");
  const id = MailServices.accounts.createIdentity();
  id.fullName = "Alice Testholder";
  id.email = email;
  id.smtpServerKey = smtp.key;
  id.doFcc = false;
  id.signMail = true;
  id.setUnicharAttribute("signing_cert_name", cert.displayName);
  id.setCharAttribute("signing_cert_dbkey", cert.dbKey);
  account.addIdentity(id);

  const fields = Cc["@mozilla.org/messengercompose/composefields;1"].createInstance(Ci.nsIMsgCompFields);
  fields.from = `Alice Testholder <${email}>`;
  fields.to = "bob@example.org";
  fields.subject = "Signed with the IAS-ECC card";
  const secure = Cc["@mozilla.org/messengercompose/composesecure;1"].createInstance(Ci.nsIMsgComposeSecure);
  secure.signMessage = true;
  secure.requireEncryptMessage = false;
  fields.composeSecure = secure;

  // The send starts after this script has returned and reports through the listener into window.__iasSend,
  // which the test polls: a failed send opens an alert, and an alert during a script loses its result.
  window.__iasSend = null;
  setTimeout(() => new Promise(resolve => {
    const listener = {
      QueryInterface: ChromeUtils.generateQI(["nsIMsgSendListener"]),
      onStartSending() {}, onSendProgress() {}, onStatus() {}, onGetDraftFolderURI() {},
      onStopSending(msgId, status, msg) { resolve({status, msg: msg ? String(msg) : null}); },
      onSendNotPerformed(msgId, status) { resolve({status, notPerformed: true}); },
      onTransportSecurityError(msgId, status) { resolve({status, transportSecurityError: true}); },
    };
    const send = Cc["@mozilla.org/messengercompose/send;1"].createInstance(Ci.nsIMsgSend);
    send.createAndSendMessage(null, id, account.key, fields, false, false, Ci.nsIMsgSend.nsMsgDeliverNow,
        null, "text/plain", "Hello Bob,\r\nthis mail is signed with my card's qualified signature key.\r\n",
        null, null, listener, null, null, Ci.nsIMsgCompType.New)
      .catch(e => resolve({exception: String(e)}));
  }).then(r => { window.__iasSend = r; }), 100);
  return out;
})();'''

STATUS = "return window.__iasSend;"

t0 = time.monotonic()
report = {"timings": {}}
m = Marionette(port, connect_timeout=90, timeout=120)
report["timings"]["marionette"] = round(time.monotonic() - t0, 2)
try:
    caps = m.start_session(unhandledPromptBehavior="ignore")["capabilities"]
    report["client"] = f"{caps.get('browserName')} {caps.get('browserVersion')}"
    m.context("chrome")
    cid = m.run(INSTALL, pins, answers)
    m.script_timeout(90000)
    t1 = time.monotonic()
    report["setup"] = m.run(SEND, fingerprint, email, smtp_port)
    deadline = time.monotonic() + 90
    while report["setup"] and "error" not in report["setup"] and time.monotonic() < deadline:
        alert = open_alert(m)  # Thunderbird tells a failed send in an alert
        if alert:
            report.setdefault("alerts", []).append(alert)
        report["send"] = m.run(STATUS)
        if report["send"] is not None:
            break
        time.sleep(0.1)
    report["ok"] = bool(report.get("send")) and report["send"].get("status") == 0
    report["timings"]["send"] = round(time.monotonic() - t1, 2)
    report["prompts"] = m.run(PROMPTS, cid)
except MarionetteError as e:
    report["error"] = str(e)[:1000]
finally:
    m.quit()
report["timings"]["total"] = round(time.monotonic() - t0, 2)
print(json.dumps(report, indent=1))
