"""Where a plan assigns duties, and who owes each duty read there.

Sections read (tests/realdocs/NOTES.md, "Which clauses count"): "Tổ chức thực hiện", a separate
reporting section ("Chế độ báo cáo"), a section assigning tasks ("Phân công nhiệm vụ", "… phân
công trách nhiệm thực hiện"), a section whose items are headed by bodies or carry "Đơn vị chủ
trì:" fields (it does the job of "Tổ chức thực hiện" whatever its title), and, elsewhere, only the
subsections headed as reporting ("Công tác giám sát, kiểm tra, báo cáo"). Annexes never count.

Inside a section the numbered items, points and bullets form a tree. A duty's addressee is, in
order: the subject its own sentence names (or an earlier sentence of the same paragraph); the
body its heading or lead-in names ("1. Sở Y tế" / "a) …"; "2. Sở Giáo dục … chủ trì, phối hợp …:"
/ "- …"); the "Đơn vị chủ trì:" of its task block (or of an earlier block of the same item).
A "Thời gian hoàn thành:" field gives its deadline to the block's duties written before it. A
plan or report duty whose addressee is stated nowhere is no obligation `kg gaps` can track (it
is warned as unassigned); other duties of a section that names nobody at all are the issuer's own
staff's (an agency's internal plan).

What could not be read is said in ``warnings`` (codes first: ``obligations-unread``,
``obligation-unassigned``, ``addressee-unresolved``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from .addressees import Subject, heading_subject, split_addressees, subject_of
from .bodies import Context, resolve_body
from .deadlines import TimeMention, Timing
from .obligations import Duty, Paragraph, is_chair_field, other_kinds, read_paragraph
from .records import Addressee, Body, Evidence, Obligation, ReadingWarning
from .text import clean, fold, new_tone_style


class SourceLine(Protocol):
    no: int  # 1-based original line
    start: int  # offset in the normalised text
    text: str  # normalised, stripped


class SourceSection(Protocol):
    path: str
    title: str
    line: SourceLine
    body: list[SourceLine]


EvidenceOf = Callable[[int, int], Evidence]

_TCTH = re.compile(r"^(?:công tác\s+)?tổ chức (?:thực hiện|triển khai)|chế độ báo cáo|phân công|"
                   r"trách nhiệm (?:thực hiện|của)", re.IGNORECASE)
_TCTH_HEADING = re.compile(r"^(?:công tác\s+)?(?:tổ chức (?:thực hiện|triển khai)|chế độ báo cáo|"
                           r"phân công|trách nhiệm (?:thực hiện|của))", re.IGNORECASE)
_ITEM = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)|^(?P<one>\d{1,2})\s*[.)]\s*(?=\S)")
_POINT = re.compile(r"^(?P<p>[a-zđ])\s*\)\s*(?=\S)|^(?P<p2>[a-zđ])\.\s+(?=\S)")
_PAREN = re.compile(r"^\((?:\d{1,2}|[a-zđ])\)\s*(?=\S)")
_BULLET = re.compile(r"^(?P<b>[-+•●■▪◦])\s*")
_DETACH = re.compile(r"^(?:Trên đây|Trong quá trình|Kế hoạch này|Quyết định này)\b", re.IGNORECASE)
_SUMMARY = re.compile(r"^Trên đây\b", re.IGNORECASE)
_REPORT_WORD = re.compile(r"báo cáo", re.IGNORECASE)
# A heading about reporting: "Chế độ báo cáo", "Công tác giám sát, kiểm tra, báo cáo", "Báo cáo
# kết quả Hội nghị" (not a duty that mentions reports, "Thực hiện tốt chế độ báo cáo …").
_REPORT_TITLE = re.compile(r"^(?:(?:Công tác|Chế độ|Tổ chức|Việc)\b[^.;:]{0,60}?)?báo cáo\b",
                           re.IGNORECASE)
_TERMINAL = re.compile(r"[.;!?]\s*(?:/\.)?$")
HEADING_MAX = 200
PLAIN_HEADING = 4  # an unnumbered line naming a body heads the bullets below it
BLOCK_LEVEL = 5  # numbered items (1-4) and lettered points (5) are task blocks


@dataclass(frozen=True)
class Named:
    """A body named in a line: ``subject`` is found in the line's text, which starts at ``base`` in
    the normalised document text."""

    subject: Subject
    base: int

    @property
    def phrase(self) -> str:
        return self.subject.text[self.subject.start:self.subject.end]


@dataclass(frozen=True)
class Marker:
    level: int  # see Node.level
    label: str | None  # for the section path: "2", "1.3", "c"
    length: int  # characters of the marker ("2. ", "a) ", "- ")


@dataclass(eq=False)  # a tree node is itself (parents and children point at each other)
class Node:
    level: int  # 0 section, 1-4 numbered, 5 point, 6 "(1)", 7 "-", 8 "+", 9 plain
    path: str  # section path of the nearest numbered ancestor ("III.2", "III.2.c")
    line: SourceLine
    text: str  # after the list marker, in the new tone style
    offset: int  # normalised offset of text[0]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    role: str = "plain"  # heading | lead | sentence | topic | plain
    subject: Named | None = None  # the body it names
    report_heading: bool = False
    titled: bool = False  # a "Tổ chức thực hiện" heading inside another section
    chair: Named | None = None  # its "Đơn vị chủ trì"
    reading: Paragraph | None = None


@dataclass
class _Draft:
    duty: Duty
    node: Node
    subject: Named | None
    timing: Timing


@dataclass(frozen=True)
class _Other:
    """A looser duty (monitor, communicate, implement) and who owes it, if anybody is named."""

    node: Node
    kind: str
    who: Named | None


@dataclass(frozen=True)
class ObligationsRead:
    obligations: list[Obligation]
    warnings: list[ReadingWarning]


def read_obligations(sections: Sequence[SourceSection], ctx: Context, issuer: Body | None,
                     issued: date | None, year: int | None, evidence: EvidenceOf) -> ObligationsRead:
    out: list[Obligation] = []
    warnings: list[ReadingWarning] = []
    for sec in sections:
        root = _tree(sec)
        titled = bool(_TCTH.search(clean(sec.title)))
        if titled or _assigns_by_body(root):
            parts = [(root, titled)]
        else:
            # "4. Tổ chức thực hiện" inside another section, or "Chế độ báo cáo" subsections
            parts = [(n, True) for n in _walk(root) if n.role == "topic" and len(n.text) <= 80
                     and _TCTH_HEADING.match(n.text) and not _inside(n, "titled")]
            for n, _ in parts:
                n.titled = True
            parts += [(n, False) for n in _walk(root) if n.report_heading and n.level > 0
                      and not _inside(n, "titled") and not _inside(n, "report_heading")]
        for part, titled in parts:
            # only a whole section that names nobody speaks to the issuer's own staff
            before = len(warnings)
            found = _read_tree(part, ctx, issuer if titled or part is root else None, issued, year,
                               evidence, warnings)
            # A section that assigns nothing to any named body was not read: an empty gap list
            # from it is not to be trusted. One whose duties are other than plans and reports
            # (monitoring, informing: a commune's plan owes no plan further down) or name nobody
            # (they say so themselves) was read.
            unassigned = any(w.code == "obligation-unassigned" for w in warnings[before:])
            assigned = any(o.kind in ("plan", "report") or any(a.kind != "self" for a in o.addressees)
                           for o in found)
            if titled and not unassigned and not assigned:
                title = clean(sec.title if part is root else part.text)
                warnings.append(ReadingWarning(
                    "obligations-unread", f"'{title}' has no obligation that could be read",
                    part.line.no))
            out += found
    out = _without_repeats(out, issuer)
    warnings += _unresolved(out)
    return ObligationsRead(out, warnings)


# --- the item tree --------------------------------------------------------------------------------

def _tree(sec: SourceSection) -> Node:
    root = Node(0, sec.path, sec.line, new_tone_style(sec.title), sec.line.start)
    root.report_heading = bool(_REPORT_WORD.search(sec.title))
    stack = [root]
    bare_bullet: int | None = None
    for ln in sec.body:
        marker = _marker(ln.text)
        level, path_label, cut = marker.level, marker.label, marker.length
        if level == 7 and not ln.text[cut:].strip():
            bare_bullet = 7  # "-" alone, its text on the next line
            continue
        if level == 9 and bare_bullet is not None:
            level = bare_bullet
        bare_bullet = None
        text = new_tone_style(ln.text[cut:])
        if level == 9 and _plain_heading(text):
            level = PLAIN_HEADING  # "**Sở Nội vụ**" on a line of its own, its duties in bullets
        if level == 9:
            if _DETACH.match(text):
                del stack[1:]
            parent = next(n for n in reversed(stack) if n.level <= 6)
        else:
            while stack[-1].level >= level:
                stack.pop()
            parent = stack[-1]
        path = parent.path
        if path_label is not None:
            path = _path(parent, path_label)
        node = Node(level, path, ln, text, ln.start + cut, parent)
        parent.children.append(node)
        if level < 9:
            stack.append(node)
        _classify(node)
    return root


def _plain_heading(text: str) -> bool:
    t = text.strip()
    return (len(t) <= 120 and not _TERMINAL.search(t) and subject_of(t) is None
            and heading_subject(t) is not None and not t.endswith(":"))


def _marker(text: str) -> Marker:
    m = _ITEM.match(text)
    if m:
        num = m.group("num") or m.group("one")
        return Marker(num.count(".") + 1, num, m.end())
    m = _POINT.match(text)
    if m:
        return Marker(5, m.group("p") or m.group("p2"), m.end())
    m = _PAREN.match(text)
    if m:
        return Marker(6, None, m.end())
    m = _BULLET.match(text)
    if m:
        return Marker(8 if m.group("b") == "+" else 7, None, m.end())
    return Marker(9, None, 0)


def _path(parent: Node, label: str) -> str:
    if "." in label or label.isdigit():
        section = parent
        while section.parent is not None:
            section = section.parent
        return f"{section.path}.{label}" if section.path else label
    return f"{parent.path}.{label}" if parent.path else label


def _classify(node: Node) -> None:
    t = node.text.rstrip()  # offsets of what is found are node.text's
    if node.level == 9:
        node.role = "plain"
        return
    s = subject_of(t)
    if t.endswith(":"):
        if s is not None:
            node.role, node.subject = "lead", Named(s, node.offset)
            return
    if t.endswith(":") or (not _TERMINAL.search(t) and len(t) <= HEADING_MAX and s is None):
        h = heading_subject(t)
        if h is not None:
            node.role, node.subject = "heading", Named(h, node.offset)
        else:
            node.role = "topic"
            node.report_heading = len(t) <= 100 and bool(_REPORT_TITLE.match(t))
        return
    node.role = "sentence"


def _walk(node: Node):
    yield node
    for c in node.children:
        yield from _walk(c)


def _inside(node: Node, flag: str) -> bool:
    """Whether an ancestor of ``node`` has ``flag`` set (a part already read as a whole)."""
    p = node.parent
    while p is not None:
        if getattr(p, flag):
            return True
        p = p.parent
    return False


def _assigns_by_body(root: Node) -> bool:
    """Items headed by bodies ("1. Sở Nông nghiệp và Môi trường", "1.2. Sở Tài chính - …") or
    task blocks with "Đơn vị chủ trì:" fields: the section assigns duties body by body."""
    heads = sum(1 for n in _walk(root) if n.level <= BLOCK_LEVEL and n.role == "heading")
    chairs = sum(1 for n in _walk(root) if n.level > 0 and is_chair_field(n.text))
    return heads >= 2 or chairs >= 1


# --- reading duties -------------------------------------------------------------------------------

def _read_tree(root: Node, ctx: Context, issuer: Body | None, issued: date | None,
               year: int | None, evidence: EvidenceOf, warnings: list[ReadingWarning]
               ) -> list[Obligation]:
    nodes = list(_walk(root))
    for n in nodes:
        if n is root and root.level == 0:
            continue
        heading_words = n.role == "topic" and n.report_heading
        if n.role in ("heading",) or heading_words:
            continue
        n.reading = read_paragraph(n.text, issued, year, report_heading=_in_report(n))
        if n.reading.chair is not None:
            _block(n).chair = Named(n.reading.chair, n.offset)
        if n.role == "sentence" and n.reading.subject is not None:
            n.subject = Named(n.reading.subject, n.offset)
    named = any(n.subject is not None or n.chair is not None for n in nodes)
    drafts: list[_Draft] = []
    pending: dict[int, list[_Draft]] = {}
    others: list[_Other] = []
    for n in nodes:
        r = n.reading
        if r is None:
            continue
        block = _block(n)
        waiting = pending.setdefault(id(block), [])
        if r.is_field:
            if r.timing_field is not None:
                for d in waiting:
                    _apply_field(d, r.timing_field)
                waiting.clear()
            continue
        inherited = _inherited(n)
        if n.role == "plain":
            # "UBND tỉnh yêu cầu các sở … triển khai thực hiện." / "Định kỳ … báo cáo …": a
            # closing paragraph goes on with the subject of the paragraph before it
            before = _previous(n)
            if before is not None and before.role == "plain" and before.reading is not None \
                    and before.reading.subject is not None:
                inherited = Named(before.reading.subject, before.offset)
        mine = []
        for duty in r.duties:
            subject = Named(duty.subject, n.offset) if duty.subject is not None else inherited
            d = _Draft(duty, n, subject, duty.timing)
            mine.append(d)
        if r.timing_field is not None:
            for d in waiting + mine:
                _apply_field(d, r.timing_field)
            waiting.clear()
        else:
            waiting.extend(mine)
        drafts += mine
        who = Named(r.subject, n.offset) if r.subject is not None else inherited
        if not _SUMMARY.match(n.text):  # "Trên đây là Kế hoạch …": the closing, not a duty
            others += [_Other(n, kind, who) for kind in other_kinds(n.text)]
    out: list[Obligation] = []
    for d in drafts:
        if d.subject is None:
            d.subject = _chair_of(_block(d.node))
        ob = _obligation(d, ctx, issuer, named, evidence, warnings)
        if ob is not None:
            out.append(ob)
    for o in others:
        if o.who is not None:
            out.append(_record(o.kind, o.who, o.node, Timing(None, None, None, None), None, ctx,
                               evidence))
        elif not named and issuer is not None:
            ob = _record(o.kind, None, o.node, Timing(None, None, None, None), None, ctx, evidence)
            ob.addressees = [Addressee(issuer.name, "self", None, issuer)]
            out.append(ob)
    out.sort(key=lambda o: (o.evidence.start, ("plan", "report").index(o.kind)
                            if o.kind in ("plan", "report") else 2))
    return out


def _previous(n: Node) -> Node | None:
    if n.parent is None:
        return None
    i = n.parent.children.index(n)
    return n.parent.children[i - 1] if i else None


def _in_report(n: Node) -> bool:
    p: Node | None = n
    while p is not None:
        if p.report_heading:
            return True
        p = p.parent
    return False


def _block(n: Node) -> Node:
    b = n
    while b.parent is not None and not (1 <= b.level <= BLOCK_LEVEL):
        b = b.parent
    return b


def _inherited(n: Node) -> Named | None:
    p = n.parent
    while p is not None:
        if p.subject is not None and p.role in ("heading", "lead", "sentence"):
            return p.subject
        p = p.parent
    return None


def _chair_of(block: Node) -> Named | None:
    """The block's "Đơn vị chủ trì", else that of an earlier sub-item of the same item (a block
    "1.2. Báo cáo kết quả Hội nghị" follows the block of the conference it reports on), else the
    enclosing item's."""
    b: Node | None = block
    while b is not None:
        if b.chair is not None:
            return b.chair
        if b.parent is not None and b.level >= 2:
            siblings = b.parent.children[:b.parent.children.index(b)]
            for s in reversed(siblings):
                if s.chair is not None and 1 <= s.level <= BLOCK_LEVEL:
                    return s.chair
        b = b.parent
    return None


