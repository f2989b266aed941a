"""What `kg serve` is started with, and the rule that decides whether it may start at all: on a
loopback address it may; on any other address only with an access token from the environment."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from directive_kg.errors import UsageError

TOKEN_VAR = "KG_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class QueryLimits:
    """One query may run this long and return this many rows (solutions or triples) before the
    endpoint stops it: a heavy query cannot hold the server."""

    seconds: float = 30.0
    rows: int = 10_000


@dataclass(frozen=True, repr=False)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    store_dir: str | None = None
    limits: QueryLimits = QueryLimits()
    query_workers: int = 2  # worker processes for /sparql (the machine has 2 cores)
    token: str | None = None  # never printed: see __repr__

    def __repr__(self) -> str:  # a settings object in a traceback or log must not show the token
        return (f"ServeSettings(host={self.host!r}, port={self.port}, store_dir={self.store_dir!r}, "
                f"limits={self.limits!r}, query_workers={self.query_workers}, "
                f"token={'set' if self.token else 'none'})")

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def store_folder(self) -> Path:
        from directive_kg.kg.store.store import store_path

        return store_path(self.store_dir).parent


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def settings_for(host: str, port: int, store_dir: str | None, limits: QueryLimits,
                 query_workers: int, environ: dict[str, str] | None = None) -> ServeSettings:
    """The settings to start with, or a UsageError saying why the server may not start. The token
    is read from the environment only (an option would show it in the process list)."""
    env = os.environ if environ is None else environ
    token = env.get(TOKEN_VAR) or None
    if not 0 < port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {port}")
    if limits.seconds <= 0 or limits.rows <= 0:
        raise UsageError("--query-timeout and --row-limit must be positive")
    if query_workers < 1:
        raise UsageError("--query-workers must be at least 1")
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise UsageError(f"{TOKEN_VAR} is too short: use at least {MIN_TOKEN_LENGTH} characters "
                         "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(24))')")
    if not is_loopback(host) and token is None:
        raise UsageError(f"refusing to serve on {host}, which other machines can reach, without an "
                         f"access token: set {TOKEN_VAR} in the environment (at least "
                         f"{MIN_TOKEN_LENGTH} characters), or serve on 127.0.0.1")
    return ServeSettings(host, port, store_dir, limits, query_workers, token)
