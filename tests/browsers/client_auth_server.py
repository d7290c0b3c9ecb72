#!/usr/bin/python3
"""HTTPS server on 127.0.0.1 that requires a client certificate from the test PKI (TLS 1.3 only, or TLS 1.2
only with VERSION "1.2").

usage: client_auth_server.py CERT KEY CA_FILE WORKDIR [LIFETIME_S [VERSION]]
Binds a free port and writes it to WORKDIR/server.port once it listens. Each request appends one JSON line
to WORKDIR/server.log: {"event": "request", "subject": RFC 4514, "sha256": of the client certificate's DER,
"tls": version}; a failed handshake appends {"event": "handshake-failed", "reason": ...}. The page shows the
subject. Connections stay open (HTTP/1.1) unless the path starts with /close; no session tickets, so each
new connection is a full handshake with a client signature. The server stops itself after LIFETIME_S seconds (default 300), so a broken test leaves nothing."""
import hashlib
import http.server
import json
import os
import ssl
import sys
import threading
import time

from cryptography import x509

cert, key, ca, work = sys.argv[1:5]
lifetime = float(sys.argv[5]) if len(sys.argv) > 5 else 300.0
tls12 = len(sys.argv) > 6 and sys.argv[6] == "1.2"
log_lock = threading.Lock()


def log(**entry):
    entry["time"] = time.time()
    with log_lock, open(os.path.join(work, "server.log"), "a") as f:
        f.write(json.dumps(entry) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the page and what follows share one connection
    def handle(self):
        try:
            self.request.do_handshake()
        except (ssl.SSLError, OSError) as e:
            log(event="handshake-failed", reason=str(e))
            return
        super().handle()

    def do_GET(self):
        der = self.request.getpeercert(binary_form=True)
        subject = x509.load_der_x509_certificate(der).subject.rfc4514_string() if der else None
        log(event="request", path=self.path, subject=subject,
            sha256=hashlib.sha256(der).hexdigest() if der else None, tls=self.request.version())
        body = (f"<html><head><title>client-auth-ok</title><link rel='icon' href='data:,'></head><body>"
                f"<p id='subject'>{subject}</p><p id='tls'>{self.request.version()}</p></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.path.startswith("/close"):  # the client must open a new connection (a new handshake) next
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.minimum_version = ssl.TLSVersion.TLSv1_2 if tls12 else ssl.TLSVersion.TLSv1_3
if tls12:
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
ctx.load_cert_chain(cert, key)
ctx.load_verify_locations(ca)
ctx.verify_mode = ssl.CERT_REQUIRED
ctx.num_tickets = 0  # no resumption: every connection authenticates the client (and signs) again
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
threading.Timer(lifetime, server.shutdown).start()
with open(os.path.join(work, "server.port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(work, "server.port.tmp"), os.path.join(work, "server.port"))
server.serve_forever()
