"""The gaps index: who owes what (the rows of queries/gaps.rq, every year) and every answer
(queries/answers.rq), kept beside the store in ``gaps-index.sqlite``.

Why: gaps.rq joins every obligation of a year with every answer. On a province that takes a
fraction of a second; on the whole country (~100,000 obligations, ~160,000 answers) it takes
about a minute whatever the query's shape. The index is a projection of the RDF, like Neo4j:
built by the two named queries, stamped with the store's generation (kg/store/store.py).
`kg gaps` then reads a year's rows with one indexed SQL query.

Kept fresh at the end of each write session (:func:`refresh`): when the index was stamped with the
generation the session started from, only the rows the session's changes can alter are computed
again (kg/store/gaps_delta.py says which: the rows of a set of obliging instruments, by gaps.rq
and answers.rq bound to them, and the unloaded parents of some years), in a copy that replaces
the file; otherwise (a roster or the registry changed, a SPARQL update, a killed load, more than
a share of the instruments touched) it is rebuilt whole by :func:`build`, the reference. A
reader whose snapshot's index is stale (a killed load never publishes; a `kg sparql --update`
publishes without an index) rebuilds it whole too: a stale index is never read.

What stays out of the index is what depends on the day asked about: an answer counts once it is
dated no later than ``as_of`` (an undated draft always counts), and the status follows from the
earliest counting answer and the due date, exactly as gaps.rq decides it (tests compare the two).
That part is kg/graph/gap_status.py, the one Python function of it (also used in SQL).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from contextlib import closing
from datetime import date
from pathlib import Path

from pyoxigraph import NamedNode

from directive_kg import queries
from directive_kg.kg.graph.gap_status import gap_status, is_open, response_date

from . import gaps_delta
from .changes import Changes
from .sparql_params import FIRST_YEAR, bind_rows, rows_per_chunk, year_range
from .store import Store

INDEX_FILE = "gaps-index.sqlite"
FORMAT = "4"  # bump when the tables or the queries that fill them change meaning
_ALL_ANSWERS = date(9999, 12, 31)  # gaps.rq run with this ?asOf keeps every answer

# The columns of a gap row, as gaps.rq names them (minus what depends on ?asOf).
# unit: its name on the obliging instrument's date; unit_now: who carries it in the registry's
# latest state; kinds: the kinds of unit the class took ("huyện, thành phố").
_DUTY_COLUMNS = ("unit", "unit_iri", "area", "kind", "required_by", "required_by_issuer",
                 "required_by_title", "required_by_iri", "deadline", "due", "expanded",
                 "source", "line", "text", "unit_now", "kinds")
_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE duty (year INTEGER, {", ".join(_DUTY_COLUMNS)},
                   first_dated TEXT, any_undated INTEGER);
CREATE INDEX duty_order ON duty (year, area, required_by, kind, expanded, unit);
CREATE INDEX duty_obliging ON duty (required_by_iri);
CREATE INDEX duty_owner ON duty (unit_iri);
CREATE TABLE answer (obliging TEXT, owner TEXT, kind TEXT, answer TEXT, answer_date TEXT);
CREATE INDEX answer_key ON answer (obliging, owner, kind);
CREATE TABLE parent (year INTEGER, number TEXT, issuer TEXT, instrument TEXT, implementers INTEGER);
CREATE INDEX parent_instrument ON parent (instrument);
"""
# A year's rows with the answers that count on :as_of: the lowest IRI among them (gaps.cypher's
# choice; gaps.rq samples any). Each answer lookup is one probe of the (obliging, owner, kind)
# index, made only for the rows returned: whether a row is still open is decided from its own
# columns (its earliest dated answer, and whether an undated one exists) by gap_open, the Python
# function of kg/graph/gap_status.py registered on every connection. Ordered as gaps.rq orders
# them, along an index, ties broken by the row's own keys (so the order does not depend on when
# a row was written: a followed change rewrites some rows).
_COUNTS = ("a.obliging = d.required_by_iri AND a.owner = d.unit_iri AND a.kind = d.kind "
           "AND (a.answer_date IS NULL OR a.answer_date <= :as_of)")
