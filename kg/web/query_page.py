"""The query page's content: the named queries of queries/ as editor tabs (each with the
prefixes it needs declared and its parameters bound to an example, so that it runs as it stands
in any SPARQL client), and the Cypher side when Neo4j is configured."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from directive_kg import queries
from directive_kg.kg.graph.vocab import PREFIXES
from directive_kg.kg.store.store import bind_values

DEFAULT_NUMBER = "33/CT-TTg"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    about: str  # the header comment, one line
    text: str  # ready to run: PREFIX lines + the query with its example parameters bound


def parameters(text: str) -> dict[str, str]:
    """The parameters a named query's header declares ("Parameters: ?number (e.g. "80/KH-UBND");
    ?year …"), with what is said about each; optional ones are left out."""
    header = " ".join(ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#"))
    found = re.search(r"Parameters:(.*?)(?:(?<!e\.g)\.\s|$)", header)
    if not found or "none" in found.group(1).lower()[:8]:
        return {}
    body = re.sub(r"(?m)#.*$", "", text)
    out = {}
    for part in re.split(r"[;,](?=\s*\?)", found.group(1)):
        m = re.search(r"\?(\w+)(.*)", part)
        if m and "optional" not in m.group(2).lower() and re.search(rf"[?$]{m.group(1)}\b", body):
            out[m.group(1)] = m.group(2)
    return out


def example_value(name: str, said: str, year: int) -> object:
    if name == "year":
        return year
    quoted = re.search(r'e\.g\.\s*"([^"]+)"', said)
    return quoted.group(1) if quoted else DEFAULT_NUMBER if name == "number" else None


def named_queries(year: int) -> list[NamedQuery]:
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    out = []
    for name in queries.available():
        text = queries.load(name)
        bound = {k: v for k, said in parameters(text).items()
                 if (v := example_value(k, said, year)) is not None}
        out.append(NamedQuery(name, queries.describe(name), prologue + (bind_values(text, bound)
                                                                         if bound else text)))
    return out


def cypher_queries() -> list[NamedQuery]:
    return [NamedQuery(n, queries.describe(n, ".cypher"), queries.load(n, ".cypher"))
            for n in queries.available(".cypher")]


def neo4j_configured() -> bool:
    """Cypher is offered when a Neo4j server is named in the environment (NEO4J_URI)."""
    return bool(os.environ.get("NEO4J_URI"))
