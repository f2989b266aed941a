"""Text as it arrives → one logical line per paragraph, before any reader looks at it.

Real documents copied from portals are hard-wrapped anywhere (inside headings, dates, citations
and addressee phrases), flatten a two-column letterhead onto one line with spaces between the
columns, or keep a table's cells as "|" lines. Every reader after this stage sees one paragraph,
heading or letterhead cell per line, whatever the source did.

The stage changes characters one for one in the normalised view (a soft line break becomes a
space, a column gap's first space becomes a line break) and leaves out the empty lines a join
crosses, so every offset still maps to the original text and evidence is cut from the original
exactly as before.

Which line breaks are soft is decided per document, then per break:
- the document's *wrap spacing*: how many empty lines its wrapped lines have between them (0 in
  portal Markdown; 1 in text whose every line became a paragraph, as some PDF and web converters
  give), told by where most sentences go on in lower case; lines that far apart are next to each
  other, farther ones are not;
- a document is *wrapped* when many of its lines continue a sentence on the next line (a line
  followed by one that starts in lower case); portal Markdown is, typed text and web pages are not;
- in a wrapped document whose paragraphs are set apart by empty lines, every break inside a block
  is soft, unless the next line starts something (a numbered heading or item, a bullet, "Căn cứ",
  a table row, ...), or, in the letterhead, a bold cell line; when nothing sets paragraphs apart
  (no empty lines, or the same spacing everywhere), a break is soft only when the line before
  does not end a sentence or a clause and is not a heading in capitals over text;
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
# Share of neighbouring lines with more empty lines between them than a wrap, above which
# empty lines set paragraphs apart.
APART_SHARE = 0.05

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
_MARKER_ONLY = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])\s*[.):]$")
# Words that open a paragraph of the opening ("Căn cứ …;", "Thực hiện …,") but also occur inside a
# sentence ("… của Luật Thực hiện dân chủ ở cơ sở"): in a wrapped document they start a line only
# after a line that ends a sentence or a clause.
_OPENER = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Theo đề nghị|Xét đề nghị)\b")
_MID_SENTENCE = re.compile(r"[\w”)]$")
_RULE = re.compile(r"^[\s\-_=~.…*|]*$")  # blank, "-----", "|", "** **": no text on the line
# A column gap inside a flattened letterhead line: wide spaces after text and before a capital
# (not a line's indentation), not a blank left to be filled in a draft ("Số:      /KH-UBND",
# "ngày    tháng    năm 2024").
_GAP = re.compile(r"(?<=[^:\s])(?<!\bngày)(?<!\btháng)(?<!\bnăm)(?<!\bsố)(?<!\bSố)( {3,}|\t+ *)"
                  r"(?=[A-ZĐÀ-ỸÂĂÊÔƠƯ])")
_TYPE_HEADING = re.compile(
    r"^(?:KẾ HOẠCH|CHƯƠNG TRÌNH|QUYẾT ĐỊNH|CHỈ THỊ|NGHỊ QUYẾT|KẾT LUẬN|QUY ĐỊNH|QUY CHẾ|"
    r"HƯỚNG DẪN|ĐỀ ÁN|BÁO CÁO|THÔNG BÁO|CÔNG VĂN|NGHỊ ĐỊNH|THÔNG TƯ|PHƯƠNG ÁN|TỜ TRÌNH)\b")
_TYPE_LINE = re.compile(_TYPE_HEADING.pattern + r"\s*$")
# The first words of a body's name in a letterhead: a line starting so is a body of its own
# ("ỦY BAN NHÂN DÂN TỈNH X" over "SỞ Y TẾ", "BAN CHẤP HÀNH TRUNG ƯƠNG" over "BAN TUYÊN GIÁO …").
_BODY_HEAD = re.compile(r"^(?:BAN|SỞ|ỦY BAN|UỶ BAN|UBND|PHÒNG|VĂN PHÒNG|TRUNG TÂM|ĐẢNG ỦY|ĐẢNG UỶ|"
                        r"ĐẢNG BỘ|CHI BỘ|ĐOÀN|HỘI|BỘ|CỤC|TỔNG CỤC|CÔNG AN|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|"
                        r"THÀNH UỶ|HUYỆN ỦY|HUYỆN UỶ|MẶT TRẬN)\b")
_HEADING = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3})\s*[.:)]\s*\S")
_MOTTO = re.compile(r"CỘNG\s*H(?:[OÒ]A|OÀ)|ĐẢNG CỘNG SẢN", re.IGNORECASE)  # (HOÀ: old-style tone)
_MOTTO_LINE = re.compile(r"Độc lập|Hạnh phúc", re.IGNORECASE)
# The end of a place-and-date line broken inside the place name: "Minh, ngày 21 tháng 11 …"
_DATE_LINE_REST = re.compile(r"^[^\W\d_][^,\n]{0,30}, ngày\b")
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


@dataclass(frozen=True, slots=True)
class Spacing:
    """How a document sets its lines apart (see the module docstring)."""

    wrap_gap: int  # empty lines between two lines of one paragraph: 0 or 1
    wrapped: bool  # hard-wrapped: many sentences go on on the next line
    by_blanks: bool  # paragraphs are set apart by more empty lines than wrap_gap


def neighbours(lines: list[RawLine]) -> list[tuple[RawLine, RawLine, int]]:
    """Each pair of successive lines with text, and the number of empty lines between them
    (pairs with a rule, a "|" cell or any other textless mark between them are left out: those
    always separate)."""
    out = []
    prev: RawLine | None = None
    empty = 0
    for ln in lines:
        if not ln.blank:
            if prev is not None and empty >= 0:
                out.append((prev, ln, empty))
            prev, empty = ln, 0
        elif ln.text.strip() or empty < 0:
            empty = -1  # a mark, not an empty line
        else:
            empty += 1
    return out


def spacing(lines: list[RawLine], pairs: list[tuple[RawLine, RawLine, int]]) -> Spacing:
    going_on = [0, 0]  # sentences going on in lower case after 0 and after 1 empty line
    spread = [0, 0, 0]  # pairs with 0, 1, and more empty lines between them
    for _a, b, empty in pairs:
        if empty <= 1:
            text = b.text
            if text[:1].islower() and _starts_lower(text.strip()):
                going_on[empty] += 1
        spread[min(empty, 2)] += 1
    gap = 1 if going_on[1] >= WRAPPED_MIN and going_on[1] > 2 * going_on[0] else 0
    filled = len(pairs) + 1
    wrapped = going_on[gap] >= WRAPPED_MIN and going_on[gap] >= WRAPPED_SHARE * filled
    if gap == 0:  # lines with text followed by a blank (an empty line, a rule, a "|" cell)
        apart = sum(1 for a, b in zip(lines, lines[1:], strict=False) if not a.blank and b.blank)
    else:
        apart = spread[2]
    return Spacing(gap, wrapped, apart >= max(WRAPPED_MIN, APART_SHARE * len(pairs)))


_JOINS_AFTER = re.compile(r"[^\s.;:!?/]$")


def page_break(prev: RawLine, nxt: RawLine) -> bool:
    """PDF text breaks sentences at page ends ("Trung⏎⏎ương Đảng"): empty lines between a word
    and a word in lower case."""
    b = nxt.text.lstrip()
    return b[:1].islower() and _starts_lower(b) and _JOINS_AFTER.search(prev.text.rstrip()) is not None


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


def soft_break(prev: RawLine, nxt: RawLine, *, wrapped: bool, in_header: bool,
               by_blanks: bool = True) -> bool:
    """Whether the line break between two consecutive non-blank lines is only a wrap."""
    a, b = prev.text.strip(), nxt.text.strip()
    if nxt.raw.lstrip().startswith("|") or prev.raw.rstrip().endswith("|"):
        return False
    if len(a) <= 8 and _MARKER_ONLY.match(a):
        return True  # "IV."⏎"PHÂN CÔNG NHIỆM VỤ": a heading's number on a line of its own
    if len(b) <= 8 and _MARKER_ONLY.match(b):
        return False  # … and it starts a line
    if _STARTS.match(b):
        # "… quy định chi tiết một số điều của Luật⏎Thực hiện dân chủ ở cơ sở; Căn cứ …"; where no
        # empty line parts paragraphs, such a line starts one (a title ending "… 2026-2031"
        # over "Căn cứ Luật …")
        return wrapped and by_blanks and not in_header and _OPENER.match(b) is not None and \
            _MID_SENTENCE.search(a) is not None and not _caps(a)
    if in_header:
        if _GAP.search(prev.text) or _GAP.search(nxt.text):
            return False  # columns side by side: split, not joined
        if nxt.raw.lstrip().startswith("**") and not prev.raw.rstrip().endswith("**"):
            return False  # a bold letterhead line under its parent body's plain one
        if _caps(a) and _caps(b) and _BODY_HEAD.match(b) and not _MOTTO.search(a):
            return False  # another body's name under its parent's ("… TRUNG ƯƠNG"⏎"BAN TUYÊN GIÁO")
    if _starts_lower(b):
        return True
    if _HEADING.match(a) and _caps(a) and _caps(b) and not _TERMINAL.search(a):
        return True  # "III. TỔ CHỨC⏎THỰC HIỆN"
    if wrapped and not by_blanks:  # nothing but the text tells a paragraph's end
        if _TYPE_LINE.match(a) or _TYPE_LINE.match(b):
            return False  # the type heading ("KẾ HOẠCH") stands on its own line
        if in_header:
            if (b[:1].isdigit() or _DATE_LINE_REST.match(b)) and not _TERMINAL.search(a) and \
                    not _caps(a) and not _MOTTO_LINE.search(a):
                return True  # "Đồng Tháp, ngày⏎19 tháng 11", "Thành phố Hồ Chí⏎Minh, ngày 21 …"
            if not (_caps(a) and _caps(b)):
                return False
            if _MOTTO.search(a):
                return True  # "CỘNG HÒA XÃ⏎HỘI CHỦ NGHĨA VIỆT NAM"
            # a name in capitals goes on, unless the next line names another body
            return not _BODY_HEAD.match(b) and not _MOTTO.search(b)
        return not _TERMINAL.search(a) and not (_caps(a) and not _caps(b))
    return wrapped


def unwrap(mt: MappedText) -> MappedText:
    """One logical line per paragraph, letterhead columns split; every character of the view
    still maps to the original (the empty lines a join crosses are left out of it)."""
    lines = raw_lines(mt)
    pairs = neighbours(lines)
    how = spacing(lines, pairs)
    header_end = _header_end(lines)
    chars = list(mt.text)
    gone: list[int] = []  # the line breaks of empty lines a join crosses
    for prev, nxt, empty in pairs:
        if empty == how.wrap_gap:
            soft = soft_break(prev, nxt, wrapped=how.wrapped, in_header=nxt.index < header_end,
                              by_blanks=how.by_blanks)
        else:  # farther apart: joined only across a page break inside a sentence
            soft = empty > how.wrap_gap and page_break(prev, nxt)
        if soft:
            chars[prev.start + len(prev.text)] = " "
            if empty:  # the empty lines between: left out
                gone.extend(range(lines[prev.index + 1].start, nxt.start))
    for ln in lines[:header_end]:
        for m in _GAP.finditer(ln.text):
            chars[ln.start + m.start(1)] = "\n"
    if not gone:
        return MappedText(mt.original, "".join(chars), mt.starts, mt.ends, mt.line_starts)
    drop = set(gone)
    keep = [i for i in range(len(chars)) if i not in drop]
    return MappedText(mt.original, "".join(chars[i] for i in keep), [mt.starts[i] for i in keep],
                      [mt.ends[i] for i in keep] if mt.ends is not None else
                      [mt.starts[i] + 1 for i in keep], mt.line_starts)