def _apply_field(d: _Draft, t: TimeMention) -> None:
    if d.timing.deadline is not None or t.deadline is None:
        return
    period = "once" if d.timing.period_text is None else d.timing.period
    d.timing = Timing(t.deadline, t.text, period, d.timing.period_text)


# --- records --------------------------------------------------------------------------------------

def _obligation(d: _Draft, ctx: Context, issuer: Body | None, named: bool, evidence: EvidenceOf,
                warnings: list[ReadingWarning]) -> Obligation | None:
    duty = d.duty
    line = d.node.line
    if d.subject is None:
        # A plan or a report owed by nobody stated: the issuer restating its own duty to the body
        # above ("Thực hiện tốt chế độ báo cáo định kỳ theo Kế hoạch số 39/KH-UBND") is the
        # obligation of that body's plan, not one this document imposes.
        if named or issuer is None or duty.kind in ("plan", "report"):
            warnings.append(ReadingWarning(
                "obligation-unassigned", f"a {duty.kind} duty names no addressee: "
                f"'{_short(d.node.text)}'", line.no, incomplete=False))
            return None
        addressees = [Addressee(issuer.name, "self", None, issuer)]
        ob = _record(duty.kind, None, d.node, d.timing, duty, ctx, evidence)
        ob.addressees = addressees
        return ob
    if duty.recipient is not None and _same_body(d.subject.phrase, " ".join(duty.recipient.names)):
        return None  # "gửi biên bản về Ban Thường trực" written for the Ban Thường trực itself
    ob = _record(duty.kind, d.subject, d.node, d.timing, duty, ctx, evidence)
    ob.derived = duty.derived
    return ob


