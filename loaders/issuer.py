"""Who issued a document: the letterhead (the governing body above, the issuing body below, as
Decree 30/2020 lays it out), else a portal's "Cơ quan ban hành", the opening's "… ban hành kế
hoạch" sentence, a news headline, the "TM. <body>" signature, and last the symbol's series code;
with the issuer known, the date line's place is settled ("Long Phú": the district, its town or a
commune of it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from directive_kg.reference.registry import Registry

from .bodies import Context, resolve_body
from .citations import Mention, issuer_from_series
from .closing import Closing
from .header import SO_LINE, TYPE_LINE, Header, MetaValue, date_line
from .lines import Line, evidence_of
from .places import default_registry, resolve_place, resolve_place_under
from .records import Body, Evidence, Place, ReadingWarning
from .text import MappedText, fold

_ISSUER_SENTENCE = re.compile(
    r"(?:^|[;,.]\s+|\n)(?P<body>[^;,.\n]{3,160}?)\s+(?:(?:ban hành|xây dựng|triển khai xây dựng)\s+"
    r"(?:kế hoạch|chương trình|quyết định|hướng dẫn)|báo cáo\s+(?:kết quả|tình hình))", re.IGNORECASE)
_COMMA_NAME_HEAD = re.compile(
    r"(?:^|[;.\n]\s*|,\s+)((?:Sở|Trung tâm|Phòng|Ban|Chi cục)\s[^;,.\n\d]{1,60},\s*)$")
_META_LINE = re.compile(r"(?=[sklcnt])(?:Số hiệu|Ký hiệu|Loại văn bản|Cơ quan ban hành|Nơi ban hành|"
                        r"Ngày ban hành|Người ký|Trích yếu)\s*:", re.IGNORECASE)
_UNIT_WORD = r"tỉnh|huyện|thành phố|thị xã|thị trấn|quận|xã|phường|đặc khu"
# The national name and motto, not "XÃ ĐỘC LẬP" or "XÃ CỘNG HÒA" (communes); also when a narrow
# letterhead cell wraps it ("… XÃ HỘI CHỦ / NGHĨA VIỆT NAM").
_SKIP_LETTERHEAD = re.compile(r"cộng h[òo]a?\s+xã hội|cộng hoà\s+xã hội|nghĩa việt nam|độc lập\s*-|"
                              r"đảng cộng sản|"
                              r"^[-*_=\s]*$", re.I)


@dataclass(frozen=True)
class IssuerRead:
    issuer: Body | None
    parent_body: Body | None  # the governing body above it
    evidence: Evidence | None
    place: Place | None  # the document's place, settled with the issuer


def read_issuer(mt: MappedText, header: Header, opening: tuple[int, int], mentions: list[Mention],
                closing: Closing, registry: Registry | None) -> IssuerRead:
    place = header.date.place
    ctx = Context(place=place)
    issuer, parent, ev = _stated_issuer(mt, ctx, header, opening)
    if issuer is not None and parent is None and issuer.parent:
        parent = resolve_body(issuer.parent, ctx)
    day = header.date.date
    year = header.date.year or (day.year if day else None)
    on = day or (date(year, 1, 1) if year else None)
    place = _place_from_letterhead(place, issuer, parent, on, registry, _provinces_named(mentions))
    if issuer is None and closing.signer and closing.signer.authority:
        issuer = _issuer_from_signature(closing, header.number.symbol, Context(place=place))
    return IssuerRead(issuer, parent, ev, place)


def _stated_issuer(mt: MappedText, ctx: Context, header: Header, opening: tuple[int, int]
                   ) -> tuple[Body | None, Body | None, Evidence | None]:
    """(issuer, parent body, evidence) from the letterhead, the portal's metadata, the opening's
    "… ban hành kế hoạch" sentence or a headline, in that order."""
    letterhead = letterhead_lines(header.zone)
    if letterhead:
        names: list[tuple[str, Line]] = []
        for ln in letterhead:
            text = title_case(ln.text)
            if names and re.match(rf"^({_UNIT_WORD})\b", text, re.I):
                names[-1] = (names[-1][0] + " " + text, names[-1][1])
            else:
                names.append((text, ln))
        parent = resolve_body(names[0][0], ctx) if len(names) > 1 else None
        own = names[-1][0]
        if parent is not None and not re.search(_UNIT_WORD, own, re.I):
            own = _under_parent(own, parent)
        issuer = resolve_body(own, Context(place=ctx.place, issuer=parent))
        return issuer, parent, evidence_of(mt, letterhead[0].start,
                                           letterhead[-1].start + len(letterhead[-1].text))
    meta: MetaValue | None = header.meta.get("cơ quan ban hành")
    if meta is not None:
        return (resolve_body(meta.value, ctx), None,
                evidence_of(mt, meta.line.start, meta.line.start + len(meta.line.text)))
    start, end = opening
    text = mt.text[start:end]
    for m in _ISSUER_SENTENCE.finditer(text):
        body = m.group("body").strip()
        if re.search(r"\d", body) or len(body.split()) > 14:
            continue
        a = start + m.start("body")
        # A unit name with a comma: "Sở Văn hóa, Thể thao và Du lịch ban hành ..."
        head = _COMMA_NAME_HEAD.search(text[: m.start("body")])
        if head:
            body = head.group(1) + body
            a = start + head.start(1)
        return resolve_body(body, ctx), None, evidence_of(mt, a, start + m.end())
    if header.headline is not None and header.headline.issuer is not None:
        return header.headline.issuer, None, header.headline.issuer_evidence
    return None, None, None


def letterhead_lines(zone: list[Line]) -> list[Line]:
    """The issuer's lines of the letterhead: the capitals above the number, the date and the type
    heading, without the national motto and the portal's metadata."""
    out = []
    for i, ln in enumerate(zone):
        if SO_LINE.match(ln.text) or TYPE_LINE.match(ln.text) or date_line(ln.text):
            break
        if _META_LINE.search(ln.text) or _SKIP_LETTERHEAD.search(ln.text):
            continue
        nxt = zone[i + 1].text if i + 1 < len(zone) else ""
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


