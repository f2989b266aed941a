"""`kg gaps` and `kg units`: thin commands over kg/answers/gaps.py and kg/answers/units.py."""

from __future__ import annotations

import json
import sys

import click

from directive_kg.kg.cli.output import date_option, emit_rows, format_option, store_option

GAP_COLUMNS = ["unit", "area", "kind", "required_by", "required_by_issuer", "deadline", "due",
               "status", "expanded", "response_iri", "response_date", "evidence_source",
               "evidence_line", "evidence_text", "unit_iri", "required_by_iri", "hint"]


@click.command()
@click.option("--year", type=int, required=True, help="The year of the obliging instruments.")
@click.option("--under", help="Only units at or below this body, e.g. 'UBND tỉnh Kiên Giang'.")
@click.option("--instrument", help="Only obligations of this instrument (its number).")
@click.option("--kind", type=click.Choice(["plan", "report"]), help="Only plans or only reports.")
@date_option("--as-of", "Status as of this date (default today).")
@click.option("--all", "include_met", is_flag=True, help="Also list obligations already met.")
@click.option("--no-index", "no_index", is_flag=True,
              help="Run queries/gaps.rq on the store instead of reading the gaps index "
                   "(same rows; a minute on a whole country).")
@format_option()
@store_option
def gaps(year: int, under: str | None, instrument: str | None, kind: str | None, as_of,
         include_met: bool, no_index: bool, fmt: str, store_dir: str | None) -> None:
    """Who still owes the plan or report an instrument of YEAR obliges them to produce."""
    from directive_kg.kg.answers.gaps import find_gaps
    from directive_kg.kg.store.store import Store

    report = find_gaps(Store.open(store_dir), year, under=under, instrument=instrument, kind=kind,
                       as_of=as_of.date() if as_of else None, include_met=include_met,
                       use_index=not no_index)
    if fmt == "json":
        click.echo(json.dumps({"year": report.year, "as_of": report.as_of.isoformat(),
                               "rows": [r.to_dict() for r in report.rows],
                               "unloaded_parents": [dict(vars(p), hint=p.hint)
                                                    for p in report.unloaded_parents]},
                              ensure_ascii=False, indent=2))
        return
    flat = [_flat(r.to_dict()) for r in report.rows]
    if fmt == "csv":
        emit_rows(flat, "csv", GAP_COLUMNS)
    else:
        emit_rows(flat, "table", ["unit", "area", "kind", "required_by", "due", "status",
                                  "evidence"],
                  title=f"Gaps {year} as of {report.as_of.isoformat()}: {len(flat)} row(s)")
    # Notes go to stderr so that a CSV file stays a clean table.
    out = sys.stderr if fmt == "csv" else sys.stdout
    for p in report.unloaded_parents:
        click.echo(f"not loaded: {p.number or p.iri}"
                   f"{' (' + p.issuer + ')' if p.issuer else ''}, implemented by "
                   f"{p.implemented_by} loaded document(s): {p.hint}", file=out)


def _flat(d: dict) -> dict:
    ev = d.pop("evidence")
    d["evidence_source"], d["evidence_line"], d["evidence_text"] = ev["source"], ev["line"], ev["text"]
    from pathlib import Path

    text = ev["text"] if len(ev["text"]) <= 140 else ev["text"][:139] + "…"  # full text in csv/json
    d["evidence"] = f"{Path(ev['source']).name}:{ev['line']}: {text}"
    if d["hint"]:
        d["evidence"] += f"  [{d['hint']}]"
    if d["required_by"].startswith("(draft") and d.get("required_by_issuer"):
        d["required_by"] = f"{d['required_by']} {d['required_by_issuer']}"
    return d


@click.group()
def units() -> None:
    """Administrative units (registry) and agencies (roster)."""


@units.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@store_option
def units_load(files: tuple[str, ...], store_dir: str | None) -> None:
    """Load roster CSV files: name,unit_class,parent[,valid_from,valid_to].

    unit_class is one of departments, specialised_agencies, divisions, public_service_units,
    mass_organisations. Example row: "Sở Nội vụ,departments,UBND tỉnh Kiên Giang". A file with a
    bad row is refused as a whole (file, line and problem); loading a file again replaces it."""
    from rich.markup import escape
    from rich.progress import Progress

    from directive_kg.errors import LoaderError
    from directive_kg.kg.answers.units import load_roster
    from directive_kg.kg.store.load import ensure_reference_data
    from directive_kg.kg.store.store import Store

    store = Store.open(store_dir, write=True)
    ensure_reference_data(store)
    failed = 0
    for f in files:
        try:
            with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
                task = bar.add_task(escape(f"rows of {f}"), total=None)
                r = load_roster(store, f, progress=lambda done, total, task=task: bar.update(
                    task, completed=done, total=total))
        except LoaderError as err:
            click.echo(f"error: {err}", err=True)
            failed += 1
        else:
            click.echo(f"{f}: {r.entries} unit(s)")
    if failed:
        sys.exit(1)


@units.command("list")
@click.option("--under", help="A body: list everything directly under it (registry and roster).")
@date_option("--on", "Units that exist on this date (default today).")
@format_option()
@store_option
def units_list(under: str | None, on, fmt: str, store_dir: str | None) -> None:
    """Roster agencies, or every body directly under --under on a date."""
    from directive_kg.kg.answers.units import list_units
    from directive_kg.kg.store.store import Store

    rows = list_units(Store.open(store_dir), under, on.date() if on else None)
    emit_rows(rows, fmt, ["name", "unit_class", "parent", "valid_from", "valid_to", "source", "iri"])


@units.command("successor")
@click.argument("name")
@date_option("--on", "Successors that exist on this date (default today).")
@format_option()
def units_successor(name: str, on, fmt: str) -> None:
    """What a pre-reform unit (before 1 July 2025) became."""
    from directive_kg.kg.answers.units import successors

    emit_rows(successors(name, on.date() if on else None), fmt)
