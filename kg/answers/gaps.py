"""Where a gap is decided: who owes a plan or a report for a year (queries/gaps.rq), filtered
and explained for people (`kg gaps`). The rows are read from the gaps index (kg/store/gaps_index.py:
gaps.rq's rows and the answers, kept beside the store) unless asked to run gaps.rq itself."""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field, fields
from datetime import date

from directive_kg import queries
from directive_kg.errors import NotFoundError, UsageError
from directive_kg.kg.graph.gap_status import is_open
from directive_kg.kg.graph.vocab import LABEL, dkg, eli, lit
from directive_kg.kg.store import gaps_index
from directive_kg.kg.store.sparql_params import check_year
from directive_kg.kg.store.store import Store

from .bodies import BodyMatch, below, find_body, lookup_day
from .chain import find_instruments

_CLASS_HINT = {
    "district_people_committees": "no district-level units under {parent} on {on} in the registry",
    "commune_people_committees": "no communes under {parent} on {on} in the registry",
}


@dataclass(frozen=True)
class GapEvidence:
    source: str
    line: int
    text: str


@dataclass(frozen=True)
class GapRow:
    unit: str
    unit_iri: str
    area: str | None
    kind: str  # plan | report
    required_by: str  # the obliging instrument's number, or "(draft, no number)"
    required_by_issuer: str | None
    required_by_title: str | None
    required_by_iri: str
    deadline: date | None  # as the document states it
    due: date  # the deadline, or 31 December of the year
    status: str  # done_on_time | done_late | not_due | overdue
    expanded: bool  # False: a class of units nobody could list (see hint)
    response_iri: str | None
    response_date: date | None
    evidence: GapEvidence
    hint: str | None = None
    corrected: bool = False  # a correction (kg corrections load) changed what decides this row
    # the unit as it stood on the obliging instrument's date is ``unit``; who carries its duties
    # in the registry's latest state (the successor after 1 July 2025), and the kinds of unit an
    # addressee class took ("huyện, thành phố"; "cấp huyện, every kind: …" for a loose wording)
    unit_now: str | None = None
    kinds: str | None = None

    def to_dict(self) -> dict:
        # by hand: dataclasses.asdict deep-copies every value (2 s for a country's 13,000 rows)
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["evidence"] = vars(self.evidence).copy()
        for k in ("deadline", "due", "response_date"):
            d[k] = d[k].isoformat() if d[k] else None
        return d

    def flat(self) -> dict:
        """The row as a spreadsheet holds it (`kg gaps --format csv`, the dashboard's CSV and
        Excel downloads): the evidence spread over three columns, a draft's issuer after
        "(draft, no number)"; the columns in FLAT_COLUMNS's order."""
        d = self.to_dict()
        ev = d.pop("evidence")
        d["evidence_source"], d["evidence_line"], d["evidence_text"] = ev["source"], ev["line"], ev["text"]
        if d["required_by"].startswith("(draft") and d.get("required_by_issuer"):
            d["required_by"] = f"{d['required_by']} {d['required_by_issuer']}"
        return d


# The columns of a gap row in a spreadsheet, in their order (GapRow.flat).
FLAT_COLUMNS = ["unit", "unit_now", "area", "kind", "required_by", "required_by_issuer", "deadline",
                "due", "status", "expanded", "kinds", "response_iri", "response_date",
                "evidence_source", "evidence_line", "evidence_text", "unit_iri", "required_by_iri",
                "hint", "corrected"]


@dataclass(frozen=True)
class UnloadedParent:
    """An instrument loaded documents of the year implement, whose own text is not loaded."""

    number: str | None
    issuer: str | None
    iri: str
    implemented_by: int

    @property
    def hint(self) -> str:
        who = f" of {self.issuer}" if self.issuer else ""
        return f"load {self.number or 'it'}{who} to check who owes it"


@dataclass(frozen=True)
class IncompleteReading:
    """A loaded document of the year whose reading misses something the gaps need: its rows
    (or their absence) are not to be trusted until it is read by a person or corrected."""

    file: str
    number: str | None
    issuer: str | None
    warnings: tuple[str, ...]


@dataclass
class GapReport:
    year: int
    as_of: date
    rows: list[GapRow] = field(default_factory=list)
    unloaded_parents: list[UnloadedParent] = field(default_factory=list)
    incomplete: list[IncompleteReading] = field(default_factory=list)
    under: BodyMatch | None = None  # the body `--under` named, and how it was found


