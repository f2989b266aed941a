"""Writing the projection (kg/neo4j/model.py) into Neo4j, incrementally.

Per named graph, a ``(:PushState {graph, digest})`` node remembers the digest pushed last
(kg/neo4j/changes.py: a document's sha256 + parser version + load time, the catalog's, registry's
or roster's own digest). A push finds the graphs whose digest changed (new, changed or removed
source documents; registry, roster and catalog too) and rewrites only what they touch:

- affected nodes = nodes that a changed graph states or links to, now (the store) or at the last
  push (the ``graphs`` property of nodes and relationships in Neo4j);
- every relationship touching an affected node is deleted and written again from the
  projection of the store around those nodes; affected nodes get their full property set and
  labels, or are deleted when nothing states them any more.

Nothing else can differ from a fresh push: a node's or relationship's properties only depend on
the graphs that state it. A ``(:PushMeta {pending})`` flag set while writing makes the next push
a full one if this one is interrupted between batches. ``--wipe`` or a new ``MODEL_VERSION``
rebuild everything.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from directive_kg.kg.store.store import Store

from .changes import graph_digests, neighbourhood, stated_nodes
from .conn import Neo4jSettings, session
from .model import BASE_LABEL, MAIN_LABELS, MODEL_VERSION, Projection, project
from .read import all_quads

BATCH = 2000
# A full push into an empty projection creates in larger transactions: fewer round trips, and
# Neo4j plans each (labels, type) statement once.
CREATE_BATCH = 10000
# Sessions writing a full push side by side: the server works on one transaction per session, so
# it can use every core while this process packs the next batches.
WRITERS = 3
FULL_SCAN_AT = 5000

SCHEMA = [
    f"CREATE CONSTRAINT resource_iri IF NOT EXISTS FOR (n:{BASE_LABEL}) REQUIRE n.iri IS UNIQUE",
    *(f"CREATE CONSTRAINT {label.lower()}_iri IF NOT EXISTS FOR (n:{label}) REQUIRE n.iri IS UNIQUE"
      for label in MAIN_LABELS),
    "CREATE CONSTRAINT pushstate_graph IF NOT EXISTS FOR (n:PushState) REQUIRE n.graph IS UNIQUE",
    "CREATE INDEX instrument_number IF NOT EXISTS FOR (n:Instrument) ON (n.number)",
    "CREATE INDEX instrument_year IF NOT EXISTS FOR (n:Instrument) ON (n.year)",
    "CREATE INDEX body_name IF NOT EXISTS FOR (n:Body) ON (n.name)",
    "CREATE INDEX body_unitclass IF NOT EXISTS FOR (n:Body) ON (n.unitClass)",
    "CREATE INDEX body_province IF NOT EXISTS FOR (n:Body) ON (n.province)",
    "CREATE INDEX adminunit_code IF NOT EXISTS FOR (n:AdminUnit) ON (n.code)",
    "CREATE INDEX adminunit_name IF NOT EXISTS FOR (n:AdminUnit) ON (n.name)",
    "CREATE INDEX obligation_kind IF NOT EXISTS FOR (n:Obligation) ON (n.kind)",
]

_WRITE_NODES = """
UNWIND $rows AS row
MERGE (n:Resource {iri: row.iri})
SET n = row.props
WITH n, row, [l IN labels(n) WHERE NOT l IN row.labels] AS stale
REMOVE n:$(stale)
SET n:$(row.labels)"""
_WRITE_RELS = """
UNWIND $rows AS row
MATCH (a:Resource {iri: row.start})
MATCH (b:Resource {iri: row.end})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props"""
_DELETE_RELS = """
UNWIND $iris AS iri
MATCH (:Resource {iri: iri})-[r]-()
WITH DISTINCT r
DELETE r"""
_DELETE_NODES = "UNWIND $iris AS iri MATCH (n:Resource {iri: iri}) DETACH DELETE n"
# Relationships first, in batches of their own: DETACH DELETE of 5,000 nodes at once took every
# relationship of a body that passed thousands of instruments into one transaction, past Neo4j's
# transaction memory limit (dbms.memory.transaction.total.max) on a country's projection.
_WIPE = ("""
MATCH (n)-[r]->() WHERE n:Resource OR n:PushState OR n:PushMeta
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS""", """
MATCH (n) WHERE n:Resource OR n:PushState OR n:PushMeta
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS""")
# The fast path of a full push (nothing of ours in the database): CREATE, not MERGE, with the
# labels and the relationship type written into the statement (a dynamic $(label) is planned for
# every row), and both ends looked up by their main label's unique iri.
_CREATE_NODES = "UNWIND $rows AS row CREATE (n:{labels}) SET n = row"
_CREATE_RELS = """
UNWIND $rows AS row
MATCH (a:{start} {{iri: row.s}})
MATCH (b:{end} {{iri: row.e}})
CREATE (a)-[r:{type}]->(b)
SET r = row.p"""


@dataclass
class PushReport:
    graphs_changed: list[str] = field(default_factory=list)
    graphs_removed: list[str] = field(default_factory=list)
    graphs_unchanged: int = 0
    full: bool = False
    nodes_written: int = 0
    nodes_deleted: int = 0
    rels_written: int = 0
    rels_deleted: int = 0
    total_nodes: int = 0
    total_rels: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        if not self.graphs_changed and not self.graphs_removed:
            head = f"up to date: {self.graphs_unchanged} graph(s) unchanged"
        else:
            head = (f"pushed {len(self.graphs_changed)} changed graph(s), "
                    f"removed {len(self.graphs_removed)}, {self.graphs_unchanged} unchanged"
                    f"{' (full push)' if self.full else ''}: nodes {self.nodes_written} written, "
                    f"{self.nodes_deleted} deleted; relationships {self.rels_written} written, "
                    f"{self.rels_deleted} deleted")
        return (f"{head}; Neo4j holds {self.total_nodes} nodes, {self.total_rels} relationships "
                f"({self.seconds:.1f} s)")


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _single_values(s, query: str, **params) -> list:
    return [rec[0] for rec in s.run(query, **params)]


def ensure_schema(s) -> None:
    """Constraints and indexes that are missing, each in its own transaction (schema and data
    never mix). Looked up first so that an up-to-date push costs one round trip here."""
    present = set(_single_values(s, "SHOW INDEXES YIELD name RETURN name"))
    for statement in SCHEMA:
        name = statement.split()[2]
        if name not in present:
            s.run(statement).consume()


def wipe(settings: Neo4jSettings) -> None:
    """Delete the projection (our labels only; other data in the database is left alone)."""
    with session(settings, write=True) as s:
        _wipe_in(s)


def _wipe_in(s) -> None:
    for statement in _WIPE:
        s.run(statement).consume()


def push(store: Store, settings: Neo4jSettings, *, wipe_first: bool = False,
         batch_size: int = BATCH, create_batch: int = CREATE_BATCH, writers: int = WRITERS,
         progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Bring Neo4j in line with the store. ``progress(done, total)`` is called after each batch.
    A full push (first one, ``wipe_first``, new model, or after an interrupted push) clears the
    projection and creates it in batches of ``create_batch``; an incremental one rewrites what
    changed in batches of ``batch_size``."""
    started = time.monotonic()
    digests = graph_digests(store)
    report = PushReport()
    if wipe_first:
        wipe(settings)
    with session(settings, write=True) as s:
        ensure_schema(s)
        pushed = dict(s.run("MATCH (p:PushState) RETURN p.graph, p.digest").values())
        meta = s.run("MATCH (m:PushMeta) RETURN m.model AS model, m.pending AS pending").single()
        report.full = meta is None or meta["model"] != MODEL_VERSION or bool(meta["pending"])
        changed = {g for g, d in digests.items() if report.full or pushed.get(g) != d}
        removed = set(pushed) - set(digests)
        # most of the graph changed (a new corpus loaded into a pushed store): clearing and
        # creating is faster than rewriting node by node, and ends the same
        report.full = report.full or len(changed) + len(removed) > max(len(digests), len(pushed)) // 2
        changed = set(digests) if report.full else changed
        report.graphs_changed = sorted(changed)
        report.graphs_removed = sorted(removed)
        report.graphs_unchanged = len(digests) - len(changed)
        if report.full:
            # everything is rewritten: clear what an earlier push left, then create
            if _holds_projection(s):
                _wipe_in(s)
            proj = project(all_quads(store))
            s.run("MERGE (m:PushMeta) SET m.pending = true, m.model = $model",
                  model=MODEL_VERSION).consume()
            _create_all(settings, proj, report, create_batch, writers, progress)
            s.execute_write(_save_state, digests, changed, removed)
        elif changed or removed:
            affected = stated_nodes(store, changed) | _touched_in_neo4j(s, changed | removed)
            # past a few thousand nodes one scan of the store beats lookups per node
            proj = project(store.quads() if len(affected) > FULL_SCAN_AT
                           else neighbourhood(store, affected))
            s.run("MERGE (m:PushMeta) SET m.pending = true, m.model = $model",
                  model=MODEL_VERSION).consume()
            _write(s, proj, affected, report, batch_size, progress)
            s.execute_write(_save_state, digests, changed, removed)
        report.total_nodes = s.run(f"MATCH (n:{BASE_LABEL}) RETURN count(n)").single()[0]
        report.total_rels = s.run(
            f"MATCH (:{BASE_LABEL})-[r]->() RETURN count(r)").single()[0]
    report.seconds = time.monotonic() - started
    return report


