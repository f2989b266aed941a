"""parse_document: one document's text → a :class:`~.records.Document` with evidence.

Pipeline: map_text (normalise, keep offsets) → header (number, place, date, type, title,
issuer) → sections → citations with roles → tasks → obligations → recipients and signer."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from .bodies import Context, resolve_body
from .citations import TYPE_WORDS, Mention, find_mentions, find_numbers, issuer_from_series
from .dates import make_date
from .doctypes import type_by_name
from .layout import unwrap
from .obligations import Paragraph, obligations_of, split_addressees
from .places import resolve_place, resolve_place_under
from .records import Body, Citation, Document, Evidence, Place, Signer, Task
from .text import MappedText, clean, fold, join_page_breaks, map_text

PARSER_VERSION = "4"  # 4: addressee classes carry the kinds they name (issue 20)
_ROLE_RANK = {"implements": 0, "based_on": 1, "cites": 2}
_TYPE_LINE = re.compile(
    r"^(KẾ HOẠCH|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|QUYẾT ĐỊNH|CHỈ THỊ|NGHỊ QUYẾT|KẾT LUẬN|QUY ĐỊNH|"
    r"QUY CHẾ|HƯỚNG DẪN|ĐỀ ÁN|BÁO CÁO|THÔNG BÁO|CÔNG VĂN|NGHỊ ĐỊNH|THÔNG TƯ)(?=\s|$)(.*)$",
    re.IGNORECASE)
_SO_LINE = re.compile(r"^Số\s*:?\s*(?P<rest>[\d/-].*)$")
_DATE_LINE = re.compile(
    r"(?P<place>[^\d,;:]{2,60}?(?:\s\d{1,3})?),\s*ngày\b[\s.…_]*(?P<d>\d{1,2})?[\s.…_]*tháng[\s.…_]*"
    r"(?P<m>\d{1,2})?[\s.…_]*năm[\s.…_]*(?P<y>(?:19|20)\d{2})?")
_OPENING = re.compile(r"^(Căn cứ|Thực hiện|Triển khai|Để|Nhằm|Theo|Trên cơ sở|Xét|Tiếp tục)\b",
                      re.IGNORECASE)
_SEGMENT = re.compile(r"(?:^|[;,.]\s*|\n)\s*(Căn cứ|Thực hiện|Triển khai|Theo đề nghị|Xét)\b",
                      re.IGNORECASE)
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\s*[.:]\s*(?P<title>.+)$")
_ITEM = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s*(?P<title>.*)$")
_POINT = re.compile(r"^(?P<num>[a-zđ])\s*\)\s*(?P<title>.+)$")
_ISSUER_SENTENCE = re.compile(
    r"(?:^|[;,.]\s+|\n)(?P<body>[^;,.\n]{3,160}?)\s+(?:(?:ban hành|xây dựng|triển khai xây dựng)\s+"
    r"(?:kế hoạch|chương trình|quyết định|hướng dẫn)|báo cáo\s+(?:kết quả|tình hình))", re.IGNORECASE)
_SIGN_AUTH = re.compile(r"^(TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\.?\s+(.+)$")
_META = re.compile(
    r"(?P<k>Số hiệu|Ký hiệu|Loại văn bản|Cơ quan ban hành|Nơi ban hành|Ngày ban hành|Người ký|"
    r"Trích yếu)\s*:\s*(?P<v>.*?)(?=\s+(?:Số hiệu|Ký hiệu|Loại văn bản|Cơ quan ban hành|"
    r"Nơi ban hành|Ngày ban hành|Người ký|Trích yếu|Tình trạng|Lĩnh vực|Ngày hiệu lực)\s*:|$)",
    re.IGNORECASE)
_COMMA_NAME_HEAD = re.compile(
    r"(?:^|[;.\n]\s*|,\s+)((?:Sở|Trung tâm|Phòng|Ban|Chi cục)\s[^;,.\n\d]{1,60},\s*)$")
_AUTHORITY = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|HỘI ĐỒNG NHÂN DÂN|"
                        r"BAN THƯỜNG VỤ|BAN CHẤP HÀNH|BAN THƯỜNG TRỰC|GIÁM ĐỐC|TRƯỞNG BAN)\b")
_KINH_GUI = re.compile(r"^Kính gửi\b", re.IGNORECASE)  # addressee line of a report, not its title
_UNIT_WORD = r"tỉnh|huyện|thành phố|thị xã|thị trấn|quận|xã|phường|đặc khu"
# The national name and motto, not "XÃ ĐỘC LẬP" or "XÃ CỘNG HÒA" (communes); also when a narrow
# letterhead cell wraps it ("… XÃ HỘI CHỦ / NGHĨA VIỆT NAM").
_SKIP_LETTERHEAD = re.compile(r"cộng h[òo]a?\s+xã hội|cộng hoà\s+xã hội|nghĩa việt nam|độc lập\s*-|"
                              r"đảng cộng sản|"
                              r"^[-*_=\s]*$", re.I)


@dataclass(frozen=True)
class Line:
    no: int  # 1-based original line
    start: int  # offset in the normalised text
    text: str  # normalised, stripped


def _lines(mt: MappedText) -> list[Line]:
    out, pos = [], 0
    for raw in mt.text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(mt.line_of(pos + lead), pos + lead, stripped))
        pos += len(raw) + 1
    return out


def _evidence(mt: MappedText, start: int, end: int) -> Evidence:
    a, b = mt.span(start, end)
    raw = mt.original[a:b]
    # Trim surrounding whitespace but keep the offsets pointing at exactly the quoted text.
    a += len(raw) - len(raw.lstrip())
    b -= len(raw) - len(raw.rstrip())
    return Evidence(mt.line_of(start), mt.original[a:b], a, max(a, b))


def parse_text(text: str, source: str = "<text>", *, sha256: str | None = None,
               encoding: str = "utf-8", registry=None, source_format: str = "text",
               conversions: tuple[str, ...] | list[str] = ()) -> Document:
    """Parse one document. Never raises on odd text: problems become ``warnings``."""
    mt = unwrap(join_page_breaks(map_text(text)))
    digest = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    lines = _lines(mt)
    doc = Document(source=source, sha256=digest, doc_type=None, doc_code=None, number=None,
                   symbol=None, symbol_text=None, is_draft=False, issuer=None, parent_body=None,
                   place=None, date=None, date_text=None, year=None, title=None,
                   encoding=encoding, source_format=source_format, conversions=list(conversions),
                   parser_version=PARSER_VERSION)
    sections_start = next((i for i, ln in enumerate(lines) if _ROMAN.match(ln.text)), len(lines))
    header = _header_lines(lines, sections_start)
    meta = _metadata(lines[: min(sections_start, 60)])
    _number(doc, mt, header, meta)
    _place_and_date(doc, mt, header, meta, registry)
    title_span = _type_and_title(doc, mt, header)
    if doc.number is None and not doc.is_draft and doc.doc_type is None:
        title_span = _headline(doc, mt, lines[: min(sections_start, 40)]) or title_span
    if doc.year is None and doc.date:
        doc.year = doc.date.year
    letterhead = _letterhead(header)
    ctx = Context(place=doc.place)
    opening_end = lines[sections_start].start if sections_start < len(lines) else len(mt.text)
    opening_start = title_span[1] if title_span else (header[-1].start if header else 0)
    _issuer(doc, mt, ctx, letterhead, meta, opening_start, opening_end, lines)
    mentions = find_mentions(mt.text)
    _place_from_letterhead(doc, registry, _provinces_named(mentions))
    ctx = Context(place=doc.place, issuer=doc.issuer)
    doc.citations = _citations(mt, mentions, ctx, title_span, opening_start, opening_end, doc)
    doc.year, doc.horizon = _plan_year(doc, mt, mentions, title_span, opening_start)
    sections = _sections(lines[sections_start:], mt)
    doc.tasks = _tasks(sections, mt)
    doc.obligations = _obligations(sections, ctx, doc.issuer, mt)
    doc.recipients, doc.signer = _closing(lines, mt)
    if doc.issuer is None and doc.signer and doc.signer.authority:
        _issuer_from_signature(doc, ctx, lines)
    for field_name in ("doc_type", "issuer", "year"):
        if getattr(doc, field_name) is None:
            doc.warnings.append(f"no {field_name.replace('_', ' ')} found")
    return doc


_MOTTO = re.compile(r"^(?:CỘNG\s+H[OÒ]À?\s+XÃ\s+HỘI|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM)", re.IGNORECASE)


def _header_lines(lines: list[Line], sections_start: int) -> list[Line]:
    """The letterhead and title zone. A page copied from a portal starts with its banner and
    metadata: the zone then starts a few lines above the national motto or the "Số:" line (the
    issuer's lines stand above or beside the motto) rather than at the top of the file."""
    end = min(sections_start, len(lines))
    anchor = next((i for i, ln in enumerate(lines[:end]) if _MOTTO.match(ln.text)), None)
    if anchor is None:
        anchor = next((i for i, ln in enumerate(lines[:end]) if _SO_LINE.match(ln.text)), None)
    if anchor is None or anchor < 8:
        return lines[: min(end, 40)]
    return lines[anchor - 8: min(end, anchor + 32)]


# A news post or portal listing names the document in its headline instead of a letterhead:
# "Kế hoạch số 55-KH/BDVTW, ngày 10/6/2022 của Ban Dân vận Trung ương về …".
_HEADLINE = re.compile(rf"^(?P<w>{TYPE_WORDS})\s+số\s*:?\s*\d", re.IGNORECASE)


def _headline(doc: Document, mt: MappedText, lines: list[Line]) -> tuple[int, int] | None:
    """Number, type, date, issuer and title from such a headline; its span (the title's)."""
    for ln in lines:
        if not _HEADLINE.match(ln.text):
            continue
        found = find_mentions(ln.text)
        if not found or found[0].start != 0 or not found[0].number or found[0].date is None:
            continue
        men = found[0]
        doc.number = men.number
        doc.symbol = re.sub(r"^[\d.]+", "", men.number)
        doc.symbol_text = ln.text[men.number_start:men.number_start + len(men.number) + 4].split(",")[0]
        if men.doc_type is not None:
            doc.doc_type, doc.doc_code = men.doc_type.name, men.doc_type.code
        doc.date, doc.year = men.date, men.date.year
        doc.date_text = None
        if men.issuer_text:
            doc.issuer = resolve_body(men.issuer_text, Context(place=doc.place))
            doc.evidence["issuer"] = _evidence(mt, ln.start, ln.start + len(ln.text))
        about = re.split(r"\bvề\s+", ln.text[men.number_start:], maxsplit=1)
        doc.title = about[1].strip(" .") if len(about) == 2 else men.subject
        for key in ("number", "date", "title"):
            doc.evidence[key] = _evidence(mt, ln.start, ln.start + len(ln.text))
        doc.warnings.append(f"header-from-headline: line {ln.no}: number, date and issuer read from "
                            f"a headline, not a letterhead")
        return ln.start, ln.start + len(ln.text)
    return None


def _metadata(header: list[Line]) -> dict[str, tuple[str, Line]]:
    meta: dict[str, tuple[str, Line]] = {}
    for ln in header:
        for m in _META.finditer(ln.text):
            key = clean(m.group("k")).casefold()
            if m.group("v").strip():
                meta.setdefault(key, (m.group("v").strip(), ln))
    return meta


def _number(doc: Document, mt: MappedText, header: list[Line], meta: dict) -> None:
    candidates = [(m.group("rest"), ln) for ln in header if (m := _SO_LINE.match(ln.text))]
    for key in ("số hiệu", "ký hiệu"):
        if key in meta:
            candidates.append((meta[key][0], meta[key][1]))
    for rest, ln in candidates:
        rest = _DATE_LINE.split(rest)[0] if _DATE_LINE.search(rest) else rest
        rest = rest.strip()
        found = find_numbers(rest)
        if found and found[0][0] == 0:
            number = found[0][2]
            doc.number = number
            doc.symbol = re.sub(r"^\d+", "", number)
            doc.symbol_text = rest[: found[0][1]]
            code_type = found[0][3]
            if code_type and doc.doc_type is None:
                doc.doc_type, doc.doc_code = code_type.name, code_type.code
            doc.evidence["number"] = _evidence(mt, ln.start, ln.start + len(ln.text))
            return
        if rest.startswith(("/", "-")):
            doc.is_draft = True
            doc.symbol_text = rest
            doc.symbol = re.sub(r"\s+", "", rest)
            doc.evidence["number"] = _evidence(mt, ln.start, ln.start + len(ln.text))
            return


def _place_and_date(doc: Document, mt: MappedText, header: list[Line], meta: dict,
                    registry) -> None:
    for ln in header:
        m = _DATE_LINE.search(ln.text)
        if not m:
            continue
        place_text = re.sub(r"^.*?(?:/[^\s]*\s+)", "", m.group("place")).strip(" ,")
        doc.date = make_date(m.group("d"), m.group("m"), m.group("y"))
        doc.date_text = m.group(0)[len(m.group("place")):].strip(" ,")
        year = int(m.group("y")) if m.group("y") else None
        month = int(m.group("m")) if m.group("m") else None
        doc.evidence["date"] = _evidence(mt, ln.start + m.start(), ln.start + m.end())
        if doc.date is None:  # "ngày   tháng   năm 2023": not yet signed
            doc.is_draft = True
        on = doc.date or make_date(1, month if month and 1 <= month <= 12 else 1, year)
        doc.year = year
        doc.place = _resolve_place(place_text, on, mt.text, registry)
        break
    if doc.date is None and "ngày ban hành" in meta:
        from .dates import find_date

        found = find_date(meta["ngày ban hành"][0])
        if found:
            doc.date = found[0]
            doc.year = doc.year or doc.date.year
    if doc.place is None and "nơi ban hành" in meta:
        doc.place = _resolve_place(meta["nơi ban hành"][0], doc.date, mt.text, registry)


def _resolve_place(text: str, on: date | None, body_text: str, registry) -> Place | None:
    hints: tuple[str, ...] = ()
    word_names = re.findall(r"\b(tỉnh|huyện|thành phố|thị xã|quận|xã|phường)\s+" +
                            re.escape(clean(text).split(". ")[-1]), body_text, re.I)
    if word_names:
        w = word_names[0].lower()
        hints = ("province",) if w == "tỉnh" else ("district",) if w in (
            "huyện", "thị xã", "quận", "thành phố") else ("commune",)
    place = resolve_place(text, on=on, hint_levels=hints, registry=registry)
    if place is not None and place.code is None and on is not None:
        place = resolve_place(text, on=None, hint_levels=hints, registry=registry) or place
    return place


def _type_and_title(doc: Document, mt: MappedText, header: list[Line]) -> tuple[int, int] | None:
    for i, ln in enumerate(header):
        m = _TYPE_LINE.match(ln.text)
        if not m or len(ln.text) > 400:
            continue
        word = m.group(1)
        if word != word.upper() and len(ln.text) > 60:  # body prose, not a type heading
            continue
        dtype = type_by_name(word)
        if dtype:
            doc.doc_type, doc.doc_code = dtype.name, dtype.code or doc.doc_code
        parts: list[Line] = []
        rest = m.group(2).strip(" :")
        start = ln.start + m.start(2) + (len(m.group(2)) - len(m.group(2).lstrip(" :")))
        end = ln.start + len(ln.text)
        title = [rest] if rest else []
        for nxt in header[i + 1: i + 6]:
            if _OPENING.match(nxt.text) and title:
                break
            if _ROMAN.match(nxt.text) or len(nxt.text) > 300 or _SO_LINE.match(nxt.text) or \
                    _KINH_GUI.match(nxt.text):
                break
            if title and _AUTHORITY.match(nxt.text):
                break  # a decision's enacting authority ("ỦY BAN NHÂN DÂN TỈNH …") under its title
            if title and clean(nxt.text).casefold() == clean(" ".join(title)).casefold():
                continue  # portal copies repeat the title
            if nxt.text.isupper() and _TYPE_LINE.match(nxt.text):
                continue  # ... and the type heading
            if not re.search(r"\w", nxt.text):
                break  # the rule under the title ("------")
            if not title:
                start = nxt.start
            title.append(nxt.text)
            parts.append(nxt)
            end = nxt.start + len(nxt.text)
        text = re.sub(r"\s+", " ", " ".join(title)).strip()
        if text:
            doc.title = text
            doc.evidence["title"] = _evidence(mt, start, end)
        return start, end
    return None


def _letterhead(header: list[Line]) -> list[Line]:
    out = []
    for i, ln in enumerate(header):
        if _SO_LINE.match(ln.text) or _TYPE_LINE.match(ln.text) or _DATE_LINE.search(ln.text):
            break
        if _META.search(ln.text) or _SKIP_LETTERHEAD.search(ln.text):
            continue
        nxt = header[i + 1].text if i + 1 < len(header) else ""
        if _SKIP_LETTERHEAD.search(f"{ln.text} {nxt}") and not _SKIP_LETTERHEAD.search(nxt):
            continue  # the motto's first word alone on its line ("CỘNG⏎HÒA XÃ HỘI …")
        letters = [c for c in ln.text if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(ln.text) < 80:
            out.append(ln)
    return out


# A syllable (accents folded): up to three onset consonants, one to three vowels, up to two final
# consonants; loose enough for minority-language names (KRÔNG, ĐAK SMAR). Upper-case words that
# are not syllables are acronyms (UBND, HĐND, VHTT); "GIANG", "NA", "THAO" are words.
_SYLLABLE = re.compile(r"[b-df-hj-np-tv-xz]{0,3}[aeiouy]{1,3}[b-df-hj-np-tv-xz]{0,2}")
_SUB_UNIT_HEAD = ("sở", "ban", "phòng", "đài", "trường", "trung tâm", "chi cục", "thanh tra",
                  "bệnh viện", "văn phòng")
_LEVEL_WORDS = ("tỉnh", "huyện", "phố", "xã", "phường", "quận", "trấn", "khu")


def _is_acronym(word: str) -> bool:
    if re.fullmatch(r"[B-DF-HJ-NP-TV-XZĐ]", word):  # a spaced-out acronym: "T D T T"
        return True
    if not re.fullmatch(r"[A-ZĐ']{2,6}(?:-[A-ZĐ]+)*", word):
        return False
    return not _SYLLABLE.fullmatch(fold(word).replace(" ", "").replace("'", ""))


def _title_case(caps: str) -> str:
    """'UBND TỈNH KIÊN GIANG' → 'UBND tỉnh Kiên Giang' (keeps acronyms); a unit's field words
    start with a capital: 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH' → 'Sở Văn hóa, Thể thao và Du lịch'."""
    words = caps.split()
    out: list[str] = []
    after_level = cap_next = False
    for i, w in enumerate(words):
        lw = w.lower()
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        is_level = lw in _LEVEL_WORDS and not (lw == "xã" and nxt.startswith("hội"))
        if _is_acronym(w):
            out.append(w)
        elif is_level or (lw, nxt) in (("thành", "phố"), ("thị", "xã"), ("thị", "trấn"),
                                        ("đặc", "khu")):
            out.append(lw)
        elif after_level or cap_next:
            out.append(w[0] + w[1:].lower())
        else:
            out.append(lw)
        cap_next = False
        if is_level:
            after_level = True
        head = " ".join(x.lower() for x in words[: i + 1])
        if head in _SUB_UNIT_HEAD or lw == "và" or w.endswith(",") or w == "-":
            cap_next = True
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _issuer(doc: Document, mt: MappedText, ctx: Context, letterhead: list[Line], meta: dict,
            opening_start: int, opening_end: int, lines: list[Line]) -> None:
    if letterhead:
        names: list[tuple[str, Line]] = []
        for ln in letterhead:
            text = _title_case(ln.text)
            if names and re.match(rf"^({_UNIT_WORD})\b", text, re.I):
                names[-1] = (names[-1][0] + " " + text, names[-1][1])
            else:
                names.append((text, ln))
        parent = resolve_body(names[0][0], ctx) if len(names) > 1 else None
        own = names[-1][0]
        if parent is not None and not re.search(_UNIT_WORD, own, re.I):
            own = _under_parent(own, parent)
        doc.issuer = resolve_body(own, Context(place=doc.place, issuer=parent))
        doc.parent_body = parent
        doc.evidence["issuer"] = _evidence(mt, letterhead[0].start,
                                           letterhead[-1].start + len(letterhead[-1].text))
    elif "cơ quan ban hành" in meta:
        value, ln = meta["cơ quan ban hành"]
        doc.issuer = resolve_body(value, ctx)
        doc.evidence["issuer"] = _evidence(mt, ln.start, ln.start + len(ln.text))
    else:
        opening = mt.text[opening_start:opening_end]
        for m in _ISSUER_SENTENCE.finditer(opening):
            body = m.group("body").strip()
            if re.search(r"\d", body) or len(body.split()) > 14:
                continue
            a = opening_start + m.start("body")
            # A unit name with a comma: "Sở Văn hóa, Thể thao và Du lịch ban hành ..."
            head = _COMMA_NAME_HEAD.search(opening[: m.start("body")])
            if head:
                body = head.group(1) + body
                a = opening_start + head.start(1)
            doc.issuer = resolve_body(body, ctx)
            doc.evidence["issuer"] = _evidence(mt, a, opening_start + m.end())
            break
    if doc.issuer is not None and doc.parent_body is None and doc.issuer.parent:
        doc.parent_body = resolve_body(doc.issuer.parent, ctx)


def _under_parent(own: str, parent: Body) -> str:
    """The issuing body's full name from a two-line letterhead (Decree 30/2020: the governing
    body above, the issuing one below): "Sở Nội vụ" under UBND tỉnh X is "Sở Nội vụ tỉnh X";
    "Văn phòng" under it is "Văn phòng UBND tỉnh X"; an organ of a Party committee, of the
    Fatherland Front or of a mass organisation takes the parent's whole name ("Ban Thường trực
    Ủy ban MTTQ Việt Nam xã X", "Ban Dân vận Tỉnh ủy X"); an organ under the Party's Central
    Committee is "… Trung ương" ("Ban Tuyên giáo và Dân vận Trung ương")."""
    low = own.casefold()
    if parent.kind == "people_committee":
        if low.startswith("văn phòng"):
            return f"Văn phòng {parent.name}"
        if parent.place and " nhân dân " in parent.name:
            word = parent.name.split(" nhân dân ", 1)[-1].rsplit(" " + parent.place, 1)[0]
            return f"{own} {word} {parent.place}"
        return own
    if parent.kind == "central" and parent.name == "Ban Chấp hành Trung ương Đảng":
        if low.startswith("văn phòng"):
            return "Văn phòng Trung ương Đảng"
        if low.startswith(("ban ", "ủy ban kiểm tra")):
            return f"{own} Trung ương"
        return own
    if parent.kind in ("party_committee", "front_committee") or \
            re.match(r"^(?:Hội|Đoàn|Liên đoàn|Liên hiệp|Ủy ban)\b", parent.name):
        if re.match(r"^(?:Ban|Văn phòng|Thường trực|Ủy ban Kiểm tra)\b", own, re.I):
            return f"{own} {parent.name}"
    return own


def _provinces_named(mentions: list[Mention]) -> tuple[str, ...]:
    """Provinces the document's citations name as issuers ("Kế hoạch số 80/KH-UBND … của UBND
    tỉnh Tây Ninh"; "thành phố X" may be a centrally-run city: the registry decides later)."""
    names: list[str] = []
    for men in mentions:
        if not men.issuer_text:
            continue
        body = resolve_body(men.issuer_text)
        if body.place and (body.level == "province" or " thành phố " in f" {body.name} ") \
                and body.place not in names:
            names.append(body.place)
    return tuple(names)


def _place_from_letterhead(doc: Document, registry, provinces: tuple[str, ...] = ()) -> None:
    """The date line's place is ambiguous ("Chợ Mới, ngày …": a district in Bắc Kạn and in An
    Giang, and a town of the Bắc Kạn one; "Long Phú": a district, its town and one of its
    communes): the letterhead's issuer ("UBND THỊ TRẤN LONG PHÚ", type word included) and its
    parent line ("UBND HUYỆN LONG PHÚ") settle it. When even the pair is not unique (Thị trấn
    Châu Thành of Huyện Châu Thành is in Tây Ninh and in Sóc Trăng), the provinces the
    document's citations name (``provinces``: its province's plan "của UBND tỉnh Tây Ninh")
    decide."""
    place, issuer, parent = doc.place, doc.issuer, doc.parent_body
    if place is None:
        return
    level = issuer.level if issuer is not None and issuer.kind == "people_committee" and \
        issuer.level in ("province", "district", "commune") else None
    if place.code and (level is None or place.level == level):
        return
    on = doc.date or (date(doc.year, 1, 1) if doc.year else None)
    query = place.as_written
    if level is not None and issuer is not None and issuer.place and " nhân dân " in issuer.name:
        query = issuer.name.split(" nhân dân ", 1)[1]  # "thị trấn Long Phú"
        again = resolve_place(query, on=on, hint_levels=(level,), registry=registry)
        if again is not None and again.code and again.level == level:
            doc.place = again
            return
    if parent is None or not parent.place or parent.level not in ("province", "district"):
        return
    # "UBND THÀNH PHỐ CẦN THƠ" above a district: a city of province rank
    parent_levels = [parent.level] + (["province"] if parent.level == "district" and
                                      " thành phố " in f" {parent.name} " else [])
    parent_query = parent.name.split(" nhân dân ", 1)[1] if " nhân dân " in parent.name else \
        parent.place  # "huyện Tân Châu", not the thị xã of the same name
    for parent_level in parent_levels:
        found = resolve_place_under(query, parent_query, parent_level, level=level, on=on,
                                    registry=registry, provinces=provinces)
        if found is not None and (level is None or found.level == level):
            doc.place = found
            return
    if level is not None and place.level not in (None, level):
        # The date line named another unit (a district "Phú Mỹ" for the town "Phú Mỹ"): keep the
        # name, drop the wrong unit.
        doc.place = Place(place.as_written, place.short, place.short, level)


def _issuer_from_signature(doc: Document, ctx: Context, lines: list[Line]) -> None:
    """'TM. ỦY BAN NHÂN DÂN' signs for the body of the document's place; else the symbol's
    series code (UBND, VPUBND, ...) names it."""
    block = doc.signer.evidence.text if doc.signer and doc.signer.evidence else ""
    m = re.search(r"(?m)^[*_\s]*(?:TM|T/M)\.?\s+([^*_\n]+)", block)
    if m:
        doc.issuer = resolve_body(_title_case(m.group(1).strip()), ctx)
    elif doc.symbol:
        series = doc.symbol.split("-", 1)[-1].split("/")[-1]
        doc.issuer = issuer_from_series(series, ctx)


def _citations(mt: MappedText, mentions: list[Mention], ctx: Context,
               title_span: tuple[int, int] | None, opening_start: int, opening_end: int,
               doc: Document) -> list[Citation]:
    opening = mt.text[opening_start:opening_end]
    segments = [(opening_start + m.start(1), m.group(1).casefold())
                for m in _SEGMENT.finditer(opening)]
    has_thuc_hien = any(s[1] in ("thực hiện", "triển khai") for s in segments)
    def carried_out_by_title(men: Mention) -> bool:
        """"(Kế hoạch) thực hiện / triển khai <instrument>" in the title, also after "Ban hành
        Kế hoạch" in a decision that issues a plan."""
        return bool(title_span and title_span[0] <= men.number_start < title_span[1] and
                    _CARRIES_OUT.search(mt.text[title_span[0]:men.number_start]))

    title_implements = any(carried_out_by_title(m) for m in mentions)
    merged: dict[str, Citation] = {}
    own_zone_end = title_span[0] if title_span else opening_start
    nested = _nested_mentions(mt.text, mentions, title_span, opening_start, opening_end)
    for men in mentions:
        if doc.number and men.number == doc.number and _is_own_number(men, own_zone_end, ctx, doc):
            continue
        role = "cites"
        if id(men) in nested:
            role = "cites"  # named inside another citation's subject: that one's parent, not ours
        elif title_span and title_span[0] <= men.number_start < title_span[1]:
            role = "implements" if carried_out_by_title(men) else "cites"
        elif opening_start <= men.number_start < opening_end:
            mode = next((s[1] for s in reversed(segments) if s[0] <= men.start), "căn cứ")
            if mode in ("thực hiện", "triển khai"):
                role = "implements"
            elif not has_thuc_hien and not title_implements and men.doc_type is not None and \
                    men.doc_type.code in ("KH", "CTr"):
                role = "implements"  # the specific plan named among the bases
            else:
                role = "based_on"
        issuer = resolve_body(men.issuer_text, ctx) if men.issuer_text else \
            issuer_from_series(men.series_code, ctx)
        ev = _evidence(mt, men.start, men.end)
        cit = Citation(number=men.number, doc_type=men.doc_type.name if men.doc_type else None,
                       doc_code=(men.doc_type.code or None) if men.doc_type else None,
                       date=men.date, year=men.year, issuer=issuer, issuer_text=men.issuer_text,
                       subject=men.subject, role=role, evidence=ev, name=men.name,
                       implements=men.implements, mentions=[ev.line], key=men.key)
        key = _merge_key(men, issuer, merged)
        old = merged.get(key)
        if old is None:
            cit.key = key
            merged[key] = cit
            continue
        old.mentions.append(ev.line)
        if _ROLE_RANK[role] < _ROLE_RANK[old.role]:
            old.role, old.evidence = role, ev
        for f in ("date", "year", "subject", "implements", "name"):
            if getattr(old, f) is None and getattr(cit, f) is not None:
                setattr(old, f, getattr(cit, f))
        if old.issuer_text is None and cit.issuer_text is not None:
            old.issuer, old.issuer_text = cit.issuer, cit.issuer_text
    citations = list(merged.values())
    if not any(c.role == "implements" for c in citations):
        _scheme_named_in_title(doc.title, citations)
    return citations


_CARRIES_OUT = re.compile(r"\b(?:thực hiện|triển khai)\b", re.IGNORECASE)
# Words that open the description of a cited instrument ("Kế hoạch số 17/KH-UBND … về thực hiện
# Nghị quyết số 71/NQ-CP"): an instrument named after one of them is described, not cited beside.
_SUBJECT_WORDS = re.compile(r"\b(?:về|thực hiện|triển khai|phê duyệt|ban hành|sửa đổi|hướng dẫn|"
                            r"quy định|cụ thể hóa|cụ thể hoá)\b", re.IGNORECASE)


# The plan's own horizon: "giai đoạn 2026 - 2030", "2026-2028", "đến năm 2030" (not an elected
# body's term, "nhiệm kỳ 2026 - 2031"); a year named alone: "năm 2025".
_RANGE = re.compile(r"(?<!nhiệm kỳ )(?<!\d)(?P<a>(?:19|20)\d{2})\s*-\s*(?P<b>(?:19|20)\d{2})(?!\d)", re.I)
_UNTIL = re.compile(r"(?:đến|tới)\s+năm\s+(?P<b>(?:19|20)\d{2})\b", re.I)
_YEAR_ALONE = re.compile(r"\bnăm\s+(?P<y>(?:19|20)\d{2})\b", re.I)
# A date in a later year scheduled in the text: 31/5/2026, tháng 01/2026, tháng 3 năm 2026, Quý I/2026.
_LATER_DATE = re.compile(r"(?:\b\d{1,2}/\d{1,2}/|\btháng\s+\d{1,2}\s*/\s*|\btháng\s+\d{1,2}\s+năm\s+|"
                         r"\bquý\s+[IV]{1,3}\s*/\s*)(?P<y>(?:19|20)\d{2})\b", re.I)


_CITED_DATE = re.compile(r"\S+\s*,?\s*(?:ban hành\s+)?ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+năm\s+|"
                         r"\s*[/.-]\s*\d{1,2}\s*[/.-]\s*)(?:19|20)\d{2}", re.I)


def _plan_year(doc: Document, mt: MappedText, mentions: list[Mention],
               title_span: tuple[int, int] | None, opening_start: int) -> tuple[int | None, str | None]:
    """(the year the plan is for, the multi-year horizon as written). A single year the title
    names wins ("… năm 2025"; "kiểm kê … thời điểm 0h00 ngày 01 tháng 01 năm 2026"); a plan whose
    title or text sets a horizon beyond its year of issue ("giai đoạn 2026 - 2030", "đến năm 2035")
    or schedules work in a later year (a timeline across years) is for no single year (None);
    otherwise the year of issue. Years inside a citation (its date, its subject) do not count."""
    issued = doc.year  # the date line's year, or the portal's
    text = mt.text
    numbered = [m.number_start for m in mentions if m.number]

    def free(pos: int) -> bool:
        """Not the date of a cited instrument ("Chỉ thị số 33/CT-TTg ngày 26/11/2021")."""
        return not any(0 <= pos - a < 90 and _CITED_DATE.fullmatch(text[a:pos + 9].rstrip())
                       for a in numbered)

    title = text[title_span[0]:title_span[1]] if title_span else ""
    t0 = title_span[0] if title_span else 0
    horizon = None
    spans = [m for rx in (_RANGE, _UNTIL) for m in rx.finditer(title)
             if free(t0 + m.start()) and not _is_cited_horizon(title, m.start())]
    if spans:
        horizon = spans[0].group(0)
    else:
        alone = [m for m in _YEAR_ALONE.finditer(title) if free(t0 + m.start())
                 and not re.search(r"(?:đến|tới)\s+$", title[:m.start()], re.I)]
        if alone:
            return int(alone[-1].group("y")), None
    if horizon is None and issued is not None:
        body = text[opening_start:]
        for rx in (_RANGE, _UNTIL):
            for m in rx.finditer(body):
                if int(m.group("b")) > issued and free(opening_start + m.start()) and \
                        not _is_cited_horizon(body, m.start()):
                    horizon = m.group(0)
                    break
            if horizon:
                break
        if horizon is None:
            later = [m for m in _LATER_DATE.finditer(body)
                     if int(m.group("y")) > issued and free(opening_start + m.start())]
            if later:
                horizon = f"{issued}-{max(int(m.group('y')) for m in later)}"
    return (None, horizon) if horizon else (issued, None)


def _is_cited_horizon(body: str, pos: int) -> bool:
    """A horizon that belongs to a named strategy or programme being quoted ("Chiến lược … đến
    năm 2030", "Chương trình mục tiêu quốc gia … giai đoạn 2021 - 2025"), not to this plan."""
    before = body[max(0, pos - 160):pos]
    clause = re.split(r"[.;:\n]", before)[-1]
    return re.search(r"\b(?:Chiến lược|Chương trình mục tiêu|Quy hoạch|Nghị quyết|Kết luận|Đề án|"
                     r"Chỉ thị|Quyết định|tầm nhìn)\b", clause) is not None


def _nested_mentions(text: str, mentions: list[Mention], title_span: tuple[int, int] | None,
                     opening_start: int, opening_end: int) -> set[int]:
    """Mentions inside another mention's description, in the title or the opening: in "Căn cứ Kế
    hoạch số 17/KH-UBND … về thực hiện Nghị quyết số 71/NQ-CP … và Kế hoạch số 07-KH/TU …" only
    17/KH-UBND is a basis; 71/NQ-CP and 07-KH/TU are what 17/KH-UBND carries out. An item ends at
    ";", a line break or a new "Căn cứ"/"Thực hiện"; its first mention is its head, and a later
    mention is nested when a subject word stands between the head's number and it."""
    zones = [(opening_start, opening_end)]
    if title_span:
        zones.append(title_span)
    out: set[int] = set()
    for a, b in zones:
        head: Mention | None = None
        last_end = a
        for men in (m for m in mentions if a <= m.number_start < b):
            between = text[last_end:men.number_start]
            if head is not None and (re.search(r"[;\n]", between) or _SEGMENT.search(between)):
                head = None  # a new item
            if head is None:
                head = men
            elif _SUBJECT_WORDS.search(text[head.number_start:men.number_start]):
                out.add(id(men))
            last_end = men.number_start
    return out


_SCHEME_IN_TITLE = re.compile(
    r"(?:thực hiện|triển khai)\s+(?P<type>Đề án|Chiến lược|Chương trình|Quy hoạch|Dự án)\s+"
    r"[“\"]?(?P<name>[^”\"]{10,}?)[”\"]?(?:\s+(?:trên địa bàn|tại)\b|$)", re.IGNORECASE)


def _scheme_named_in_title(title: str | None, citations: list[Citation]) -> None:
    """A title that carries out a scheme by name ("Kế hoạch triển khai thực hiện Đề án “Nâng cao
    nhận thức cộng đồng …”") names, as its parent, the decision that approved that scheme among
    the bases ("Quyết định số 553/QĐ-TTg … về phê duyệt Đề án “Nâng cao nhận thức …”")."""
    m = _SCHEME_IN_TITLE.search(clean(title or ""))
    if not m:
        return
    want = set(re.findall(r"\w+", fold(m.group("name"))))
    kind = fold(m.group("type"))
    for c in citations:
        subject = fold(c.subject or "")
        if c.role != "based_on" or "phe duyet" not in subject or kind not in subject:
            continue
        got = set(re.findall(r"\w+", subject.split(kind, 1)[1]))
        if want and len(want & got) >= 0.8 * len(want):
            c.role = "implements"
            return


def _merge_key(men: Mention, issuer: Body | None, merged: dict[str, Citation]) -> str:
    """Which citation a mention adds to. Mentions of one number are one instrument, unless they
    name different issuers: a commune plan may cite "Kế hoạch số 53/KH-UBND … của UBND tỉnh Sóc
    Trăng" and "Kế hoạch số 53/KH-UBND … của UBND thị xã Vĩnh Châu" (numbers restart per issuer).
    A mention that names no issuer, or a central one, joins the first citation of its number
    (a central number is one instrument; "của Bộ Chính trị và …" is the same 23-QĐ/TW)."""
    same = [c for c in merged.values() if (c.number or f"Luật {c.name}") == men.key]
    if not same or men.issuer_text is None or issuer is None or not issuer.place:
        return same[0].key if same else men.key
    for c in same:
        if c.issuer_text is None or c.issuer is None or not c.issuer.place \
                or c.issuer.name == issuer.name:
            return c.key
    return f"{men.key}@{issuer.name}"


def _is_own_number(men: Mention, own_zone_end: int, ctx: Context, doc: Document) -> bool:
    """The document's own number (its "Số:" line, a portal metadata block, a self-reference),
    not another body's instrument that happens to carry the same printed number: a commune's
    15/KH-UBND may implement its district's 15/KH-UBND."""
    if men.number_start < own_zone_end or men.issuer_text is None or doc.issuer is None:
        return True
    return resolve_body(men.issuer_text, ctx).name == doc.issuer.name


@dataclass
class Section:
    path: str
    title: str
    line: Line
    body: list[Line]


def _sections(lines: list[Line], mt: MappedText) -> list[Section]:
    out: list[Section] = []
    for ln in lines:
        m = _ROMAN.match(ln.text)
        if m:
            out.append(Section(m.group("num"), m.group("title").strip(), ln, []))
        elif out:
            out[-1].body.append(ln)
    return out


def _is_kind(section: Section, pattern: str) -> bool:
    return bool(re.search(pattern, clean(section.title).casefold()))


def _tasks(sections: list[Section], mt: MappedText) -> list[Task]:
    tasks = []
    for sec in sections:
        if not _is_kind(sec, r"nhiệm vụ|giải pháp|nội dung"):
            continue
        for ln in sec.body:
            m = _ITEM.match(ln.text)
            if m and m.group("title").strip():
                title = m.group("title").strip()
                short = re.split(r"(?<=[^\d])[.;:](?:\s|$)", title, maxsplit=1)[0]
                tasks.append(Task(f"{sec.path}.{m.group('num')}", short[:300],
                                  _evidence(mt, ln.start, ln.start + len(ln.text))))
    return tasks


def _obligations(sections: list[Section], ctx: Context, issuer: Body | None, mt: MappedText):
    out = []
    for sec in sections:
        if not _is_kind(sec, r"tổ chức thực hiện"):
            continue
        heading_addr: tuple = ()
        item = ""
        for ln in sec.body:
            if re.match(r"^(Nơi nhận|Trên đây)", ln.text):
                if ln.text.startswith("Nơi nhận"):
                    break
                continue
            m_item, m_point = _ITEM.match(ln.text), _POINT.match(ln.text)
            text = ln.text
            ev = _evidence(mt, ln.start, ln.start + len(ln.text))
            if m_item:
                item = m_item.group("num")
                body = m_item.group("title").strip()
                heading_addr = ()
                if body and not re.search(r"[.;]$", body) and len(body) < 200 and \
                        _looks_like_heading(body):
                    heading_addr = tuple(split_addressees(body, ctx))
                    continue
                text = body
                section = f"{sec.path}.{item}"
            elif m_point:
                text = m_point.group("title")
                section = f"{sec.path}.{item}.{m_point.group('num')}" if item else sec.path
            else:
                section = f"{sec.path}.{item}" if item else sec.path
            par = Paragraph(section, text, ev, heading_addr if (m_point or not m_item) else ())
            out.extend(obligations_of(par, ctx, issuer))
    return out


def _looks_like_heading(text: str) -> bool:
    from .obligations import _VERBS

    return _VERBS.search(text) is None


def _closing(lines: list[Line], mt: MappedText) -> tuple[list[str], Signer | None]:
    idx = next((i for i, ln in enumerate(lines) if re.match(r"^_*Nơi nhận\s*:?", ln.text)), None)
    recipients: list[str] = []
    rest: list[Line]
    if idx is not None:
        j = idx + 1
        while j < len(lines):
            t = lines[j].text.strip("_ ")
            if t.startswith("-"):
                item = t.lstrip("- ").strip().rstrip(";,.")
                if re.match(r"^Lưu\b", item):
                    j += 1
                    break
                recipients.append(item)
            elif not re.match(r"^(Gửi bản|Như trên)", t, re.I) and recipients:
                break
            j += 1
        rest = lines[j:]
    else:
        rest = lines[-6:]
    return recipients, _signer(rest, mt)


def _signer(block: list[Line], mt: MappedText) -> Signer | None:
    auth: list[str] = []
    positions: list[str] = []
    name = None
    first = None
    for ln in block:
        t = ln.text.strip("_ ")
        m = _SIGN_AUTH.match(t)
        if m:
            auth.append(m.group(1) if "/" in m.group(1) else m.group(1) + ".")
            positions.append(t)
            first = first or ln
            continue
        letters = [c for c in t if c.isalpha()]
        if not letters:
            continue
        if all(c.isupper() for c in letters) and len(t) < 60:
            positions.append(t)
            first = first or ln
        elif re.fullmatch(r"[^\W\d_][^\W\d_ ]*(?: [^\W\d_][^\W\d_ ]*){1,5}", t) and \
                all(w[0].isupper() for w in t.split()):
            name = t
            first = first or ln
    if not (auth or name):
        return None
    position = positions[-1] if positions else None
    last = block[-1]
    ev = _evidence(mt, first.start, last.start + len(last.text)) if first else None
    authority = " ".join(dict.fromkeys(auth)) or None
    return Signer(name, authority, position if position and not _SIGN_AUTH.match(position)
                  else (" / ".join(positions) or None), ev)
