"""The expected answer of `kg gaps --year Y --all` for a generated corpus, and its roster.

One row per (owing unit, obligation), with the status as of a date in the four states of the
Government Office's task tracking. The rule is the one of kg/answers/gaps.py: a unit has met an
obligation when it issued a document of that kind implementing the obliging instrument; it is
late when that document is dated after the deadline (the stated one, else 31 December). A
document dated after the as-of day does not count yet; an undated draft counts, on time."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from .scenario import Doc, Obligation, Scenario, due_date, iter_expected

FIELDS = ("unit", "unit_code", "unit_class", "area", "kind", "required_by", "required_by_issuer",
          "deadline", "status", "response", "programme")
ROSTER_FIELDS = ("name", "unit_class", "parent", "valid_from")
# An unsigned draft that implements the obliging plan is an answer; it has no date, so it
# cannot be shown late.
DRAFT_STATUS = "done_on_time"


@dataclass(frozen=True)
class TruthRow:
    unit: str
    unit_code: str  # registry code; empty for roster agencies
    unit_class: str
    area: str
    kind: str
    required_by: str
    required_by_issuer: str
    deadline: str  # YYYY-MM-DD or empty
    status: str
    response: str  # path of the answering document, relative to the corpus folder; empty if none
    programme: str


def status(ob: Obligation, response: Doc | None, as_of: date, year: int) -> str:
    due = due_date(ob, year)
    if response is not None and response.date is not None and response.date > as_of:
        response = None  # not yet issued on the day the status is asked for
    if response is None:
        return "not_due" if as_of <= due else "overdue"
    if response.date is None:
        return DRAFT_STATUS
    return "done_late" if response.date > due else "done_on_time"


def expected_rows(scenario: Scenario, as_of: date) -> list[TruthRow]:
    rows = []
    for doc, ob, owner_key, response in iter_expected(scenario):
        owner = scenario.units[owner_key]
        issuer = scenario.units[doc.issuer]
        rows.append(TruthRow(
            unit=owner.name, unit_code=owner.code or "", unit_class=owner.unit_class,
            area=owner.area, kind=ob.kind, required_by=doc.number or "",
            required_by_issuer=issuer.name,
            deadline=ob.deadline.isoformat() if ob.deadline else "",
            status=status(ob, response, as_of, scenario.year),
            response=response.path if response else "", programme=doc.programme))
    rows.sort(key=lambda r: (r.area, r.required_by_issuer, r.required_by, r.kind, r.unit))
    return rows


def roster_rows(scenario: Scenario) -> list[dict[str, str]]:
    """Agencies the registry does not know (the departments), in the roster CSV format."""
    out = []
    for u in scenario.units.values():
        if u.is_department:
            parent = scenario.units[u.parent].name if u.parent else ""
            # valid_from: the roster is the list of the plan year; the date also tells which
            # "tỉnh Nghệ An" the parent is (the legacy one, not the one of the 2025 map).
            out.append({"name": u.name, "unit_class": u.unit_class, "parent": parent,
                        "valid_from": f"{scenario.year}-01-01"})
    return sorted(out, key=lambda r: (r["parent"], r["name"]))


def write_truth(out: Path, rows: list[TruthRow], as_of: date) -> None:
    with open(out / "ground_truth.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        for r in rows:
            w.writerow(asdict(r))
    payload = {"as_of": as_of.isoformat(), "rows": [asdict(r) for r in rows]}
    (out / "ground_truth.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1),
                                           encoding="utf-8")


def write_roster(out: Path, rows: list[dict[str, str]]) -> None:
    with open(out / "roster.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=ROSTER_FIELDS)
        w.writeheader()
        w.writerows(rows)


def read_truth(path: Path) -> list[TruthRow]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [TruthRow(**row) for row in csv.DictReader(fh)]
