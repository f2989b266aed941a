"""Deadlines and periods as plans write them, resolved against the document's date.

The rules (the gold notes of tests/realdocs and ../shared/docs/vn-document-conventions.md §5.3):
- an explicit date ("trước ngày 31/5/2026", "chậm nhất ngày 17 tháng 12 năm 2025") is the
  deadline as written, even when it had already passed at issue;
- a day and month with no year ("trước ngày 15/11 hằng năm", "chậm nhất ngày 17 tháng 12") is a
  yearly date: the first such day strictly after the document's date, and the duty is yearly;
- a month, quarter or year ("trong tháng 11/2025", "Quý IV/2025", "(năm 2030)") is due on its
  last day;
- a recurrence ("hằng quý", "định kỳ 06 tháng", "trước ngày 15 hằng tháng"), a bare "định kỳ" or
  "theo quy định", an activity window ("Từ tháng 12/2025 đến quý I/2026") and a time relative to
  an event ("ngay sau khi kết thúc hội nghị") give no date.

Periods use one vocabulary: ``once``, ``monthly``, ``quarterly``, ``half-yearly``, ``yearly``, or
None when the duty recurs with no fixed period (bare "định kỳ", daily, on request). The words as
written are kept beside the code.

Everything here is a pure function of the text (already NFC and in the new tone style) and the
document's date; offsets are into that text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .dates import make_date


def _phrases(first: str, pattern: str) -> re.Pattern[str]:
    """``pattern`` (case-insensitive) behind a look-ahead on the letters its phrases can start
    with: under IGNORECASE the engine cannot work those out itself and tries every alternative at
    every position of a paragraph; the look-ahead rejects most positions at once and changes no
    match (``first`` must hold the first character of every alternative)."""
    return re.compile(f"(?=[{first}])(?:{pattern})", re.IGNORECASE)


@dataclass(frozen=True)
class TimeMention:
    """A deadline phrase. ``deadline`` is None for windows, event-relative and unreadable times."""

    start: int
    end: int
    text: str  # as written
    kind: str  # date | yearly_date | month | quarter | year | window | relative
    deadline: date | None


@dataclass(frozen=True)
class PeriodMention:
    """A recurrence phrase. ``code`` is None for a recurrence without a fixed period (bare "định
    kỳ", daily, weekly) and for duties on request ("đột xuất", "khi có yêu cầu")."""

    start: int
    end: int
    text: str
    code: str | None
    scheduled: bool  # False for on-request reporting, which sets no schedule of its own


# --- periods --------------------------------------------------------------------------------------

_EVERY = r"(?:hằng|hàng|mỗi)"
_PERIOD_RULES: tuple[tuple[str, str | None, bool], ...] = (
    # (pattern, code, scheduled); the first rule matching at a position wins
    (rf"(?:định kỳ\s+)?{_EVERY}\s+năm|(?:định kỳ\s+)?năm\s+(?:một|1)\s+lần|định kỳ\s+năm", "yearly",
     True),
    (rf"(?:định kỳ\s+)?(?:{_EVERY}\s+)?(?<!\d)(?:0?6|sáu)\s+tháng(?:\s+(?:một|1)\s+lần)?(?=\W|$)",
     "half-yearly", True),
    (rf"(?:định kỳ\s+)?{_EVERY}\s+quý|định kỳ\s+quý|theo quý", "quarterly", True),
    (rf"(?:định kỳ\s+)?{_EVERY}\s+tháng|định kỳ\s+tháng", "monthly", True),
    (rf"(?:định kỳ\s+)?{_EVERY}\s+(?:ngày|tuần)|\d+\s+lần\s*/\s*(?:ngày|tuần)|sau mỗi\s+\w+", None, True),
    (r"đột xuất|khi có yêu cầu|theo yêu cầu", None, False),
    (r"định kỳ", None, True),
)
_PERIOD_RX = _phrases(r"đhmnstk\d", "|".join(f"(?P<p{i}>{rule[0]})" for i, rule in enumerate(_PERIOD_RULES)))
# "báo cáo 6 tháng" is the half-yearly report; "trong 6 tháng" is a span of time, not a period.
_SPAN_BEFORE = re.compile(r"(?:trong|sau|vòng|tối đa|ít nhất|đủ|từ)\s+$", re.IGNORECASE)


def period_mentions(text: str) -> list[PeriodMention]:
    out = []
    for m in _PERIOD_RX.finditer(text):
        i = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        _pattern, code, scheduled = _PERIOD_RULES[i]
        if code == "half-yearly" and _SPAN_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        out.append(PeriodMention(m.start(), m.end(), m.group(0), code, scheduled))
    return out


# --- deadlines ------------------------------------------------------------------------------------

_BEFORE = r"(?:trước|chậm nhất(?:\s+là)?(?:\s+vào)?|muộn nhất|hạn chót|hạn cuối|không quá|hoàn thành trước)"
_DAY = r"(?:ngày\s+)?"
_YEAR = r"((?:19|20)\d{2})"
_FULL = (rf"(\d{{1,2}})\s*([/.-])\s*(\d{{1,2}})\s*\2\s*{_YEAR}"
         rf"|(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+{_YEAR}")
_DAY_MONTH = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?![\d/.-])|(\d{1,2})\s+tháng\s+(\d{1,2})(?!\s*(?:năm|/)\s*\d)"
_EXPLICIT = _phrases("tcmhk", rf"{_BEFORE}\s+{_DAY}(?:{_FULL})")
_YEARLY = _phrases("tcmhk", rf"{_BEFORE}\s+{_DAY}(?:{_DAY_MONTH})")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WITHIN = r"(?<!\w)(?:trong\s+|hoàn thành(?:\s+trong)?\s+)"
_MONTH = _phrases("th", rf"{_WITHIN}tháng\s+(\d{{1,2}})\s*(?:/|năm)\s*{_YEAR}")
_QUARTER = _phrases("th", rf"{_WITHIN}quý\s+(IV|I{{1,3}}|[1-4])\s*(?:/|năm)\s*{_YEAR}")
_YEAR_DUE = _phrases(r"(th", rf"\(\s*năm\s+{_YEAR}\s*\)|(?:trong|hoàn thành(?:\s+trong)?)\s+năm\s+{_YEAR}")
_RELATIVE = _phrases("nsk", r"(?:ngay\s+)?sau khi\s+[^,;.]{1,60}|khi (?:tổng kết|kết thúc|sơ kết)[^,;.]{0,60}"
                     r"|(?<![\w])kết thúc\s+(?:cuộc|đợt|hội nghị|kỳ)[^,;.]{0,40}")


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return last_day(year, quarter * 3)