def _record(kind: str, who: Named | None, node: Node, timing: Timing,
            duty: Duty | None, ctx: Context, evidence: EvidenceOf) -> Obligation:
    ev = evidence(*_quote(node, duty))
    addressees: list[Addressee] = []
    text = None
    who_ev = None
    if who is not None:
        text = who.phrase
        addressees = split_addressees(text, ctx)
        who_ev = evidence(who.base + who.subject.start, who.base + who.subject.end)
    report_to: list[Body] = []
    report_text = via = None
    if duty is not None and duty.recipient is not None:
        r = duty.recipient
        report_to = [resolve_body(n, ctx) for n in r.names]
        report_text = node.text[r.start:r.end] if duty.recipient else None
        via = resolve_body(r.via, ctx) if r.via else None
    return Obligation(kind, addressees, timing.deadline, timing.period, report_to, ev, node.path,
                      addressee_text=text, addressee_evidence=who_ev, period_text=timing.period_text,
                      deadline_text=timing.deadline_text, report_to_text=report_text,
                      report_via=via)


def _quote(node: Node, duty: Duty | None) -> tuple[int, int]:
    """The obliging sentence, from the line's own start (its list marker) when it is the first."""
    line = node.line
    if duty is None or duty.sentence == (0, 0):
        return line.start, line.start + len(line.text)
    start, end = duty.sentence
    begin = line.start if node.text[:start].strip() == "" else node.offset + start
    return begin, node.offset + len(node.text[:end].rstrip())


