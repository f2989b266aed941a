"""What every command shares: the output option (`--format table|csv|json`), `--store`, day
options, output files, and the rule that text from documents is data in every output.

Text is data: rich is never given a string to interpret (cells are ``rich.text.Text``, so
``[/x]`` or ``[bold]`` print as written), and in terminal tables, error and warning lines, control
characters (ANSI escape sequences, bells, backspaces, carriage returns) and the bidirectional
overrides are shown escaped (``\\x1b``, ``\\u202e``) instead of acting on the terminal. CSV and JSON
carry the text exactly (JSON escapes control characters itself)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from directive_kg.errors import NotFoundError, UsageError
from directive_kg.loaders.dates import DAY_FORMATS, parse_day

FORMATS = ("table", "csv", "json")


def format_option(default: str = "table", choices: tuple[str, ...] = FORMATS) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


store_option = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False), default=None,
    help="Store folder (default: $KG_STORE or ./.kg).")


class Day(click.ParamType):
    """A day as people type it, the same forms everywhere (loaders/dates.py parse_day)."""

    name = "date"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        try:
            return parse_day(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)


def date_option(name: str, help_text: str) -> Callable:
    return click.option(name, type=Day(), default=None, metavar="DATE",
                        help=f"{help_text} ({DAY_FORMATS}).")


# --- text is data ------------------------------------------------------------------------------

# C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates (which reorder
# what follows them on a terminal line).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) <= 0xFF else f"\\u{ord(ch):04x}"


def visible(text: str) -> str:
    """``text`` with every control character written as an escape, so that a terminal shows it
    instead of obeying it. Everything else (markup-like brackets included) is left as is."""
    return _CONTROL.sub(_escape, text)


def echo_error(message: str) -> None:
    """One 'error: …' line on stderr, document text in it shown as data."""
    click.echo(f"error: {visible(message)}", err=True)


def echo_note(message: str, *, err: bool = False) -> None:
    click.echo(visible(message), err=err)


def console(file=None):
    """A rich console that interprets nothing it is given as markup, emoji or highlighting."""
    from rich.console import Console

    return Console(file=file, markup=False, emoji=False, highlight=False)


def text(value: Any):
    """A table cell or tree label for rich: plain text, never markup, controls escaped."""
    from rich.text import Text

    return Text(cell(value))


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return visible(json.dumps(value, ensure_ascii=False))
    return visible(str(value))


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --- rows --------------------------------------------------------------------------------------

def emit_json(data: Any, out=None) -> None:
    (out or sys.stdout).write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_rows(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None,
              title: str | None = None, out=None) -> None:
    out = out or sys.stdout
    columns = columns or (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        emit_json(rows, out)
    elif fmt == "csv":
        # UTF-8 with BOM so that spreadsheet programs show Vietnamese correctly.
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
        out.write("\ufeff" + buf.getvalue())
    elif len(rows) > RICH_MAX_ROWS:
        print_plain_table(rows, columns, title, out)
    else:
        print_table(rows, columns, title, out if out is not sys.stdout else None)


# rich measures and wraps every cell: 13,000 gap rows of a whole country take half a minute. Past
# this many rows a plain aligned table is printed instead (one line per row, cells cut to fit).
RICH_MAX_ROWS = 500
_PLAIN_WIDTH = 32


def print_plain_table(rows: list[dict[str, Any]], columns: list[str], title: str | None,
                      out) -> None:
    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    # the last column (evidence, say) is printed whole
    widths = [min(_PLAIN_WIDTH, max([width(c)] + [width(r[i]) for r in cells]))
              for i, c in enumerate(columns[:-1])] + [0]

    def line(values: list[str]) -> str:
        return "  ".join(fit(v, w) for v, w in zip(values, widths, strict=True)).rstrip()

    body = [visible(title)] if title else []
    body += [line(columns), line(["-" * max(w, len(c)) for c, w in zip(columns, widths, strict=True)])]
    body += [line(r) for r in cells]
    out.write("\n".join(body) + "\n")


def width(value: str) -> int:
    """Columns a text takes in a terminal: combining marks (NFD tone marks) take none, East Asian
    wide characters two."""
    from rich.cells import cell_len

    return cell_len(value)


def cut(value: str, columns: int) -> str:
    """``value`` in at most ``columns`` terminal columns, ending in '…' when shortened."""
    from rich.cells import get_character_cell_size

    if width(value) <= columns:
        return value
    kept, n = [], 0
    for ch in value:
        size = get_character_cell_size(ch)
        if n + size > columns - 1:
            break
        kept.append(ch)
        n += size
    return "".join(kept) + "…" if columns > 0 else ""


def fit(value: str, columns: int) -> str:
    """``value`` cut to ``columns`` and padded to exactly that width (0: as it is)."""
    if not columns:
        return value
    value = cut(value, columns)
    return value + " " * (columns - width(value))


def print_table(rows: Iterable[dict[str, Any]], columns: list[str], title: str | None = None,
                out=None) -> None:
    from rich.table import Table

    table = Table(title=text(title) if title else None, show_lines=False)
    for c in columns:
        table.add_column(text(c), overflow="fold")
    for row in rows:
        table.add_row(*[text(row.get(c)) for c in columns])
    console(out).print(table)


def terminal_width() -> int:
    """The terminal's width ($COLUMNS first); 80 when the output is not a terminal."""
    return max(20, shutil.get_terminal_size((80, 24)).columns)


# --- output files ------------------------------------------------------------------------------

def check_output_path(path: str) -> Path:
    """Refuse, before any work, an output file whose folder does not exist or is not writable."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: no folder {folder} (create it first)")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(f"cannot write {path}: permission denied")
    return target


def write_output(path: str, data: bytes) -> None:
    """Write an output file, or say in words why it could not be written."""
    check_output_path(path)
    try:
        Path(path).write_bytes(data)
    except OSError as err:
        raise UsageError(f"cannot write {path}: {(err.strerror or str(err)).lower()}") from None


def query_file_or_text(argument: str, ext: str) -> str:
    """A query given on the command line: its text, or the file it names. A name ending in
    ``ext`` (".rq", ".cypher") is a file, and must exist."""
    if not argument.endswith(ext):
        return argument
    path = Path(argument)
    if not path.is_file():
        raise NotFoundError(f"no such file: {argument}")
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot read {argument}: {(err.strerror or str(err)).lower()}") from None
    except UnicodeDecodeError:
        raise UsageError(f"cannot read {argument}: not UTF-8 text") from None