def _touched_in_neo4j(s, graphs: set[str]) -> set[str]:
    """Nodes in Neo4j that the graphs stated at the last push, and both ends of relationships
    they stated."""
    gl = sorted(graphs)
    out = set(_single_values(s, f"MATCH (n:{BASE_LABEL}) WHERE any(g IN n.graphs WHERE g IN $gl) "
                                "RETURN n.iri", gl=gl))
    for a, b in s.run(f"MATCH (a:{BASE_LABEL})-[r]->(b:{BASE_LABEL}) "
                      "WHERE any(g IN r.graphs WHERE g IN $gl) RETURN a.iri, b.iri", gl=gl).values():
        out |= {a, b}
    return out


def _write(s, proj: Projection, affected: set[str], report: PushReport, size: int,
           progress: Callable[[int, int], None] | None) -> None:
    gone = sorted(iri for iri in affected if iri not in proj.nodes)
    keep = sorted(iri for iri in affected if iri in proj.nodes)
    nodes = [{"iri": n.iri, "labels": list(n.labels), "props": n.props}
             for n in (proj.nodes[i] for i in keep)]
    rels = [{"start": r.start, "end": r.end, "type": r.type, "props": r.props}
            for r in sorted(proj.rels.values(), key=lambda r: r.key)
            if r.start in affected or r.end in affected]
    held = s.run(f"MATCH (n:{BASE_LABEL}) RETURN count(n) > 0").single()[0]
    steps = [(_DELETE_RELS, "iris", sorted(affected) if held else []),
             (_DELETE_NODES, "iris", gone if held else []),
             (_WRITE_NODES, "rows", nodes), (_WRITE_RELS, "rows", rels)]
    total, done = sum(len(items) for _q, _k, items in steps), 0
    for query, key, items in steps:
        for batch in _batches(items, size):
            counters = s.execute_write(_run, query, {key: batch})
            report.rels_deleted += counters.relationships_deleted
            report.nodes_deleted += counters.nodes_deleted
            done += len(batch)
            if progress:
                progress(done, total)
    report.nodes_written = len(nodes)
    report.rels_written = len(rels)