_CONSONANT = re.compile(r"[B-DF-HJ-NP-TV-XZĐ]")
_ACRONYM_SHAPE = re.compile(r"[A-ZĐ']{2,6}(?:-[A-ZĐ]+)*")


def _is_acronym(word: str) -> bool:
    if _CONSONANT.fullmatch(word):  # a spaced-out acronym: "T D T T"
        return True
    if not _ACRONYM_SHAPE.fullmatch(word):
        return False
    return not _SYLLABLE.fullmatch(fold(word).replace(" ", "").replace("'", ""))


def title_case(caps: str) -> str:
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
        # a sub-unit's head is one or two words ("Sở", "Trung tâm")
        head = " ".join(x.lower() for x in words[: i + 1]) if i < 2 else ""
        if head in _SUB_UNIT_HEAD or lw == "và" or w.endswith(",") or w == "-":
            cap_next = True
    text = " ".join(out)
    return text[:1].upper() + text[1:]


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
    seen: set[str] = set()  # a document names its province's committee again and again
    for men in mentions:
        if not men.issuer_text or men.issuer_text in seen:
            continue
        seen.add(men.issuer_text)
        body = resolve_body(men.issuer_text)
        if body.place and (body.level == "province" or " thành phố " in f" {body.name} ") \
                and body.place not in names:
            names.append(body.place)
    return tuple(names)


