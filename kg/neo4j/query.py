"""Running Cypher against the projection: parameters as real Cypher parameters, rows as plain
Python values shaped like the SPARQL rows of kg/store/store.py (dates as ISO strings, IRIs as strings)."""

from __future__ import annotations

import re
from datetime import date, datetime

from directive_kg.errors import QueryError
from directive_kg.kg.store.store import parse_param

from .conn import Neo4jSettings, session


def cypher_param(raw: str) -> tuple[str, object]:
    """'year=2024' → int, 'd=2024-11-15' → date (a Neo4j DATE), '<iri>' → the IRI string, else
    the string: the same reading as SPARQL parameters, so both engines get the same values."""
    name, value = parse_param(raw)
    if isinstance(value, str) and value.startswith("<") and value.endswith(">") and " " not in value:
        value = value[1:-1]
    return name, value


def plain(value: object) -> object:
    """A driver value as JSON-friendly Python: temporals → ISO strings, nodes → their properties
    (with ``_labels``), relationships → properties (with ``_type``), paths → node lists."""
    from neo4j.graph import Node, Path, Relationship

    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    to_native = getattr(value, "to_native", None)
    if to_native is not None:
        value = to_native()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def parameter_names(text: str) -> set[str]:
    return set(re.findall(r"\$(\w+)", re.sub(r"//[^\n]*", "", text)))


def run_cypher(settings: Neo4jSettings, text: str, params: dict[str, object] | None = None,
               *, unbound_as_null: bool = False) -> tuple[list[str], list[dict]]:
    """Run a read-only Cypher query; returns (column names, rows). With ``unbound_as_null``
    (named queries) a parameter the query mentions but the caller does not give is null, as an
    unbound variable is in SPARQL: how a named query takes an optional parameter ($asOf)."""
    params = dict(params or {})
    names = parameter_names(text)
    for name in params:
        if name not in names:
            raise QueryError(f"the query has no parameter ${name} to bind")
    if unbound_as_null:
        params.update({n: None for n in names - set(params)})
    with session(settings) as s:
        result = s.run(text, params)
        columns = list(result.keys())
        rows = [{k: plain(v) for k, v in rec.items()} for rec in result]
    return columns, rows
