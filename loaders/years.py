"""The year a plan is for, or the span of years it covers.

A single year its title names wins ("… năm 2025"; "kiểm kê … thời điểm 0h00 ngày 01 tháng 01 năm
2026"); a plan whose title or text sets a horizon beyond its year of issue ("giai đoạn 2026 - 2030",
"đến năm 2035") or schedules work in a later year is for no single year; otherwise the year of
issue. Years inside a citation (its date, a quoted strategy's horizon) do not count."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .citations import Mention
from .text import MappedText


@dataclass(frozen=True)
class PlanYear:
    year: int | None  # None: a plan over several years
    horizon: str | None  # that span as written ("giai đoạn 2026 - 2030")


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


def plan_year(mt: MappedText, mentions: list[Mention], title_span: tuple[int, int] | None,
              opening_start: int, issued: int | None) -> PlanYear:
    """(the year the plan is for, the multi-year horizon as written). A single year the title
    names wins ("… năm 2025"; "kiểm kê … thời điểm 0h00 ngày 01 tháng 01 năm 2026"); a plan whose
    title or text sets a horizon beyond its year of issue ("giai đoạn 2026 - 2030", "đến năm 2035")
    or schedules work in a later year (a timeline across years) is for no single year (None);
    otherwise the year of issue. Years inside a citation (its date, its subject) do not count."""
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
            return PlanYear(int(alone[-1].group("y")), None)
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
    return PlanYear(None, horizon) if horizon else PlanYear(issued, None)


def _is_cited_horizon(body: str, pos: int) -> bool:
    """A horizon that belongs to a named strategy or programme being quoted ("Chiến lược … đến
    năm 2030", "Chương trình mục tiêu quốc gia … giai đoạn 2021 - 2025"), not to this plan."""
    before = body[max(0, pos - 160):pos]
    clause = re.split(r"[.;:\n]", before)[-1]
    return re.search(r"\b(?:Chiến lược|Chương trình mục tiêu|Quy hoạch|Nghị quyết|Kết luận|Đề án|"
                     r"Chỉ thị|Quyết định|tầm nhìn)\b", clause) is not None
