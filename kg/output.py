"""One output-format option set shared by every command that prints rows."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

FORMATS = ("table", "csv", "json")


def format_option(default: str = "table", choices: tuple[str, ...] = FORMATS) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


store_option = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False), default=None,
    help="Store folder (default: $KG_STORE or ./.kg).")


def date_option(name: str, help_text: str) -> Callable:
    return click.option(name, type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]), default=None,
                        help=help_text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit_rows(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None,
              title: str | None = None, out=None) -> None:
    out = out or sys.stdout
    columns = columns or (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "csv":
        # UTF-8 with BOM so that spreadsheet programs show Vietnamese correctly.
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        out.write("\ufeff" + buf.getvalue())
    else:
        print_table(rows, columns, title)


def print_table(rows: Iterable[dict[str, Any]], columns: list[str], title: str | None = None
                ) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in columns])
    Console().print(table)
