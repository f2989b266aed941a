"""The merged default graph: every fact of every named graph, once, in the store's default graph.

Each source file keeps its own named graph (provenance: which document said what), so a cited
instrument's facts repeat in every citing document's graph, and a query over the union of the
graphs returns a row per graph that holds a triple (`?i eli:number "33/CT-TTg"` gave five rows).
The default graph is the RDF merge of the named graphs instead, kept up to date at the end of
every load (kg/store/load.py `settle`): SPARQL written without GRAPH reads each fact once, and
`GRAPH ?g { … }` still reads the document graphs for provenance.

The unit registry (340k quads, one graph, rebuilt from the install) is not copied: readers take
the default graph together with the registry graph, and the default graph leaves out what the
registry already states (a document that names a People's Committee says it is a dkg:Body, as the
registry does), so each fact is still read once.

Kept by subject: the default graph's triples about a subject are the union of the named graphs'
triples about it. A change rewrites the subjects that changed graphs state now or stated before
(kept in ``merged-state.sqlite`` beside the store: per graph, a digest of its version markers and
the subjects it stated), in one transaction. A graph's version is told by its markers (a
document's sha256, parser version, load time, corrections digest; the reference graphs' own
version triples); a graph without markers (the derived graph) is hashed whole.
A bulk load of new files (the first load of a country) keeps the default graph as it writes
(:class:`Appender`): each batch's triples go to the default graph with the bulk loader too, and
each new graph's subjects into the state, which says *pending* until the load's settle closes it
(what the registry states taken out, digests written). Reading the store back (100,000 dumps) is
what a whole rebuild costs a country; the writer already holds the bytes.
When most graphs changed otherwise, the registry changed, a load stopped while pending, or a
SPARQL update wrote (`kg sparql --update` can change a graph and leave its markers: Store.update
marks the store), the default graph is built again whole (Oxigraph's dump and bulk loader, no
Python per quad). ``merged-generation`` beside the store records the store generation the
default graph matches: until it does, readers query the named graphs (kg/store/store.py), so a
half-done refresh or a load's appending is never read."""

from __future__ import annotations

import hashlib
import sqlite3
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass

import pyoxigraph as ox

from directive_kg.kg.graph.vocab import GENERATED_AT, REGISTRY_GRAPH, dkg

from .roster_load import COMPLETE as ROSTER_COMPLETE
from .store import MERGED_DIRTY_FILE, MERGED_GENERATION_FILE, Store

STATE_FILE = "merged-state.sqlite"
FORMAT = "1"  # bump when what the default graph holds changes: every store rebuilds it once
MARKERS = (dkg("sha256"), dkg("parserVersion"), GENERATED_AT, dkg("correctionsDigest"),
           dkg("registryVersion"), dkg("catalogDigest"), dkg("ontologyDigest"),
           ROSTER_COMPLETE)  # a roster version graph: its name is new with every load
_CHUNK = 2000  # subjects per VALUES block
_CHUNK_BYTES = 64 << 20  # N-Triples per bulk load of a whole rebuild


@dataclass(frozen=True)
class MergeReport:
    graphs: int  # graphs whose facts changed (added, replaced or removed)
    subjects: int  # subjects rewritten (0 for a whole rebuild)
    whole: bool  # built again whole


def refresh(store: Store, appended: Appender | None = None) -> MergeReport:
    """Bring the default graph up to the named graphs (a no-op when nothing changed).
    ``appended``: the load that just wrote new graphs through it (:func:`start_appending`)."""
    if store.path is None:  # a store in memory (tests) is read as the union of its graphs
        return MergeReport(0, 0, False)
    state = _open_state(store)
    with closing(state):
        now = graph_digests(store)
        if appended is not None:
            appended.close(state, now)
        stored = dict(state.execute("SELECT graph, digest FROM graphs"))
        meta = dict(state.execute("SELECT key, value FROM meta"))
        changed = {g for g, d in now.items() if stored.get(g) != d} | (stored.keys() - now.keys())
        in_step = meta.get("generation") == store.generation() and meta.get("format") == FORMAT
        dirty = (store.path.parent / MERGED_DIRTY_FILE).exists()
        if not changed and not dirty and meta.get("format") == FORMAT and stored:
            if not in_step:  # written, but no graph changed (a graph replaced by the same)
                _stamp(store, state)
            return MergeReport(0, 0, False)
        if dirty or meta.get("format") != FORMAT or not stored or len(changed) * 2 > max(len(now), 1) \
                or REGISTRY_GRAPH.value in changed:
            return _rebuild(store, state, now)
        return _incremental(store, state, now, changed)


