"""A small client of Marionette, the remote protocol Firefox and Thunderbird speak when started with
--marionette: no geckodriver, no Selenium. Messages are "<length>:<json>"; a command is
[0, id, name, params], its answer [1, id, error, result]; the browser greets with one message first.
Every socket operation has a timeout, so a hung browser ends the test instead of blocking it."""
import json
import socket
import time


class MarionetteError(Exception):
    pass


class Marionette:
    def __init__(self, port, host="127.0.0.1", connect_timeout=60, timeout=90):
        deadline = time.monotonic() + connect_timeout
        while True:
            try:
                self._sock = socket.create_connection((host, port), timeout=timeout)
                break
            except OSError as e:  # the browser is still starting
                if time.monotonic() > deadline:
                    raise MarionetteError(f"no Marionette on {host}:{port} after {connect_timeout} s: {e}")
                time.sleep(0.2)
        self._buf = b""
        self._next_id = 0
        self.greeting = self._read()

    def _fill(self, n):
        while len(self._buf) < n:
            chunk = self._sock.recv(65536)
            if not chunk:
                raise MarionetteError("the browser closed the connection")
            self._buf += chunk

    def _read(self):
        while b":" not in self._buf:
            self._fill(len(self._buf) + 1)
        head, _ = self._buf.split(b":", 1)
        start = len(head) + 1
        self._fill(start + int(head))
        body, self._buf = self._buf[start:start + int(head)], self._buf[start + int(head):]
        return json.loads(body)

    def command(self, name, params=None):
        self._next_id += 1
        data = json.dumps([0, self._next_id, name, params or {}]).encode()
        self._sock.sendall(str(len(data)).encode() + b":" + data)
        while True:
            msg = self._read()
            if msg[0] == 1 and msg[1] == self._next_id:
                if msg[2]:
                    raise MarionetteError(f"{name}: {msg[2]}")
                return msg[3]

    def start_session(self, **capabilities):
        return self.command("WebDriver:NewSession", {"capabilities": {"alwaysMatch": capabilities}})

    def context(self, where):  # "chrome" (the browser's own JS, privileged) or "content" (the page)
        self.command("Marionette:SetContext", {"value": where})

    def script_timeout(self, ms):
        self.command("WebDriver:SetTimeouts", {"script": ms})

    def run(self, script, *args):
        """Runs script (a function body; `arguments` are args; may return a promise) and gives its value."""
        result = self.command("WebDriver:ExecuteScript", {"script": script, "args": list(args)})
        return result.get("value") if isinstance(result, dict) else result

    def navigate(self, url):
        return self.command("WebDriver:Navigate", {"url": url})

    def quit(self):
        try:
            self.command("Marionette:Quit", {"flags": ["eForceQuit"]})
        except (MarionetteError, OSError):
            pass
        self._sock.close()


def open_alert(m):
    """The text of an open alert (then dismissed), or None."""
    try:
        text = m.command("WebDriver:GetAlertText")
    except MarionetteError:
        return None
    try:
        m.command("WebDriver:DismissAlert")
    except MarionetteError:
        pass
    return text.get("value") if isinstance(text, dict) else text
