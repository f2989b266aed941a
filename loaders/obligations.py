"""The duties one paragraph of "Tổ chức thực hiện" states: a plan to build, a report to send (by
when, how often, to whom), and the looser duties (monitor, communicate, implement).

What counts (the gold rules of tests/realdocs/NOTES.md, which follow how the documents are
written, not any one document):
- plan: the addressee builds, issues or approves a *kế hoạch* ("xây dựng kế hoạch", "ban hành Kế
  hoạch", "xây dựng và trình … phê duyệt Kế hoạch", "chương trình, kế hoạch"); not a "phương án",
  not "chương trình, đề án" alone, not advising the issuer to issue one ("tham mưu … ban hành kế
  hoạch"), not carrying a plan out ("triển khai thực hiện Kế hoạch"), not a cited instrument that
  issued one ("Nghị quyết số 26/NQ-CP … của Chính phủ ban hành kế hoạch …");
- report: the addressee reports ("báo cáo …", "chế độ báo cáo", "gửi biên bản …" under a reporting
  heading); not the generic "nếu có khó khăn, vướng mắc … báo cáo" sentence and its variants, not
  a report the addressee only advises another body to make ("tham mưu UBND tỉnh báo cáo Bộ …"),
  not budget reporting, not a report listened to or published.
- "gửi về X để tổng hợp báo cáo Y": X owes its own report to Y.

One sentence may hold several duties ("xây dựng kế hoạch chi tiết hằng năm và định kỳ báo cáo
…"); each takes the time phrases of its own words. Several "báo cáo" of one sentence are one
report unless each has its own time ("Báo cáo giữa kỳ (năm 2030) và báo cáo tổng kết (năm 2035)").

Pure functions over the normalised paragraph text (new tone style; offsets are into it).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from .addressees import (  # noqa: F401  (re-exported: the parser's public names)
    HEAD,
    UNIT_CLASSES,
    VERB_RX,
    Subject,
    addressee_phrase,
    split_addressees,
    subject_of,
    unit_class,
)
from .deadlines import (
    TIMING_FIELD,
    PeriodMention,
    TimeMention,
    Timing,
    deadline_mentions,
    field_deadline,
    period_mentions,
    timing_of,
)

KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("monitor", r"theo dõi|đôn đốc|kiểm tra|hướng dẫn"),
    ("communicate", r"tuyên truyền|truyền thông|phổ biến"),
)
_KIND_WORDS_RX = tuple((kind, re.compile(pattern)) for kind, pattern in KIND_WORDS)
_IMPLEMENT = re.compile(r"triển khai|thực hiện|tham mưu", re.IGNORECASE)

# --- plans ----------------------------------------------------------------------------------------

_BUILD = r"(?<!thành )(?<!được )(?:xây dựng|ban hành|lập|soạn thảo|phê duyệt)"
_THEN = (r"(?:ban hành|phê duyệt|triển khai|tổ chức thực hiện|thực hiện|"
         r"trình\s+[^,;.]{1,60}?\s+(?:ban hành|phê duyệt))")
_PLAN = re.compile(rf"(?<![\w]){_BUILD}(?:\s*(?:,\s*và|,|và)\s*{_THEN}){{0,2}}\s+"
                   r"(?:các\s+|một\s+|01\s+)?(?:chương trình\s*,\s*)?kế hoạch(?![\w])", re.IGNORECASE)
# "hướng dẫn các đơn vị xây dựng kế hoạch": the units build it; "tham gia xây dựng kế hoạch": a part
_OTHERS = re.compile(r"(?<![\w])(?:hướng dẫn|đôn đốc|yêu cầu|đề nghị|chỉ đạo|giao)\s+(?:cho\s+)?"
                     r"(?=(?:các|những|mọi)\s)", re.IGNORECASE)
_SUPPORT = re.compile(r"(?:tham gia|góp ý(?:\s+vào)?|phối hợp)\s+$", re.IGNORECASE)
_ADVISE = re.compile(r"(?<![\w])tham mưu(?![\w])", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"\d+\s*[/-]\s*(?:\d{4}\s*/\s*)?[A-ZĐ]")
_CITED_ISSUER = re.compile(r"của\s+[^,;]{2,80}$")

# --- reports --------------------------------------------------------------------------------------

_REPORT = re.compile(r"(?<![\w])báo cáo(?![\w])", re.IGNORECASE)
_SEND_MINUTES = re.compile(r"(?<![\w])gửi\s+(?:các\s+)?biên bản(?![\w])", re.IGNORECASE)
# A report that is read, published, cited or a period name, not sent: "nghe báo cáo", "công bố
# báo cáo", "theo báo cáo", "thời gian báo cáo", "kỳ báo cáo" (but "định kỳ báo cáo" is a duty).
_NOT_SENT_BEFORE = re.compile(r"(?:nghe|công bố|theo|trong|của|vào|tại|với|mẫu|biểu|đề cương|"
                              r"thời gian|thời điểm|số liệu|nội dung|hình thức|(?<!định )kỳ)\s+$",
                              re.IGNORECASE)
_NOT_SENT_AFTER = re.compile(r"\s*viên(?![\w])", re.IGNORECASE)
# "tham mưu Ủy ban nhân dân tỉnh báo cáo Bộ …": the body advised reports, not the addressee.
_ADVISED = re.compile(rf"tham mưu\s+(?:cho\s+)?{HEAD}[^;,]{{0,80}}$")
# "trong quản lý, điều hành, báo cáo.": one noun of a list, not a duty.
_LISTED_NOUN = re.compile(r"(?:trong|về|cho|của|với|vào)\s+[^,;()]{1,40}(?:,\s*[^,;()]{1,40}){0,4},\s*$",
                          re.IGNORECASE)
# The generic closing "nếu có khó khăn, vướng mắc … báo cáo" and its variants.
_DIFFICULTY = re.compile(r"khó khăn|vướng mắc|sai sót|vi phạm|vấn đề phát sinh|phát sinh\s*,|"
                         r"cần\s+(?:phải\s+)?(?:sửa đổi|điều chỉnh|bổ sung)|(?:nội dung|vấn đề)\s+cần|"
                         # "… báo cáo UBND tỉnh để xem xét, chỉ đạo giải quyết": a problem to solve
                         r"để\s+(?:xem xét\s*,?\s*)?(?:chỉ đạo\s*,?\s*)?(?:giải quyết|xử lý|tháo gỡ)|"
                         r"xem xét\s*,\s*chỉ đạo", re.IGNORECASE)
# "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc …; trường hợp vượt thẩm quyền, Sở X tổng
# hợp báo cáo …": every clause of the sentence belongs to the closing about problems.
_IF_TROUBLE = re.compile(r"nếu\s[^.]{0,80}?(?:khó khăn|vướng mắc|phát sinh|cần\s+(?:phải\s+)?sửa đổi)",
                         re.IGNORECASE)
# "ban hành kế hoạch kiểm kê, trong đó xác định … đơn vị chịu trách nhiệm tổng hợp, báo cáo":
# what follows "trong đó" describes the plan's content.
_CONTENT = re.compile(r"(?<![\w])trong đó(?![\w])", re.IGNORECASE)
_BUDGET = re.compile(r"kinh phí|dự toán|ngân sách|quyết toán", re.IGNORECASE)

# --- recipients -----------------------------------------------------------------------------------

_TO_INTRO = re.compile(r"(?<![\w])(?:báo cáo|gửi|về|lên|với|cho|đến|tới)\s+(?:(?:về|lên|đến|tới|cho)\s+)?",
                       re.IGNORECASE)
_TO_HEAD = re.compile(HEAD)
_STOP_WORDS = (r"kết quả|về|trước|theo|để|chậm nhất|chậm|định kỳ|khi|ngay|xem xét|trong|tình hình|"
               r"những|các nội dung|tiến độ|việc|đồng gửi|hằng|hàng|sau|bằng|thông qua|qua|kịp thời|"
               r"đúng|trực tiếp|số liệu|nội dung|tổng hợp|giải quyết|chỉ đạo|phê duyệt|quyết định|"
               r"theo dõi|biết|xử lý|cho ý kiến|trình|thì|nếu|do|vào|từ|lúc|gồm|đối với|nhằm|"
               r"đề xuất|kiến nghị|tổng kết|sơ kết|hạn cuối|hạn chót|muộn nhất|không quá")
_LOWER = "a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
# A recipient ends at punctuation, at a bracket, at a comma or "và" before a lower-case word that
# is not another body ("Bộ Khoa học và Công nghệ" goes on; "Sở Xây dựng, để tổng hợp" stops) and
# at the words that follow a recipient ("kết quả", "về", "trước", "theo", "để", ...).
_TO_STOP = re.compile(rf"\s*(?:[;.:!?]|\(|,\s*(?=[{_LOWER}\d])(?!{HEAD})|\s+và\s+(?=[{_LOWER}])(?!{HEAD})|"
                      rf"\s+(?:{_STOP_WORDS})(?![\w]))")
_VIA_STOP = re.compile(r"\s+(?:tổng hợp|để|trước|theo|chậm|khi)(?![\w])|\s*[;,.]\s")
_CHANNEL = re.compile(r"\s*\(\s*(?:thông\s+)?qua\s+(?P<via>[^)]+)\)|\s+thông qua\s+", re.IGNORECASE)
_CHANNEL_ANYWHERE = re.compile(r"\(\s*(?:thông\s+)?qua\s+(?P<a>[^)]+)\)|thông qua\s+(?P<b>[^,;.()]+)",
                               re.IGNORECASE)
_NAMED_ABOUT = re.compile(r"(?:Ban Chỉ đạo|Hội đồng|Tổ công tác|Ủy ban)$")
_ABOUT_TO_PLACE = re.compile(r"\s+về\s+[^;.()]{1,160}?\s(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|"
                             r"Trung ương)(?:\s+[A-ZĐ]\w*)+(?=\s*(?:[.;,]|$))")
_NAME_SPLIT = re.compile(rf",\s+(?={HEAD})|\s+và\s+(?={HEAD})")
_SENT_TO = re.compile(r"(?<![\w])(?:gửi|về|đến|lên)\s+(?:(?:về|đến|lên)\s+)?", re.IGNORECASE)
_DERIVED_GAP = re.compile(r"\s*(?:\(\s*(?:thông\s+)?qua[^)]*\)\s*)?"
                          r"(?:,?\s*(?:trước|chậm nhất|trong)\s[^,;()]{0,40}?)?,?\s*để\s+"
                          r"(?:tổng hợp\s*,?\s*(?:và\s+)?)?$", re.IGNORECASE)
_SELF_CC = re.compile(r",?\s*(?:\(\s*)?đồng gửi\b", re.IGNORECASE)

# --- fields of task blocks ------------------------------------------------------------------------

_CHAIR = re.compile(r"^\s*(?:[-+•]\s*)?(?:(?:Đơn vị|Cơ quan|Bộ phận)\s+(?:chủ trì|thực hiện|"
                    r"chịu trách nhiệm)(?:\s+thực hiện)?|Chủ trì(?:\s+thực hiện)?)\s*:\s*"
                    r"(?P<v>\S.*?)[\s.;]*$", re.IGNORECASE)
_OTHER_FIELD = re.compile(r"^\s*(?:[-+•]\s*)?(?:Kết quả|Sản phẩm|Đơn vị phối hợp|Cơ quan phối hợp|"
                          r"Phối hợp|Thành phần|Địa điểm|Hình thức|Tài liệu[^:]{0,30}|Nguyên tắc[^:]{0,30}|"
                          r"Phương pháp|Đối tượng[^:]{0,30}|Kinh phí[^:]{0,30}|Mẫu[^:]{0,20})\s*:",
                          re.IGNORECASE)
_LABEL = re.compile(r"^(?:Chế độ báo cáo|Nội dung(?:\s+thực hiện)?|Nhiệm vụ(?:\s+cụ thể)?)\s*:\s*",
                    re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<![A-ZĐ]{2}\.)(?<!\b[A-ZĐ]\.)(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ“\"(])")


@dataclass(frozen=True)
class Recipient:
    start: int
    end: int  # the recipient as written, with a "(qua …)" channel that directly follows it
    names: tuple[str, ...]  # the bodies named, without the channel
    via: str | None  # the channel body ("qua Sở Nội vụ"), wherever it is written


@dataclass
class Duty:
    """One duty as read from a paragraph, before its addressee is settled."""

    kind: str  # plan | report | monitor | communicate | implement
    subject: Subject | None  # named in this paragraph; None: the heading's or the block's
    timing: Timing
    recipient: Recipient | None
    anchor: int  # where the duty's verb is in the paragraph text
    sentence: tuple[int, int] = (0, 0)  # the sentence that states it, in the paragraph text
    derived: bool = False  # read from "gửi về X để tổng hợp báo cáo Y": X's report to Y


@dataclass
class Paragraph:
    """What one paragraph says: its duties, its own subject, and the task-block fields."""

    duties: list[Duty] = field(default_factory=list)
    subject: Subject | None = None  # the first subject named in the paragraph
    timing_field: TimeMention | None = None  # "Thời gian hoàn thành: …" (in it or as it)
    chair: Subject | None = None  # "Đơn vị chủ trì: …"
    is_field: bool = False  # the whole paragraph is a field of a task block


@dataclass
class _Anchor:
    kind: str  # plan | report | derived
    start: int
    end: int
    owner: Recipient | None = None  # for derived: the report whose recipient reports on


def read_paragraph(text: str, issued: date | None, year: int | None = None, *,
                   report_heading: bool = False) -> Paragraph:
    """The duties of one paragraph (list marker already removed)."""
    out = Paragraph()
    chair = _CHAIR.match(text)
    if chair:
        out.chair = Subject(text, chair.start("v"), chair.end("v"))
        out.is_field = True
        return out
    timing = TIMING_FIELD.match(text)
    if timing:
        out.timing_field = _shift(field_deadline(timing.group("value"), issued, year), timing.start("value"))
        out.is_field = True
        return out
    if _OTHER_FIELD.match(text):
        out.is_field = True
        return out
    label = _LABEL.match(text)
    start = label.end() if label else 0
    current: Subject | None = None
    deadlines = deadline_mentions(text, issued, year)
    periods = period_mentions(text)
    d_starts, p_starts = [t.start for t in deadlines], [p.start for p in periods]
    for s_start, s_end in _sentences(text, start):
        inline = TIMING_FIELD.match(text[s_start:s_end])
        if inline:
            mention = field_deadline(inline.group("value"), issued, year)
            out.timing_field = _shift(mention, s_start + inline.start("value"))
            continue
        own = subject_of(text, s_start, s_end)
        if own is not None:
            current = own
            out.subject = out.subject or own
        found = _sentence_duties(text, s_start, s_end, current, report_heading,
                                 _within(deadlines, d_starts, s_start, s_end),
                                 _within(periods, p_starts, s_start, s_end))
        for d in found:
            d.sentence = (s_start, s_end)
        out.duties.extend(found)
    return out


def is_chair_field(text: str) -> bool:
    return _CHAIR.match(text) is not None


def other_kinds(text: str) -> list[str]:
    """The looser duties a paragraph states (kept as before: the first match of each kind, and
    "implement" when nothing else is named)."""
    low = text.lower()
    found = [kind for kind, pattern in _KIND_WORDS_RX if pattern.search(low)]
    if not found and not _PLAN.search(low) and not _REPORT.search(low) and _IMPLEMENT.search(low):
        found.append("implement")
    return found


def _within(mentions: list, starts: list[int], start: int, end: int) -> list:
    """The mentions (sorted, ``starts`` their start offsets) that start in [start, end)."""
    return mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def _shift(t: TimeMention, by: int) -> TimeMention:
    return TimeMention(t.start + by, t.end + by, t.text, t.kind, t.deadline)


def _sentences(text: str, start: int) -> list[tuple[int, int]]:
    out, pos = [], start
    depth, counted = 0, start  # brackets open before the candidate end, counted as we go
    for m in _SENTENCE_END.finditer(text, start):
        depth += text.count("(", counted, m.start()) - text.count(")", counted, m.start())
        counted = m.start()
        if depth > 0:
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _inside_brackets(text: str, pos: int, start: int = 0) -> bool:
    """Whether ``pos`` is inside brackets opened after ``start`` (the sentence's start)."""
    return text.count("(", start, pos) > text.count(")", start, pos)


def _clause_bounds(text: str, s_start: int, s_end: int, pos: int) -> tuple[int, int]:
    a = text.rfind(";", s_start, pos)
    b = text.find(";", pos, s_end)
    return (a + 1 if a >= 0 else s_start), (b if b >= 0 else s_end)


# --- anchors --------------------------------------------------------------------------------------

def _others_duty(text: str, c_start: int, pred_start: int, at: int) -> bool:
    """The duty belongs to someone else ("hướng dẫn các cơ quan, đơn vị xây dựng kế hoạch": the
    units build it) or the addressee only takes part in it ("tham gia xây dựng kế hoạch")."""
    before = text[max(c_start, pred_start):at]
    if _SUPPORT.search(before):
        return True
    causes = list(_OTHERS.finditer(before))
    if not causes:
        return False
    tail = before[causes[-1].end():]
    # "chỉ đạo các đơn vị triển khai …, xây dựng Kế hoạch": the group has its own verb before,
    # and "theo dõi … và báo cáo" coordinates the addressee's own verbs
    return len(tail) <= 100 and not VERB_RX.search(tail) and not re.search(r"(?:,|\bvà)\s*$", tail)


def _plan_anchors(text: str, s_start: int, s_end: int, pred_start: int) -> list[_Anchor]:
    out = []
    for m in _PLAN.finditer(text, s_start, s_end):
        c_start, _ = _clause_bounds(text, s_start, s_end, m.start())
        before = text[c_start:m.start()]
        if _ADVISE.search(before) or _inside_brackets(text, m.start(), s_start):
            continue  # advising the issuer to issue a plan is not building one
        if re.search(r"việc\s+$", before, re.IGNORECASE) or \
                _others_duty(text, c_start, pred_start, m.start()):
            continue
        if _CITED_ISSUER.search(before) and _DOC_NUMBER.search(before):
            continue  # "Nghị quyết số 26/NQ-CP … của Chính phủ ban hành kế hoạch tổng thể"
        out.append(_Anchor("plan", m.start(), m.end()))
    return out


def _report_anchors(text: str, s_start: int, s_end: int, pred_start: int,
                    report_heading: bool) -> list[_Anchor]:
    out = []
    found = [(m.start(), m.end()) for m in _REPORT.finditer(text, s_start, s_end)]
    if report_heading:
        found += [(m.start(), m.end()) for m in _SEND_MINUTES.finditer(text, s_start, s_end)]
    for a, b in sorted(found):
        c_start, c_end = _clause_bounds(text, s_start, s_end, a)
        before = text[c_start:a]
        if _DIFFICULTY.search(text[c_start:c_end]) or _CONTENT.search(before) or \
                _IF_TROUBLE.search(text, s_start, a):
            continue
        if _NOT_SENT_BEFORE.search(before[-20:]) or _NOT_SENT_AFTER.match(text, b):
            continue
        # "tham mưu (UBND tỉnh) (xây dựng) báo cáo …": drafting the report of the body advised
        if _inside_brackets(text, a, s_start) or _ADVISED.search(before) or \
                _ADVISE.search(before) or _others_duty(text, c_start, pred_start, a):
            continue
        if re.match(r"\s*(?:[.;]|$)", text[b:c_end] + ".") and _LISTED_NOUN.search(before):
            continue
        if any(a < x[1] and x[0] < b for x in ((o.start, o.end) for o in out)):
            continue
        out.append(_Anchor("report", a, b))
    return out


# --- one sentence ---------------------------------------------------------------------------------

@dataclass
class _Group:
    kind: str
    anchors: list[_Anchor]
    start: int
    end: int


def _sentence_duties(text: str, s_start: int, s_end: int, subject: Subject | None,
                     report_heading: bool, deadlines: list[TimeMention],
                     periods: list[PeriodMention]) -> list[Duty]:
    # the predicate starts after a subject named in this sentence
    pred_start = subject.end if subject is not None and s_start <= subject.start < s_end else s_start
    anchors = _plan_anchors(text, s_start, s_end, pred_start) + _report_anchors(
        text, s_start, s_end, pred_start, report_heading)
    anchors.sort(key=lambda a: a.start)
    if not anchors:
        return []
    _mark_derived(text, anchors, s_start)
    groups = _groups(text, anchors, s_start, s_end, deadlines, periods)
    duties: list[Duty] = []
    report_groups: list[tuple[_Group, Duty]] = []
    for g in groups:
        own_deadlines = [t for t in deadlines if g.start <= t.start < g.end]
        own_periods = [p for p in periods if g.start <= p.start < g.end]
        if g.kind == "plan":
            # "kế hoạch … hằng năm" makes the plan yearly; the rest of the sentence does not
            duties.append(Duty("plan", subject, timing_of("plan", own_deadlines, own_periods), None,
                               g.anchors[0].start))
            continue
        if g.kind == "derived":
            owner = g.anchors[0].owner
            if owner is None:
                continue
            who = Subject(text, owner.start, owner.start + _name_end(text, owner))
            to = _recipient(text, g.anchors[0].start, g.end)
            # the receiver reports as often as it is reported to, by no date of its own
            source = next((d for gg, d in reversed(report_groups) if gg.end <= g.start), None)
            duties.append(Duty("report", who, _derived_timing(source), to, g.anchors[0].start,
                               derived=True))
            continue
        if _BUDGET.search(text[g.start:g.end]):
            continue  # budget reporting is not a reporting duty of the plan
        to = None
        for a in g.anchors:
            to = _recipient(text, a.start, g.end)
            if to is not None:
                break
        duty = Duty("report", subject, timing_of("report", own_deadlines, own_periods), to,
                    g.anchors[0].start)
        duties.append(duty)
        report_groups.append((g, duty))
    # "báo cáo tình hình sau mỗi đợt và báo cáo tổng kết gửi về X": one recipient for both
    for i, (_g, d) in enumerate(report_groups):
        if d.recipient is None:
            later = next((dd.recipient for _gg, dd in report_groups[i + 1:] if dd.recipient), None)
            d.recipient = later
    return duties


def _derived_timing(source: Duty | None) -> Timing:
    if source is None or source.timing.period in (None, "once"):
        return Timing(None, None, None, None)
    return Timing(None, None, source.timing.period, source.timing.period_text)


def _mark_derived(text: str, anchors: list[_Anchor], s_start: int) -> None:
    """'… báo cáo kết quả về Sở Xây dựng, để tổng hợp báo cáo Ủy ban nhân dân Tỉnh', '… gửi về
    Sở Nội vụ để tổng hợp, báo cáo UBND tỉnh': the second report is the recipient's own."""
    for a in anchors:
        if a.kind != "report":
            continue
        c_start, _ = _clause_bounds(text, s_start, a.start, a.start)
        for m in reversed(list(_SENT_TO.finditer(text, c_start, a.start))):
            to = _recipient(text, m.start(), a.start)
            if to is not None and _DERIVED_GAP.fullmatch(text, to.end, a.start):
                a.kind, a.owner = "derived", to
            break


def _scheduled(deadlines: list[TimeMention], periods: list[PeriodMention], start: int,
               end: int) -> bool:
    return any(start <= t.start < end for t in deadlines) or any(
        start <= p.start < end and p.scheduled for p in periods)


def _groups(text: str, anchors: list[_Anchor], s_start: int, s_end: int,
            deadlines: list[TimeMention], periods: list[PeriodMention]) -> list[_Group]:
    """Each duty's words: from the delimiter before its verb to the next duty's. Reports in a row
    are one report unless each has its own time."""
    starts = []
    for i, a in enumerate(anchors):
        if i == 0:
            starts.append(s_start)
            continue
        gap = text[anchors[i - 1].end:a.start]
        # a clause boundary first: "…; định kỳ 6 tháng, năm báo cáo" is all the report's
        cut = gap.rfind(";")
        if cut < 0:
            cut = max(gap.rfind(","), gap.rfind(" và "))
        starts.append(anchors[i - 1].end + cut + (4 if gap[cut:cut + 4] == " và " else 1)
                      if cut >= 0 else a.start)
    ends = starts[1:] + [s_end]
    groups: list[_Group] = []
    for a, start, end in zip(anchors, starts, ends, strict=True):
        prev = groups[-1] if groups else None
        if prev is not None and prev.kind == a.kind and a.kind != "derived":
            if not (_scheduled(deadlines, periods, prev.start, prev.end) and
                    _scheduled(deadlines, periods, start, end)):
                prev.anchors.append(a)
                prev.end = end
                continue
        groups.append(_Group(a.kind, [a], start, end))
    return groups


# --- recipients -----------------------------------------------------------------------------------

def _name_end(text: str, r: Recipient) -> int:
    """Length of the recipient's names, without its channel."""
    m = _TO_STOP.search(text, r.start + 1, r.end)
    return (m.start() if m else r.end) - r.start


def _recipient(text: str, start: int, end: int) -> Recipient | None:
    """The first body a report goes to, at or after ``start`` and before ``end``; "đồng gửi"
    copies are not recipients."""
    cc = _SELF_CC.search(text, start, end)
    end = cc.start() if cc else end
    for m in _TO_INTRO.finditer(text, start, end):
        at = m.end()
        if not _TO_HEAD.match(text, at) or _inside_brackets(text, at, start):
            continue
        stop = _TO_STOP.search(text, at + 1, end)
        name_end = stop.start() if stop else end
        about = _ABOUT_TO_PLACE.match(text, name_end, end)
        if about and _NAMED_ABOUT.search(text[at:name_end]):
            name_end = about.end()  # "Ban Chỉ đạo về phát triển … tỉnh Đồng Tháp" is one name
        names_text = text[at:name_end].strip(" ,")
        if len(names_text) < 2:
            continue
        full_end = at + len(text[at:name_end].rstrip(" ,"))
        via = None
        ch = _CHANNEL.match(text, full_end, end)
        if ch and ch.group("via"):
            full_end = ch.end()
            via = _channel_name(ch.group("via"))
        elif ch:
            stop2 = _TO_STOP.search(text, ch.end() + 1, end)
            via_end = stop2.start() if stop2 else end
            if _TO_HEAD.match(text, ch.end()):
                via = _channel_name(text[ch.end():via_end])
                full_end = via_end
        if via is None:
            anywhere = _CHANNEL_ANYWHERE.search(text, start, end)
            if anywhere:
                via = _channel_name(anywhere.group("a") or anywhere.group("b"))
        names = tuple(n.strip(" ,") for n in _NAME_SPLIT.split(names_text) if n.strip(" ,"))
        return Recipient(at, full_end, names, via)
    return None


def _channel_name(text: str) -> str | None:
    m = _VIA_STOP.search(text, 1)
    name = (text[:m.start()] if m else text).strip(" ,.;")
    return name if _TO_HEAD.match(name) else None
