"""Test helpers: turn a seed's text into the forms real corpora come in (.docx with a letterhead
table, .pdf with an embedded Vietnamese font, a portal .html page, TCVN3 and VNI bytes, UTF-16).

Generators (python-docx, fpdf2, the Noto Sans font of pymupdf-fonts) are test-only dependencies."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

_MD = re.compile(r"^\s*#{1,6}\s*|\*\*|__")


def plain_lines(text: str) -> list[str]:
    """The seed's lines without markdown marks (bold, headings); blank lines kept."""
    return [_MD.sub("", ln).replace("**", "").rstrip() for ln in text.splitlines()]


def header_split(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(number lines, date lines, rest): the "Số:" and "<place>, ngày …" lines of the header."""
    number, dated, rest = [], [], []
    for i, ln in enumerate(lines):
        if i < 12 and re.match(r"^\s*Số\b", ln) and not number:
            number.append(ln.strip())
        elif i < 12 and re.search(r",\s*ngày\b.*tháng", ln) and not dated:
            dated.append(ln.strip())
        else:
            rest.append(ln)
    return number, dated, rest


def to_docx(text: str, path: Path, letterhead: tuple[str, ...] = ()) -> Path:
    """A .docx whose first block is a borderless 2-column letterhead table: the issuing body
    (``letterhead``) and the number on the left, the national motto and the date on the right."""
    import docx

    number, dated, rest = header_split(plain_lines(text))
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    left = list(letterhead) or [""]
    _cell_lines(table.cell(0, 0), left)
    _cell_lines(table.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    _cell_lines(table.cell(1, 0), number)
    _cell_lines(table.cell(1, 1), dated)
    for ln in rest:
        if ln.strip():
            d.add_paragraph(ln.strip())
    d.save(str(path))
    return path


def _cell_lines(cell, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0] if lines else ""
    for ln in lines[1:]:
        cell.add_paragraph(ln)


def noto_sans() -> bytes:
    from pymupdf_fonts import NotoSans_Regular

    return NotoSans_Regular.fontbuffer


def to_pdf(text: str, path: Path, font_dir: Path) -> Path:
    """A PDF with a text layer, set in Noto Sans (embedded), one paragraph per seed line."""
    import logging

    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "TTFA NOT subset": harmless
    font = font_dir / "NotoSans-Regular.ttf"
    if not font.exists():
        font.write_bytes(noto_sans())
    pdf = FPDF(format="A4")
    pdf.add_font("Noto", "", str(font))
    pdf.set_font("Noto", size=11)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for ln in plain_lines(text):
        if ln.strip():
            pdf.multi_cell(0, 6, ln.strip(), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
    pdf.output(str(path))
    return path


def to_html(text: str) -> str:
    """A page as saved from a provincial portal: menus, scripts, styles and a footer around the
    document, whose lines are <p> elements inside the article."""
    body = "\n".join(f"<p>{html.escape(ln.strip())}</p>" for ln in plain_lines(text) if ln.strip())
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh</title>
<style>body {{ font-family: Arial; }} .menu li {{ display: inline; }}</style>
<script>var menu = "Trang chủ | Tin tức | Văn bản"; function go() {{ return 1 < 2; }}</script>
</head><body>
<header><nav class="menu"><ul><li><a href="/">Trang chủ</a></li>
<li><a href="/vb">Văn bản chỉ đạo điều hành</a></li>
<li><a href="/lh">Liên hệ</a></li></ul></nav></header>
<div class="breadcrumb">Trang chủ &raquo; Văn bản &raquo; Kế hoạch</div>
<main><article class="content">
{body}
</article></main>
<aside><h3>Văn bản mới</h3><ul><li><a href="#">Quyết định số 12/QĐ-UBND ngày 05/01/2024</a></li></ul></aside>
<footer>Bản quyền &copy; Cổng thông tin điện tử. Địa chỉ: 01 Trần Phú.</footer>
<script type="text/javascript">document.write("<p>Lượt truy cập: 1234</p>");</script>
<noscript>Bật JavaScript</noscript>
</body></html>
"""


def _inverse_tcvn3() -> dict[str, str]:
    from directive_kg.loaders.legacy import TCVN3

    return {u: chr(b) for b, u in TCVN3.items()}


def to_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes as an ABC-era file would hold them. TCVN3 has no accented capitals:
    typists wrote "Uỷ ban" (old tone placement, so the capital is a plain U) and set headings in
    the .VnTimeH font, whose capitals have the lower-case codes."""
    inv = _inverse_tcvn3()
    out = []
    text = re.sub("Ủ([yY])", lambda m: "U" + ("ỷ" if m.group(1) == "y" else "Ỷ"),
                  unicodedata.normalize("NFC", text))
    for ch in text:
        code = inv.get(ch) or inv.get(ch.lower())
        out.append(code or ch)
    return "".join(out).encode("latin-1", errors="replace")


_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def _vni_letter(ch: str) -> str:
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    base, *marks = unicodedata.normalize("NFD", ch)
    if not marks:
        return ch
    upper = base.isupper()
    b = base.lower()
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    tone = next((m for m in marks if m in _VNI_TONE), "")
    if b == "i":
        out = _VNI_I[tone]
    elif b == "y" and tone == "\u0323":
        out = "î"
    elif shape == "\u031b":  # horn: ơ = ô, ư = ö, then the tone
        out = ("ô" if b == "o" else "ö") + (_VNI_TONE.get(tone, ""))
    elif shape == "\u0302":
        out = b + _VNI_HAT[tone]
    elif shape == "\u0306":
        out = b + _VNI_BREVE[tone]
    else:
        out = b + _VNI_TONE.get(tone, "")
    return out.upper() if upper else out


def to_cp1258(text: str) -> bytes:
    """Unicode → Windows-1258: letters with a shape (â ă ê ô ơ ư đ) are one byte, tones are
    separate combining bytes."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        shape = "".join(m for m in marks if m in "\u0302\u0306\u031b")
        tone = "".join(m for m in marks if m not in shape)
        out.append(unicodedata.normalize("NFC", base + shape).encode("cp1258") + tone.encode("cp1258"))
    return b"".join(out)


def mojibake(text: str) -> str:
    """UTF-8 bytes shown as Windows-1252 (the five bytes it lacks shown as Latin-1 controls)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                   for b in text.encode("utf-8"))


def to_vni(text: str) -> bytes:
    """Unicode → VNI-Windows bytes."""
    out = "".join(_vni_letter(ch) for ch in unicodedata.normalize("NFC", text))
    return out.encode("cp1252", errors="replace")