_ROWS = f"""
SELECT {", ".join("d." + c for c in _DUTY_COLUMNS)}, d.first_dated, d.any_undated,
       (SELECT MIN(a.answer) FROM answer AS a WHERE {_COUNTS}) AS response
FROM duty AS d
WHERE d.year = :year AND (:kind IS NULL OR d.kind = :kind)
  AND (NOT :open_only OR gap_open(d.first_dated, d.any_undated, d.due, :as_of))
ORDER BY d.area, d.required_by, d.kind, d.expanded, d.unit, d.required_by_iri, d.unit_iri,
         d.source, d.line
"""
_SAME_DUTY = ("a.obliging = duty.required_by_iri AND a.owner = duty.unit_iri "
              "AND a.kind = duty.kind")
_SUMMARISE_ANSWERS = f"""
UPDATE duty SET
  first_dated = (SELECT MIN(a.answer_date) FROM answer AS a WHERE {_SAME_DUTY}),
  any_undated = EXISTS (SELECT 1 FROM answer AS a WHERE {_SAME_DUTY} AND a.answer_date IS NULL)
"""


def index_path(store: Store) -> Path | None:
    return None if store.path is None else store.path.parent / INDEX_FILE


def is_current(store: Store) -> bool:
    path = index_path(store)
    if path is None or not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return _stamp(db) == (FORMAT, store.generation())
    except sqlite3.Error:
        return False


def open_index(store: Store) -> sqlite3.Connection:
    """A connection to an index that matches the store as it is now, built first if needed. A
    store in memory (or in a folder this process cannot write) gets an index in memory."""
    path = index_path(store)
    if path is not None and is_current(store):
        return _reader(path)
    return build(store)


def build(store: Store, *, save: bool = True) -> sqlite3.Connection:
    """Compute the index from the store and save it beside it (atomically: readers see the old
    index or the new one). Returns a read connection to it. Where the folder cannot be written
    (or the store is in memory, or not ``save``: the reference a followed index is compared
    with) the index lives in memory for this connection only."""
    generation = store.generation()  # read first: a write during the build makes it stale
    answers = store.query(queries.load("answers"))
    years = {year: (store.query(queries.load("gaps"), {"year": year, "asOf": _ALL_ANSWERS}),
                    store.query(queries.load("parents-not-loaded"), {"year": year}))
             for year in _years(store)}
    path = index_path(store) if save else None
    if path is not None:
        tmp = path.with_name(f"{INDEX_FILE}.{os.getpid()}.tmp")
        try:
            with closing(sqlite3.connect(tmp)) as db:
                _fill(db, generation, answers, years)
            os.replace(tmp, path)
            return _reader(path)
        except (OSError, sqlite3.Error):
            pass  # a folder we may read but not write: keep the index in memory
        finally:
            tmp.unlink(missing_ok=True)
    db = sqlite3.connect(":memory:")
    _fill(db, generation, answers, years)
    return _with_status(db)


def _fill(db: sqlite3.Connection, generation: str, answers: list[dict],
          years: dict[int, tuple[list[dict], list[dict]]]) -> None:
    with db:
        db.executescript(_SCHEMA)
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [("format", FORMAT), ("generation", generation), ("made", "rebuilt")])
        _insert(db, answers, {y: rows for y, (rows, _p) in years.items()},
                {y: parents for y, (_r, parents) in years.items()})
        db.execute(_SUMMARISE_ANSWERS)