def _place_from_letterhead(place: Place | None, issuer: Body | None, parent: Body | None,
                           on: date | None, registry: Registry | None,
                           provinces: tuple[str, ...] = ()) -> Place | None:
    """The date line's place is ambiguous ("Chợ Mới, ngày …": a district in Bắc Kạn and in An
    Giang, and a town of the Bắc Kạn one; "Long Phú": a district, its town and one of its
    communes): the letterhead's issuer ("UBND THỊ TRẤN LONG PHÚ", type word included) and its
    parent line ("UBND HUYỆN LONG PHÚ") settle it. When even the pair is not unique (Thị trấn
    Châu Thành of Huyện Châu Thành is in Tây Ninh and in Sóc Trăng), the provinces the
    document's citations name (``provinces``: its province's plan "của UBND tỉnh Tây Ninh")
    decide."""
    if place is None:
        return None
    level = issuer.level if issuer is not None and issuer.kind == "people_committee" and \
        issuer.level in ("province", "district", "commune") else None
    if place.code and (level is None or place.level == level):
        return place
    query = place.as_written
    if level is not None and issuer is not None and issuer.place and " nhân dân " in issuer.name:
        query = issuer.name.split(" nhân dân ", 1)[1]  # "thị trấn Long Phú"
        again = resolve_place(query, on=on, hint_levels=(level,), registry=registry)
        if again is not None and again.code and again.level == level:
            return again
    if parent is None or not parent.place or parent.level not in ("province", "district"):
        return place
    # "UBND THÀNH PHỐ CẦN THƠ" above a district: a city of province rank
    parent_levels = [parent.level] + (["province"] if parent.level == "district" and
                                      " thành phố " in f" {parent.name} " else [])
    parent_query = parent.name.split(" nhân dân ", 1)[1] if " nhân dân " in parent.name else \
        parent.place  # "huyện Tân Châu", not the thị xã of the same name
    for parent_level in parent_levels:
        found = resolve_place_under(query, parent_query, parent_level, level=level, on=on,
                                    registry=registry, provinces=provinces)
        if found is not None and (level is None or found.level == level):
            return found
    if level is not None and place.level not in (None, level):
        # The date line named another unit (a district "Phú Mỹ" for the town "Phú Mỹ"): keep the
        # name, drop the wrong unit.
        return Place(place.as_written, place.short, place.short, level)
    return place


def _issuer_from_signature(closing: Closing, symbol: str | None, ctx: Context) -> Body | None:
    """'TM. ỦY BAN NHÂN DÂN' signs for the body of the document's place; else the symbol's
    series code (UBND, VPUBND, ...) names it."""
    block = closing.signer.evidence.text if closing.signer and closing.signer.evidence else ""
    m = re.search(r"(?m)^[*_\s]*(?:TM|T/M)\.?\s+([^*_\n]+)", block)
    if m:
        return resolve_body(title_case(m.group(1).strip()), ctx)
    if symbol:
        series = symbol.split("-", 1)[-1].split("/")[-1]
        return issuer_from_series(series, ctx)
    return None


def unplaced_issuer(issuer: Body | None, place: Place | None, on: date | None,
                    registry: Registry | None, line: int | None = None) -> ReadingWarning | None:
    """A local People's Committee whose unit the document does not settle: "UBND thị trấn Phong
    Điền" under "UBND huyện Phong Điền", with no province named anywhere, is a town in Thừa
    Thiên Huế and one in Cần Thơ. Its plans and reports then answer nobody's duty, so the reading
    says so (incomplete) rather than let `kg gaps` call the unit overdue without a word."""
    if issuer is None or issuer.kind != "people_committee" or issuer.level not in (
            "province", "district", "commune") or not issuer.place:
        return None
    if place is not None and place.code and place.level == issuer.level:
        return None
    reg = registry if registry is not None else default_registry()
    if reg is None:
        return None  # no registry installed: nothing is placed, nothing to say per document
    # as the mapping looks the unit up (kg/graph/jurisdiction.py): the name with its type word on
    # the document's day, then ever
    query = issuer.name.split(" nhân dân ", 1)[1] if " nhân dân " in issuer.name else issuer.place
    for day in (on, None) if on else (None,):
        found = reg.find(query, level=issuer.level, on=day) or reg.find(issuer.place, level=issuer.level,
                                                                        on=day)
        if len(found) == 1:
            return None
    return ReadingWarning(
        "issuer-unplaced", f"which unit {issuer.name!r} is cannot be told from the document "
        "(several units of that name, or none, on its date): its plans and reports answer no "
        "unit's duty", line)
