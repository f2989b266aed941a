"""Loading the store: files and folders in (one writer, in file order; parsing in worker processes,
kg/store/parallel.py), files out, the shipped reference data on first use, and after every change
the cross-document rules and the gaps index; counts per class (`kg stats`)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import Literal, Quad

from directive_kg.errors import KGError
from directive_kg.kg.graph.identity import document_graph
from directive_kg.kg.graph.mapping import CatalogIndex, map_catalog
from directive_kg.kg.graph.vocab import CATALOG_GRAPH, GENERATED_AT, ONTOLOGY_GRAPH, REGISTRY_GRAPH, dkg
from directive_kg.loaders import PARSER_VERSION
from directive_kg.loaders.corrections import Correction, for_document
from directive_kg.loaders.corrections import digest as corrections_digest
from directive_kg.loaders.reading import iter_files

from . import gaps_index, merged
from .interrupts import interruptible
from .parallel import Prepared, file_label, parse_quads, prepare, prepare_all
from .reconcile import reconcile
from .store import Store


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why): not a document
    failed: list[tuple[str, str]] = field(default_factory=list)
    # loaded, but the reading misses something the gaps need: (path, its warnings)
    incomplete: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # tracebacks, for `kg --debug load`
    # where the time went: "documents" (read, parse, write), "rules" (reconcile), "index" (gaps)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


REGISTRY_FORMAT = "6"  # bump when registry_graph.py changes what it writes (6: dated states and ORG classes)


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

    from directive_kg.kg.graph.registry_graph import registry_quads
    from directive_kg.reference.registry import HISTORY_FILE, load_registry

    shipped = hashlib.sha256(HISTORY_FILE.read_bytes()).hexdigest()[:12]  # the data before 2025
    marker = f"{REGISTRY_FORMAT}|vietnamadminunits {version('vietnamadminunits')}|history {shipped}"
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


def load_paths(store: Store, paths: list[str], progress: Callable[[str], None] | None = None,
               *, workers: int | None = None, stage: Callable[[str], None] | None = None
               ) -> LoadReport:
    """Load files and folders. Parsing runs on ``workers`` processes (default: all cores, in
    this process for small loads); this process alone writes, in file order. ``stage`` is told
    each step as it starts ("reference data", "documents", "rules", "gaps index", "snapshot"),
    for a progress display. Ctrl-C or SIGTERM stop it with :class:`Interrupted`."""
    with interruptible("the load"):
        return _load_paths(store, paths, progress, workers, stage or (lambda _s: None))


def _load_paths(store: Store, paths: list[str], progress: Callable[[str], None] | None,
                workers: int | None, stage: Callable[[str], None]) -> LoadReport:
    report = LoadReport()
    start = time.perf_counter()
    stage("reference data")
    ensure_reference_data(store)
    stage("documents")
    from .corrections import stored_corrections  # it loads through this module

    corrections = stored_corrections(store)
    todo: list[str] = []
    previous: dict[str, str | None] = {}  # path → sha256 of the version in the store, if any
    present: set[str] = set()  # paths whose graph the store holds (maybe without markers)
    for path in iter_files(paths):
        graph, old_sha, unchanged = _stored_version(store, path, corrections)
        if unchanged:
            report.unchanged.append(path)
            if progress:
                progress(path)
            continue
        if store.has_graph(graph):
            present.add(path)
        previous[path] = old_sha if path in present else None
        todo.append(path)
    bulk = len(todo) >= BULK_MIN_FILES
    # a bulk load keeps the merged default graph as it writes (no whole rebuild afterwards)
    view = merged.start_appending(store) if bulk else None
    writer = _Writer(store, bulk=bulk, view=view)
    prepared = prepare_all(todo, workers, corrections)
    try:
        for prep in prepared:
            if prep.error is not None:
                report.failed.append((prep.path, prep.error))
                if prep.trace:
                    report.errors[prep.path] = prep.trace
            elif prep.skipped is not None:
                report.skipped.append((prep.path, prep.skipped))
            else:
                writer.add(prep, replace=prep.path in present)  # (one writer: known before)
                (report.replaced if previous[prep.path] else report.loaded).append(prep.path)
                if prep.incomplete:
                    report.incomplete.append((prep.path, prep.incomplete))
            if progress:
                progress(prep.path)
    finally:
        prepared.close()  # the workers end now, not when the collector finds the generator
    writer.flush()
    report.seconds["documents"] = time.perf_counter() - start
    report.seconds.update(settle(store, changed=bool(report.loaded or report.replaced), stage=stage,
                                 appended=view))
    return report


def settle(store: Store, *, changed: bool, stage: Callable[[str], None] = lambda _s: None,
           appended: merged.Appender | None = None) -> dict[str, float]:
    """After documents changed: the cross-document rules, the merged default graph, the gaps
    index, then the read snapshot that readers switch to (kg/store/snapshots.py). Skipped when
    nothing changed and the index matches the store (the last load settled everything); a load
    killed before this point leaves the index stale and readers on the snapshot before it, so the
    next load settles. ``appended``: the load wrote its new graphs into the default graph too.
    Returns the seconds each took."""
    t0 = time.perf_counter()
    stage("merged view")
    merged.refresh(store, appended)  # the rules read the default graph: it must hold the documents
    t1 = time.perf_counter()
    stage("rules")
    if changed or not gaps_index.is_current(store):
        reconcile(store)
    t2 = time.perf_counter()
    merged.refresh(store)  # and the derived links; before the index, which is built from it
    store.flush()
    t3 = time.perf_counter()
    stage("gaps index")
    gaps_index.refresh(store)
    t4 = time.perf_counter()
    stage("snapshot")
    store.publish()
    return {"rules": t2 - t1, "merged": (t1 - t0) + (t3 - t2), "index": t4 - t3,
            "publish": time.perf_counter() - t4}


# From this many new files on, their content goes through the bulk loader (see
# Store.add_new_graphs); smaller loads stay one transaction per batch.
BULK_MIN_FILES = 1000
_BATCH_BYTES = 64 * 1024 * 1024



class _Writer:
    """The single writer. A changed file replaces its graph in one transaction; a new file is one
    transaction of its own, except in a bulk load, where new graphs are gathered into batches for
    the bulk loader (their markers written after each batch)."""

    def __init__(self, store: Store, *, bulk: bool, view: merged.Appender | None = None):
        self.store, self.bulk, self.view = store, bulk, view
        self.body: list[bytes] = []
        self.markers: list[bytes] = []
        self.triples: list[bytes] = []  # the same as N-Triples, for the merged default graph
        self.subjects: dict[str, tuple[str, ...]] = {}
        self.size = 0

    def add(self, prep: Prepared, *, replace: bool) -> None:
        if replace:
            graph = document_graph(prep.label)
            self.store.replace_graph(graph, parse_quads(prep.body) + parse_quads(prep.markers))
            return
        if not self.bulk:
            self.store.add_new_graphs(prep.body, prep.markers, bulk=False)
            return
        self.body.append(prep.body)
        self.markers.append(prep.markers)
        if self.view is not None:
            graph = document_graph(prep.label)
            self.triples.append(prep.triples)
            self.subjects[graph.value] = prep.subjects
        self.size += len(prep.body)
        if self.size >= _BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.body:
            self.store.add_new_graphs(b"".join(self.body), b"".join(self.markers), bulk=self.bulk)
        if self.view is not None and self.triples:
            self.view.add(b"".join(self.triples), self.subjects)
        self.body, self.markers, self.triples, self.subjects, self.size = [], [], [], {}, 0


def _stored_version(store: Store, path: str, corrections: list[Correction] = ()) -> tuple:
    """(graph, sha256 of the stored version or None, unchanged?): decided on the file's bytes,
    before a PDF or .docx is taken apart, and on the corrections that apply to it."""
    label = file_label(path)
    graph = document_graph(label)
    old_sha = store.graph_value(graph, dkg("sha256"))
    unchanged = old_sha is not None and old_sha == _file_sha256(path) and \
        store.graph_value(graph, dkg("parserVersion")) == PARSER_VERSION and \
        store.graph_value(graph, dkg("correctionsDigest")) == \
        corrections_digest(for_document(corrections, old_sha, label))
    return graph, old_sha, unchanged


def load_file(store: Store, path: str, catalog: CatalogIndex | None = None) -> str:
    """Load one file into its own named graph, in this process and one transaction, without the
    reference data or the cross-document rules of :func:`load_paths`. Returns 'loaded',
    'replaced', 'unchanged' or 'skipped' (not a document); raises a KGError for a bad file."""
    graph, old_sha, unchanged = _stored_version(store, path)
    if unchanged:
        return "unchanged"
    prep = prepare(path, catalog)
    if prep.error is not None:
        raise KGError(prep.error)
    if prep.skipped is not None:
        return "skipped"
    store.replace_graph(graph, parse_quads(prep.body) + parse_quads(prep.markers))
    return "replaced" if old_sha else "loaded"


def _file_sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None  # read_source then says what is wrong with the file


def remove_paths(store: Store, paths: list[str]) -> list[str]:
    with interruptible("the removal"):
        return _remove_paths(store, paths)


def _remove_paths(store: Store, paths: list[str]) -> list[str]:
    removed = []
    for p in paths:
        graph = store.source_graph_for(file_label(p))
        if graph is not None:
            store.drop_graph(graph)
            removed.append(p)
    settle(store, changed=bool(removed))
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
