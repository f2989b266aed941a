"""The header of a document: its number, date and place, type and title (the issuer is read by
issuer.py from the letterhead this stage delimits).

The header zone is the letterhead and title: the first lines, or, for a page copied from a portal
with its banner and metadata block first, the lines around the national motto or the "Số:" line.
A portal metadata block ("Số hiệu:", "Ngày ban hành:", "Cơ quan ban hành:") stands in for what
the zone lacks, and a news post that names the document only in its headline ("Kế hoạch số
55-KH/BDVTW, ngày 10/6/2022 của Ban Dân vận Trung ương về …") is read from that headline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from directive_kg.reference.registry import Registry

from .bodies import Context, resolve_body
from .citations import TYPE_WORDS, find_mentions, find_numbers
from .dates import find_date, make_date
from .doctypes import DocType, type_by_name
from .lines import Line, evidence_of, line_evidence
from .places import resolve_place
from .records import Body, Evidence, Place, ReadingWarning
from .text import MappedText, clean

TYPE_LINE = re.compile(
    r"^(KẾ HOẠCH|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|QUYẾT ĐỊNH|CHỈ THỊ|NGHỊ QUYẾT|KẾT LUẬN|QUY ĐỊNH|"
    r"QUY CHẾ|HƯỚNG DẪN|ĐỀ ÁN|BÁO CÁO|THÔNG BÁO|CÔNG VĂN|NGHỊ ĐỊNH|THÔNG TƯ)(?=\s|$)(.*)$",
    re.IGNORECASE)
SO_LINE = re.compile(r"^Số\s*:?\s*(?P<rest>[\d/-].*)$")
DATE_LINE = re.compile(
    r"(?P<place>[^\d,;:]{2,60}?(?:\s\d{1,3})?),\s*ngày\b[\s.…_]*(?P<d>\d{1,2})?[\s.…_]*tháng[\s.…_]*"
    r"(?P<m>\d{1,2})?[\s.…_]*năm[\s.…_]*(?P<y>(?:19|20)\d{2})?")
OPENING = re.compile(r"^(Căn cứ|Thực hiện|Triển khai|Để|Nhằm|Theo|Trên cơ sở|Xét|Tiếp tục)\b",
                     re.IGNORECASE)
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\s*[.:]\s*(?P<title>.+)$")
_META = re.compile(  # (?=[…]): the field names' first letters, so most positions fail at once
    r"(?=[sklcnt])(?P<k>Số hiệu|Ký hiệu|Loại văn bản|Cơ quan ban hành|Nơi ban hành|Ngày ban hành|Người ký|"
    r"Trích yếu)\s*:\s*(?P<v>.*?)(?=\s+(?:Số hiệu|Ký hiệu|Loại văn bản|Cơ quan ban hành|"
    r"Nơi ban hành|Ngày ban hành|Người ký|Trích yếu|Tình trạng|Lĩnh vực|Ngày hiệu lực)\s*:|$)",
    re.IGNORECASE)
_AUTHORITY = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|HỘI ĐỒNG NHÂN DÂN|"
                        r"BAN THƯỜNG VỤ|BAN CHẤP HÀNH|BAN THƯỜNG TRỰC|GIÁM ĐỐC|TRƯỞNG BAN)\b")
_KINH_GUI = re.compile(r"^Kính gửi\b", re.IGNORECASE)  # addressee line of a report, not its title
_MOTTO = re.compile(r"^(?:CỘNG\s+H[OÒ]À?\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM)", re.IGNORECASE)
# A news post or portal listing names the document in its headline instead of a letterhead.
_HEADLINE = re.compile(rf"^(?P<w>{TYPE_WORDS})\s+số\s*:?\s*\d", re.IGNORECASE)
_LEVEL_WORD_BEFORE = re.compile(r"\b(tỉnh|huyện|thành phố|thị xã|quận|xã|phường)\s+$")


@dataclass(frozen=True)
class MetaValue:
    """A value of a portal metadata block ("Cơ quan ban hành: …") and its line."""

    value: str
    line: Line


@dataclass(frozen=True)
class NumberRead:
    number: str | None  # canonical; None for a draft or when none is found
    symbol: str | None  # "/KH-UBND" (as normalised)
    symbol_text: str | None  # as printed
    is_draft: bool  # "Số:    /KH-UBND": not signed yet
    doc_type: DocType | None  # the type the symbol's code names
    evidence: Evidence | None


@dataclass(frozen=True)
class DateRead:
    date: date | None
    date_text: str | None  # "ngày 18 tháng 11 năm 2025" (the part after the place)
    year: int | None  # the year printed in the date line (or the portal's date)
    is_draft: bool  # "ngày   tháng   năm 2023"
    place: Place | None  # the date line's place (or the portal's "Nơi ban hành")
    evidence: Evidence | None


@dataclass(frozen=True)
class TitleRead:
    doc_type: DocType | None  # the type its heading names ("KẾ HOẠCH")
    title: str | None
    span: tuple[int, int] | None  # in the normalised text
    evidence: Evidence | None


@dataclass(frozen=True)
class Headline:
    """The document named by a news headline: number, type, date, issuer and title at once."""

    number: NumberRead
    date: DateRead
    title: TitleRead
    issuer: Body | None
    issuer_evidence: Evidence
    warning: ReadingWarning


@dataclass(frozen=True)
class Header:
    zone: list[Line]  # the letterhead and title lines
    meta: dict[str, MetaValue]
    number: NumberRead
    date: DateRead
    title: TitleRead
    headline: Headline | None = None
    warnings: list[ReadingWarning] = field(default_factory=list)

    @property
    def doc_type(self) -> DocType | None:
        """The heading's type; else the one the symbol's code names."""
        return self.title.doc_type or self.number.doc_type

    @property
    def is_draft(self) -> bool:
        return self.number.is_draft or self.date.is_draft


def date_line(text: str) -> re.Match[str] | None:
    """The "<place>, ngày … tháng … năm …" phrase of a line. DATE_LINE tries up to 60 characters of
    place at every position, so a line without its word "ngày" is not searched at all."""
    return DATE_LINE.search(text) if "ngày" in text else None


def read_header(mt: MappedText, lines: list[Line], body_start: int, registry: Registry | None
                ) -> Header:
    zone = header_zone(lines, body_start)
    meta = metadata(lines[: min(body_start, 60)])
    number = read_number(mt, zone, meta)
    dated = read_date(mt, zone, meta, registry)
    title = read_title(mt, zone)
    headline = None
    if number.number is None and not number.is_draft and title.doc_type is None \
            and number.doc_type is None:
        headline = read_headline(mt, lines[: min(body_start, 40)], dated.place)
    if headline is not None:
        return Header(zone, meta, headline.number, headline.date,
                      headline.title if headline.title.span else title, headline, [headline.warning])
    return Header(zone, meta, number, dated, title)


def header_zone(lines: list[Line], body_start: int) -> list[Line]:
    """The letterhead and title zone. A page copied from a portal starts with its banner and
    metadata: the zone then starts a few lines above the national motto or the "Số:" line (the
    issuer's lines stand above or beside the motto) rather than at the top of the file."""
    end = min(body_start, len(lines))
    anchor = next((i for i, ln in enumerate(lines[:end]) if _MOTTO.match(ln.text)), None)
    if anchor is None:
        anchor = next((i for i, ln in enumerate(lines[:end]) if SO_LINE.match(ln.text)), None)
    if anchor is None or anchor < 8:
        return lines[: min(end, 40)]
    return lines[anchor - 8: min(end, anchor + 32)]


def metadata(lines: list[Line]) -> dict[str, MetaValue]:
    """A portal's metadata block, keyed by its field name in lower case ("cơ quan ban hành")."""
    meta: dict[str, MetaValue] = {}
    for ln in lines:
        for m in _META.finditer(ln.text):
            key = clean(m.group("k")).casefold()
            if m.group("v").strip():
                meta.setdefault(key, MetaValue(m.group("v").strip(), ln))
    return meta


def read_number(mt: MappedText, zone: list[Line], meta: dict[str, MetaValue]) -> NumberRead:
    candidates = [(m.group("rest"), ln) for ln in zone if (m := SO_LINE.match(ln.text))]
    for key in ("số hiệu", "ký hiệu"):
        if key in meta:
            candidates.append((meta[key].value, meta[key].line))
    for rest, ln in candidates:
        rest = DATE_LINE.split(rest)[0] if date_line(rest) else rest
        rest = rest.strip()
        found = find_numbers(rest)
        if found and found[0].start == 0:
            number = found[0].number
            return NumberRead(number, re.sub(r"^[\d.]+", "", number), rest[: found[0].end], False,
                              found[0].doc_type, line_evidence(mt, ln))
        if rest.startswith(("/", "-")):
            return NumberRead(None, re.sub(r"\s+", "", rest), rest, True, None, line_evidence(mt, ln))
    return NumberRead(None, None, None, False, None, None)


def read_date(mt: MappedText, zone: list[Line], meta: dict[str, MetaValue],
              registry: Registry | None) -> DateRead:
    """The "<place>, ngày … tháng … năm …" line, else the portal's "Ngày ban hành" and "Nơi ban
    hành"."""
    day = text = year = place = ev = None
    draft = False
    for ln in zone:
        m = date_line(ln.text)
        if not m:
            continue
        place_text = re.sub(r"^.*?(?:/[^\s]*\s+)", "", m.group("place")).strip(" ,")
        day = make_date(m.group("d"), m.group("m"), m.group("y"))
        text = m.group(0)[len(m.group("place")):].strip(" ,")
        year = int(m.group("y")) if m.group("y") else None
        month = int(m.group("m")) if m.group("m") else None
        ev = evidence_of(mt, ln.start + m.start(), ln.start + m.end())
        draft = day is None  # "ngày   tháng   năm 2023": not yet signed
        on = day or make_date(1, month if month and 1 <= month <= 12 else 1, year)
        place = resolve_date_place(place_text, on, mt.text, registry)
        break
    if day is None and "ngày ban hành" in meta:
        found = find_date(meta["ngày ban hành"].value)
        if found:
            day = found[0]
            year = year or day.year
    if place is None and "nơi ban hành" in meta:
        place = resolve_date_place(meta["nơi ban hành"].value, day, mt.text, registry)
    return DateRead(day, text, year, draft, place, ev)


def resolve_date_place(text: str, on: date | None, body_text: str, registry: Registry | None
                       ) -> Place | None:
    """The date line's place, told apart by the level word the text writes before its name."""
    hints: tuple[str, ...] = ()
    w = _level_word_of(clean(text).split(". ")[-1], body_text)
    if w:
        hints = ("province",) if w == "tỉnh" else ("district",) if w in (
            "huyện", "thị xã", "quận", "thành phố") else ("commune",)
    place = resolve_place(text, on=on, hint_levels=hints, registry=registry)
    if place is not None and place.code is None and on is not None:
        place = resolve_place(text, on=None, hint_levels=hints, registry=registry) or place
    return place


def _level_word_of(name: str, text: str) -> str | None:
    """The level word the text first writes before ``name`` ("huyện Chợ Mới"), if any: a plain
    search for the name, case-folded, then a look at the words before it (a regex built per
    document and run over the whole text cost a fifth of the parse)."""
    if not name:
        return None
    low, key = text.casefold(), name.casefold()
    at = low.find(key)
    while at != -1:
        m = _LEVEL_WORD_BEFORE.search(low, max(0, at - 12), at)
        if m:
            return m.group(1)
        at = low.find(key, at + 1)
    return None


def read_title(mt: MappedText, zone: list[Line]) -> TitleRead:
    """The type heading ("KẾ HOẠCH") and the title lines under it."""
    for i, ln in enumerate(zone):
        m = TYPE_LINE.match(ln.text)
        if not m or len(ln.text) > 400:
            continue
        word = m.group(1)
        if word != word.upper() and len(ln.text) > 60:  # body prose, not a type heading
            continue
        dtype = type_by_name(word)
        rest = m.group(2).strip(" :")
        start = ln.start + m.start(2) + (len(m.group(2)) - len(m.group(2).lstrip(" :")))
        end = ln.start + len(ln.text)
        title = [rest] if rest else []
        for nxt in zone[i + 1: i + 6]:
            if OPENING.match(nxt.text) and title:
                break
            if _ROMAN.match(nxt.text) or len(nxt.text) > 300 or SO_LINE.match(nxt.text) or \
                    _KINH_GUI.match(nxt.text):
                break
            if title and _AUTHORITY.match(nxt.text):
                break  # a decision's enacting authority ("ỦY BAN NHÂN DÂN TỈNH …") under its title
            if title and clean(nxt.text).casefold() == clean(" ".join(title)).casefold():
                continue  # portal copies repeat the title
            if nxt.text.isupper() and TYPE_LINE.match(nxt.text):
                continue  # ... and the type heading
            if not re.search(r"\w", nxt.text):
                break  # the rule under the title ("------")
            if not title:
                start = nxt.start
            title.append(nxt.text)
            end = nxt.start + len(nxt.text)
        text = re.sub(r"\s+", " ", " ".join(title)).strip()
        return TitleRead(dtype, text or None, (start, end), evidence_of(mt, start, end) if text else None)
    return TitleRead(None, None, None, None)


def read_headline(mt: MappedText, lines: list[Line], place: Place | None) -> Headline | None:
    """Number, type, date, issuer and title from a headline naming the document."""
    for ln in lines:
        if not _HEADLINE.match(ln.text):
            continue
        found = find_mentions(ln.text)
        if not found or found[0].start != 0 or not found[0].number or found[0].date is None:
            continue
        men = found[0]
        ev = line_evidence(mt, ln)
        symbol_text = ln.text[men.number_start:men.number_start + len(men.number) + 4].split(",")[0]
        number = NumberRead(men.number, re.sub(r"^[\d.]+", "", men.number), symbol_text, False,
                            men.doc_type, ev)
        dated = DateRead(men.date, None, men.date.year, False, place, ev)
        about = re.split(r"\bvề\s+", ln.text[men.number_start:], maxsplit=1)
        title = TitleRead(men.doc_type, about[1].strip(" .") if len(about) == 2 else men.subject,
                          (ln.start, ln.start + len(ln.text)), ev)
        issuer = resolve_body(men.issuer_text, Context(place=place)) if men.issuer_text else None
        warning = ReadingWarning("header-from-headline", "number, date and issuer read from a "
                                 "headline, not a letterhead", ln.no, incomplete=False)
        return Headline(number, dated, title, issuer, ev, warning)
    return None
