"""The embedded store: Oxigraph (RocksDB) on disk, no server. One named graph per source file.

Each document is written in one SPARQL update (drop its graph + insert), which Oxigraph applies
as one transaction: a killed load leaves every document fully loaded or absent. RocksDB's lock
allows one writer per folder; readers open the store read-only."""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from directive_kg.errors import QueryError, StoreError
from directive_kg.kg.graph.vocab import PREFIXES, REGISTRY_GRAPH, dkg

DEFAULT_DIR = ".kg"
GENERATION_FILE = "generation"
MERGED_GENERATION_FILE = "merged-generation"  # the generation the merged default graph matches
MERGED_DIRTY_FILE = "merged-dirty"  # a SPARQL update wrote: the merged view is made again whole
ENV_VAR = "KG_STORE"


def store_path(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get(ENV_VAR) or DEFAULT_DIR) / "oxigraph"


def _open_read_only(p: Path, attempts: int = 20) -> ox.Store:
    """A reader that opens while a writer compacts can find an SST file just deleted (RocksDB
    reports "Corruption: ... No such file"): open again on the newer file list."""
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
    """A thin typed wrapper over a pyoxigraph Store."""

    def __init__(self, inner: ox.Store, path: Path | None, writable: bool):
        self._s = inner
        self.path = path
        self.writable = writable
        self._writes = 0  # the generation of a store in memory

    # --- generation ----------------------------------------------------------------------
    # Projections kept beside the store (the gaps index) must know whether the store changed
    # since they were built. Every write first gives the store a new generation, in a file beside
    # it: a writer killed half-way leaves a generation no projection was built from.
    def generation(self) -> str:
        if self.path is None:
            return f"memory:{id(self)}:{self._writes}"
        try:
            return (self.path.parent / GENERATION_FILE).read_text(encoding="ascii").strip()
        except OSError:
            return "none"

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
        p = store_path(path)
        try:
            if write:
                p.parent.mkdir(parents=True, exist_ok=True)
                # RocksDB keeps the locks this process holds by the path string it was given: a
                # relative ".kg/oxigraph" would stay "locked" for every other folder's .kg.
                return cls(ox.Store(str(p.absolute())), p, True)
            if not p.exists():
                raise StoreError(f"no store at {p.parent}; run `kg load PATH` first")
            return cls(_open_read_only(p.absolute()), p, False)
        except (OSError, RuntimeError) as err:
            msg = str(err)
            if "lock" in msg.lower():
                raise StoreError(f"store {p.parent} is being written by another kg process; "
                                 "wait for it to finish and retry") from None
            raise StoreError(f"cannot open store {p.parent}: {msg.splitlines()[0]}") from None

    @classmethod
    def memory(cls) -> Store:
        return cls(ox.Store(), None, True)

    # --- writing -------------------------------------------------------------------------
    def replace_graph(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
        """Atomically replace one named graph's content."""
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
        self._new_generation()
        fmt = ox.RdfFormat.N_QUADS
        if bulk:
            if body:
                self._s.bulk_load(input=body, format=fmt, lenient=True)
            if markers:
                self._s.load(input=markers, format=fmt, lenient=True)
        elif body or markers:
            self._s.load(input=body + markers, format=fmt, lenient=True)

    def replace_default_graph(self, ntriples: bytes) -> None:
        """Fill the default graph anew with the bulk loader (kg/store/merged.py: the merged view
        of the named graphs). Not transactional: readers go by merged_current()."""
        self._new_generation()
        self._s.clear_graph(ox.DefaultGraph())
        if ntriples:
            self._s.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())

    def graph_ntriples(self, graph: ox.NamedNode) -> bytes:
        """One named graph as N-Triples, written by Oxigraph."""
        return self._s.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""

    def drop_graph(self, graph: ox.NamedNode) -> None:
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
        leaves out) when it is current: each fact once. Else (a load is under way, or was
        killed before it settled) the union of every graph: a fact once per graph stating it,
        and a replaced document's old facts may show beside its new ones until the load settles
        (listing the named graphs instead is correct but a hundred times slower in Oxigraph)."""
        if self.merged_current():
            return {"default_graph": [ox.DefaultGraph(), REGISTRY_GRAPH]}
        return {"use_default_graph_as_union": True}

    def query(self, sparql: str, params: dict[str, object] | None = None) -> list[dict]:
        for name in params or {}:
            if not re.search(rf"[?$]{re.escape(name)}\b", sparql):
                raise QueryError(f"the query has no variable ?{name} to bind")
        if params:
            # Bound as RDF terms through a trailing VALUES clause: each term is serialised by
            # Oxigraph (quotes and braces escaped), never spliced in as raw text. Oxigraph's own
            # substitutions only work for projected variables.
            sparql = bind_values(sparql, params)
        try:
            result = self._s.query(sparql, prefixes=PREFIXES, **self._dataset())
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except OSError as err:
            raise QueryError(str(err)) from None
        if isinstance(result, bool | ox.QueryBoolean):  # pyoxigraph 0.5 answers ASK with QueryBoolean
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
        if not merged_view and self.path is not None:
            (self.path.parent / MERGED_DIRTY_FILE).touch()
        self._new_generation()
        try:
            self._s.update(sparql, prefixes=PREFIXES)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None

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


def bind_values(sparql: str, params: dict[str, object]) -> str:
    """Put ``VALUES (?a ?b) { (t1 t2) }`` first in every WHERE group (the outer one and each
    sub-SELECT: a sub-SELECT does not see the outer bindings), so the engine starts from them."""
    names = " ".join(f"?{k}" for k in params)
    terms = " ".join(str(to_term(v)) for v in params.values())
    clause = f" VALUES ({names}) {{ ({terms}) }} "
    body = re.sub(r"(?m)#.*$", lambda m: " " * len(m.group(0)), sparql)  # ignore comments
    ends = [m.end() for m in re.finditer(r"\bWHERE\s*\{", body, re.IGNORECASE)]
    if not ends:
        return f"{sparql}\n{clause}"
    out, last = [], 0
    for end in ends:
        out += [sparql[last:end], clause]
        last = end
    return "".join(out) + sparql[last:]


def to_term(value: object) -> ox.NamedNode | ox.Literal:
    """A CLI/API parameter as an RDF term: never pasted into query text."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(PREFIXES["xsd"] + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))
    text = str(value)
    if text.startswith("<") and text.endswith(">") and " " not in text:
        return ox.NamedNode(text[1:-1])
    return ox.Literal(text)


def parse_param(raw: str) -> tuple[str, object]:
    """'year=2024' → ('year', 2024); 'd=2024-11-15' → date; '<iri>' → IRI; else string."""
    if "=" not in raw:
        raise QueryError(f"parameter {raw!r} is not NAME=VALUE")
    name, value = raw.split("=", 1)
    name = name.strip().lstrip("?$")
    if value.lstrip("-").isdigit():
        return name, int(value)
    try:
        return name, date.fromisoformat(value)
    except ValueError:
        return name, value


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
