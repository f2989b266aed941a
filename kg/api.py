"""The library API behind the CLI: load, remove, chain, stats, export, validate."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from directive_kg.loaders import PARSER_VERSION
from directive_kg.loaders.document import parse_text
from directive_kg.loaders.reading import iter_files, read_source

from .errors import KGError
from .identity import document_graph
from .mapping import catalog_index, map_catalog, map_document
from .reconcile import reconcile
from .store import Store
from .vocab import CATALOG_GRAPH, GENERATED_AT, ID, ONTOLOGY_GRAPH, REGISTRY_GRAPH, dkg


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def file_label(path: str) -> str:
    """How a source file is named in the graph: its resolved path."""
    return str(Path(path).resolve())


REGISTRY_FORMAT = "4"  # bump when registry_graph.py changes what it writes


def ensure_reference_data(store: Store) -> None:
    """The shipped catalog and the unit registry are in the graph on first use (and again when
    the installed catalog, registry data or mapping changed)."""
    _ensure_catalog(store)
    _ensure_ontology(store)
    _ensure_registry(store)


def _ensure_ontology(store: Store) -> None:
    """The ontology itself, so that queries can read code lists (skos:notation of obligation
    kinds and statuses) and labels."""
    from importlib import resources

    from pyoxigraph import RdfFormat, parse

    text = resources.files("directive_kg.ontology").joinpath("directive-kg.ttl").read_bytes()
    digest = hashlib.sha256(text).hexdigest()
    if store.graph_value(ONTOLOGY_GRAPH, dkg("ontologyDigest")) == digest:
        return
    quads = [Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH)
             for t in parse(text, format=RdfFormat.TURTLE)]
    quads.append(Quad(ONTOLOGY_GRAPH, dkg("ontologyDigest"), Literal(digest), ONTOLOGY_GRAPH))
    store.replace_graph(ONTOLOGY_GRAPH, quads)


def _ensure_registry(store: Store) -> None:
    from importlib.metadata import version

    from .registry import load_registry
    from .registry_graph import registry_quads

    marker = f"{REGISTRY_FORMAT}|vietnamadminunits {version('vietnamadminunits')}"
    if store.graph_value(REGISTRY_GRAPH, dkg("registryVersion")) == marker:
        return
    store.replace_graph_bulk(REGISTRY_GRAPH, registry_quads(load_registry()),
                             Quad(REGISTRY_GRAPH, dkg("registryVersion"), Literal(marker),
                                  REGISTRY_GRAPH))


def _ensure_catalog(store: Store) -> None:
    quads = map_catalog()
    digest = hashlib.sha256("\n".join(sorted(str(q) for q in quads
                                             if q.predicate != GENERATED_AT)).encode()).hexdigest()
    if store.graph_value(CATALOG_GRAPH, dkg("catalogDigest")) == digest:
        return
    quads.append(Quad(CATALOG_GRAPH, dkg("catalogDigest"), Literal(digest), CATALOG_GRAPH))
    store.replace_graph(CATALOG_GRAPH, quads)


def load_paths(store: Store, paths: list[str], progress: Callable[[str], None] | None = None
               ) -> LoadReport:
    report = LoadReport()
    ensure_reference_data(store)
    catalog = catalog_index()
    for path in iter_files(paths):
        try:
            status = load_file(store, path, catalog)
        except KGError as err:
            report.failed.append((path, str(err)))
        else:
            getattr(report, status).append(path)
        if progress:
            progress(path)
    reconcile(store)
    store.flush()
    return report


def load_file(store: Store, path: str, catalog: dict[str, str] | None = None) -> str:
    """Load one file into its own named graph. Returns 'loaded', 'replaced' or 'unchanged'."""
    src = read_source(path)
    label = file_label(path)
    graph = document_graph(label)
    old_sha = store.graph_value(graph, dkg("sha256"))
    old_version = store.graph_value(graph, dkg("parserVersion"))
    if old_sha == src.sha256 and old_version == PARSER_VERSION:
        return "unchanged"
    doc = parse_text(src.text, src.path, sha256=src.sha256, encoding=src.encoding)
    source_iri = NamedNode(f"{ID}source/{graph.value.rsplit('/', 1)[-1]}")
    quads = map_document(doc, graph, source_iri, label, catalog or catalog_index())
    quads.append(Quad(source_iri, GENERATED_AT,
                      Literal(datetime.now(UTC).replace(microsecond=0).isoformat(),
                              datatype=NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")),
                      graph))
    store.replace_graph(graph, quads)
    return "replaced" if old_sha else "loaded"


def remove_paths(store: Store, paths: list[str]) -> list[str]:
    removed = []
    for p in paths:
        graph = store.source_graph_for(file_label(p))
        if graph is not None:
            store.drop_graph(graph)
            removed.append(p)
    reconcile(store)
    store.flush()
    return removed


def stats(store: Store) -> list[dict]:
    rows = store.query("""SELECT ?class (COUNT(DISTINCT ?s) AS ?count)
        WHERE { ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(dkg:))) }
        GROUP BY ?class ORDER BY ?class""")
    out = [{"class": r["class"].rsplit("#", 1)[-1], "count": r["count"]} for r in rows]
    out.append({"class": "(triples, all graphs)", "count": len(store)})
    out.append({"class": "(source documents)", "count": sum(
        1 for g in store.named_graphs() if "/graph/doc/" in g.value)})
    return out
