"""One output-format option set shared by every command that prints rows."""

from __future__ import annotations

import csv
import io
import json
import re
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
    elif len(rows) > RICH_MAX_ROWS:
        print_plain_table(rows, columns, title, out)
    else:
        print_table(rows, columns, title)


# rich measures and wraps every cell: 13,000 gap rows of a whole country take half a minute. Past
# this many rows a plain aligned table is printed instead (one line per row, cells cut to fit).
RICH_MAX_ROWS = 500
_COMBINING = re.compile("[\u0300-\u036f]")
_PLAIN_WIDTH = 32


def print_plain_table(rows: list[dict[str, Any]], columns: list[str], title: str | None,
                      out) -> None:
    cells = [[_cell(row.get(c)).replace("\n", " ") for c in columns] for row in rows]
    # the last column (evidence, say) is printed whole
    widths = [min(_PLAIN_WIDTH, max([_width(c)] + [_width(r[i]) for r in cells]))
              for i, c in enumerate(columns[:-1])] + [0]

    def line(values: list[str]) -> str:
        return "  ".join(_fit(v, w) for v, w in zip(values, widths, strict=True)).rstrip()

    body = [title] if title else []
    body += [line(columns), line(["-" * max(w, len(c)) for c, w in zip(columns, widths, strict=True)])]
    body += [line(r) for r in cells]
    out.write("\n".join(body) + "\n")


def _width(text: str) -> int:
    """Columns a text takes in a terminal: combining marks (NFD tone marks) take none."""
    return len(text) - len(_COMBINING.findall(text))


def _fit(text: str, width: int) -> str:
    if not width:
        return text
    if _width(text) > width:
        kept, n = [], 0
        for ch in text:
            n += 0 if _COMBINING.match(ch) else 1
            if n > width - 1:
                break
            kept.append(ch)
        text = "".join(kept) + "…"
    return text + " " * (width - _width(text))


def print_table(rows: Iterable[dict[str, Any]], columns: list[str], title: str | None = None
                ) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        # Text, not str: rich would read "[kinds: huyện]" or a document's "[1]" as markup and drop it
        table.add_row(*[Text(_cell(row.get(c))) for c in columns])
    Console().print(table)