def _rebuild(store: Store, state: sqlite3.Connection, digests: dict[str, str]) -> MergeReport:
    """The default graph made again from every named graph but the registry (Oxigraph's dump and
    bulk loader: a country's ten million quads would not fit one transaction). Not atomic, so the
    state is dropped first and written last: a kill in between leaves no state, and the next
    refresh starts again."""
    with state:
        state.execute("DELETE FROM graphs")
        state.execute("DELETE FROM meta")
    (store.path.parent / MERGED_DIRTY_FILE).unlink(missing_ok=True)  # cleared before reading
    subjects: dict[str, set[str]] = {}

    def chunks() -> Iterator[bytes]:
        """The named graphs' N-Triples in chunks of about 64 MB (a country's 11 million triples
        joined at once held 6.5 GB), each graph's subjects noted on the way."""
        parts: list[bytes] = []
        size = 0
        for g in store.named_graphs():
            if g == REGISTRY_GRAPH:
                continue
            data = store.graph_ntriples(g)
            subjects[g.value] = {ln.split(b" ", 1)[0].decode("utf-8") for ln in data.split(b"\n") if ln}
            parts.append(data)
            size += len(data)
            if size >= _CHUNK_BYTES:
                yield b"".join(parts)
                parts, size = [], 0
        yield b"".join(parts)

    store.replace_default_graph(chunks())
    _leave_out_registry(store)
    _save(state, {g: (d, subjects.get(g, set())) for g, d in digests.items()}, set())
    _stamp(store, state)
    return MergeReport(len(subjects), 0, True)


# What the registry states stays in the registry graph only (readers take both).
_WITHOUT_REGISTRY = "DELETE { ?s ?p ?o } WHERE { %s ?s ?p ?o . GRAPH <%s> { ?s ?p ?o } }".replace(
    "<%s>", "<" + REGISTRY_GRAPH.value + ">")


def _leave_out_registry(store: Store) -> None:
    """Take out of the whole default graph what the registry states (a document names a People's
    Committee a dkg:Body, as the registry does): the registry's quads probed in the default graph,
    one update, no lookup per subject from Python."""
    store.update(_ALL_WITHOUT_REGISTRY, merged_view=True)


_ALL_WITHOUT_REGISTRY = ("DELETE { ?s ?p ?o } WHERE { GRAPH <" + REGISTRY_GRAPH.value + "> { ?s ?p ?o } "
                         "FILTER EXISTS { ?s ?p ?o } }")


PENDING = "appending"  # the state's format while a load adds new graphs' triples as it writes them


class Appender:
    """The default graph kept as a bulk load writes new graphs (kg/store/load.py `_Writer`): each
    batch's triples go to the default graph with the bulk loader beside the named graphs, and the
    subjects of each graph into the state (digest unknown yet), instead of a whole rebuild that
    reads the country back (100,000 dumps). The state says ``PENDING`` until :func:`refresh` gets
    the appender back at the end of the load (registry facts taken out, digests written): a kill
    before that leaves it ``PENDING``, so the next refresh rebuilds whole."""

    def __init__(self, store: Store, state: sqlite3.Connection):
        self.store, self.state = store, state

    def add(self, ntriples: bytes, subjects: dict[str, Iterable[str]]) -> None:
        """New graphs' triples (N-Triples, markers included) and each graph's subjects."""
        self.store.add_to_default_graph(ntriples)
        with self.state:
            self.state.executemany("INSERT OR REPLACE INTO graphs VALUES (?, NULL, ?)",
                                   [(g, _pack(set(subs))) for g, subs in subjects.items()])

    def close(self, state: sqlite3.Connection, digests: dict[str, str]) -> None:
        """The load is written: what the registry states out, each appended graph's digest, and
        the state's format back (``state``: refresh's connection; the appender's own is closed)."""
        self.state.close()
        meta = dict(state.execute("SELECT key, value FROM meta"))
        if meta.get("format") != PENDING:
            return  # not this appender's state: refresh sees the format and rebuilds
        _leave_out_registry(self.store)
        pending = [g for (g,) in state.execute("SELECT graph FROM graphs WHERE digest IS NULL")]
        with state:
            state.executemany("UPDATE graphs SET digest = ? WHERE graph = ?",
                              [(digests[g], g) for g in pending if g in digests])
            state.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))


def start_appending(store: Store) -> Appender | None:
    """An :class:`Appender` for a bulk load of new graphs, after bringing the default graph up to
    the store as it is now (on a first load: the reference graphs, a few seconds). None for a
    store in memory."""
    if store.path is None:
        return None
    refresh(store)
    state = _open_state(store)
    with state:
        state.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (PENDING,))
    return Appender(store, state)


