"""Loading a roster file into the store in bounded memory, all or nothing.

One transaction for a whole roster is what Oxigraph cannot do cheaply: 100,000 rows (about 1.4
million quads) took 6.3 GB through one SPARQL update, 1.2 GB more through one ``Store.load``, and
dropping such a graph in one call 1.9 GB. So a roster is written like the registry: every row is
checked and turned into N-Quads first (in batches, into a temporary file), nothing is written
when a row is refused; then the file's new *version* graph is bulk-loaded and its completion
marker written last. Only then are older versions of the file taken out (marker first, then their
quads in batches). A load killed half-way leaves a version without its marker: readers never see
it (they read the snapshot published before, kg/store/snapshots.py) and the next writer drops it
(:func:`drop_incomplete`)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from directive_kg.kg.graph.roster import ROSTER_PREFIX, read_roster, roster_graph, roster_quads
from directive_kg.kg.graph.vocab import XSD, dkg

from .store import Store

BATCH_ROWS = 5_000  # rows turned into quads at a time (about 70,000 quads)
DELETE_SUBJECTS = 2_000  # subjects (about 17,000 quads) removed per transaction
FLUSH_EVERY = 5  # batches of removals between two flushes of the write buffers
COMPLETE = dkg("rosterComplete")
_TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))


@dataclass(frozen=True)
class RosterLoad:
    path: str
    entries: int
    graph: str  # the version graph now in the store


def load_roster_file(store: Store, path: str, progress: Callable[[int, int], None] | None = None
                     ) -> RosterLoad:
    """Check every row of ``path``, then replace what the store holds from that file. Raises
    LoaderError (file, line, problem) before writing anything. ``progress(done, total)`` is told
    the rows turned into quads, then the rows written."""
    entries = read_roster(path)
    base = roster_graph(path)
    graph = ox.NamedNode(f"{base.value}/{uuid.uuid4().hex[:12]}")
    report = progress or (lambda _done, _total: None)
    if store.root is None:  # a store in memory: one transaction
        store.add_quads(roster_quads(path, entries, graph))
    else:
        staged = store.root / f"roster.{os.getpid()}.tmp"
        try:
            with open(staged, "wb") as out:
                for done, batch in _batches(entries):
                    out.write(ox.serialize(roster_quads(path, batch, graph),
                                           format=ox.RdfFormat.N_QUADS) or b"")
                    report(done, len(entries))
            store.bulk_load_file(staged)
        finally:
            staged.unlink(missing_ok=True)
    store.add_quads([_marker(graph)])
    for old in versions(store, base):
        if old != graph:
            drop_version(store, old)
    return RosterLoad(path, len(entries), graph.value)


def _batches(entries: list) -> Iterator[tuple[int, list]]:
    for start in range(0, len(entries), BATCH_ROWS):
        batch = entries[start:start + BATCH_ROWS]
        yield start + len(batch), batch


def _marker(graph: ox.NamedNode) -> ox.Quad:
    return ox.Quad(graph, COMPLETE, _TRUE, graph)


def versions(store: Store, base: ox.NamedNode) -> list[ox.NamedNode]:
    """The graphs holding what a roster file said: its versions, and the single graph a roster
    loaded before versions existed."""
    return [g for g in store.named_graphs()
            if g.value == base.value or g.value.startswith(base.value + "/")]


def drop_version(store: Store, graph: ox.NamedNode) -> None:
    """Take a roster version out: its marker first (so that a kill leaves it incomplete, for
    :func:`drop_incomplete`), then its quads in batches of bounded memory."""
    store.remove_quads([_marker(graph)])
    # Its subjects in one pass before any write: an iterator kept open across the deletes pins
    # what RocksDB would free (memory grew to 0.9 GB), and a new scan per batch steps over every
    # key removed before it (quadratic). Then each subject's quads, an index lookup, in batches.
    # Removals fill RocksDB's write buffers (one per index, 0.3 GB for 500,000 quads) where a
    # bulk load does not: flushed to disk every few batches.
    subjects = list(dict.fromkeys(q.subject for q in store.quads(graph=graph)))
    for n, start in enumerate(range(0, len(subjects), DELETE_SUBJECTS), start=1):
        batch = [q for subject in subjects[start:start + DELETE_SUBJECTS]
                 for q in store.quads(subject, graph=graph)]
        store.remove_quads(batch)
        if n % FLUSH_EVERY == 0:
            store.flush()
    store.drop_graph(graph)  # empty now: its name goes too


def drop_incomplete(store: Store) -> list[str]:
    """Versions a killed roster load left without their marker (half written or half removed)."""
    dropped = []
    for g in store.named_graphs():
        rest = g.value[len(ROSTER_PREFIX):] if g.value.startswith(ROSTER_PREFIX) else ""
        if "/" in rest and store.graph_value(g, COMPLETE) is None:
            drop_version(store, g)
            dropped.append(g.value)
    return dropped
