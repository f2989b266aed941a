"""Serialisations of the store: Turtle and TriG with the project's prefixes, N-Triples and
N-Quads, and JSON-LD compacted with the project's context (ontology/context.jsonld, shipped in the
package and embedded in the export, so it reads the same offline)."""

from __future__ import annotations

import json
from importlib import resources

import pyoxigraph as ox

from directive_kg.kg.graph.vocab import PREFIXES, REFERENCE_GRAPHS, REGISTRY_GRAPH

from .store import Store

_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
            "nt": ox.RdfFormat.N_TRIPLES}


def export_bytes(store: Store, fmt: str, *, registry: bool = False) -> bytes:
    """The dataset in one format. The unit registry (340k quads, rebuilt from the installed
    package on first use) is left out unless ``registry`` is set."""
    if fmt == "jsonld":
        return to_rdflib(store, registry=registry).serialize(
            format="json-ld", context=jsonld_context()["@context"], auto_compact=True,
            indent=1).encode()
    quads = _quads(store, registry)
    # prefixes for the formats people read (Turtle, TriG); the line formats have none
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    if _FORMATS[fmt] in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        return ox.serialize(sorted(triples, key=str), format=_FORMATS[fmt], prefixes=prefixes) or b""
    return ox.serialize(quads, format=_FORMATS[fmt], prefixes=prefixes) or b""


def jsonld_context() -> dict:
    """The published JSON-LD context of the vocabulary (ontology/context.jsonld)."""
    text = resources.files("directive_kg.ontology").joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)


def _quads(store: Store, registry: bool) -> list[ox.Quad]:
    return [q for q in store.quads() if registry or q.graph_name not in REFERENCE_GRAPHS]


def to_rdflib(store: Store, *, registry: bool = True):
    """The dataset as an rdflib Dataset (for JSON-LD and comparisons with rdflib)."""
    import rdflib

    ds = rdflib.Dataset()
    data = ox.serialize(_quads(store, registry), format=ox.RdfFormat.N_QUADS) or b""
    ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


def union_graph(store: Store, *, reference: str = "all"):
    """All graphs merged into one rdflib Graph. ``reference="used"`` keeps, of the unit registry
    (340k triples), only the nodes the documents mention: enough to validate them, 100× smaller."""
    import rdflib

    if reference == "all":
        g = rdflib.Graph()
        g.parse(data=store.dump(ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        return g
    triples: set[ox.Triple] = set()
    mentioned: set[ox.NamedNode] = set()
    for q in store.quads():
        if q.graph_name in REFERENCE_GRAPHS:
            continue
        triples.add(ox.Triple(q.subject, q.predicate, q.object))
        if isinstance(q.object, ox.NamedNode):
            mentioned.add(q.object)
        mentioned.add(q.subject)
    # Close over the registry links (committee → unit → parent unit → successors): each mention
    # pulls in a few dozen nodes, so a complete description stays small.
    frontier, seen = list(mentioned), set(mentioned)
    while frontier:
        node = frontier.pop()
        for q in store.quads(node, graph=REGISTRY_GRAPH):
            triples.add(ox.Triple(q.subject, q.predicate, q.object))
            if isinstance(q.object, ox.NamedNode) and q.object not in seen:
                seen.add(q.object)
                frontier.append(q.object)
    g = rdflib.Graph()
    g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    return g
