"""The part of the gaps decision that depends on the day asked about (``as_of``), in one place.

queries/gaps.rq (and its twin queries/gaps.cypher) stay the readable definition of the whole
decision; the gaps index (kg/store/gaps_index.py) keeps gaps.rq's rows with every answer and
applies the day with these functions, and the library (kg/answers/gaps.py) and the views filter
with :func:`is_open`. It lives in kg/graph, the lowest layer that both the store layer (the index)
and the answers layer import, because kg/store may not import kg/answers; it is pure (days in,
status out) and reads nothing.

As in gaps.rq: an answer counts on ``as_of`` when it is dated no later than that day or undated (a
draft); the earliest *dated* counting answer decides on time or late; with no counting answer a
duty is overdue once ``as_of`` is past its due date (the stated deadline, else 31 December)."""

from __future__ import annotations

DONE_ON_TIME, DONE_LATE, NOT_DUE, OVERDUE = "done_on_time", "done_late", "not_due", "overdue"
STATUSES = (DONE_ON_TIME, DONE_LATE, NOT_DUE, OVERDUE)
OPEN = (NOT_DUE, OVERDUE)


def response_date(first_dated: str | None, as_of: str) -> str | None:
    """The earliest dated answer that counts on ``as_of``: the earliest dated answer of all, if
    it is not after that day. Days are ISO texts (``YYYY-MM-DD``), which compare as days."""
    return first_dated if first_dated is not None and first_dated <= as_of else None


def gap_status(first_dated: str | None, any_undated: bool, due: str, as_of: str) -> str:
    """The status on ``as_of`` of a duty whose answers are summarised as their earliest date
    (``first_dated``, None without a dated answer) and whether an undated one exists."""
    answered = response_date(first_dated, as_of)
    if answered is not None:
        return DONE_LATE if answered > due else DONE_ON_TIME
    if any_undated:
        return DONE_ON_TIME
    return OVERDUE if as_of > due else NOT_DUE


def is_open(status: str) -> bool:
    """Still owed: not produced yet (not due or overdue)."""
    return status in OPEN
