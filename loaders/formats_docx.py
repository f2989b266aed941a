""".docx → text: paragraphs and tables in document order, one line per paragraph; text boxes
after the paragraph that anchors them; deleted revisions and field codes left out. Tables are
read as ``tables.table_lines`` says (letterheads column by column)."""

from __future__ import annotations

import io
import zipfile

from directive_kg.errors import LoaderError

from .tables import table_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TXBX = _W + "txbxContent"
MAX_XML_BYTES = 200 * 1024 * 1024


def docx_text(data: bytes, path: str) -> str:
    """The text of a .docx. Raises LoaderError for anything that is not a readable Word file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            main = z.getinfo("word/document.xml") if "word/document.xml" in names else None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise LoaderError(path, "damaged or truncated .docx (not a readable ZIP package)") from exc
    if "word/document.xml" not in names:
        raise LoaderError(path, "not a Word .docx (a ZIP file without word/document.xml)")
    if main.file_size > MAX_XML_BYTES:  # a ZIP bomb, or not a plan
        raise LoaderError(path, f"document.xml unpacks to {main.file_size // 1_048_576} MB; "
                                "too large for a plan document")
    try:
        import docx  # python-docx: opens the package and parses the XML safely

        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # noqa: BLE001 - any failure inside python-docx means a bad file
        raise LoaderError(path, f"damaged .docx ({_short(exc)})") from exc
    lines: list[str] = []
    _block(body, lines)
    return "\n".join(lines)


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


def _block(container, lines: list[str]) -> None:
    """Body, table cell, text box or content control: its paragraphs and tables in order."""
    for el in container:
        tag = el.tag
        if tag == _W + "p":
            _paragraph(el, lines)
        elif tag == _W + "tbl":
            _table(el, lines)
        elif tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                _block(content, lines)
        elif tag in (_W + "customXml", _W + "ins"):
            _block(el, lines)


def _paragraph(p, lines: list[str]) -> None:
    parts: list[str] = []
    boxes: list = []
    _runs(p, parts, boxes)
    lines.extend("".join(parts).split("\n"))
    for box in boxes:
        _block(box, lines)


def _runs(el, parts: list[str], boxes: list) -> None:
    for child in el:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag in (_W + "del", _W + "delText", _W + "instrText"):
            continue  # deleted revisions and field codes are not the document's text
        elif tag == _TXBX:
            boxes.append(child)
        elif tag == _MC + "AlternateContent":
            choice = child.find(_MC + "Choice")  # the fallback repeats the same text box
            if choice is not None:
                _runs(choice, parts, boxes)
        else:
            _runs(child, parts, boxes)


def _table(tbl, lines: list[str]) -> None:
    rows = []
    for tr in tbl.iterfind(_W + "tr"):
        row = []
        for tc in tr.iterfind(_W + "tc"):
            cell: list[str] = []
            _block(tc, cell)
            row.append(cell)
        rows.append(row)
    lines.extend(table_lines(rows))