def _insert(db: sqlite3.Connection, answers: list[dict], duties: dict[int, list[dict]],
            parents: dict[int, list[dict]]) -> None:
    db.executemany("INSERT INTO answer VALUES (?, ?, ?, ?, ?)",
                   ((a["obliging"], a["owner"], a["kind"], a["answer"], _sql(a["answer_date"]))
                    for a in answers))
    for year, rows in duties.items():
        db.executemany(f"INSERT INTO duty VALUES (?, {', '.join('?' * len(_DUTY_COLUMNS))}, "
                       "NULL, 0)", ((year, *(_sql(r[c]) for c in _DUTY_COLUMNS)) for r in rows))
    for year, found in parents.items():
        db.executemany("INSERT INTO parent VALUES (?, ?, ?, ?, ?)",
                       ((year, p["number"], p["issuer"], p["instrument"], p["implementers"])
                        for p in found))


def _reader(path: Path) -> sqlite3.Connection:
    return _with_status(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def refresh(store: Store) -> bool:
    """Bring the saved index up to the store at the end of a write session; True if it changed.
    Follows the session's changes when the index was stamped with the generation the session
    started from, else rebuilds it whole."""
    changes = store.changes()
    if index_path(store) is None or is_current(store):
        store.forget_changes()
        return False
    db = _follow(store, changes) if changes is not None and changes.unbounded is None else None
    (db or build(store)).close()
    store.forget_changes()
    return True


# Past this share of the instruments that impose obligations, a change is not followed: gaps.rq
# over all of them at once is then about as cheap (in a one-province store a day's documents name
# the province's committees, whose instruments are most of the store's).
FOLLOW_SHARE = 0.3


def _follow(store: Store, changes: Changes) -> sqlite3.Connection | None:
    """The saved index brought up to the store by recomputing what ``changes`` can alter, in a
    copy that then replaces it (readers of an older snapshot keep the file they hold: a snapshot
    links the index it was published with). None when that cannot be done: the caller rebuilds."""
    path = index_path(store)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as old:
            if _stamp(old) != (FORMAT, changes.base):
                return None  # written since by someone who kept no record (a killed load)
            tmp = path.with_name(f"{INDEX_FILE}.{os.getpid()}.tmp")
            try:
                with closing(sqlite3.connect(tmp)) as db:
                    old.backup(db)
                    followed = _apply(store, db, store.generation(), store.changed_quads(changes))
                if not followed:
                    return None
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
    except (OSError, sqlite3.Error):
        return None
    return _reader(path)


def _apply(store: Store, db: sqlite3.Connection, generation: str, changed: set) -> bool:
    """Recompute in ``db`` the rows ``changed`` can alter; False when it cannot be bounded."""
    found = gaps_delta.affected(
        store, changed,
        had_rows=lambda iri: db.execute(
            "SELECT EXISTS (SELECT 1 FROM duty WHERE required_by_iri = ?) "
            "OR EXISTS (SELECT 1 FROM answer WHERE obliging = ?)", (iri, iri)).fetchone()[0],
        owed_by=lambda units: {o for (o,) in db.execute(
            "SELECT DISTINCT required_by_iri FROM duty WHERE unit_iri IN "
            "(SELECT value FROM json_each(?))", (_json(units),))},
        was_parent=lambda iri: db.execute(
            "SELECT EXISTS (SELECT 1 FROM parent WHERE instrument = ?)", (iri,)).fetchone()[0])
    if found is None:
        return False
    total = store.query("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o dkg:imposes ?x }")[0]["n"]
    if len(found.obliging) > FOLLOW_SHARE * total:
        return False
    obliging = sorted(found.obliging)
    by_year: dict[int, list[str]] = defaultdict(list)
    for iri in obliging:
        for year in gaps_delta.years_imposed(store, iri):
            by_year[year].append(iri)
    duties = {year: _bound(store, "gaps", "obliging", iris, {"year": year, "asOf": _ALL_ANSWERS})
              for year, iris in sorted(by_year.items())}
    answers = _bound(store, "answers", "obliging", obliging, {})
    high = year_range()[1]
    instruments = sorted(found.parents)
    parents = {year: _bound(store, "parents-not-loaded", "instrument", instruments, {"year": year})
               for year in sorted(found.parent_years) if FIRST_YEAR <= year <= high}
    with db:
        db.execute("CREATE TEMP TABLE affected (iri TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO affected VALUES (?)", ((iri,) for iri in obliging))
        db.execute("CREATE TEMP TABLE affected_parent (iri TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO affected_parent VALUES (?)", ((iri,) for iri in instruments))
        db.execute("DELETE FROM duty WHERE required_by_iri IN (SELECT iri FROM affected)")
        db.execute("DELETE FROM answer WHERE obliging IN (SELECT iri FROM affected)")
        db.execute("DELETE FROM parent WHERE instrument IN (SELECT iri FROM affected_parent)")
        _insert(db, answers, duties, parents)
        db.execute(_SUMMARISE_ANSWERS + " WHERE required_by_iri IN (SELECT iri FROM affected)")
        db.executemany("UPDATE meta SET value = ? WHERE key = ?",
                       [(generation, "generation"), ("followed", "made")])
    return True


def _bound(store: Store, name: str, variable: str, iris: list[str], params: dict) -> list[dict]:
    """A named query's rows for ``?variable`` in ``iris`` only (bound in chunks that keep the
    query text within the parameter module's limit). The rows of each chunk keep the query's
    order; rows sharing a sort key keep the order of their chunk (the index orders ties itself)."""
    text = queries.load(name)
    if not iris:
        return []
    size = rows_per_chunk(text, variable, max(len(iri) for iri in iris))
    out: list[dict] = []
    for start in range(0, len(iris), size):
        chunk = [NamedNode(iri) for iri in iris[start:start + size]]
        out += store.query(bind_rows(text, variable, chunk), params)
    return out


def _json(values: Iterable[str]) -> str:
    return json.dumps(sorted(values))


def duty_rows(db: sqlite3.Connection, year: int, as_of: date, *, open_only: bool = False,
              kind: str | None = None) -> list[dict]:
    """A year's rows as gaps.rq gives them on ``as_of`` (status included); ``open_only`` keeps
    those not done yet, ``kind`` one kind of obligation."""
    out = []
    day = as_of.isoformat()
    params = {"year": year, "as_of": day, "open_only": open_only, "kind": kind}
    for found in db.execute(_ROWS, params):
        r = dict(found)
        first_dated, any_undated = r.pop("first_dated"), bool(r.pop("any_undated"))
        r["response_date"] = response_date(first_dated, day)
        r["status"] = gap_status(first_dated, any_undated, r["due"], day)
        out.append(r)
    return out


def _gap_open(first_dated: str | None, any_undated: int, due: str, as_of: str) -> bool:
    return is_open(gap_status(first_dated, bool(any_undated), due, as_of))


def _with_status(db: sqlite3.Connection) -> sqlite3.Connection:
    """Rows as dicts, and the status function SQL filters with."""
    db.row_factory = sqlite3.Row
    db.create_function("gap_open", 4, _gap_open, deterministic=True)
    return db


def unloaded_parents(db: sqlite3.Connection, year: int) -> list[dict]:
    return [dict(r) for r in db.execute(
        "SELECT number, issuer, instrument, implementers FROM parent WHERE year = ? "
        "ORDER BY number, issuer, instrument",
        (year,))]


def how_made(db: sqlite3.Connection) -> str | None:
    """"rebuilt" (whole, by :func:`build`) or "followed" (the last write's changes applied)."""
    return dict(db.execute("SELECT key, value FROM meta")).get("made")


def _stamp(db: sqlite3.Connection) -> tuple[str | None, str | None]:
    meta = dict(db.execute("SELECT key, value FROM meta"))
    return meta.get("format"), meta.get("generation")


def _years(store: Store) -> Iterable[int]:
    rows = store.query("""SELECT DISTINCT ?year WHERE {
        GRAPH ?g { ?doc dkg:hasSourceDocument ?source ; dkg:year ?year } } ORDER BY ?year""")
    return [int(r["year"]) for r in rows]


def _sql(value):
    """Dates as ISO text (they compare as dates in SQL), booleans as 0/1."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
