#!/usr/bin/python3
"""SMTP sink on 127.0.0.1: accepts every mail and stores it, nothing is relayed.

usage: smtp_sink.py WORKDIR [LIFETIME_S]
Binds a free port and writes it to WORKDIR/smtp.port once it listens; each message becomes
WORKDIR/mail-NNN.eml (the DATA as received, dot-unstuffed, CRLF kept) and a line in WORKDIR/smtp.log.
Stops itself after LIFETIME_S seconds (default 300). Enough of RFC 5321 for Thunderbird: EHLO/HELO, MAIL,
RCPT, DATA, RSET, NOOP, QUIT."""
import os
import socketserver
import sys
import threading

work = sys.argv[1]
lifetime = float(sys.argv[2]) if len(sys.argv) > 2 else 300.0
count_lock = threading.Lock()
count = 0


class Session(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        global count
        self.reply("220 sink ESMTP")
        sender, rcpts = None, []
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            verb = line.decode("latin-1").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-sink")
                self.reply("250-8BITMIME")
                self.reply("250 SIZE 10000000")
            elif verb == "HELO":
                self.reply("250 sink")
            elif verb == "MAIL":
                sender, rcpts = line.decode("latin-1").strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpts.append(line.decode("latin-1").strip())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = bytearray()
                while True:
                    l = self.rfile.readline(1 << 20)
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    data += l[1:] if l.startswith(b".") else l
                with count_lock:
                    count += 1
                    name = os.path.join(work, f"mail-{count:03d}.eml")
                with open(name, "wb") as f:
                    f.write(data)
                with open(os.path.join(work, "smtp.log"), "a") as f:
                    f.write(f"{sender} {' '.join(rcpts)} -> {name} ({len(data)} bytes)\n")
                self.reply("250 stored")
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session)
server.daemon_threads = True
threading.Timer(lifetime, server.shutdown).start()
with open(os.path.join(work, "smtp.port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(work, "smtp.port.tmp"), os.path.join(work, "smtp.port"))
server.serve_forever()