def as_triples(nquads: bytes, graph: ox.NamedNode) -> bytes:
    """One graph's N-Quads (as Oxigraph writes them: one quad a line, ``… <graph> .``) as
    N-Triples, by dropping the graph name at each line's end (bytes.replace: no Python per line;
    a literal's line break is escaped, so only a line's end matches). Anything else is parsed."""
    end = f" {graph} .\n".encode()
    if nquads.count(end) == nquads.count(b"\n"):
        return nquads.replace(end, b" .\n")
    return ox.serialize([ox.Triple(q.subject, q.predicate, q.object)
                         for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)],
                        format=ox.RdfFormat.N_TRIPLES) or b""


def _incremental(store: Store, state: sqlite3.Connection, now: dict[str, str],
                 changed: set[str]) -> MergeReport:
    before: set[str] = set()
    for graph in changed:
        row = state.execute("SELECT subjects FROM graphs WHERE graph = ?", (graph,)).fetchone()
        if row:
            before |= _unpack(row[0])
    after: dict[str, set[str]] = {}
    for graph in changed & now.keys():
        after[graph] = {str(q.subject) for q in store.quads(graph=ox.NamedNode(graph))}
    after.pop(REGISTRY_GRAPH.value, None)  # (a registry change rebuilds whole)
    affected = before.union(*after.values())
    iris = sorted(s for s in affected if s.startswith("<"))
    blank = any(s.startswith("_:") for s in affected)
    ops = []
    for i in range(0, len(iris), _CHUNK):
        values = " ".join(iris[i:i + _CHUNK])
        ops.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
        ops.append(f"INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        ops.append(_WITHOUT_REGISTRY % f"VALUES ?s {{ {values} }}")
    if blank:  # blank nodes cannot be named in a query: their few triples (OWL lists) go together
        ops.append("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isBlank(?s)) }")
        ops.append("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s)) } }")
    if ops:
        store.update(" ;\n".join(ops), merged_view=True)
    _save(state, {g: (now[g], after.get(g, set())) for g in changed & now.keys()}, changed - now.keys())
    _stamp(store, state)
    return MergeReport(len(changed), len(affected), False)


def graph_digests(store: Store) -> dict[str, str]:
    """Every named graph's version: its markers hashed; a graph without any, hashed whole."""
    marked: dict[str, list[str]] = defaultdict(list)
    for p in MARKERS:
        for q in store.quads_for(None, p, None, None):
            marked[q.graph_name.value].append(str(q))
    out = {}
    for g in store.named_graphs():
        found = marked.get(g.value)
        if found:
            out[g.value] = "m:" + hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()[:32]
        else:
            acc = 0
            for q in store.quads(graph=g):
                acc = (acc + int.from_bytes(hashlib.blake2b(str(q).encode(), digest_size=16).digest(),
                                            "big")) % (1 << 128)
            out[g.value] = f"c:{acc:032x}"
    return out


def _open_state(store: Store) -> sqlite3.Connection:
    db = sqlite3.connect(store.path.parent / STATE_FILE)
    db.execute("CREATE TABLE IF NOT EXISTS graphs (graph TEXT PRIMARY KEY, digest TEXT, subjects BLOB)")
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
    return db


def _save(state: sqlite3.Connection, graphs: dict[str, tuple[str, set[str]]], gone: set[str]) -> None:
    with state:
        state.executemany("DELETE FROM graphs WHERE graph = ?", [(g,) for g in gone])
        state.executemany("INSERT OR REPLACE INTO graphs VALUES (?, ?, ?)",
                          [(g, d, _pack(s)) for g, (d, s) in graphs.items()])


def _stamp(store: Store, state: sqlite3.Connection) -> None:
    """Record (in the state and beside the store) the generation the default graph matches: the
    store's own, read after this module's write and before any other can happen (one writer)."""
    generation = store.generation()
    with state:
        state.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                          [("generation", generation), ("format", FORMAT), ("at", str(time.time()))])
    target = store.path.parent / MERGED_GENERATION_FILE
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(generation, encoding="ascii")
    tmp.replace(target)


def _pack(subjects: set[str]) -> bytes:
    return zlib.compress("\n".join(sorted(subjects)).encode("utf-8"))


def _unpack(blob: bytes) -> set[str]:
    text = zlib.decompress(blob).decode("utf-8")
    return set(text.split("\n")) if text else set()
