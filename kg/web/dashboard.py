"""The gaps dashboard: `kg gaps` for people who look rather than read. The rows are find_gaps's
(kg/answers/gaps.py), with the filters `kg gaps` has; the dashboard adds counts per status, a
chart per province (or per district inside one province) and pages of rows."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from pyoxigraph import NamedNode

from directive_kg.errors import UsageError
from directive_kg.kg.answers.gaps import GapReport, GapRow, find_gaps
from directive_kg.kg.graph.identity import document_graph
from directive_kg.kg.store.store import Store

STATUSES = ("overdue", "not_due", "done_late", "done_on_time")  # the order of the counts and bars
STATUS_LABELS = {
    "overdue": "Quá hạn · overdue",
    "not_due": "Chưa đến hạn · not due",
    "done_late": "Đã có, trễ hạn · done late",
    "done_on_time": "Đã có, đúng hạn · done on time",
}
STATUS_COLOURS = {"overdue": "#c62828", "not_due": "#ef6c00", "done_late": "#f9a825",
                  "done_on_time": "#2e7d32"}
SHOW = {"open": ("overdue", "not_due"), "all": STATUSES, **{s: (s,) for s in STATUSES}}
PAGE_SIZE = 100
INCOMPLETE_SHOWN = 20  # beside the rows; all of them are in the workbook's Notes sheet
PROVINCE_LEVEL = "Cấp tỉnh · province level"


@dataclass(frozen=True)
class GapFilters:
    """The dashboard's form, as `kg gaps` takes it (show = open | all | one status)."""

    year: int
    as_of: date
    under: str = ""
    instrument: str = ""
    kind: str = ""  # "" | plan | report
    show: str = "open"
    page: int = 1

    @classmethod
    def from_params(cls, params, default_year: int, today: date | None = None) -> GapFilters:
        """From a request's query parameters; a bad value is a UsageError naming it."""
        def text(name: str) -> str:
            return (params.get(name) or "").strip()

        try:
            year = int(text("year") or default_year)
        except ValueError:
            raise UsageError(f"year must be a number, not {text('year')!r}") from None
        try:
            as_of = date.fromisoformat(text("as_of")) if text("as_of") else (today or date.today())
        except ValueError:
            raise UsageError(f"as_of must be a date YYYY-MM-DD, not {text('as_of')!r}") from None
        kind = text("kind")
        if kind not in ("", "plan", "report"):
            raise UsageError(f"kind must be plan or report, not {kind!r}")
        show = text("show") or "open"
        if show not in SHOW:
            raise UsageError(f"show must be one of {', '.join(SHOW)}, not {show!r}")
        try:
            page = max(1, int(text("page") or 1))
        except ValueError:
            page = 1
        return cls(year, as_of, text("under"), text("instrument"), kind, show, page)

    def query(self, **changes) -> str:
        """The URL query for these filters (with changes), for links and downloads."""
        f = replace(self, **changes)
        pairs = {"year": f.year, "as_of": f.as_of.isoformat(), "under": f.under,
                 "instrument": f.instrument, "kind": f.kind, "show": f.show}
        if f.page > 1:
            pairs["page"] = f.page
        return urlencode({k: v for k, v in pairs.items() if v not in ("", None)})


@dataclass(frozen=True)
class Bar:
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Dashboard:
    filters: GapFilters
    report: GapReport  # every status, so that the counts are complete
    rows: list[GapRow]  # the statuses shown
    counts: dict[str, int]
    bars: list[Bar]
    bars_by: str  # "province" | "district"
    pages: int = 1
    page_rows: list[GapRow] = field(default_factory=list)


def report_for(store: Store, f: GapFilters) -> GapReport:
    """find_gaps with every status (the CLI's `kg gaps --all`), the dashboard's one source."""
    return find_gaps(store, f.year, under=f.under or None, instrument=f.instrument or None,
                     kind=f.kind or None, as_of=f.as_of, include_met=True)


class GapReports:
    """find_gaps's reports, kept per store generation: the store does not change between two
    writes, so the same question (another page, another status, a download) is not asked of it
    again. A few reports are kept, the least recently used dropped first."""

    def __init__(self, size: int = 16):
        self._kept: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def _get(self, key: tuple, compute):
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = compute()  # outside the lock: two different questions run side by side
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return value

    def report(self, store: Store, f: GapFilters) -> GapReport:
        key = (store.generation(), f.year, f.as_of, f.under, f.instrument, f.kind)
        return self._get(key, lambda: report_for(store, f))

    def latest_year(self, store: Store) -> int:
        """The dashboard's first view: the latest year whose obligations give rows (a year whose
        instruments oblige nobody the registry or roster can name would show an empty page)."""
        def compute() -> int:
            rows = store.query("SELECT DISTINCT ?y WHERE { ?i dkg:imposes ?o ; dkg:year ?y }")
            years = sorted((int(r["y"]) for r in rows if r.get("y") is not None), reverse=True)
            for year in years:
                if self.report(store, GapFilters(year, date.today())).rows:
                    return year
            return years[0] if years else date.today().year

        return self._get((store.generation(), "latest year"), compute)


def shown_rows(report: GapReport, f: GapFilters) -> list[GapRow]:
    return [r for r in report.rows if r.status in SHOW[f.show]]


def build(store: Store, f: GapFilters, report: GapReport) -> Dashboard:
    rows = shown_rows(report, f)
    counts = Counter(r.status for r in report.rows)
    bars, by = _bars(store, rows)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(f.page, pages)
    return Dashboard(replace(f, page=page), report, rows, {s: counts.get(s, 0) for s in STATUSES},
                     bars, by, pages, rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])


def _bars(store: Store, rows: list[GapRow]) -> tuple[list[Bar], str]:
    """One bar per province; when every row lies in one province, one bar per district (and one
    for the province-level bodies), since that is where the next question is."""
    areas = {r.area for r in rows}
    if len(areas) > 1:
        key = {r.unit_iri: r.area or "—" for r in rows}
        by = "province"
    else:
        key = _districts(store, sorted({r.unit_iri for r in rows}))
        by = "district"
    counted: dict[str, Counter] = {}
    for r in rows:
        counted.setdefault(key.get(r.unit_iri, PROVINCE_LEVEL), Counter())[r.status] += 1
    bars = [Bar(label, {s: c.get(s, 0) for s in STATUSES}) for label, c in counted.items()]
    return sorted(bars, key=lambda b: (-b.total, b.label)), by


def _districts(store: Store, units: list[str]) -> dict[str, str]:
    """The district-level People's Committee each unit is (or lies under), by name."""
    out: dict[str, str] = {}
    for i in range(0, len(units), 400):
        values = " ".join(str(NamedNode(u)) for u in units[i:i + 400])
        for r in store.query(f"""SELECT ?u (SAMPLE(?name) AS ?district) WHERE {{
                VALUES ?u {{ {values} }}
                ?u org:subOrganizationOf* ?d . ?d dkg:level "district" ; skos:prefLabel ?name .
              }} GROUP BY ?u"""):
            out[r["u"]] = r["district"]
    return out


def document_id(file_label: str) -> str:
    """A source file's page name: its graph's hash (kg/graph/identity.py document_graph)."""
    return document_graph(file_label).value.rsplit("/", 1)[-1]