def find_gaps(store: Store, year: int, *, under: str | None = None,
              instrument: str | None = None, kind: str | None = None,
              as_of: date | None = None, include_met: bool = False,
              use_index: bool = True) -> GapReport:
    """Rows of queries/gaps.rq for ``year``; by default only what is still owed.

    ``under`` keeps units at or below a body ("UBND tỉnh Kiên Giang"); ``instrument`` keeps the
    obligations of one instrument (its number, as printed or an alias). ``use_index=False`` runs
    gaps.rq on the store instead of reading the index (same rows; slow on a whole country)."""
    if kind not in (None, "plan", "report"):
        raise UsageError(f"--kind must be plan or report, not {kind!r}")
    check_year(year)
    as_of = as_of or date.today()
    match = find_body(store, under, lookup_day(year)) if under else None
    keep_units = below(store, [match.one("--under")]) if match else None
    keep_instruments = _instruments(store, instrument) if instrument else None
    if use_index:
        with closing(gaps_index.open_index(store)) as db:
            raw = gaps_index.duty_rows(db, year, as_of, open_only=not include_met, kind=kind)
            found_parents = gaps_index.unloaded_parents(db, year)
    else:
        raw = store.query(queries.load("gaps"), {"year": year, "asOf": as_of})
        found_parents = store.query(queries.load("parents-not-loaded"), {"year": year})
    rows = []
    for r in raw:
        row = _row(r)
        if kind and row.kind != kind:
            continue
        if not include_met and not is_open(row.status):
            continue
        if keep_units is not None and row.unit_iri not in keep_units:
            continue
        if keep_instruments is not None and row.required_by_iri not in keep_instruments:
            continue
        rows.append(row)
    parents = [UnloadedParent(p["number"], p["issuer"], p["instrument"], p["implementers"])
               for p in found_parents]
    return GapReport(year, as_of, _mark_corrected(store, rows), parents,
                     incomplete=incomplete_readings(store, year), under=match)


def _mark_corrected(store: Store, rows: list[GapRow]) -> list[GapRow]:
    """Rows whose obliging instrument, obligation or answer a correction changed say so."""
    from dataclasses import replace

    from directive_kg.kg.store.corrections import corrected_marks

    instruments, obligations = corrected_marks(store)
    if not instruments and not obligations:
        return rows
    return [replace(r, corrected=True) if r.required_by_iri in instruments
            or r.response_iri in instruments
            or (r.evidence.source, r.evidence.line) in obligations else r for r in rows]


def incomplete_readings(store: Store, year: int) -> list[IncompleteReading]:
    """Loaded documents of ``year`` whose reading is incomplete (their warnings say what). Read
    from the store's indexes, starting at the few incomplete source documents: as one SPARQL join
    from the year's instruments it took 17 s on a country's 100,000 documents."""
    found: dict[str, tuple[str | None, str | None, list[str]]] = {}
    for q in store.quads_for(None, dkg("readingIncomplete"), lit(True)):
        src, g = q.subject, q.graph_name
        file = _value(store, src, dkg("file"), g)
        if file is None:
            continue
        for iq in store.quads_for(None, dkg("hasSourceDocument"), src, g):
            instrument = iq.subject
            years = store.quads_for(instrument, dkg("year"), None, g)
            if not any(_int(y.object.value) == year for y in years):
                continue
            body = _value_node(store, instrument, eli("passed_by"), g)
            issuer = _value(store, body, LABEL, g) if body is not None else None
            number = _value(store, instrument, eli("number"), g)
            _, _, warnings = found.setdefault(file, (number, issuer, []))
            warnings.extend(w.object.value for w in store.quads_for(src, dkg("readingWarning"), None, g)
                            if w.object.value not in warnings)
    return [IncompleteReading(f, n, i, tuple(sorted(w))) for f, (n, i, w) in sorted(found.items())]


def _value_node(store: Store, subject, predicate, graph):
    """The smallest object of (subject, predicate) in ``graph`` (a stable choice), or None."""
    objects = [q.object for q in store.quads_for(subject, predicate, None, graph)]
    return min(objects, key=str) if objects else None


def _value(store: Store, subject, predicate, graph) -> str | None:
    node = _value_node(store, subject, predicate, graph)
    return None if node is None else node.value


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _row(r: dict) -> GapRow:
    expanded = bool(r["expanded"])
    hint = None
    if not expanded:
        hint = ("load a roster with these units: kg units load FILE.csv "
                "(see `kg units load --help`)")
    return GapRow(
        unit=r["unit"], unit_iri=r["unit_iri"], area=r["area"], kind=r["kind"],
        required_by=r["required_by"], required_by_issuer=r["required_by_issuer"],
        required_by_title=r["required_by_title"], required_by_iri=r["required_by_iri"],
        deadline=_date(r["deadline"]), due=_date(r["due"]), status=r["status"],
        expanded=expanded, response_iri=r["response"], response_date=_date(r["response_date"]),
        evidence=GapEvidence(r["source"], int(r["line"]), r["text"]), hint=hint,
        unit_now=r.get("unit_now"), kinds=r.get("kinds"))


def _date(value) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _instruments(store: Store, number: str) -> set[str]:
    found = find_instruments(store, number)
    if not found:
        raise NotFoundError(f"--instrument: no instrument numbered {number} in the store")
    return {f.iri for f in found}
