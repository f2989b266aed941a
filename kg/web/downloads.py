"""The gap rows as files people open in Excel: CSV (UTF-8 with a BOM, the columns of `kg gaps
--format csv`) and a real workbook (.xlsx, written with openpyxl: a header row, filters, frozen
panes, column widths, dates as dates, every text cell typed as text so that a document's sentence
starting with '=' can never become a formula)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from directive_kg.kg.answers.gaps import FLAT_COLUMNS, GapReport

COLUMNS = FLAT_COLUMNS  # the columns of `kg gaps --format csv` (GapRow.flat), in its order
WIDTHS = {"unit": 42, "unit_now": 42, "kinds": 24, "area": 18, "kind": 8, "required_by": 30,
          "required_by_issuer": 32,
          "deadline": 12, "due": 12, "status": 14, "expanded": 10, "response_iri": 30,
          "response_date": 14, "evidence_source": 30, "evidence_line": 8, "evidence_text": 90,
          "unit_iri": 30, "required_by_iri": 30, "hint": 40, "corrected": 10}
DATE_COLUMNS = {"deadline", "due", "response_date"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value) -> str:
    return "" if value is None else str(value)


def csv_bytes(report: GapReport) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in report.rows:
        d = row.flat()
        writer.writerow([_cell(d.get(c)) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(report: GapReport, title: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Gaps")
    ws.freeze_panes = "B2"  # the header row and the unit column stay in view
    for i, name in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, 16)
    bold = Font(bold=True)
    ws.append([_text_cell(ws, name, font=bold) for name in COLUMNS])
    for row in report.rows:
        d = row.flat()
        ws.append([_value_cell(ws, c, d.get(c)) for c in COLUMNS])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(report.rows) + 1}"
    notes = wb.create_sheet("Notes")
    notes.column_dimensions["A"].width = 60
    notes.column_dimensions["B"].width = 100
    for line in _notes(report, title):
        notes.append([_text_cell(notes, v) for v in line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _notes(report: GapReport, title: str) -> list[tuple[str, str]]:
    lines = [(title, f"as of {report.as_of.isoformat()}: {len(report.rows)} row(s)")]
    for p in report.unloaded_parents:
        lines.append((f"not loaded: {p.number or p.iri}" + (f" ({p.issuer})" if p.issuer else ""),
                      f"implemented by {p.implemented_by} loaded document(s): {p.hint}"))
    for i in report.incomplete:
        name = " ".join(x for x in (i.number, i.issuer) if x) or "(no number)"
        lines.append((f"read incompletely: {Path(i.file).name} ({name})", "; ".join(i.warnings)))
    return lines


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)  # control characters cannot go in a sheet


def _text_cell(ws, value: str, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=_clean(value))
    cell.data_type = "s"  # text, even when it starts with '='
    if font is not None:
        cell.font = font
    return cell


def _value_cell(ws, column: str, value) -> WriteOnlyCell:
    if value is None:
        return WriteOnlyCell(ws, value=None)
    if column in DATE_COLUMNS:
        cell = WriteOnlyCell(ws, value=date.fromisoformat(value))
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, int) and not isinstance(value, bool):
        return WriteOnlyCell(ws, value=value)
    return _text_cell(ws, str(value))  # booleans as the CSV file writes them: True / False
