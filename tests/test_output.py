"""Row output shared by the commands (kg/cli/output.py): past RICH_MAX_ROWS rows a plain aligned
table, one line per row, whose columns line up in a terminal whatever the normal form."""

import io
import unicodedata

from directive_kg.kg.cli.output import RICH_MAX_ROWS, emit_rows

NFC = "Ủy ban nhân dân xã Bình An"
NFD = unicodedata.normalize("NFD", "Ủy ban nhân dân phường Đức Xuân")


def test_many_rows_print_as_a_plain_aligned_table():
    rows = [{"unit": NFC if i % 2 else NFD, "status": "overdue", "evidence": f"kh.txt:{i}: xây dựng"}
            for i in range(RICH_MAX_ROWS + 1)]
    out = io.StringIO()
    emit_rows(rows, "table", ["unit", "status", "evidence"], title="Gaps 2024: 501 row(s)", out=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 + 1 + RICH_MAX_ROWS + 1  # title, header, rule, rows
    assert lines[0] == "Gaps 2024: 501 row(s)"
    # "Ủy ban nhân dân phường Đức Xuân" is 31 columns wide in either form: the status column
    # starts at 31 + 2 on every line.
    assert lines[1] == "unit" + " " * 29 + "status   evidence"
    assert lines[3] == NFD + "  overdue  kh.txt:0: xây dựng"
    assert lines[4] == NFC + " " * 5 + "  overdue  kh.txt:1: xây dựng"
    assert all(ln.endswith("xây dựng") for ln in lines[3:])


def test_long_cells_are_cut_and_the_last_column_kept_whole():
    long_name = "Trung tâm Phát triển quỹ đất và Dịch vụ công ích huyện Kiên Lương"
    rows = [{"unit": long_name, "evidence": "x" * 200}] * (RICH_MAX_ROWS + 1)
    out = io.StringIO()
    emit_rows(rows, "table", ["unit", "evidence"], out=out)
    first = out.getvalue().splitlines()[2]
    assert first == long_name[:31] + "…" + "  " + "x" * 200