def _holds_projection(s) -> bool:
    return s.run("MATCH (n) WHERE n:Resource OR n:PushState RETURN count(n) > 0").single()[0]


def _main_label(labels: tuple[str, ...]) -> str:
    return next(label for label in MAIN_LABELS if label in labels)


def _create_all(settings: Neo4jSettings, proj: Projection, report: PushReport, size: int,
                writers: int, progress: Callable[[int, int], None] | None) -> None:
    """The whole projection into a database that holds none of it: nodes grouped by their label
    set, relationships by (type, main label of each end), each group one statement; batches
    written by ``writers`` sessions side by side, every node before the first relationship."""
    main = {iri: _main_label(n.labels) for iri, n in proj.nodes.items()}
    nodes: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for n in proj.nodes.values():
        nodes[n.labels].append(n.props)
    rels: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in proj.rels.values():
        rels[(r.type, main[r.start], main[r.end])].append({"s": r.start, "e": r.end, "p": r.props})
    node_steps = [(_CREATE_NODES.format(labels=":".join(f"`{x}`" for x in labels)), rows)
                  for labels, rows in sorted(nodes.items())]
    rel_steps = [(_CREATE_RELS.format(type=f"`{t}`", start=f"`{a}`", end=f"`{b}`"), rows)
                 for (t, a, b), rows in sorted(rels.items())]
    count = _Progress(len(proj.nodes) + len(proj.rels), progress)
    for steps in (node_steps, rel_steps):
        _in_parallel(settings, [(query, batch) for query, rows in steps
                                for batch in _batches(rows, size)], writers, count)
    report.nodes_written = len(proj.nodes)
    report.rels_written = len(proj.rels)