def next_yearly(day: int, month: int, issued: date | None, year: int | None) -> date | None:
    """The first ``day``/``month`` strictly after the issue date (issued 24/11/2025 with "trước
    ngày 15/11 hằng năm" → 2026-11-15). With no date but a year (a draft), that year's day."""
    if issued is None:
        return make_date(day, month, year) if year else None
    for y in (issued.year, issued.year + 1):
        d = make_date(day, month, y)
        if d is not None and d > issued:
            return d
    return None


def _full_date(m: re.Match[str], first: int) -> date | None:
    g = m.groups()[first:first + 7]
    if g[0]:
        return make_date(g[0], g[2], g[3])
    return make_date(g[4], g[5], g[6])


def deadline_mentions(text: str, issued: date | None, year: int | None = None) -> list[TimeMention]:
    """Every deadline phrase of ``text`` in order (overlaps resolved: the first, longest wins)."""
    found: list[TimeMention] = []
    for m in _EXPLICIT.finditer(text):
        found.append(TimeMention(m.start(), m.end(), m.group(0), "date", _full_date(m, 0)))
    for m in _YEARLY.finditer(text):
        g = m.groups()
        day, month = (g[0], g[1]) if g[0] else (g[2], g[3])
        found.append(TimeMention(m.start(), m.end(), m.group(0), "yearly_date",
                                 next_yearly(int(day), int(month), issued, year)))
    for m in _MONTH.finditer(text):
        month = int(m.group(1))
        d = last_day(int(m.group(2)), month) if 1 <= month <= 12 else None
        found.append(TimeMention(m.start(), m.end(), m.group(0), "month", d))
    for m in _QUARTER.finditer(text):
        found.append(TimeMention(m.start(), m.end(), m.group(0), "quarter",
                                 quarter_end(int(m.group(2)), _QUARTERS[m.group(1).lower()])))
    for m in _YEAR_DUE.finditer(text):
        y = int(m.group(1) or m.group(2))
        found.append(TimeMention(m.start(), m.end(), m.group(0), "year", date(y, 12, 31)))
    for m in _RELATIVE.finditer(text):
        found.append(TimeMention(m.start(), m.end(), m.group(0).strip(), "relative", None))
    return _no_overlap(found)


def _no_overlap(found: list[TimeMention]) -> list[TimeMention]:
    out: list[TimeMention] = []
    for t in sorted(found, key=lambda t: (t.start, -(t.end - t.start))):
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return out


# --- timing fields of task blocks ("Thời gian hoàn thành: Quý IV/2025") ---------------------------

