"""`kg sparql` and `kg query`: run a SPARQL query or, when allowed, an update on the store."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from directive_kg.errors import QueryError
from directive_kg.kg.store.load import settle
from directive_kg.kg.store.store import Store

# An update starts, after its prologue (PREFIX/BASE lines), with one of these words.
_PROLOGUE = r"(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
_UPDATE = re.compile(_PROLOGUE + r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
                     re.IGNORECASE)


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update rather than a query (comments are ignored)."""
    body = re.sub(r"(?m)^\s*#.*$", "", text)
    return bool(_UPDATE.match(body.strip()))


@dataclass(frozen=True)
class SparqlResult:
    rows: list[dict]  # the solutions of a query; empty after an update
    updated: bool  # an update was applied


def run_sparql(store_dir: str | os.PathLike | None, text: str, params: dict[str, object] | None = None,
               *, allow_update: bool = False) -> SparqlResult:
    """A query on the store read-only; an update only with ``allow_update`` (and no parameters)."""
    if is_update(text):
        if not allow_update:
            raise QueryError("this is a SPARQL Update; pass --update to allow writing")
        if params:
            raise QueryError("parameters are only supported for queries, not updates")
        store = Store.open(store_dir, write=True)
        store.update(text)
        # the merged default graph (made again whole: an update may change any graph), the rules,
        # the gaps index, then the snapshot readers see (kg/store/load.py settle)
        settle(store, changed=True)
        return SparqlResult([], True)
    return SparqlResult(Store.open(store_dir).query(text, params or {}), False)
