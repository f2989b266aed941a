"""Open a generated view in a real headless Chromium with the network shut, and look at it.

Used by the browser tests and the first-paint benchmark. Python only: the DevTools protocol is
spoken over ``--remote-debugging-pipe`` (file descriptors 3 and 4, NUL-separated JSON), so no
websocket library, debugging port or npm package is needed.

Nothing may leave the machine: every request that is not ``file:`` or ``data:`` is recorded and
failed through the Fetch domain, the page is put offline, and host resolution is mapped to
nothing, so even a request the interception missed cannot resolve a name.

A page served by `kg serve` (``allow_origin="http://127.0.0.1:PORT"``): requests to that one
origin go through (the page is not put offline, and loopback bypasses the dead proxy); every other
request is still recorded and failed, and names still resolve to nothing."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from directive_kg.errors import KGError

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--mute-audio",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                  "--proxy-bypass-list=<-loopback>")
_LOCAL_SCHEMES = ("file:", "data:", "about:", "chrome:", "devtools:")


class BrowserError(KGError):
    """Chromium is missing, did not start, or did not answer in time."""


def find_chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"):
        if name and (path := shutil.which(name)):
            return path
    return None


@dataclass
class PageLog:
    """What the page did while it was open."""

    console_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)  # non-local URLs the page asked for
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt texts


class Chromium:
    """One headless Chromium with one page. Use as a context manager."""

    def __init__(self, width: int = 1400, height: int = 900, binary: str | None = None,
                 timeout: float = 60.0, allow_origin: str | None = None):
        self.binary = binary or find_chromium()
        if not self.binary:
            raise BrowserError("chromium not found (Debian: apt-get install -y chromium)")
        self.width, self.height, self.timeout = width, height, timeout
        self.allow_origin = allow_origin.rstrip("/") + "/" if allow_origin else None
        self.log = PageLog()
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict] = []
        self._proc: subprocess.Popen | None = None
        self._profile: str | None = None
        self._session: str | None = None

    # --- process and protocol ----------------------------------------------------------------
    def __enter__(self) -> Chromium:
        self._profile = tempfile.mkdtemp(prefix="dkg-chromium-")
        cmd_read, self._cmd_write = os.pipe()  # we write commands; Chromium reads them on fd 3
        self._res_read, res_write = os.pipe()  # Chromium writes answers on fd 4; we read them

        def wire_fds() -> None:  # runs in the child before exec
            # Move both ends above 4 first, so that wiring one cannot clobber the other.
            high_in, high_out = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (cmd_read, res_write))
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        flags = list(CHROMIUM_FLAGS)
        if self.allow_origin:  # the server's loopback address: not mapped away, not proxied
            flags = [f for f in flags if not f.startswith(("--proxy-bypass", "--host-resolver"))]
            flags.append("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
        args = [self.binary, *flags, "--remote-debugging-pipe",
                f"--user-data-dir={self._profile}", f"--window-size={self.width},{self.height}",
                "about:blank"]
        self._stderr = open(Path(self._profile) / "stderr.log", "wb")  # noqa: SIM115 - closed in __exit__
        try:
            self._proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=self._stderr, close_fds=False, preexec_fn=wire_fds)
        except OSError as err:
            raise BrowserError(f"cannot start {self.binary}: {err}") from None
        finally:
            os.close(cmd_read)
            os.close(res_write)
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}
                                  )["sessionId"]
        offline = () if self.allow_origin else (
            ("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": -1}),)
        for method, params in (("Runtime.enable", {}), ("Log.enable", {}), ("Page.enable", {}),
                               ("Network.enable", {}), *offline,
                               ("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}),
                               ("Emulation.setDeviceMetricsOverride",
                                {"width": self.width, "height": self.height, "deviceScaleFactor": 1,
                                 "mobile": False})):
            self.send(method, params, page=True)
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._proc and self._proc.poll() is None:
                try:
                    self.send("Browser.close", timeout=5)
                except BrowserError:
                    pass
                try:
                    self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
        finally:
            for fd in (self._cmd_write, self._res_read):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._stderr.close()
            if self._profile:
                shutil.rmtree(self._profile, ignore_errors=True)

    def send(self, method: str, params: dict | None = None, *, page: bool = False,
             timeout: float | None = None) -> dict:
        self._next_id += 1
        my_id = self._next_id  # events handled while waiting send commands of their own
        msg: dict = {"id": my_id, "method": method, "params": params or {}}
        if page:
            msg["sessionId"] = self._session
        os.write(self._cmd_write, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read(deadline)
            if reply.get("id") == my_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._on_event(reply)

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("chromium did not answer in time")
            ready, _, _ = select.select([self._res_read], [], [], left)
            if ready:
                chunk = os.read(self._res_read, 1 << 20)
                if not chunk:
                    raise BrowserError("chromium closed the DevTools pipe (did it crash?)")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _on_event(self, ev: dict) -> None:
        method, params = ev["method"], ev.get("params", {})
        if method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if self._allowed(url):
                self._reply("Fetch.continueRequest", {"requestId": params["requestId"]})
            else:
                if url not in self.log.blocked_requests:
                    self.log.blocked_requests.append(url)
                self._reply("Fetch.failRequest", {"requestId": params["requestId"],
                                                  "errorReason": "BlockedByClient"})
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not self._allowed(url) and url not in self.log.blocked_requests:
                self.log.blocked_requests.append(url)
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.log.console_errors.append(" ".join(str(a.get("value", a.get("description", "")))
                                                    for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.log.console_errors.append(details.get("exception", {}).get("description")
                                           or details.get("text", "exception"))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.log.console_errors.append(f"{entry.get('source')}: {entry.get('text')}")
        elif method == "Page.javascriptDialogOpening":
            self.log.dialogs.append(params.get("message", ""))
            self._reply("Page.handleJavaScriptDialog", {"accept": False})
        self._events.append(ev)

    def _allowed(self, url: str) -> bool:
        return url.startswith(_LOCAL_SCHEMES) or bool(self.allow_origin and url.startswith(self.allow_origin))

    def _reply(self, method: str, params: dict) -> None:
        """Fire-and-forget command from inside the event handler (its answer is skipped)."""
        self._next_id += 1
        os.write(self._cmd_write, json.dumps({"id": self._next_id, "method": method, "params": params,
                                              "sessionId": self._session}).encode() + b"\0")

    # --- page ----------------------------------------------------------------------------------
    def open(self, path: str | os.PathLike, ready: str = "window.dkgViz && window.dkgViz.ready",
             timeout: float | None = None) -> None:
        """Load a local file and wait until the ``ready`` expression is true."""
        url = Path(path).resolve().as_uri()
        self.send("Page.navigate", {"url": url}, page=True)
        self.wait_for(ready, timeout)

    def goto(self, url: str, ready: str = "document.readyState === 'complete'",
             timeout: float | None = None) -> None:
        """Load a URL (of the allowed origin) and wait until the page is that URL's and the ``ready``
        expression is true."""
        self.send("Page.navigate", {"url": url}, page=True)
        here = json.dumps(url.split("#", 1)[0])
        self.wait_for(f"location.href.split('#')[0] === {here} && ({ready})", timeout)

    def wait_for(self, expression: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            try:
                if self.evaluate(f"!!({expression})"):
                    return
            except BrowserError:
                pass  # the page may still be navigating
            time.sleep(0.05)
        raise BrowserError(f"the page did not reach `{expression}` in time; "
                           f"console errors: {self.log.console_errors[:3]}")

    def evaluate(self, expression: str):
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True}, page=True)
        if "exceptionDetails" in res:
            raise BrowserError(f"evaluation failed: {res['exceptionDetails'].get('text')}")
        return res.get("result", {}).get("value")

    def pump(self, seconds: float) -> None:
        """Let the page run for a while, handling its events."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.evaluate("1")
            time.sleep(0.05)

    def move_mouse(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y}, page=True)

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "clickCount": 1}, page=True)

    def screenshot(self, path: str | os.PathLike) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"}, page=True)["data"]
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(data))
        return out
