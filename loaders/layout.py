"""Text as it arrives → one logical line per paragraph, before any reader looks at it.

Real documents copied from portals are hard-wrapped anywhere (inside headings, dates, citations
and addressee phrases), flatten a two-column letterhead onto one line with spaces between the
columns, or keep a table's cells as "|" lines. Every reader after this stage sees one paragraph,
heading or letterhead cell per line, whatever the source did.

The stage only changes characters one for one in the normalised view (a soft line break becomes a
space, a column gap's first space becomes a line break), so every offset still maps to the
original text and evidence is cut from the original exactly as before.

Which line breaks are soft is decided per document, then per break:
- a document is *wrapped* when many of its lines continue a sentence on the next line (a line
  followed by one that starts in lower case); portal Markdown is, typed text and web pages are not;
- in a wrapped document every break inside a block of non-blank lines is soft, unless the next
  line starts something (a numbered heading or item, a bullet, "Căn cứ", a table row, ...), or,
  in the letterhead, a bold cell line;
- in any document a break before a line that starts in lower case is soft (a sentence going on),
  and so is a break inside a numbered heading whose next line is in capitals too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import MappedText

# Share of lines continued in lower case on the next line above which a document is wrapped.
WRAPPED_SHARE = 0.08
WRAPPED_MIN = 3

# What starts a new logical line (matched on the normalised line, stripped).
_STARTS = re.compile(
    r"^(?:"
    r"(?:[IVXLC]{1,6})\s*[.:]\s+\S"  # I. II: heading
    r"|(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\s+[\dIVXLC]+\b"
    r"|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]\s*\S"  # 1. 1.2. 1) item
    r"|\d{1,2}\s*/\s+\S"  # 1/ item (not a date or a number wrapped onto the line: "15/12/2025", "35/KH-UBND")
    r"|\d{1,2}(?:\.\d{1,2}){1,3}\s+\S"  # 1.2 item
    r"|[a-zđ]\s*\)\s*\S"  # a) point
    r"|[-+•●■▪◦–*]\s*\S"  # bullets
    r"|(?:Căn cứ|Thực hiện|Triển khai|Theo đề nghị|Xét đề nghị|Nơi nhận|Kính gửi|Số\s*:|"
    r"TM\.|KT\.|TL\.|TUQ\.|T/M|K/T|Q\.\s)"
    r")")
_TERMINAL = re.compile(r"[.;:!?]$")
# Words that open a paragraph of the opening ("Căn cứ …;", "Thực hiện …,") but also occur inside a
# sentence ("… của Luật Thực hiện dân chủ ở cơ sở"): in a wrapped document they start a line only
# after a line that ends a sentence or a clause.
_OPENER = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Theo đề nghị|Xét đề nghị)\b")
_MID_SENTENCE = re.compile(r"[\w”)]$")
_RULE = re.compile(r"^[\s\-_=~.…*|]*$")  # blank, "-----", "|", "** **": no text on the line
# A column gap inside a flattened letterhead line: wide spaces before a capital, not a blank left
# to be filled in a draft ("Số:      /KH-UBND", "ngày    tháng    năm 2024").
_GAP = re.compile(r"(?<![:\s])(?<!\bngày)(?<!\btháng)(?<!\bnăm)(?<!\bsố)(?<!\bSố)( {3,}|\t+ *)"
                  r"(?=[A-ZĐÀ-ỸÂĂÊÔƠƯ])")
_TYPE_HEADING = re.compile(
    r"^(?:KẾ HOẠCH|CHƯƠNG TRÌNH|QUYẾT ĐỊNH|CHỈ THỊ|NGHỊ QUYẾT|KẾT LUẬN|QUY ĐỊNH|QUY CHẾ|"
    r"HƯỚNG DẪN|ĐỀ ÁN|BÁO CÁO|THÔNG BÁO|CÔNG VĂN|NGHỊ ĐỊNH|THÔNG TƯ|PHƯƠNG ÁN|TỜ TRÌNH)\b")
_HEADING = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3})\s*[.:)]\s*\S")
_MOTTO = re.compile(r"CỘNG\s*H[OÒ]A|ĐẢNG CỘNG SẢN", re.IGNORECASE)
HEADER_LINES = 40  # the letterhead sits in the first lines (after any portal banner)


@dataclass(frozen=True, slots=True)
class RawLine:
    index: int  # 0-based line number (the same in the original and the normalised view)
    start: int  # offset of the line in the normalised text
    text: str  # normalised, not stripped
    raw: str  # the original line, not stripped
    blank: bool  # no text on the line: blank, "-----", "|", "** **"


def raw_lines(mt: MappedText) -> list[RawLine]:
    """The normalised text's lines with the original line each one came from (normalisation keeps
    every line break, so line k of one is line k of the other)."""
    originals = mt.original.split("\n")
    out, pos = [], 0
    for i, text in enumerate(mt.text.split("\n")):
        raw = originals[i] if i < len(originals) else ""
        out.append(RawLine(i, pos, text, raw, _RULE.match(text) is not None))
        pos += len(text) + 1
    return out


def is_wrapped(lines: list[RawLine]) -> bool:
    """Hard-wrapped text (portal Markdown): many lines go on in lower case on the next line, and
    paragraphs are told apart by blank lines (a page whose every line is a paragraph has none)."""
    filled = [ln for ln in lines if not ln.blank]
    going_on = sum(1 for a, b in zip(lines, lines[1:], strict=False)
                   if not a.blank and not b.blank and _starts_lower(b.text.strip()))
    blanks = sum(1 for a, b in zip(lines, lines[1:], strict=False) if not a.blank and b.blank)
    return going_on >= WRAPPED_MIN and going_on >= WRAPPED_SHARE * len(filled) and blanks >= WRAPPED_MIN


_POINT = re.compile(r"^[a-zđ]\s*\)")


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower() and not _POINT.match(text)


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _header_end(lines: list[RawLine]) -> int:
    """Index of the line after the letterhead zone: the type heading (KẾ HOẠCH ...) or the
    first HEADER_LINES non-blank lines after the national motto when there is one."""
    motto = next((ln.index for ln in lines if _MOTTO.search(ln.text)), 0)
    seen = 0
    for ln in lines[motto:]:
        stripped = ln.text.strip()
        if _TYPE_HEADING.match(stripped) and stripped.isupper():
            return ln.index
        seen += not ln.blank
        if seen > HEADER_LINES:
            return ln.index
    return len(lines)


def soft_break(prev: RawLine, nxt: RawLine, *, wrapped: bool, in_header: bool) -> bool:
    """Whether the line break between two consecutive non-blank lines is only a wrap."""
    a, b = prev.text.strip(), nxt.text.strip()
    if nxt.raw.lstrip().startswith("|") or prev.raw.rstrip().endswith("|"):
        return False
    if _STARTS.match(b):
        # "… quy định chi tiết một số điều của Luật⏎Thực hiện dân chủ ở cơ sở; Căn cứ …"
        return wrapped and not in_header and _OPENER.match(b) is not None and \
            _MID_SENTENCE.search(a) is not None and not _caps(a)
    if in_header:
        if _GAP.search(prev.text) or _GAP.search(nxt.text):
            return False  # columns side by side: split, not joined
        if nxt.raw.lstrip().startswith("**") and not prev.raw.rstrip().endswith("**"):
            return False  # a bold letterhead line under its parent body's plain one
    if _starts_lower(b):
        return True
    if _HEADING.match(a) and _caps(a) and _caps(b) and not _TERMINAL.search(a):
        return True  # "III. TỔ CHỨC⏎THỰC HIỆN"
    return wrapped


def unwrap(mt: MappedText) -> MappedText:
    """One logical line per paragraph, letterhead columns split; offsets unchanged."""
    lines = raw_lines(mt)
    wrapped = is_wrapped(lines)
    header_end = _header_end(lines)
    chars = list(mt.text)
    for prev, nxt in zip(lines, lines[1:], strict=False):
        if prev.blank or nxt.blank:
            continue
        if soft_break(prev, nxt, wrapped=wrapped, in_header=nxt.index < header_end):
            chars[nxt.start - 1] = " "
    for ln in lines[:header_end]:
        for m in _GAP.finditer(ln.text):
            chars[ln.start + m.start(1)] = "\n"
    return MappedText(mt.original, "".join(chars), mt.starts, mt.ends, mt.line_starts)
