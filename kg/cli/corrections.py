"""`kg corrections`: thin commands over kg/store/corrections.py."""

from __future__ import annotations

import click

from directive_kg.kg.cli.output import emit_rows, format_option, store_option


@click.group()
def corrections() -> None:
    """Fix what was read from a document without editing it (a corrections CSV file)."""


@corrections.command("load")
@click.argument("file", type=click.Path())
@store_option
def corrections_load(file: str, store_dir: str | None) -> None:
    """Load a corrections file: document,field,target,value,who,why.

    document is the file as loaded (or its sha256); field is one of number, issuer, date, year,
    parent_add, parent_remove, obligation_addressees, obligation_kind, obligation_deadline,
    obligation_remove; target is the obligation's line (77, or 77:report) for the obligation_*
    fields. A file with a bad row is refused as a whole (line and problem) and nothing is written;
    loading a file again replaces what it said before."""
    from directive_kg.kg.store.corrections import load_corrections
    from directive_kg.kg.store.store import Store

    report = load_corrections(Store.open(store_dir, write=True), file)
    click.echo(f"corrections {file}: {report.rows} row(s) for {len(report.documents)} document(s), "
               "applied")


@corrections.command("remove")
@click.argument("file", type=click.Path())
@store_option
def corrections_remove(file: str, store_dir: str | None) -> None:
    """Take a corrections file out; the documents it corrected are read again as written."""
    from directive_kg.kg.store.corrections import remove_corrections
    from directive_kg.kg.store.store import Store

    report = remove_corrections(Store.open(store_dir, write=True), file)
    click.echo(f"removed {report.rows} correction(s); {len(report.documents)} document(s) read again")


@corrections.command("list")
@format_option()
@store_option
def corrections_list(fmt: str, store_dir: str | None) -> None:
    """The corrections in the store: document, field, target, value, who, why."""
    from directive_kg.kg.store.corrections import corrections_table
    from directive_kg.kg.store.store import Store

    emit_rows(corrections_table(Store.open(store_dir)), fmt,
              ["document", "field", "target", "value", "who", "why", "line"])
