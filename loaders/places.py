"""Resolve place names ("TP. Bắc Kạn", "Hướng Hoá", "tỉnh") against the time-aware unit registry.

The registry is immutable reference data, so parsing stays a pure function of text + registry."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Protocol

from .records import Place
from .text import clean

LEVEL_WORDS = {
    "tỉnh": "province",
    "thành phố": None,  # province-level or district-level city: the registry decides
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
    "đặc khu": "commune",
}
_ABBREV = re.compile(r"^(?:(TP|TX|TT|H|Q|P)\.\s*)", re.IGNORECASE)
_ABBREV_WORD = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn", "h": "huyện", "q": "quận",
                "p": "phường"}
LEVEL_WORD_RE = re.compile(
    r"^(tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+", re.IGNORECASE)


class RegistryLike(Protocol):
    def find(self, name: str, *, level: str | None = None, within: str | None = None,
             on: date | None = None) -> list: ...
    def get(self, code: str): ...
    def ancestors(self, code: str, on: date | None = None) -> list: ...


@lru_cache(maxsize=1)
def default_registry() -> RegistryLike | None:
    try:
        from directive_kg.reference.registry import load_registry
    except ImportError:  # registry not available: parse without place resolution
        return None
    return load_registry()


def split_level_word(text: str) -> tuple[str | None, str]:
    """'TP. Bắc Kạn' → ('thành phố', 'Bắc Kạn'); 'huyện Hướng Hoá' → ('huyện', 'Hướng Hóa')."""
    t = clean(text)
    m = _ABBREV.match(t)
    if m:
        return _ABBREV_WORD[m.group(1).lower()], t[m.end():].strip()
    m = LEVEL_WORD_RE.match(t)
    if m:
        return m.group(1).lower(), t[m.end():].strip()
    return None, t


def _place_from_unit(as_written: str, unit, registry: RegistryLike, on: date | None = None) -> Place:
    province = district = province_type = district_type = None
    # the units above as they stood on the document's day: Thành phố Huế was a city of Tỉnh Thừa
    # Thiên Huế in 2024, and the province itself "Thành phố Huế" from 2025
    for cur in (unit, *registry.ancestors(unit.code, on)):
        if cur.level == "province":
            province, province_type = cur.short, cur.unit_type
        elif cur.level == "district":
            district, district_type = cur.short, cur.unit_type
    return Place(as_written=as_written, name=unit.name, short=unit.short, level=unit.level,
                 unit_type=unit.unit_type, province=province, district=district, code=unit.code,
                 province_type=province_type, district_type=district_type)


def resolve_place(as_written: str, *, on: date | None = None, hint_levels: tuple[str, ...] = (),
                  within: Place | None = None,
                  registry: RegistryLike | None = None) -> Place | None:
    """Find the unit a place name denotes on a date. ``hint_levels`` breaks ties (a name can be
    both a province and a district, e.g. Bắc Kạn); ``within`` restricts to a province."""
    registry = registry if registry is not None else default_registry()
    word, name = split_level_word(as_written)
    if not name:
        return None
    level = LEVEL_WORDS.get(word) if word else None
    if registry is None:
        return Place(as_written, name, name, level)
    within_code = within.code if within is not None else None
    candidates = registry.find(name, level=level, within=within_code, on=on)
    if word == "thành phố" and candidates:
        candidates = [c for c in candidates if c.unit_type == "Thành phố"] or candidates
    if len(candidates) > 1 and hint_levels:
        preferred = [c for c in candidates if c.level in hint_levels]
        candidates = preferred or candidates
    if len(candidates) > 1:
        # Prefer the highest level: a bare "Kiên Giang" in a date line is the province.
        order = {"province": 0, "district": 1, "commune": 2}
        best = min(order.get(c.level, 3) for c in candidates)
        candidates = [c for c in candidates if order.get(c.level, 3) == best]
    if len(candidates) != 1:
        return Place(as_written, name, name, level)
    return _place_from_unit(as_written, candidates[0], registry, on)


def resolve_place_under(as_written: str, parent_name: str, parent_level: str, *,
                        level: str | None = None, on: date | None = None,
                        registry: RegistryLike | None = None,
                        provinces: tuple[str, ...] = ()) -> Place | None:
    """A place name that is ambiguous on its own, read inside the unit of the body above the
    issuer: "Chợ Mới" under "UBND tỉnh Bắc Kạn" is Huyện Chợ Mới of Bắc Kạn, and "Tân Lập" under
    "UBND huyện Châu Thành" the one commune of that name in a Châu Thành district. When the pair
    still fits units in several provinces, ``provinces`` (province names the document gives
    elsewhere) choose among them. None unless exactly one unit fits."""
    registry = registry if registry is not None else default_registry()
    if registry is None:
        return None
    word, name = split_level_word(as_written)
    level = (LEVEL_WORDS.get(word) if word else None) or level
    found: dict[str, object] = {}
    # Type words stay in the queries: "thị trấn Long Phú" is not "xã Long Phú" of the same district.
    for parent in registry.find(parent_name, level=parent_level, on=on):
        for unit in registry.find(as_written, level=level, within=parent.code, on=on):
            found[unit.code] = unit
    # Across parents, prefer the spelling and the type word as written: "Phú Hữu" is not "Phú
    # Hựu", "thị trấn Phú Mỹ" not "xã Phú Mỹ", and a name beats a former name (alias).
    key = clean(name).casefold()

    def score(u) -> tuple[bool, bool]:
        return (clean(u.short).casefold() == key,
                word is None or (u.unit_type or "").lower() == word)

    best = max((score(u) for u in found.values()), default=None)
    winners = [u for u in found.values() if score(u) == best]
    if len(winners) > 1 and provinces:
        named = {clean(p).casefold() for p in provinces}
        winners = [u for u in winners if clean(_province_of(u, registry, on).short).casefold() in named]
    if len(winners) != 1:
        return None
    return _place_from_unit(as_written, winners[0], registry, on)


def _province_of(unit, registry: RegistryLike, on: date | None = None):
    """The unit's province as it stood on ``on`` (Tỉnh Thừa Thiên Huế in 2024, not its 2025 name)."""
    above = registry.ancestors(unit.code, on)
    return above[-1] if above else unit
