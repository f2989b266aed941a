"""Named SPARQL (.rq) and Cypher (.cypher) queries. Each file starts with a comment saying what it
answers and declaring its parameters, one line each, read by the tests and the query runner:

    # @param year year required — the year of the obliging instruments
    # @param asOf date optional — status on this day (default today)

(``//`` in Cypher files; ``@param none`` for a query without parameters). Types: ``integer``,
``year`` (an integer within the unit registry's years), ``date`` (YYYY-MM-DD), ``string``, ``iri``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from directive_kg.errors import NotFoundError, QueryError


def available(ext: str = ".rq") -> list[str]:
    return sorted(p.name[: -len(ext)] for p in resources.files(__name__).iterdir()
                  if p.name.endswith(ext))


def load(name: str, ext: str = ".rq") -> str:
    path = resources.files(__name__).joinpath(name + ext)
    if not path.is_file():
        raise NotFoundError(f"no named query {name!r}; known: {', '.join(available(ext))}")
    return path.read_text(encoding="utf-8")


def describe(name: str, ext: str = ".rq") -> str:
    lines = [ln.lstrip("#/").strip() for ln in load(name, ext).splitlines()
             if ln.startswith(("#", "//"))]
    return " ".join(lines)


TYPES = ("integer", "year", "date", "string", "iri")
_DECLARATION = re.compile(r"^\s*(?:#|//)\s*@param\s+(?:(?P<none>none)\b|(?P<name>\w+)\s+(?P<type>\w+)"
                          r"\s+(?P<need>required|optional)\b)\s*[—:-]?\s*(?P<doc>.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Param:
    """A parameter a named query declares."""

    name: str
    type: str  # one of TYPES
    required: bool
    doc: str = ""


def declared_params(text: str) -> list[Param] | None:
    """The parameters a query's ``@param`` lines declare; None when it has no such line (a query
    someone wrote by hand: any parameter its variables take)."""
    found = list(_DECLARATION.finditer(text))
    if not found:
        return None
    out = []
    for m in found:
        if m["none"]:
            continue
        if m["type"] not in TYPES:
            raise QueryError(f"@param {m['name']}: unknown type {m['type']!r}; use one of {', '.join(TYPES)}")
        out.append(Param(m["name"], m["type"], m["need"] == "required", m["doc"].strip()))
    return out
