"""Canonical names for issuing bodies and addressees.

Relative names resolve from the document's own place: "UBND tỉnh" in a Kiên Giang plan is
"Ủy ban nhân dân tỉnh Kiên Giang"; "Tỉnh ủy" there is "Tỉnh ủy Kiên Giang"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Body, Place
from .text import clean, fold

_EXPAND = [
    (re.compile(r"\bVP\.?\s*UBND\b|\bVPUBND\b"), "Văn phòng Ủy ban nhân dân"),
    (re.compile(r"\bUBND\b"), "Ủy ban nhân dân"),
    (re.compile(r"\bHĐND\b"), "Hội đồng nhân dân"),
    (re.compile(r"\bUBMTTQ(?:\s*(?:VN|Việt Nam))?(?!\w)|\bỦy ban MTTQ(?:\s*(?:VN|Việt Nam))?(?!\w)", re.I),
     "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    (re.compile(r"\bMTTQ(?:\s*(?:VN|Việt Nam))?(?!\w)"), "Mặt trận Tổ quốc Việt Nam"),
    (re.compile(r"\bTP\.\s*|\bTP\s+(?=[A-ZĐ])"), "thành phố "),
    (re.compile(r"\bTX\.\s*"), "thị xã "),
    (re.compile(r"\bBTV\b"), "Ban Thường vụ"),
    (re.compile(r"\bBCH\b"), "Ban Chấp hành"),
]
_CASE_FIX = [
    (re.compile(r"ủy ban nhân dân", re.I), "Ủy ban nhân dân"),
    (re.compile(r"hội đồng nhân dân", re.I), "Hội đồng nhân dân"),
    (re.compile(r"văn phòng", re.I), "Văn phòng"),
    (re.compile(r"\b(tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|đảng ủy)\b", re.I), None),
    (re.compile(r"ban thường vụ", re.I), "Ban Thường vụ"),
    (re.compile(r"ban chấp hành", re.I), "Ban Chấp hành"),
]
LEVEL = r"tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu"
_LEVEL_OF_WORD = {"tỉnh": "province", "huyện": "district", "quận": "district",
                  "thị xã": "district", "xã": "commune", "phường": "commune",
                  "thị trấn": "commune", "đặc khu": "commune"}
# Party committees: the committee word implies the level.
_PARTY = {"tỉnh ủy": ("province", "Tỉnh ủy"), "thành ủy": (None, "Thành ủy"),
          "huyện ủy": ("district", "Huyện ủy"), "quận ủy": ("district", "Quận ủy"),
          "thị ủy": ("district", "Thị ủy"), "đảng ủy": ("commune", "Đảng ủy")}
_CENTRAL = [
    (r"thủ tướng(?: chính phủ)?", "Thủ tướng Chính phủ"),
    (r"ban cán sự đảng chính phủ", "Ban Cán sự Đảng Chính phủ"),
    (r"văn phòng chính phủ", "Văn phòng Chính phủ"),
    (r"chính phủ", "Chính phủ"),
    (r"ban chấp hành trung ương(?: đảng)?(?: cộng sản việt nam)?", "Ban Chấp hành Trung ương Đảng"),
    (r"bộ chính trị", "Bộ Chính trị"),
    (r"ban bí thư(?: trung ương đảng)?", "Ban Bí thư"),
    (r"ban dân vận trung ương", "Ban Dân vận Trung ương"),
    (r"ủy ban thường vụ quốc hội", "Ủy ban Thường vụ Quốc hội"),
    (r"quốc hội", "Quốc hội"),
    (r"trung ương(?: đảng)?", "Ban Chấp hành Trung ương Đảng"),
]
_CENTRAL_RX = [(re.compile(pattern), canonical) for pattern, canonical in _CENTRAL]
_MINISTRY = re.compile(r"^(?:bộ trưởng\s+)?(bộ\s+\S.*)$", re.I)


@dataclass(frozen=True)
class Context:
    """Where a document stands: its place and its issuer (for sub-units such as 'Phòng Nội vụ')."""

    place: Place | None = None
    issuer: Body | None = None


# A syllable (accents folded): a name word, not an acronym ("GIANG", "NA" are words; "UBND", "VHTT"
# are not).
_SYLLABLE = re.compile(r"[b-df-hj-np-tv-xz]{0,3}[aeiouy]{1,3}[b-df-hj-np-tv-xz]{0,2}")
_HEAD_WORDS = ("bộ", "sở", "ban", "cục", "vụ", "viện", "phòng", "đài", "trường", "trung tâm", "chi cục",
               "tổng cục", "văn phòng", "thanh tra", "ủy ban", "hội", "liên hiệp", "hiệp hội")
_LEVEL_WORDS = ("tỉnh", "huyện", "phố", "xã", "phường", "quận", "trấn", "khu")


_NOT_WORD = re.compile(r"[^\w]")
_DIGIT = re.compile(r"\d")


def from_capitals(caps: str) -> str:
    """A name written in capitals (a title, a heading) in the case it is written in prose: field
    words after the head, after "và", a comma or a dash start with a capital ("BỘ VĂN HÓA, THỂ THAO
    VÀ DU LỊCH" → "Bộ Văn hóa, Thể thao và Du lịch"); the place after a level word is a proper name
    ("UBND HUYỆN NA RÌ" → "UBND huyện Na Rì"); acronyms stay."""
    words = caps.split()
    out: list[str] = []
    after_level = cap_next = False
    for i, w in enumerate(words):
        low = w.lower()
        bare = _NOT_WORD.sub("", low)
        acronym = len(bare) >= 2 and not _SYLLABLE.fullmatch(fold(bare)) or _DIGIT.search(w) is not None
        if acronym:
            out.append(w)
        elif after_level or cap_next or i == 0:
            out.append(w[:1] + low[1:])
        else:
            out.append(low)
        # the head words have one or two words: no longer head can be one
        head = " ".join(x.lower() for x in words[: i + 1]) if i < 2 else ""
        cap_next = head in _HEAD_WORDS or low == "và" or w.endswith(",") or w == "-"
        if bare in _LEVEL_WORDS and not (bare == "xã" and i + 1 < len(words) and
                                         words[i + 1].lower().startswith("hội")):
            after_level = True
    # "Ủy ban nhân dân", "Hội đồng nhân dân": names of a kind of body, not field words
    return _PEOPLES.sub(lambda m: m.group(0)[0] + m.group(0)[1:].lower(), " ".join(out))


_PEOPLES = re.compile(r"\b(?:Ủy|Uỷ) ban nhân dân\b|\bHội đồng nhân dân\b", re.IGNORECASE)


_TERM = re.compile(r"\s*\(?(?:khóa|nhiệm kỳ)\s+[IVXLC\d-]+\)?", re.I)
_LEVEL_WORD = re.compile(rf"\b({LEVEL})\b", re.I)
_SPACES = re.compile(r"\s+")


def _party_case(m: re.Match[str]) -> str:
    return m.group(0)[0].upper() + m.group(0)[1:].lower()


def _lower(m: re.Match[str]) -> str:
    return m.group(0).lower()


def _tidy(text: str) -> str:
    t = clean(text)
    letters = [c for c in t if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        t = from_capitals(t)
    # "(Khóa XI)" / "khóa XI" name a term, not a body.
    t = _TERM.sub("", t)
    t = t.strip(" ,;:.-“”\"'()")
    for rx, rep in _EXPAND:
        t = rx.sub(rep, t)
    for rx, rep in _CASE_FIX:
        t = rx.sub(rep if rep else _party_case, t)
    t = _LEVEL_WORD.sub(_lower, t)
    t = _CAPS_RUN.sub(lambda m: _SPACES.sub("", m.group(0)), t)  # "VH TT - T D T T" → "VHTT-TDTT"
    return _SPACES.sub(" ", t).strip()


_CAPS_RUN = re.compile(r"\b[A-ZĐ]{1,4}(?:(?:\s+|\s*-\s*)[A-ZĐ]{1,4}\b)+")


def _place_word(place: Place) -> str:
    if place.unit_type:
        return place.unit_type.lower()
    return {"province": "tỉnh", "district": "huyện", "commune": "xã"}.get(place.level or "", "")


def _relative_place(word: str, ctx: Context) -> tuple[str | None, str | None]:
    """For 'tỉnh'/'huyện'/'thành phố' with no name: (place short name, its level word)."""
    place = ctx.place
    if place is None:
        return None, None
    level = _LEVEL_OF_WORD.get(word)
    if word == "thành phố":
        if place.level in ("district", "commune") and (place.unit_type or "").lower() == "thành phố":
            return place.district or place.short, "thành phố"
        if place.level == "commune" and place.district_type == "Thành phố":
            return place.district, "thành phố"  # a ward of a district-level city
        if place.level == "district" and place.unit_type is None:
            return place.short, "thành phố"
        return (place.province or place.short), "thành phố"
    if level == "province":
        return (place.province or (place.short if place.level == "province" else None)), "tỉnh"
    if level == "district":
        if place.level == "district":
            return place.short, _place_word(place)
        if place.level == "commune" and place.district:
            return place.district, word
        return None, None
    if level == "commune" and place.level == "commune":
        return place.short, _place_word(place)
    return None, None


def _scope(word: str | None, name: str | None, ctx: Context) -> tuple[str | None, str, str | None]:
    """Resolve (level word, explicit name) to (place name, level word, level)."""
    word = (word or "").lower()
    if name:
        level = _LEVEL_OF_WORD.get(word)
        if word == "thành phố":
            level = "province" if _province_city(ctx.place, name) else "district"
        return name, word, level
    rel_name, rel_word = _relative_place(word, ctx)
    if rel_name and rel_word and rel_name.lower().startswith(rel_word + " "):
        rel_name = rel_name[len(rel_word) + 1:]  # numbered units: "Phường 26" → phường "26"
    level = _LEVEL_OF_WORD.get(rel_word or word)
    if word == "thành phố" and ctx.place:
        level = "province" if _province_city(ctx.place, rel_name) else "district"
    return rel_name, rel_word or word, level


def _province_city(place: Place | None, name: str | None) -> bool:
    """'thành phố <name>' seen from ``place`` is a centrally-run city (Cần Thơ, Hà Nội …): the
    document's own province, when that province is a city; not Thành phố Bắc Kạn of Tỉnh Bắc Kạn."""
    if place is None or not name:
        return False
    if place.level == "province":
        return place.short == name
    return place.province == name and place.province_type == "Thành phố"


_PC = re.compile(
    rf"^(?:(?:chủ tịch|thường trực)\s+)?(Văn phòng\s+)?(Ủy ban nhân dân|Hội đồng nhân dân)"
    rf"(?:\s+({LEVEL}))?(?:\s+(.+))?$", re.I)
_PARTY_RE = re.compile(
    r"^(Ban Thường vụ\s+|Thường trực\s+|Ban Chấp hành\s+|Ban Dân vận\s+|Ban Tuyên giáo\s+|"
    r"Văn phòng\s+|Ủy ban Kiểm tra\s+)?(tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|đảng ủy)"
    r"(?:\s+(.+))?$", re.I)
# The Fatherland Front: "Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh" and its organs ("Ban
# Thường trực …"); "Ủy ban Trung ương Mặt trận …" is the central one.
_FRONT = re.compile(
    rf"^(Ban Thường trực\s+|Ban Thường vụ\s+|Thường trực\s+)?Ủy ban (?:Trung ương )?Mặt trận Tổ quốc"
    rf"(?: Việt Nam)?(?:\s+({LEVEL}))?(?:\s+(.+))?$", re.I)
# The Party's central departments: "Ban Tổ chức Trung ương", "Văn phòng Trung ương Đảng".
_CENTRAL_ORGAN = re.compile(r"^(?:Ban\s+\S.*|Ủy ban Kiểm tra|Văn phòng)\s+Trung ương(?: Đảng)?$")
_PARTY_BCH = re.compile(rf"^(?:Ban Chấp hành|Ban Thường vụ)\s+Đảng bộ\s+({LEVEL})(?:\s+(.+))?$", re.I)


_NAME_END = re.compile(r"\s+(?:về|thực hiện|triển khai|ban hành|tại|theo)\b")


def _name_part(name: str | None) -> str | None:
    if not name:
        return None
    name = _NAME_END.split(name, maxsplit=1)[0]
    name = name.strip(" ,;.")
    return name or None


def resolve_body(text: str, ctx: Context | None = None) -> Body:
    """Canonical body for a name as written, resolving relative names from ``ctx``."""
    ctx = ctx or Context()
    t = _tidy(text)
    low = t.casefold()
    for pattern, canonical in _CENTRAL_RX:
        if pattern.fullmatch(low):
            return Body(text, canonical, "central", "central")
    m = _MINISTRY.match(t)
    if m and not low.startswith("bộ phận"):
        return Body(text, m.group(1)[0].upper() + m.group(1)[1:], "ministry", "central")
    m = _PC.match(t)
    if m:
        office, pc, word, name = m.group(1), m.group(2), m.group(3), _name_part(m.group(4))
        if not word and name:  # "Ủy ban nhân dân Kiên Giang" is unusual; keep as written
            return Body(text, t, "unknown")
        place_name, word, level = _scope(word, name, ctx)
        pc_norm = "Ủy ban nhân dân" if pc.lower().startswith("ủy") else "Hội đồng nhân dân"
        if not word:  # "Ủy ban nhân dân" alone: the body of the document's own place
            place = ctx.place
            if place is None:
                return Body(text, pc_norm, "people_committee" if "Ủy" in pc_norm else "council")
            word, place_name, level = _place_word(place), place.short, place.level
        base = f"{pc_norm} {word} {place_name}" if place_name else f"{pc_norm} {word}"
        kind = "people_committee" if pc_norm.startswith("Ủy") else "council"
        if office:
            return Body(text, f"Văn phòng {base}", "office", level, place_name, parent=base)
        return Body(text, base, kind, level, place_name)
    m = _FRONT.match(t)
    if m:
        organ, word, name = (m.group(1) or "").strip(), m.group(2), _name_part(m.group(3))
        place_name, word, level = _scope(word, name, ctx) if word else (None, "", "central")
        full = "Ủy ban Mặt trận Tổ quốc Việt Nam" + (f" {word} {place_name}" if place_name else
                                                     "" if level == "central" else f" {word}")
        if level == "central":
            full = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
        if organ:
            organ = organ[0].upper() + organ[1:]
            return Body(text, f"{organ} {full}", "front_organ", level, place_name, parent=full)
        return Body(text, full, "front_committee", level, place_name)
    m = _CENTRAL_ORGAN.match(t)
    if m:
        return Body(text, t, "party_organ" if "Văn phòng" not in t or "Đảng" in t else "central",
                    "central")
    m = _PARTY_BCH.match(t)
    if m:
        word = m.group(1).lower()
        place_name, word, level = _scope(word, _name_part(m.group(2)), ctx)
        committee = {"province": "Tỉnh ủy", "district": "Huyện ủy", "commune": "Đảng ủy"}.get(
            level or "", "Đảng ủy")
        if word == "thành phố":
            committee = "Thành ủy"
        name = f"{committee} {place_name}" if place_name else committee
        return Body(text, name, "party_committee", level, place_name)
    m = _PARTY_RE.match(t)
    if m:
        organ = (m.group(1) or "").strip()
        level, committee = _PARTY[m.group(2).lower()]
        name = _name_part(m.group(3))
        if name is None and ctx.place:
            p = ctx.place
            if level == "province":
                name = p.province or p.short
            elif level == "district":
                name = p.district if p.level == "commune" else p.short
            elif committee == "Thành ủy":
                name = p.district or p.short if p.level in ("district", "commune") else p.short
                level = "district" if p.level in ("district", "commune") else "province"
            elif level == "commune":
                name = p.short if p.level == "commune" else None
        if committee == "Thành ủy" and level is None and name:
            p = ctx.place
            level = ("district" if p.level in ("district", "commune") else "province") if p else None
        full = f"{committee} {name}" if name else committee
        if organ:
            organ = organ[0].upper() + organ[1:]
            return Body(text, f"{organ} {full}", "party_organ", level, name, parent=full)
        return Body(text, full, "party_committee", level, name)
    return _sub_unit(text, t, ctx)


_SUB_UNIT = re.compile(r"^(Sở|Phòng|Trung tâm|Ban|Chi cục|Thanh tra|Công an|Đài|Trường|Bệnh viện)\b")


def _sub_unit(text: str, t: str, ctx: Context) -> Body:
    """'Sở Nội vụ' → 'Sở Nội vụ tỉnh Kiên Giang'; 'Phòng Nội vụ' → under the issuing UBND."""
    m = _SUB_UNIT.match(t)
    issuer = ctx.issuer
    place = ctx.place
    if not m:
        return Body(text, t, "unknown")
    head = m.group(1)
    kind = "department" if head == "Sở" else "agency"
    # The place is already named ("Sở Nội vụ tỉnh Bắc Kạn"): keep it, do not add it again. The
    # last level word counts ("... Thương binh và xã hội tỉnh Bắc Kạn").
    named = re.match(rf"^.*\s({LEVEL})\s+(\S.*)$", t)
    if named and not named.group(2).startswith("hội"):
        place_name, word, level = _scope(named.group(1), named.group(2), ctx)
        return Body(text, t, kind, level, place_name, parent=f"Ủy ban nhân dân {word} {place_name}")
    # Strip a trailing level word so "Trung tâm VH TT - TDTT huyện" gets its place name.
    tm = re.search(rf"\s+({LEVEL})$", t)
    if tm and place:
        word = tm.group(1)
        place_name, word, level = _scope(word, None, ctx)
        if place_name:
            parent = f"Ủy ban nhân dân {word} {place_name}"
            return Body(text, f"{t} {place_name}", "agency", level, place_name, parent=parent)
    if head == "Sở" and place:
        prov = place.province or (place.short if place.level == "province" else None)
        # A centrally-run city's departments: "Sở Nội vụ thành phố Hà Nội".
        word = "thành phố" if place.level == "province" and place.unit_type == "Thành phố" else "tỉnh"
        if prov:
            return Body(text, f"{t} {word} {prov}", "department", "province", prov,
                        parent=f"Ủy ban nhân dân {word} {prov}")
    if issuer is not None and issuer.kind in ("people_committee", "office", "agency"):
        if issuer.kind == "people_committee" and issuer.place:
            word = issuer.name.split(" nhân dân ", 1)[1].rsplit(" " + issuer.place, 1)[0]
            # a name that already ends with the place ("… huyện Hướng Hóa") is complete
            full = t if t.endswith(f" {word} {issuer.place}") else f"{t} {word} {issuer.place}"
            return Body(text, full, "agency", issuer.level, issuer.place, parent=issuer.name)
        return Body(text, f"{t} - {issuer.name}", "division", issuer.level, issuer.place,
                    parent=issuer.name)
    return Body(text, t, "agency")
