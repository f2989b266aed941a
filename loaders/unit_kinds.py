"""Which kinds of unit a class of People's Committees addresses, read from its wording.

"UBND các huyện" addresses the huyện of the province and not its quận or thị xã; "UBND các quận,
huyện" both; "UBND các huyện, thị xã, thành phố" those three; "UBND cấp huyện" and "các địa
phương" name a level, not kinds, and take every district-level unit. The same for communes ("các
xã" vs "các xã, phường, thị trấn", "cấp xã", "các xã, phường, đặc khu")."""

from __future__ import annotations

import re

from .records import UnitKinds
from .text import clean

KINDS_OF_LEVEL = {"district": ("quận", "huyện", "thị xã", "thành phố"),
                  "commune": ("xã", "phường", "thị trấn", "đặc khu")}
LEVEL_OF_CLASS = {"district_people_committees": "district",
                  "commune_people_committees": "commune"}
_LEVEL_OF_KIND = {k: level for level, kinds in KINDS_OF_LEVEL.items() for k in kinds}
_KIND = re.compile(r"(thành phố|thị xã|thị trấn|đặc khu|quận|huyện|phường|xã)\b")
_SEPARATOR = re.compile(r"\s*(?:,|/|;|\bvà\b|\bhoặc\b)\s*")
# Where a list of kinds starts: after "các", or right after the committee's name ("UBND huyện,
# thị xã" without "các" is written too).
_LIST_START = re.compile(r"\b(?:các|ủy ban nhân dân|ubnd)\s+")
_LEVEL_WORD = re.compile(r"\bcấp (huyện|xã)\b")


def unit_kinds(text: str, unit_class: str | None = None) -> UnitKinds | None:
    """The kinds an addressee phrase names. ``unit_class`` (the class obligations.py gave the
    phrase) sets the level when the phrase does not, and keeps the kinds of that level only.
    None when the phrase is not a class of People's Committees of a district or commune level."""
    low = clean(text).casefold()
    level = LEVEL_OF_CLASS.get(unit_class or "")
    if unit_class is not None and level is None:
        return None
    m = _LEVEL_WORD.search(low)
    if m:
        said = "district" if m.group(1) == "huyện" else "commune"
        return _every(level or said)
    for start in _LIST_START.finditer(low):
        kinds = _listed(low, start.end())
        if kinds:
            return _named(kinds, level)
    return _every(level) if level else None


def _listed(low: str, pos: int) -> list[str]:
    """The kind words listed from ``pos``: "quận, huyện, thị xã và thành phố thuộc tỉnh" → the four."""
    kinds: list[str] = []
    while True:
        m = _KIND.match(low, pos)
        if not m:
            return kinds
        if m.group(1) not in kinds:
            kinds.append(m.group(1))
        sep = _SEPARATOR.match(low, m.end())
        if not sep or not _KIND.match(low, sep.end()):
            return kinds
        pos = sep.end()


def _named(kinds: list[str], level: str | None) -> UnitKinds | None:
    if level is None:  # "thành phố" alone is both a province and a district kind: the others tell
        level = next((_LEVEL_OF_KIND[k] for k in kinds if k != "thành phố"), "district")
    kept = tuple(k for k in kinds if k in KINDS_OF_LEVEL[level])
    return UnitKinds(level, kept) if kept else _every(level)


def _every(level: str) -> UnitKinds:
    return UnitKinds(level, KINDS_OF_LEVEL[level], named=False)
