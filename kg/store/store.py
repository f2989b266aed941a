"""The embedded store: Oxigraph (RocksDB) on disk, no server. One named graph per source file.

Each document is written in one SPARQL update (drop its graph + insert), which Oxigraph applies
as one transaction: a killed load leaves every document fully loaded or absent. One writer per
folder (our lock, then RocksDB's). Readers never open the writer's database: they open the read
snapshot the writer publishes at the end of each write session (kg/store/snapshots.py), so a
reader during a load answers from the whole state before it."""

from __future__ import annotations

import itertools
import os
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from directive_kg.errors import NotFoundError, QueryError, StoreBusyError, StoreError
from directive_kg.kg.graph.vocab import PREFIXES, REGISTRY_GRAPH, dkg

from . import snapshots
from .changes import Changes
from .sparql_params import bind_values, check_limits, parse_param, prepare, to_term

__all__ = ["Store", "bind_values", "parse_param", "to_term", "store_path"]

DEFAULT_DIR = ".kg"
GENERATION_FILE = snapshots.GENERATION_FILE
MERGED_GENERATION_FILE = snapshots.MERGED_GENERATION_FILE  # the generation the merged default graph matches
MERGED_DIRTY_FILE = "merged-dirty"  # a SPARQL update wrote: the merged view is made again whole
ENV_VAR = "KG_STORE"


def store_path(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get(ENV_VAR) or DEFAULT_DIR) / "oxigraph"


def _busy(root: Path, detail: str = "") -> StoreBusyError:
    return StoreBusyError(f"store {root} is being written by another kg process{detail}; "
                          "wait for it to finish and retry")


