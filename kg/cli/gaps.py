"""`kg gaps` and `kg units`: thin commands over kg/answers/gaps.py and kg/answers/units.py."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import click

from directive_kg.errors import EXIT_PARTIAL
from directive_kg.kg.cli.output import (
    cell,
    cut,
    date_option,
    echo_error,
    echo_note,
    emit_json,
    emit_rows,
    fit,
    format_option,
    store_option,
    terminal_width,
    width,
)
from directive_kg.kg.graph.gap_status import DONE_LATE, DONE_ON_TIME, STATUSES


@click.command()
@click.option("--year", type=int, required=True, help="The year of the obliging instruments.")
@click.option("--under", help="Only units at or below this body, e.g. 'UBND tỉnh Kiên Giang'.")
@click.option("--instrument", help="Only obligations of this instrument (its number).")
@click.option("--kind", type=click.Choice(["plan", "report"]), help="Only plans or only reports.")
@date_option("--as-of", "Status as of this date (default today)")
@click.option("--all", "include_met", is_flag=True, help="Also list obligations already met.")
@click.option("--full", is_flag=True,
              help="Table: every column and the whole obliging sentence on each row (as in csv/json).")
@click.option("--no-index", "no_index", is_flag=True,
              help="Run queries/gaps.rq on the store instead of reading the gaps index "
                   "(same rows; a minute on a whole country).")
@format_option()
@store_option
def gaps(year: int, under: str | None, instrument: str | None, kind: str | None, as_of,
         include_met: bool, full: bool, no_index: bool, fmt: str, store_dir: str | None) -> None:
    """Who still owes the plan or report an instrument of YEAR obliges them to produce."""
    from directive_kg.kg.answers.gaps import FLAT_COLUMNS, find_gaps
    from directive_kg.kg.store.store import Store

    report = find_gaps(Store.open(store_dir), year, under=under, instrument=instrument, kind=kind,
                       as_of=as_of, include_met=include_met, use_index=not no_index)
    if fmt == "json":
        emit_json({"year": report.year, "as_of": report.as_of.isoformat(),
                   "under": _under_dict(report.under),
                   "rows": [r.to_dict() for r in report.rows],
                   "unloaded_parents": [dict(vars(p), hint=p.hint) for p in report.unloaded_parents],
                   "incomplete": [dict(vars(i), warnings=list(i.warnings)) for i in report.incomplete]})
        return
    if fmt == "csv":
        emit_rows([r.flat() for r in report.rows], "csv", FLAT_COLUMNS)
    else:
        for line in summary_lines(report):
            echo_note(line)
        if full:
            emit_rows([_with_evidence(r.flat()) for r in report.rows], "table",
                      ["unit", "unit_now", "area", "kind", "required_by", "due", "status",
                       "evidence"])
        else:
            columns = terminal_width()
            for line in (compact_table(report.rows, columns)
                         + unloaded_lines(report.unloaded_parents, columns)
                         + incomplete_lines(report.incomplete, year, columns)):
                click.echo(line)
            return
    # Notes go to stderr so that a CSV file stays a clean table.
    for p in report.unloaded_parents:
        echo_note(f"not loaded: {p.number or p.iri}"
                  f"{' (' + p.issuer + ')' if p.issuer else ''}, implemented by "
                  f"{p.implemented_by} loaded document(s): {p.hint}", err=fmt == "csv")
    for line in incomplete_lines(report.incomplete, year, None):
        echo_note(line, err=fmt == "csv")


def incomplete_lines(incomplete, year: int, columns: int | None) -> list[str]:
    """The loaded documents of the year whose reading is incomplete: an empty or short list is only
    as good as the reading, so say which documents were not read whole and why."""
    if not incomplete:
        return []
    lines = [f"{_n(len(incomplete), 'loaded document')} of {year} could not be read completely, so "
             "their rows may be missing or wrong (`kg parse FILE`, `kg corrections load`):"]
    for i in incomplete:
        name = " ".join(x for x in (i.number, _short(i.issuer) if i.issuer else None) if x) or "(no number)"
        line = cell(f"  {i.file} ({name}): {'; '.join(i.warnings)}")
        lines.append(cut(line, columns) if columns else line)
    return lines


def unloaded_lines(parents, columns: int) -> list[str]:
    """The parents that loaded documents implement but whose text is not loaded, one per line."""
    if not parents:
        return []
    lines = ["not loaded (load them to check who owes them):"]
    for p in parents:
        lines.append(cut(cell(f"  {p.number or p.iri}" + (f" of {_short(p.issuer)}" if p.issuer else "")
                              + f", implemented by {_n(p.implemented_by, 'loaded document')}"),
                         columns))
    return lines


def _under_dict(match) -> dict | None:
    if match is None:
        return None
    return {"text": match.text, "iri": match.iris[0], "name": match.names[0], "found": match.why}


def summary_lines(report) -> list[str]:
    """The line above the table: how many units owe how many plans and reports, by status (and,
    on a line of its own, the body --under found)."""
    kinds = Counter(r.kind for r in report.rows)
    statuses = Counter(r.status for r in report.rows)
    units = len({r.unit_iri for r in report.rows})
    head = f"{report.year} as of {report.as_of.isoformat()}: "
    if not report.rows:
        lines = [head + "nothing owed (0 rows)"]
    else:
        owe = "have" if statuses[DONE_ON_TIME] or statuses[DONE_LATE] else "owe"
        if units == 1:
            owe = "has" if owe == "have" else "owes"
        lines = [head + f"{_n(units, 'unit')} {owe} {_n(kinds['plan'], 'plan')}, "
                 f"{_n(kinds['report'], 'report')}: "
                 + ", ".join(f"{statuses[s]} {s}" for s in STATUSES if statuses[s])]
    if report.under is not None:
        lines.append(f"under {report.under.describe()}")
    return lines


def compact_table(rows, columns: int) -> list[str]:
    """One line per row in ``columns`` terminal columns. Rows obliged by the same sentence share a
    heading of two lines: what is owed, by when, to which instrument, and by how many units; then
    the sentence (file:line kept, its text shortened to fit). Each row under it is a unit and
    its status (and its province, when the group's units are in several)."""
    groups: dict[tuple, list] = {}
    for r in rows:
        key = (r.kind, r.required_by_iri, r.due, r.evidence.source, r.evidence.line)
        groups.setdefault(key, []).append(r)
    lines: list[str] = []
    for members in groups.values():
        first = members[0]
        areas = {r.area for r in members}
        one_area = len(areas) == 1 and first.area
        # the kinds of unit a class took (issue 20), with the sentence when every unit of the group
        # was taken by them (a group that also holds agencies leaves them to csv, json and --full)
        kinds = {r.kinds or "" for r in members}
        taken = f" [kinds: {next(iter(kinds))}]" if len(kinds) == 1 and "" not in kinds else ""
        where = cell(f"{Path(first.evidence.source).name}:{first.evidence.line}{taken}")
        lines.append(cut(cell(f"{first.kind} due {first.due.isoformat()} for "
                              f"{_short(_required_by(first))}: {_n(len(members), 'unit')}"), columns))
        lines.append(cut(f"  {where}: {cell(first.evidence.text)}", columns)
                     if width(where) + 4 < columns else cut(f"  {where}", columns))
        unit_w = min(_UNIT_MAX, max(width(cell(_short(r.unit))) for r in members))
        area_w = 0 if one_area else min(_AREA_MAX, max(width(cell(r.area or "")) for r in members))
        for r in members:
            status = r.status + (f" {r.response_date.isoformat()}" if r.response_date else "")
            if r.hint:
                status += " (a class: load a roster)"
            if r.corrected:
                status += " [corrected]"
            area = f"{fit(cell(r.area or ''), area_w)}  " if area_w else ""
            lines.append(cut(f"  {fit(cell(_short(r.unit)), unit_w)}  {area}{status}".rstrip(), columns))
    return lines


_UNIT_MAX, _AREA_MAX = 44, 20
_UBND = re.compile(r"Ủy ban nhân dân", re.IGNORECASE)


def _short(name: str) -> str:
    """The usual abbreviation of a People's Committee, for the narrow table only."""
    return _UBND.sub("UBND", name)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _required_by(r) -> str:
    if r.required_by.startswith("(draft") and r.required_by_issuer:
        return f"(draft) {r.required_by_issuer}"
    return r.required_by


def _with_evidence(d: dict) -> dict:
    """A flat row with its evidence in one column for the terminal: file:line, the kinds a class
    took (issue 20, before the text so a long sentence cannot hide it), the sentence, notes."""
    taken = f" [kinds: {d['kinds']}]" if d.get("kinds") else ""
    d["evidence"] = f"{Path(d['evidence_source']).name}:{d['evidence_line']}{taken}: {d['evidence_text']}"
    if d["hint"]:
        d["evidence"] += f"  [{d['hint']}]"
    if d["corrected"]:
        d["evidence"] += "  [corrected]"
    return d


@click.group()
def units() -> None:
    """Administrative units (registry) and agencies (roster)."""


@units.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@format_option(choices=("table", "json"))
@store_option
def units_load(files: tuple[str, ...], fmt: str, store_dir: str | None) -> None:
    """Load roster CSV files: name,unit_class,parent[,valid_from,valid_to].

    unit_class is one of departments, specialised_agencies, divisions, public_service_units,
    mass_organisations. Example row: "Sở Nội vụ,departments,UBND tỉnh Kiên Giang". Dates are
    YYYY-MM-DD or DD/MM/YYYY. A file with a bad row is refused as a whole (file, line and problem);
    loading a file again replaces it."""
    from rich.markup import escape
    from rich.progress import Progress

    from directive_kg.errors import LoaderError
    from directive_kg.kg.answers.units import load_roster
    from directive_kg.kg.store.load import ensure_reference_data
    from directive_kg.kg.store.store import Store

    store = Store.open(store_dir, write=True)
    ensure_reference_data(store)
    loaded, failed = [], []
    for f in files:
        try:
            with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
                task = bar.add_task(escape(f"rows of {f}"), total=None)
                r = load_roster(store, f, progress=lambda done, total, task=task: bar.update(
                    task, completed=done, total=total))
        except LoaderError as err:
            echo_error(str(err))
            failed.append({"file": f, "problem": err.problem})
        else:
            loaded.append({"file": f, "units": r.entries})
            if fmt == "table":
                echo_note(f"{f}: {r.entries} unit(s)")
    if fmt == "json":
        emit_json({"loaded": loaded, "failed": failed})
    if failed:
        sys.exit(EXIT_PARTIAL)


@units.command("list")
@click.option("--under", help="A body: list everything directly under it (registry and roster).")
@date_option("--on", "Units that exist on this date (default today)")
@format_option()
@store_option
def units_list(under: str | None, on, fmt: str, store_dir: str | None) -> None:
    """Roster agencies, or every body directly under --under on a date."""
    from directive_kg.kg.answers.units import list_units
    from directive_kg.kg.store.store import Store

    rows = list_units(Store.open(store_dir), under, on)
    emit_rows(rows, fmt, ["name", "unit_class", "parent", "valid_from", "valid_to", "source", "iri"])


@units.command("successor")
@click.argument("name")
@date_option("--on", "Successors that exist on this date (default today)")
@format_option()
def units_successor(name: str, on, fmt: str) -> None:
    """What a pre-reform unit (before 1 July 2025) became."""
    from directive_kg.kg.answers.units import successors

    emit_rows(successors(name, on), fmt)
