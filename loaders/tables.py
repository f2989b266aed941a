"""Tables → lines, shared by the .docx and .html readers.

A letterhead is usually a borderless two-column table (issuing body and "Số: …" on the left,
national motto and "<place>, ngày …" on the right). It is read column by column, so the parser
sees the body's lines, then the number, then the motto and the date, as on a typed page. Other
tables (STT | Nội dung | Đơn vị | Thời gian) are read row by row: one row, one line, cells joined
with " | " as in pages saved from portals, so a task, its owner and its deadline stay together."""

from __future__ import annotations

import re

Cell = list[str]  # the lines (paragraphs) of one cell
_LETTERHEAD = re.compile(r"cộng hòa|cộng hoà|độc lập|đảng cộng sản|^\s*số\b|ngày\b.*tháng", re.I)


def table_lines(rows: list[list[Cell]]) -> list[str]:
    rows = [[[ln.strip() for ln in cell if ln.strip()] for cell in row] for row in rows]
    flat = [ln for row in rows for cell in row for ln in cell]
    width = max((len(row) for row in rows), default=0)
    if width == 2 and len(rows) <= 4 and any(_LETTERHEAD.search(ln) for ln in flat):
        return [ln for col in (0, 1) for row in rows if col < len(row) for ln in row[col]]
    out: list[str] = []
    for row in rows:
        filled = [cell for cell in row if cell]
        if len(filled) <= 1:
            out.extend(ln for cell in filled for ln in cell)
        else:
            out.append(" | ".join(" ".join(cell) for cell in row))
    return out
