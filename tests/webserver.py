"""Start the real `kg serve` on a free loopback port and talk HTTP to it (stdlib only): the web
tests', the browser tests' and the benchmark's way to reach the server."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

KG = [sys.executable, "-c", "from directive_kg.kg.cli.main import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Server:
    url: str  # http://127.0.0.1:PORT
    proc: subprocess.Popen
    log: Path

    def request(self, path: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
                method: str | None = None, timeout: float = 120, follow: bool = True) -> Reply:
        req = urllib.request.Request(self.url + path, data=data, headers=headers or {}, method=method)
        opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=timeout) as r:
                return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
        except urllib.error.HTTPError as err:
            return Reply(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())

    def get(self, path: str, **kw) -> Reply:
        return self.request(path, **kw)

    def sparql(self, query: str, accept: str = "application/sparql-results+json",
               headers: dict[str, str] | None = None, **kw) -> Reply:
        return self.request("/sparql", data=urlencode({"query": query}).encode(),
                            headers={"Accept": accept, **(headers or {}),
                                     "Content-Type": "application/x-www-form-urlencoded"}, **kw)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kw):  # noqa: D102 - called by urllib
        return None  # the 3xx reply itself is the answer


@contextlib.contextmanager
def serve(store_dir: str | os.PathLike, *args: str, env: dict[str, str] | None = None,
          log_dir: str | os.PathLike | None = None, start_timeout: float = 60) -> Iterator[Server]:
    """`kg serve --store DIR --port FREE ARGS…` in a subprocess, until the block ends."""
    port = free_port()
    log = Path(log_dir or store_dir) / f"serve-{port}.log"
    full_env = {**os.environ, **(env or {})}
    with open(log, "wb") as out:
        proc = subprocess.Popen([*KG, "serve", "--store", str(store_dir), "--port", str(port), *args],
                                stdout=out, stderr=subprocess.STDOUT, env=full_env,
                                start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"kg serve ended at start: {log.read_text(encoding='utf-8')}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("kg serve did not start in time") from None
                time.sleep(0.1)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # as Ctrl-C: uvicorn shuts down, the workers stop
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the server and its query workers
                proc.wait()