def _open_read_only(p: Path, attempts: int = 20) -> ox.Store:
    """A snapshot is never written, but a reader that opens the writer's own database (a store
    whose folder it may not write) can race a compaction and find an SST file just deleted
    (RocksDB reports "Corruption: ... No such file"): open again on the newer file list."""
    for i in range(attempts):
        try:
            return ox.Store.read_only(str(p))
        except (OSError, RuntimeError) as err:
            if "no such file" not in str(err).lower() or i == attempts - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def _sparql_data(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return " ".join(f"GRAPH {g} {{ {' '.join(ts)} }}" for g, ts in by_graph.items())


class Store:
    """A thin typed wrapper over a pyoxigraph Store: the writer's database (``writable``) or a
    read snapshot."""

    def __init__(self, inner: ox.Store, path: Path | None, writable: bool,
                 *, root: Path | None = None, hold: snapshots.Lock | None = None):
        self._s = inner
        self.path = path  # the database folder (the writer's, or a snapshot's)
        self.root = root or (path.parent if path is not None else None)  # the store folder, .kg
        self.writable = writable
        self._hold = hold  # the writer lock, or the pin that keeps a snapshot from deletion
        self._writes = 0  # the generation of a store in memory
        self._changes: Changes | None = None  # what this write session changed (kg/store/changes.py)

    # --- generation ----------------------------------------------------------------------
    # Projections kept beside the store (the gaps index) must know whether the store changed
    # since they were built. Every write first gives the store a new generation, in a file beside
    # it: a writer killed half-way leaves a generation no projection was built from. A snapshot
    # carries the generation it was taken at.
    def generation(self) -> str:
        if self.path is None:
            return f"memory:{id(self)}:{self._writes}"
        return snapshots.read_generation(self.path.parent)

    # --- what the session changed ---------------------------------------------------------
    # Each write names the graphs it is about to write (None: not known) before it writes, so
    # that a projection can follow the difference instead of being rebuilt (kg/store/changes.py).
    def _touch(self, *graphs: ox.NamedNode | None) -> None:
        if self._changes is None:
            self._changes = Changes(self.generation())
        for graph in graphs:
            self._changes.touch(graph, lambda g=graph: self._s.quads_for_pattern(None, None, None, g))

    def changes(self) -> Changes | None:
        """What was written since the last :meth:`forget_changes` (None: nothing)."""
        return self._changes

    def changed_quads(self, changes: Changes) -> set[ox.Quad]:
        return changes.difference(lambda g: self._s.quads_for_pattern(None, None, None, g))

    def forget_changes(self) -> None:
        """The projections have caught up with the store: a new session of changes starts."""
        self._changes = None

    def _new_generation(self) -> None:
        self._writes += 1
        if self.path is None:
            return
        target = self.path.parent / GENERATION_FILE
        tmp = target.with_name(f"{GENERATION_FILE}.{os.getpid()}.tmp")
        tmp.write_text(uuid.uuid4().hex, encoding="ascii")
        os.replace(tmp, target)

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, write: bool = False) -> Store:
        """The writer's database (``write``: one writer at a time, StoreBusyError for a second),
        or for reading the current read snapshot (kg/store/snapshots.py), published first for a
        store that has none yet when no writer is at work."""
        p = store_path(path)
        root = p.parent
        try:
            if write:
                return cls._open_writer(p)
            if not p.exists():
                raise NotFoundError(f"no store at {root}; run `kg load PATH` first")
            return cls._open_reader(p)
        except (OSError, RuntimeError) as err:
            msg = str(err)
            if "lock" in msg.lower():
                raise _busy(root) from None
            raise StoreError(f"cannot open store {root}: {msg.splitlines()[0]}") from None

    @classmethod
    def _open_writer(cls, p: Path) -> Store:
        root = p.parent
        root.mkdir(parents=True, exist_ok=True)
        lock = snapshots.lock_writer(root)
        if lock is None:
            raise _busy(root)
        snapshots.remove_leftovers(root)
        # RocksDB keeps the locks this process holds by the path string it was given: a relative
        # ".kg/oxigraph" would stay "locked" for every other folder's .kg.
        store = cls(ox.Store(str(p.absolute())), p, True, hold=lock)
        from .roster_load import drop_incomplete  # it writes through this class

        drop_incomplete(store)
        if snapshots.current(root) is None and next(iter(store.match()), None) is not None:
            store.publish()  # a store written before snapshots existed: readers read it meanwhile
        return store

    @classmethod
    def _open_reader(cls, p: Path) -> Store:
        root = p.parent
        patience = time.monotonic() + 2.0  # another reader may be publishing the first snapshot
        for _ in range(100):
            snap = snapshots.current(root)
            if snap is None:
                # A store written before snapshots existed: publish it, unless a writer is at work
                # (a first load: there is no earlier state to read).
                snap = cls._publish_as_reader(p)
                if snap is None and not os.access(root, os.W_OK):
                    return cls(_open_read_only(p.absolute()), p, False)  # a folder we may only read
                if snap is None and time.monotonic() < patience:
                    time.sleep(0.1)
                    continue
                if snap is None:
                    raise _busy(root, " and has no earlier state to read")
            pinned = snapshots.pin(snap)
            if pinned is None:
                continue  # deleted after a newer one was published: read `current` again
            return cls(_open_read_only(snap.database), snap.database, False, root=root, hold=pinned)
        raise _busy(root)

    @classmethod
    def _publish_as_reader(cls, p: Path) -> snapshots.Snapshot | None:
        """Take the writer's place for the moment of publishing; None when a writer is at work."""
        root = p.parent
        try:
            lock = snapshots.try_lock(root / snapshots.WRITER_LOCK, exclusive=True)
        except OSError:
            return None
        if lock is None:
            return None
        try:
            inner = ox.Store(str(p.absolute()))
        except OSError:
            lock.close()
            return None  # a writer without our lock (an older kg) holds RocksDB's
        try:
            return snapshots.publish(inner, root, snapshots.read_generation(root))
        finally:
            del inner
            lock.close()

    def publish(self) -> None:
        """End of a write session: readers see what is written now (no-op in memory or when the
        current snapshot already holds this generation)."""
        if not self.writable or self.path is None:
            return
        snap = snapshots.current(self.root)
        if snap is not None and snap.generation == self.generation():
            return
        snapshots.publish(self._s, self.root, self.generation())

    def close(self) -> None:
        """Close the database and release the lock (writer) or the snapshot (reader) now rather
        than at collection. The object is not usable afterwards."""
        self._s = None  # the last reference: RocksDB closes and lets go of its own lock
        if self._hold is not None:
            self._hold.close()

    @classmethod
    def memory(cls) -> Store:
        return cls(ox.Store(), None, True)

    # --- writing -------------------------------------------------------------------------
    def replace_graph(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
        """Atomically replace one named graph's content."""
        self._touch(graph)
        self._new_generation()
        data = _sparql_data(quads)
        update = f"DROP SILENT GRAPH {graph} ;"
        if data:
            update += f" INSERT DATA {{ {data} }}"
        self._s.update(update)

    def replace_graph_bulk(self, graph: ox.NamedNode, quads: list[ox.Quad], marker: ox.Quad) -> None:
        """Replace a large reference graph (the unit registry, 340k quads) with the bulk loader:
        4 s and 48 MB on disk instead of 18 s and 330 MB for one transaction. The bulk loader is
        not transactional, so the graph's version ``marker`` is written last, on its own: after a
        kill the marker is missing and the next use loads the graph again."""
        self._touch(graph)
        self._new_generation()
        self._s.remove_graph(graph)
        self._s.bulk_extend(quads)
        self._s.extend([marker])

    def add_new_graphs(self, body: bytes, markers: bytes, *, bulk: bool) -> None:
        """Write graphs the store does not hold yet, given as N-Quads: their content, then the
        markers that say each is complete (its source's sha256 and parser version).

        ``bulk`` uses the bulk loader for the content (fast, not transactional) and writes the
        markers after it in one transaction: a killed load leaves at worst graphs without a
        marker, which the next load of those files replaces. Without ``bulk`` everything is one
        transaction, so each document is fully in or absent."""
        if bulk or not markers:
            self._touch(None)
        else:  # each new graph has its markers: their graph names say which graphs these are
            self._touch(*dict.fromkeys(q.graph_name for q in ox.parse(
                markers, format=ox.RdfFormat.N_QUADS, lenient=True)))
        self._new_generation()
        fmt = ox.RdfFormat.N_QUADS
        if bulk:
            if body:
                self._s.bulk_load(input=body, format=fmt, lenient=True)
            if markers:
                self._s.load(input=markers, format=fmt, lenient=True)
        elif body or markers:
            self._s.load(input=body + markers, format=fmt, lenient=True)

    def add_quads(self, quads: list[ox.Quad]) -> None:
        """Add quads in one transaction."""
        self._touch(*dict.fromkeys(q.graph_name for q in quads))
        self._new_generation()
        self._s.extend(quads)

    def remove_quads(self, quads: list[ox.Quad]) -> None:
        """Remove quads in one transaction (keep the list to tens of thousands: Oxigraph holds a
        transaction in memory)."""
        self._touch(*dict.fromkeys(q.graph_name for q in quads))
        self._new_generation()
        data = _sparql_data(quads)
        if data:
            self._s.update(f"DELETE DATA {{ {data} }}")

    def bulk_load_file(self, path: Path, chunk: int = 200_000) -> None:
        """Add an N-Quads file (one quad a line) with the bulk loader, ``chunk`` quads at a time:
        not transactional (the caller writes a marker after it), and bounded in memory (the bulk
        loader holds what it is given: 1.4M quads at once peaked at 1.1 GB, 200,000 at 0.3 GB)."""
        self._touch(None)
        self._new_generation()
        with open(path, "rb") as fh:
            while True:
                data = b"".join(itertools.islice(fh, chunk))
                if not data:
                    return
                self._s.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)

    def replace_default_graph(self, chunks: Iterable[bytes]) -> None:
        """Fill the default graph anew with the bulk loader, chunk by chunk of N-Triples
        (kg/store/merged.py: the merged view of the named graphs; a country's is gigabytes, so it
        is never held whole). Not transactional: readers go by merged_current()."""
        self._new_generation()
        self._s.clear_graph(ox.DefaultGraph())
        for ntriples in chunks:
            if ntriples:  # (lenient: Oxigraph's own dump of the named graphs)
                self._s.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(),
                                  lenient=True)

    def add_to_default_graph(self, ntriples: bytes) -> None:
        """Add N-Triples to the default graph with the bulk loader (kg/store/merged.py: the merged
        view kept as a load writes new graphs). Not transactional: readers go by merged_current()."""
        self._new_generation()
        if ntriples:
            # lenient: the quads just written to their named graphs, as Oxigraph serialised them;
            # checking every IRI again was a tenth of a national load's writer (py-spy)
            self._s.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(),
                              lenient=True)

    def graph_ntriples(self, graph: ox.NamedNode) -> bytes:
        """One named graph as N-Triples, written by Oxigraph."""
        return self._s.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""

    def drop_graph(self, graph: ox.NamedNode) -> None:
        self._touch(graph)
        self._new_generation()
        self._s.update(f"DROP SILENT GRAPH {graph}")

    def flush(self) -> None:
        if self.writable and self.path is not None:
            self._s.flush()

    # --- reading -------------------------------------------------------------------------
    def graph_value(self, graph: ox.NamedNode, predicate: ox.NamedNode) -> str | None:
        for q in self._s.quads_for_pattern(None, predicate, None, graph):
            return q.object.value
        return None

    def has_graph(self, graph: ox.NamedNode) -> bool:
        return self._s.contains_named_graph(graph)

    def named_graphs(self) -> list[ox.NamedNode]:
        return list(self._s.named_graphs())

    # The quad readers below read the named graphs, where every fact is stated (the default graph
    # only holds their merged view, kg/store/merged.py, which a reader of quads must not count twice).
    def __len__(self) -> int:
        """Quads in the named graphs."""
        merged = sum(1 for _ in self._s.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return len(self._s) - merged

    def quads(self, subject: ox.NamedNode | None = None, *, graph: ox.NamedNode | None = None
              ) -> Iterable[ox.Quad]:
        if graph is not None:
            return self._s.quads_for_pattern(subject, None, None, graph)
        if subject is not None:
            return _named(self._s.quads_for_pattern(subject, None, None, None))
        return (q for g in self._s.named_graphs() for q in self._s.quads_for_pattern(None, None, None, g))

    def match(self, subject=None, predicate=None, obj=None) -> Iterable[ox.Quad]:
        """Quads of every named graph matching a pattern (None = any)."""
        return _named(self._s.quads_for_pattern(subject, predicate, obj, None))

    def quads_for(self, subject: ox.NamedNode | None = None, predicate: ox.NamedNode | None = None,
                  object: ox.NamedNode | ox.Literal | None = None, graph: ox.NamedNode | None = None
                  ) -> Iterable[ox.Quad]:
        """Quads matching a pattern (None = any named graph), straight from the store's indexes."""
        if graph is not None:
            return self._s.quads_for_pattern(subject, predicate, object, graph)
        return _named(self._s.quads_for_pattern(subject, predicate, object, None))

    def source_graph_for(self, file_label: str) -> ox.NamedNode | None:
        for q in self.quads_for(None, dkg("file"), ox.Literal(file_label), None):
            return q.graph_name
        return None

    def merged_current(self) -> bool:
        """Whether the default graph holds the merged view of the store as it is now."""
        if self.path is None:
            return False
        try:
            stamp = (self.path.parent / MERGED_GENERATION_FILE).read_text(encoding="ascii").strip()
        except OSError:
            return False
        return stamp == self.generation()

    def _dataset(self) -> dict:
        """The default graph a query reads: the merged view (with the unit registry, which it
        leaves out) when it is current: each fact once. Else (the writer before it settles: a
        load under way, or the store left by a killed one) the union of the named graphs: a fact
        once per graph stating it, and a replaced document's old facts may show beside its new
        ones until the load settles. Readers of a published snapshot always get the merged view
        (every write session settles before it publishes)."""
        if self.merged_current():
            return {"default_graph": [ox.DefaultGraph(), REGISTRY_GRAPH]}
        if next(iter(self._s.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None:
            return {"use_default_graph_as_union": True}
        # Oxigraph's union takes the default graph in too, and a stale merged view there may state
        # what a graph no longer does (a graph dropped since): the named graphs, listed (slow, but
        # only until the writer settles; no published snapshot is read this way)
        return {"default_graph": list(self._s.named_graphs())}

    def query(self, sparql: str, params: dict[str, object] | None = None) -> list[dict]:
        """Rows of a SPARQL query. Parameters are bound as RDF terms (kg/store/sparql_params.py),
        checked against the query's ``@param`` declarations when it has them."""
        sparql = prepare(sparql, params)
        try:
            result = self._s.query(sparql, prefixes=PREFIXES, **self._dataset())
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {_one_line(err)}") from None
        except OSError as err:
            raise QueryError(_one_line(err)) from None
        if isinstance(result, bool | ox.QueryBoolean):  # ASK (a QueryBoolean since pyoxigraph 0.5)
            return [{"ask": bool(result)}]
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [{n: from_term(sol[n]) for n in names} for sol in result]
        return [{"subject": t.subject.value, "predicate": t.predicate.value,
                 "object": from_term(t.object)} for t in result]

    def results(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Oxigraph's own result object for a query given whole (no parameters), over the same
        default graph as :meth:`query`: for the SPARQL endpoint, which serialises it with
        Oxigraph's writers. Solutions are produced lazily, as the caller reads them."""
        try:
            return self._s.query(sparql, prefixes=PREFIXES, **self._dataset())
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except OSError as err:
            raise QueryError(str(err)) from None

    def update(self, sparql: str, *, merged_view: bool = False) -> None:
        """A SPARQL update. It may change any graph without changing its version markers, so it
        marks the merged default graph (kg/store/merged.py) for a whole rebuild; ``merged_view``
        is that module's own writing of the default graph."""
        if not self.writable:
            raise StoreError("the store is open read-only")
        if not merged_view:  # the merged view's own updates are generated, flat and long
            check_limits(sparql)  # (the merged view is derived from the graphs the session follows)
            self._touch(None)  # it may change any graph: the gaps index is rebuilt whole
            if self.path is not None:
                (self.path.parent / MERGED_DIRTY_FILE).touch()
        self._new_generation()
        try:
            self._s.update(sparql, prefixes=PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {_one_line(err)}") from None

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Quad formats keep the named graphs; triple formats get the union of all graphs."""
        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
            return _union_dump(self, fmt)
        return ox.serialize(self.quads(), format=fmt) or b""


def _named(quads: Iterable[ox.Quad]) -> Iterable[ox.Quad]:
    return (q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))


def _union_dump(store: Store, fmt: ox.RdfFormat) -> bytes:
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}
    return ox.serialize(sorted(triples, key=str), format=fmt) or b""


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


def from_term(term) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith("#integer"):
            return int(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value