def _key(text: str) -> str:
    k = fold(text)
    k = re.sub(r"\bviet nam\b", " ", k)
    k = re.sub(r"\bmat tran to quoc\b", "mttq", k)
    k = re.sub(r"\buy ban nhan dan\b", "ubnd", k)
    return re.sub(r"\s+", " ", k).strip()


def _same_body(a: str, b: str) -> bool:
    return bool(a) and _key(a) == _key(b)


def _without_repeats(obligations: list[Obligation], issuer: Body | None) -> list[Obligation]:
    """A report read from "gửi về X để tổng hợp báo cáo Y" is dropped when the plan states X's
    report to Y itself, or when X is the issuer (its own report is not a duty it imposes)."""
    stated = {(_key(o.addressee_text or ""), _key(o.report_to_text or ""))
              for o in obligations if o.kind == "report" and not o.derived}
    out = []
    for o in obligations:
        if o.derived:
            who = _key(o.addressee_text or "")
            if (who, _key(o.report_to_text or "")) in stated:
                continue
            if issuer is not None and o.addressees and all(
                    a.body is not None and a.body.name == issuer.name for a in o.addressees):
                continue
        out.append(o)
    return out


# A phrase naming a group ("các cơ quan, đơn vị", "đối tượng thực hiện kiểm kê") that matched no
# class: nobody can list its members. A named body ("Hội Nông dân tỉnh") is one unit by its name.
_GROUP = re.compile(r"(?:các|những|mọi|toàn thể|tất cả)\s|(?:cơ quan|đơn vị|đối tượng|tổ chức|"
                    r"doanh nghiệp|cơ sở)\b", re.IGNORECASE)
_HEAD_WORDS = re.compile(r"^(?:thủ trưởng|trưởng|chủ tịch|giám đốc|lãnh đạo|người đứng đầu)\s+",
                         re.IGNORECASE)


def _unresolved(obligations: list[Obligation]) -> list[ReadingWarning]:
    seen: set[str] = set()
    out = []
    for o in obligations:
        if o.kind not in ("plan", "report"):
            continue
        for a in o.addressees:
            if a.kind == "unit" and (a.body is None or a.body.kind == "unknown") and \
                    _GROUP.match(_HEAD_WORDS.sub("", a.text)) and a.text not in seen:
                seen.add(a.text)
                out.append(ReadingWarning(
                    "addressee-unresolved", f"'{a.text}' names a group that is no class of units "
                    "anybody can expand", o.evidence.line))
    return out


def _short(text: str, width: int = 90) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[: width - 1] + "…"
