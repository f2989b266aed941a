"""One error base class for everything a user can get wrong; the CLI prints it as one line."""

from __future__ import annotations


class KGError(Exception):
    """Base class of the project's errors. ``str(err)`` is a complete one-line message."""


class LoaderError(KGError):
    """A file could not be read as a document (unreadable, binary, empty, undecodable)."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(KGError):
    """The store could not be opened or written (locked by another writer, corrupt, ...)."""


class QueryError(KGError):
    """A query is malformed or names an unknown query/parameter."""


class Neo4jError(KGError):
    """Neo4j unreachable, wrong credentials, missing database."""