class _Progress:
    """Rows written so far, told to the caller's callback from whichever thread wrote them."""

    def __init__(self, total: int, callback: Callable[[int, int], None] | None):
        self.total, self.done, self.callback = total, 0, callback
        self.lock = threading.Lock()

    def add(self, rows: int) -> None:
        with self.lock:
            self.done += rows
            if self.callback:
                self.callback(self.done, self.total)


def _in_parallel(settings: Neo4jSettings, jobs: list[tuple[str, list[dict]]], writers: int,
                 count: _Progress) -> None:
    """Each (statement, rows) job in its own transaction, on ``writers`` sessions. The first
    error stops the others after their current batch and is raised here; so is a Ctrl-C, with
    PushMeta still pending (the next push is a full one)."""
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)
    failed: list[BaseException] = []
    stop = threading.Event()

    def write() -> None:
        try:
            with session(settings, write=True) as s:
                while not stop.is_set():
                    try:
                        query, rows = todo.get_nowait()
                    except queue.Empty:
                        return
                    s.execute_write(_run, query, {"rows": rows})
                    count.add(len(rows))
        except BaseException as err:  # noqa: BLE001 - raised again in the calling thread
            failed.append(err)
            stop.set()

    threads = [threading.Thread(target=write, name=f"neo4j-push-{i}", daemon=True)
               for i in range(max(1, min(writers, len(jobs))))]
    for t in threads:
        t.start()
    try:
        for t in threads:
            t.join()
    finally:
        stop.set()
    if failed:
        raise failed[0]


def _run(tx, query: str, params: dict):
    return tx.run(query, **params).consume().counters


def _save_state(tx, digests: dict[str, str], changed: set[str], removed: set[str]) -> None:
    rows = [{"graph": g, "digest": digests[g]} for g in sorted(changed)]
    tx.run("UNWIND $rows AS row MERGE (p:PushState {graph: row.graph}) SET p.digest = row.digest",
           rows=rows).consume()
    tx.run("UNWIND $gone AS g MATCH (p:PushState {graph: g}) DELETE p", gone=sorted(removed)).consume()
    tx.run("MERGE (m:PushMeta) SET m.pending = false, m.model = $model", model=MODEL_VERSION).consume()
