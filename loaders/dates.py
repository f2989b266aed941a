"""Dates as printed in Vietnamese documents: 26/11/2021, 03-8-2021, 26 tháng 11 năm 2021."""

from __future__ import annotations

import re
from datetime import date

DATE_RE = re.compile(
    r"(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d{2})",
    re.IGNORECASE,
)


def make_date(day: str | int | None, month: str | int | None, year: str | int | None) -> date | None:
    try:
        return date(int(year), int(month), int(day))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def date_from_match(m: re.Match[str]) -> date | None:
    if m.group("d"):
        return make_date(m.group("d"), m.group("m"), m.group("y"))
    return make_date(m.group("d2"), m.group("m2"), m.group("y2"))


def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    for m in DATE_RE.finditer(text):
        d = date_from_match(m)
        if d:
            return d, m
    return None


def parse_day(text: str) -> date | None:
    """A day as people type it in a file or an option: YYYY-MM-DD or DD/MM/YYYY (None if not)."""
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        return make_date(m.group(1), m.group(2), m.group(3))
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    return make_date(m.group(3), m.group(2), m.group(1)) if m else None
