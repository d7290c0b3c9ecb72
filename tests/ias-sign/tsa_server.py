#!/usr/bin/python3
"""A local RFC 3161 time-stamping authority for the tests: Python's http.server on 127.0.0.1 in front of
`openssl ts -reply` (OpenSSL's own TSA, not our code).

usage: tsa_server.py DIR MODE     DIR holds tsa.cnf (openssl ts's [tsa] section), the TSA's key and certificate;
                                  the port goes to DIR/port, each request and answer to DIR/log
MODE: honest  every request answered by openssl ts -reply
      replay  the first answer again for every later request (a token for another request: another nonce)"""
import http.server
import os
import subprocess
import sys
import tempfile

DIR, MODE = sys.argv[1], sys.argv[2]
first = None


class Tsa(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global first
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with tempfile.TemporaryDirectory(dir=DIR) as work:
            q, r = os.path.join(work, "query.tsq"), os.path.join(work, "reply.tsr")
            open(q, "wb").write(query)
            done = subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(DIR, "tsa.cnf"),
                                   "-queryfile", q, "-out", r], cwd=DIR, capture_output=True, text=True)
            answer = open(r, "rb").read() if done.returncode == 0 else b""
        if MODE == "replay" and first is not None:
            answer = first
        first = first or answer
        with open(os.path.join(DIR, "log"), "a") as log:
            log.write(f"request {len(query)} bytes, answer {len(answer)} bytes, openssl ts exit {done.returncode}"
                      f" {done.stderr.strip()}\n")
        self.send_response(200 if answer else 500)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Tsa)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
server.serve_forever()