TIMING_FIELD = re.compile(
    r"^\s*(?:[-+•]\s*)?(?P<label>(?:Thời gian|Thời hạn)(?:\s+(?:hoàn thành|thực hiện|báo cáo|nộp))?|"
    r"Hạn hoàn thành|Tiến độ(?:\s+hoàn thành)?)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_WINDOW = re.compile(r"^(?:dự kiến\s+)?từ\b|\bđến\s+(?:ngày\s+|tháng\s+|quý\s+|năm\s+|khi\b|hết\b)"
                     r"|\btháng\s+\d{1,2}\s*/\s*\d{4}\s+đến\b", re.IGNORECASE)
_FIELD_MONTH = re.compile(rf"tháng\s+(\d{{1,2}})(?:\s*-\s*(\d{{1,2}}))?\s*(?:/|năm)\s*{_YEAR}",
                          re.IGNORECASE)
_FIELD_QUARTER = re.compile(rf"quý\s+(IV|I{{1,3}}|[1-4])\s*(?:/|năm)\s*{_YEAR}", re.IGNORECASE)
_FIELD_YEAR = re.compile(rf"^(?:năm\s+)?{_YEAR}\b", re.IGNORECASE)
_BARE_FULL = re.compile(_FULL)


def field_deadline(value: str, issued: date | None, year: int | None = None) -> TimeMention:
    """The deadline a timing field gives: the value's last date, month, quarter or year; a window
    ("Từ tháng 11/2025 đến khi kết thúc") gives none."""
    text = value.strip()
    if _WINDOW.search(text):
        return TimeMention(0, len(value), text, "window", None)
    mentions = deadline_mentions(value, issued, year)
    dated = [t for t in mentions if t.deadline is not None]
    if dated:
        return dated[-1]
    candidates: list[TimeMention] = []
    for m in _BARE_FULL.finditer(value):
        candidates.append(TimeMention(m.start(), m.end(), m.group(0), "date", _full_date(m, 0)))
    for m in _FIELD_MONTH.finditer(value):
        month = int(m.group(2) or m.group(1))
        if 1 <= month <= 12:
            candidates.append(TimeMention(m.start(), m.end(), m.group(0), "month",
                                          last_day(int(m.group(3)), month)))
    for m in _FIELD_QUARTER.finditer(value):
        candidates.append(TimeMention(m.start(), m.end(), m.group(0), "quarter",
                                      quarter_end(int(m.group(2)), _QUARTERS[m.group(1).lower()])))
    m = _FIELD_YEAR.search(text)
    if m:
        candidates.append(TimeMention(0, len(value), text, "year", date(int(m.group(1)), 12, 31)))
    if candidates:
        return max(candidates, key=lambda t: (t.deadline or date.min, -t.start))
    if mentions:
        return mentions[0]
    return TimeMention(0, len(value), text, "window", None)


# --- one duty's timing ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Timing:
    deadline: date | None
    deadline_text: str | None
    period: str | None  # once, monthly, quarterly, half-yearly, yearly, or None
    period_text: str | None


def timing_of(kind: str, deadlines: list[TimeMention], periods: list[PeriodMention]) -> Timing:
    """The deadline and period of one duty from the time phrases of its own words.

    A fixed period ("hằng năm") wins; a yearly date makes the duty yearly; a recurrence without a
    fixed period (bare "định kỳ", daily) gives None; a one-off date or an event gives "once"; with
    no time phrase at all a plan is made once and a report's period is unknown (None)."""
    dated = next((t for t in deadlines if t.deadline is not None), None)
    relative = next((t for t in deadlines if t.kind == "relative"), None)
    window = next((t for t in deadlines if t.kind == "window"), None)
    fixed = next((p for p in periods if p.code is not None), None)
    # a plan is made once or on a fixed cycle; "định kỳ hằng ngày" there is about its content
    loose = next((p for p in periods if p.code is None), None) if kind != "plan" else None
    deadline = dated.deadline if dated else None
    deadline_text = dated.text if dated else (relative or window).text if (relative or window) else None
    if fixed is not None:
        return Timing(deadline, deadline_text, fixed.code, fixed.text)
    if dated is not None and dated.kind == "yearly_date":
        return Timing(deadline, deadline_text, "yearly", dated.text)
    if loose is not None:
        return Timing(deadline, deadline_text, None, loose.text)
    if dated is not None or relative is not None:
        return Timing(deadline, deadline_text, "once", None)
    if window is not None:
        return Timing(None, deadline_text, None, None)
    return Timing(None, None, "once" if kind == "plan" else None, None)
