"""Connecting to Neo4j: settings from the environment, one driver, errors as one-line Neo4jError.

The password is read from NEO4J_PASSWORD only (never an option, so it never shows in a process
list) and never appears in a message."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from directive_kg.errors import Neo4jError, QueryError, UsageError

DEFAULT_URI = "bolt://localhost:7687"  # Neo4j Desktop's and Server's default
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
HINT = "start it with scripts/neo4j-local start && source .neo4j-local/env"


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str
    user: str
    database: str
    password: str | None = None

    def __repr__(self) -> str:  # keep the password out of tracebacks and logs
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    @property
    def where(self) -> str:
        return f"Neo4j at {self.uri}"


def settings_from_env(uri: str | None = None, user: str | None = None,
                      database: str | None = None, env: dict[str, str] | None = None
                      ) -> Neo4jSettings:
    """Options win over NEO4J_URI / NEO4J_USER (or NEO4J_USERNAME) / NEO4J_DATABASE; the
    password comes from NEO4J_PASSWORD only (unset: connect without authentication)."""
    env = os.environ if env is None else env
    uri = uri or env.get("NEO4J_URI") or DEFAULT_URI
    scheme = urlsplit(uri).scheme
    if scheme not in SCHEMES:
        raise UsageError(f"unsupported Neo4j URI {uri!r}: use one of {', '.join(s + '://' for s in SCHEMES)}")
    return Neo4jSettings(
        uri=uri,
        user=user or env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or DEFAULT_USER,
        database=database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
        password=env.get("NEO4J_PASSWORD") or None)


def translate(err: Exception, settings: Neo4jSettings) -> Exception:
    """A driver exception as one clear line (Neo4jError), or QueryError for a bad query."""
    from neo4j import exceptions as nx

    code = getattr(err, "code", None) or ""
    message = (getattr(err, "message", None) or str(err)).splitlines()[0] if str(err) else ""
    if isinstance(err, nx.AuthError) or code.startswith("Neo.ClientError.Security."):
        who = "no credentials" if settings.password is None else f"user {settings.user!r}"
        return Neo4jError(f"{settings.where} refused {who}: wrong user or password "
                          "(the password is read from NEO4J_PASSWORD)")
    if isinstance(err, nx.ServiceUnavailable | nx.SessionExpired | OSError):
        reason = re.search(r"\[Errno -?\d+\] ([^)\n]+)", str(err))
        why = reason.group(1).strip().lower() if reason else "no answer"
        return Neo4jError(f"cannot reach {settings.where} ({why}); is the server running? "
                          f"Locally: {HINT}")
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return Neo4jError(f"{settings.where} has no database {settings.database!r} "
                          "(set NEO4J_DATABASE or --database)")
    if code == "Neo.ClientError.Statement.AccessMode":
        return QueryError("this Cypher writes to the database; kg cypher is read-only "
                          "(the projection is rebuilt from RDF by kg neo4j push)")
    if code.startswith("Neo.ClientError.Statement."):
        return QueryError(f"Cypher error: {message}")
    if isinstance(err, nx.Neo4jError | nx.DriverError):
        return Neo4jError(f"{settings.where}: {message or type(err).__name__}")
    return err


@contextmanager
def session(settings: Neo4jSettings, *, write: bool = False) -> Iterator:
    """A session on the configured database; connection problems surface as Neo4jError."""
    from neo4j import GraphDatabase
    from neo4j import exceptions as nx

    auth = (settings.user, settings.password) if settings.password is not None else None
    try:
        driver = GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=5,
                                      notifications_min_severity="OFF")
    except (nx.ConfigurationError, ValueError) as err:
        raise UsageError(f"bad Neo4j URI {settings.uri!r}: {err}") from None
    try:
        with driver.session(database=settings.database,
                            default_access_mode="WRITE" if write else "READ") as s:
            yield s
    except (nx.Neo4jError, nx.DriverError, OSError) as err:
        raise translate(err, settings) from None
    finally:
        driver.close()
