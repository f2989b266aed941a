"""Deadlines and periods in the words real plans use, each one saying exactly the scenario's
deadline under the reading rules of the gold (tests/realdocs/README.md, loaders/deadlines.py):

- an explicit date is the deadline as written;
- "trước ngày 05/11 hằng năm" is the first 5 November strictly after the document's date, so it
  is written only when that day is the deadline;
- "trong tháng 3/2024" and "trong Quý I/2024" are due on the last day of that month or quarter,
  so they are written only for a deadline on such a day;
- a report without a deadline recurs ("định kỳ hằng quý", "trước ngày 15 hằng tháng") or follows
  the rules ("theo quy định"): no date, and `kg gaps` dues it on 31 December like the truth does.
"""

from __future__ import annotations

import calendar
import random
from datetime import date

ROMAN_QUARTERS = ("I", "II", "III", "IV")


def _month_end(d: date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def _next_yearly(day: int, month: int, issued: date) -> date | None:
    for y in (issued.year, issued.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d > issued:
            return d
    return None


def _explicit(rng: random.Random, d: date) -> str:
    return rng.choice((f"trước ngày {d.day}/{d.month}/{d.year}",
                       f"trước ngày {d.day:02d}/{d.month:02d}/{d.year}",
                       f"chậm nhất ngày {d.day:02d}/{d.month}/{d.year}",
                       f"trước ngày {d.day} tháng {d.month} năm {d.year}",
                       f"chậm nhất là ngày {d.day} tháng {d.month} năm {d.year}"))


def deadline_phrase(rng: random.Random, d: date, kind: str, issued: date | None) -> str:
    """How a plan or report due on ``d`` says so, in a document dated ``issued``."""
    special: list[str] = []
    if kind == "report" and issued is not None and _next_yearly(d.day, d.month, issued) == d:
        special += [f"trước ngày {d.day:02d}/{d.month:02d} hằng năm",
                    f"trước ngày {d.day}/{d.month} hằng năm", f"trước ngày {d.day} tháng {d.month} hằng năm"]
    if _month_end(d):
        special += [f"trong tháng {d.month}/{d.year}", f"hoàn thành trong tháng {d.month}/{d.year}",
                    f"trong tháng {d.month} năm {d.year}"]
        if d.month % 3 == 0:
            q = ROMAN_QUARTERS[d.month // 3 - 1]
            special += [f"trong Quý {q}/{d.year}", f"trong quý {q} năm {d.year}"] * 2
    if special and rng.random() < 0.75:
        return rng.choice(special)
    return _explicit(rng, d)


def field_value(rng: random.Random, d: date) -> str:
    """The value of a task block's "Thời gian hoàn thành:" field for a duty due on ``d``."""
    options = [f"trước ngày {d.day}/{d.month}/{d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}"]
    if _month_end(d):
        options += [f"Tháng {d.month}/{d.year}", f"tháng {d.month:02d}/{d.year}"]
        if d.month % 3 == 0:
            options += [f"Quý {ROMAN_QUARTERS[d.month // 3 - 1]}/{d.year}"] * 2
    return rng.choice(options)


# Reports owed with no date of their own: a recurrence, or whatever the rules say.
PERIODS = ("định kỳ hằng quý", "định kỳ 6 tháng, năm", "trước ngày 15 hằng tháng", "hằng tháng",
           "định kỳ hằng năm", "theo quy định", "định kỳ")


def period_phrase(rng: random.Random) -> str:
    return rng.choice(PERIODS)
