"""Where a citation gets its role: which instruments a document carries out (its direct parents),
which it is based on, which it only cites.

The numbers themselves are found in citations.py; this stage decides what the title and the
opening say of them."""

from __future__ import annotations

import re

from .bodies import Context, resolve_body
from .citations import Mention, issuer_from_series
from .lines import evidence_of
from .records import Body, Citation
from .text import MappedText, clean, fold

_ROLE_RANK = {"implements": 0, "based_on": 1, "cites": 2}
_SEGMENT = re.compile(r"(?:^|[;,.]\s*|\n)\s*(Căn cứ|Thực hiện|Triển khai|Theo đề nghị|Xét)\b",
                      re.IGNORECASE)


def read_citations(mt: MappedText, mentions: list[Mention], ctx: Context,
                   title_span: tuple[int, int] | None, opening_start: int, opening_end: int, *,
                   own_number: str | None, title: str | None) -> list[Citation]:
    """Every instrument the document mentions, once each, with the role the document gives it:
    ``implements`` (the direct parent: named after "Thực hiện …"/"Triển khai …" in the title or
    the opening, or, when the opening only has "Căn cứ" bases, the plans and programmes among
    them), ``based_on`` (the other bases of the opening), ``cites`` (the rest). A mention inside
    another mention's description ("Kế hoạch số 17/KH-UBND … về thực hiện Nghị quyết số 71/NQ-CP")
    is not a parent. The document's own number is no citation. ``ctx.issuer`` is the document's
    issuer (for telling its own number from another body's same printed number)."""
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
        if own_number and men.number == own_number and _is_own_number(men, own_zone_end, ctx):
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
        ev = evidence_of(mt, men.start, men.end)
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
        _scheme_named_in_title(title, citations)
    return citations


_CARRIES_OUT = re.compile(r"\b(?:thực hiện|triển khai)\b", re.IGNORECASE)
# Words that open the description of a cited instrument ("Kế hoạch số 17/KH-UBND … về thực hiện
# Nghị quyết số 71/NQ-CP"): an instrument named after one of them is described, not cited beside.
_SUBJECT_WORDS = re.compile(r"\b(?:về|thực hiện|triển khai|phê duyệt|ban hành|sửa đổi|hướng dẫn|"
                            r"quy định|cụ thể hóa|cụ thể hoá)\b", re.IGNORECASE)


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


def _is_own_number(men: Mention, own_zone_end: int, ctx: Context) -> bool:
    """The document's own number (its "Số:" line, a portal metadata block, a self-reference),
    not another body's instrument that happens to carry the same printed number: a commune's
    15/KH-UBND may implement its district's 15/KH-UBND."""
    if men.number_start < own_zone_end or men.issuer_text is None or ctx.issuer is None:
        return True
    return resolve_body(men.issuer_text, ctx).name == ctx.issuer.name
