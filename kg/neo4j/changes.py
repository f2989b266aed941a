"""What a push has to rewrite: a digest per named graph, the nodes that changed graphs state, and
the quads around those nodes that the projection needs. Reads the store through index lookups,
so an incremental push never scans the registry's ~280k quads."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from directive_kg.kg.graph.vocab import DKG, GENERATED_AT, TYPE, dkg
from directive_kg.kg.store.store import Store

from .model import MODEL_VERSION, labels_of

# What marks a new version of a graph: a document's sha256, parser version and load time; the
# graph's own description (the catalog's, registry's or roster's digest and date).
MARKERS = (dkg("sha256"), dkg("parserVersion"), GENERATED_AT)
_CITATION_LINK = ox.NamedNode(DKG + "CitationLink")


def _digest(found: list[str]) -> str:
    return f"{MODEL_VERSION}:m:{hashlib.sha256(chr(10).join(found).encode()).hexdigest()[:32]}"


def _whole_digest(store: Store, graph: ox.NamedNode) -> str:
    acc = 0
    for q in store.quads_for(None, None, None, graph):
        h = hashlib.blake2b(str(q).encode(), digest_size=16).digest()
        acc = (acc + int.from_bytes(h, "big")) % (1 << 128)
    return f"{MODEL_VERSION}:c:{acc:032x}"


def graph_digests(store: Store) -> dict[str, str]:
    """Every named graph's digest: its markers, hashed; a graph without markers is hashed whole
    (order-free). One scan per marker predicate instead of a lookup per graph and marker (a
    national store of 95,000 documents: 25 s before)."""
    marked: dict[str, list[list[str]]] = defaultdict(lambda: [[] for _ in MARKERS])
    for i, p in enumerate(MARKERS):
        for q in store.quads_for(None, p, None, None):
            if isinstance(q.graph_name, ox.NamedNode):
                marked[q.graph_name.value][i].append(str(q))
    out = {}
    for g in store.named_graphs():
        found = sorted(str(q) for q in store.quads_for(g, None, None, g))
        for quads in marked.get(g.value, ()):
            found += sorted(quads)
        out[g.value] = _digest(found) if found else _whole_digest(store, g)
    return out


def _is_node(store: Store, iri: str) -> bool:
    types = {q.object.value for q in store.quads_for(ox.NamedNode(iri), TYPE, None, None)}
    return labels_of(types) is not None


def stated_nodes(store: Store, graphs: Iterable[str]) -> set[str]:
    """Nodes (typed IRIs) that the given graphs say something about or link to."""
    iris: set[str] = set()
    for g in graphs:
        for q in store.quads_for(None, None, None, ox.NamedNode(g)):
            if isinstance(q.subject, ox.NamedNode):
                iris.add(q.subject.value)
            if q.predicate != TYPE and isinstance(q.object, ox.NamedNode):
                iris.add(q.object.value)
    return {i for i in iris if _is_node(store, i)}


def neighbourhood(store: Store, iris: Iterable[str]) -> list[ox.Quad]:
    """Every quad about the given nodes, about everything one link away from them (either way),
    and about what the citation records among those point to: enough to project the nodes and
    every relationship that touches them, with its evidence file."""
    seen: set[str] = set()
    out: list[ox.Quad] = []

    def take(iri: str) -> list[ox.Quad]:
        if iri in seen:
            return []
        seen.add(iri)
        quads = list(store.quads_for(ox.NamedNode(iri), None, None, None))
        out.extend(quads)
        return quads

    def targets(quads: list[ox.Quad]) -> set[str]:
        return {q.object.value for q in quads
                if q.predicate != TYPE and isinstance(q.object, ox.NamedNode)}

    ring: set[str] = set()
    for iri in iris:
        ring |= targets(take(iri))
        ring |= {q.subject.value for q in store.quads_for(None, None, ox.NamedNode(iri), None)
                 if isinstance(q.subject, ox.NamedNode)}
    beyond: set[str] = set()
    for iri in ring:
        quads = take(iri)
        if any(q.predicate == TYPE and q.object == _CITATION_LINK for q in quads):
            beyond |= targets(quads)
    for iri in beyond:
        take(iri)
    return out
