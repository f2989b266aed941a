"""Obligations in "Tổ chức thực hiện": who must do what, by when, reporting to whom."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bodies import Context, resolve_body
from .dates import DATE_RE, date_from_match
from .records import Addressee, Body, Evidence, Obligation
from .text import clean, new_tone_style

# Unit classes named by addressee phrases. Order matters: the first match wins.
UNIT_CLASSES: tuple[tuple[str, str], ...] = (
    (r"(?:ủy ban nhân dân|ubnd)(?: cấp)? (?:các |cấp )?(?:huyện|quận|thị xã)"
     r"|(?:ủy ban nhân dân|ubnd) các (?:huyện|thành phố|thị xã|quận)", "district_people_committees"),
    (r"(?:ủy ban nhân dân|ubnd)(?: cấp)? (?:các |cấp )?(?:xã|phường|thị trấn)",
     "commune_people_committees"),
    (r"đơn vị sự nghiệp", "public_service_units"),
    (r"các sở\b|sở, ban, ngành", "departments"),
    (r"cơ quan chuyên môn", "specialised_agencies"),
    (r"các phòng\b|phòng, ban", "divisions"),
    (r"đoàn thể", "mass_organisations"),
)
_HEAD_OF = re.compile(r"^(?:thủ trưởng|trưởng|chủ tịch|giám đốc|lãnh đạo|người đứng đầu)\s+",
                      re.I)
_VERBS = re.compile(
    r"\s*(?:,\s*)?\b(?:theo chức năng|có trách nhiệm|chịu trách nhiệm|chủ trì|chủ động|phối hợp|"
    r"tham mưu|xây dựng|triển khai|tổ chức|thực hiện|báo cáo|hướng dẫn|theo dõi|kiểm tra|"
    r"tăng cường|nghiêm túc|căn cứ|rà soát|tổng hợp|đôn đốc|ban hành|quán triệt|tuyên truyền|"
    r"kịp thời|thường xuyên|nắm|giúp|cụ thể hóa|đẩy mạnh|chỉ đạo|duy trì|đề cao|phát huy|"
    r"là cơ quan)\b")
_HEADS = (r"(?:Ủy ban|Uỷ ban|UBND|Sở|Phòng|Ban|Trung tâm|Chủ tịch|Thủ trưởng|Trưởng|Giám đốc|Văn phòng|"
          r"[Cc]ác|Hội|Đoàn|Liên đoàn|Công an|Bộ|Chi cục|Thanh tra|Lãnh đạo|Người đứng đầu|"
          r"Cơ quan|Đơn vị|Tỉnh [uủ][ỷy]|Thành [uủ][ỷy]|Huyện [uủ][ỷy]|Đảng [uủ][ỷy]|Mặt trận|"
          r"Đài|Trường|BCĐ|Chính phủ|"
          r"Thủ tướng|Thường trực)\b")
_AND_HEAD = re.compile(rf"\s+và\s+(?={_HEADS})")
_SPLIT_HEAD = re.compile(
    r",\s+(?=(?:Ủy ban|Uỷ ban|UBND|Sở|Phòng|Ban|Trung tâm|Chủ tịch|Thủ trưởng|Văn phòng|Các|các cơ quan|"
    r"các đơn vị|Hội|Đoàn|Liên đoàn|Công an|Bộ)\b)")
KINDS: tuple[tuple[str, str], ...] = (
    ("plan", r"(?:xây dựng|ban hành)\s+(?:chương trình,\s*)?kế hoạch"),
    ("report", r"(?<!kịp thời )báo cáo(?!,\s*đề xuất)"),
    ("monitor", r"theo dõi|đôn đốc|kiểm tra|hướng dẫn"),
    ("communicate", r"tuyên truyền|truyền thông|phổ biến"),
)
_IMPLEMENT = re.compile(r"triển khai|thực hiện|tham mưu", re.I)
_DEADLINE = re.compile(r"(?:trước|chậm nhất(?: là)?|hạn chót)\s+(?:ngày\s+)?", re.I)
_PERIOD = re.compile(r"định kỳ[^;.]*?(?:năm|tháng|quý)(?: hoặc đột xuất)?|hằng năm|hàng năm|"
                     r"hằng quý|hàng quý|hằng tháng|hàng tháng|6 tháng|đột xuất", re.I)
_REPORT_TO = re.compile(
    r"(?:gửi(?: về)?|báo cáo)\s+(?P<to>(?:Ủy ban|Uỷ ban|UBND|Ban|Bộ|Sở|Phòng|Chính phủ|Thủ tướng|"
    r"Văn phòng|Thường trực|Tỉnh [uủ][ỷy]|Thành [uủ][ỷy]|Huyện [uủ][ỷy]|BCĐ)[^;.(]*?)"
    r"(?=\s*(?:\(|trước|theo|để|chậm|;|\.|$))")


@dataclass(frozen=True)
class Paragraph:
    """One numbered item, lettered point or plain paragraph of the section."""

    section: str
    text: str  # normalised
    evidence: Evidence
    heading_addressees: tuple[Addressee, ...] = ()


def unit_class(text: str) -> str | None:
    low = clean(text).casefold()
    for pattern, name in UNIT_CLASSES:
        if re.search(pattern, low):
            return name
    return None


def split_addressees(phrase: str, ctx: Context) -> list[Addressee]:
    parts: list[str] = []
    for chunk in re.split(r";", phrase):
        for piece in _AND_HEAD.split(chunk):
            parts.extend(_SPLIT_HEAD.split(piece))
    out = []
    for raw in parts:
        written = raw.strip(" ,.:;")
        if len(written) < 3:
            continue
        core = _HEAD_OF.sub("", written)
        cls = unit_class(core)
        if cls:
            parent = None
            m = re.search(r"\bthuộc\s+(.+)$", core)
            if m:
                parent = resolve_body(m.group(1), ctx)
            elif ctx.issuer is not None:
                parent = ctx.issuer
            out.append(Addressee(written, "class", cls, parent))
        else:
            out.append(Addressee(written, "unit", None, resolve_body(core, ctx)))
    return out


def addressee_phrase(text: str) -> str | None:
    """The words before the first verb, when they name someone ('Sở Nội vụ tham mưu …')."""
    m = _VERBS.search(text)
    phrase = text[: m.start()] if m else text
    phrase = phrase.strip(" ,.:;-")
    if not phrase or not re.match(_HEADS, phrase) or len(phrase) > 250:
        return None
    if m is None and len(phrase) > 120:
        return None
    return phrase


def _report_to(text: str, ctx: Context) -> list[Body]:
    m = _REPORT_TO.search(text)
    if not m:
        return []
    names = re.split(rf"\s+và\s+(?={_HEADS})|,\s+(?={_HEADS})", m.group("to"))
    return [resolve_body(n, ctx) for n in names if n.strip()]


def obligations_of(par: Paragraph, ctx: Context, self_body: Body | None) -> list[Obligation]:
    text = new_tone_style(par.text)  # "Uỷ ban nhân dân các xã" is an addressee too
    low = text.casefold()
    if par.heading_addressees:
        addressees = list(par.heading_addressees)
    else:
        phrase = addressee_phrase(text)
        addressees = split_addressees(phrase, ctx) if phrase else []
        if not addressees and self_body is not None:
            addressees = [Addressee(self_body.name, "self", None, self_body)]
    found: list[tuple[int, str]] = []
    for kind, pattern in KINDS:
        m = re.search(pattern, low)
        if m:
            found.append((m.start(), kind))
    if not found and _IMPLEMENT.search(low):
        found.append((_IMPLEMENT.search(low).start(), "implement"))
    if not found or not addressees:
        return []
    deadlines = []
    for m in _DEADLINE.finditer(text):
        d = DATE_RE.match(text, m.end())
        if d and date_from_match(d):
            deadlines.append((m.start(), date_from_match(d)))
    period = _PERIOD.search(text)
    out = []
    for pos, kind in sorted(found):
        deadline = None
        for dpos, d in deadlines:  # a deadline belongs to the nearest obligation before it
            owner = max((p for p, _ in found if p <= dpos), default=None)
            if owner == pos:
                deadline = d
        per = period.group(0) if period and kind == "report" else None
        to = _report_to(text, ctx) if kind == "report" else []
        out.append(Obligation(kind, addressees, deadline, per, to, par.evidence, par.section))
    return out
