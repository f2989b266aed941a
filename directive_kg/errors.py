"""One error base class for everything a user can get wrong; the CLI prints it as one line.

Every class carries the exit code the `kg` command ends with when it reaches the user (the one
table of exit codes, also in the README):

| code | meaning |
|---|---|
| 0 | done |
| 1 | partly done: some inputs failed and the rest went through, or `kg validate` found violations |
| 2 | usage: a bad option, argument or parameter (a missing or ill-typed query parameter, a year
|   | outside the registry, a malformed query) |
| 3 | not found: no such instrument, body, file or named query |
| 4 | store busy: another kg process is writing the store |
| 5 | connection: Neo4j unreachable or credentials refused |
| 6 | store or data error: the store cannot be read or written, the engine failed |
| 130 | interrupted (Ctrl-C); 143: terminated (SIGTERM) |
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_BUSY = 4
EXIT_CONNECTION = 5
EXIT_STORE = 6
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class KGError(Exception):
    """Base class of the project's errors. ``str(err)`` is a complete one-line message."""

    exit_code = EXIT_STORE


class UsageError(KGError):
    """A bad option, argument or parameter value given by the user."""

    exit_code = EXIT_USAGE


class NotFoundError(KGError):
    """What the user named is not there (an instrument, a body, a file, a named query)."""

    exit_code = EXIT_NOT_FOUND


class LoaderError(KGError):
    """A file could not be read as a document (unreadable, binary, empty, undecodable)."""

    exit_code = EXIT_PARTIAL

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class InputFileError(UsageError):
    """A file the user gives to change the store (a roster, a corrections file) has a bad row:
    it is refused whole, naming the file, the line and the problem."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(KGError):
    """The store could not be opened, read or written (corrupt, no permission, disk full, ...)."""

    exit_code = EXIT_STORE


class StoreBusyError(StoreError):
    """Another kg process is writing the store."""

    exit_code = EXIT_BUSY


class QueryError(UsageError):
    """A query is malformed or names an unknown parameter, or a parameter is missing or ill-typed."""


class Neo4jError(KGError):
    """Neo4j unreachable, wrong credentials, missing database."""

    exit_code = EXIT_CONNECTION


class Interrupted(KGError):
    """A command stopped by the user (Ctrl-C, exit 130) or the system (SIGTERM, exit 143)."""

    def __init__(self, message: str, *, terminated: bool = False):
        super().__init__(message)
        self.exit_code = EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
