"""Time-aware registry of Vietnam's administrative units, before and after the 2025 reform.

Data comes from the ``vietnamadminunits`` package (GSO codes; sources GSO and sapnhap.bando.com.vn):
its SQLite file holds the legacy three-level units (63 provinces / 696 districts / 10,035 communes,
the state of 1 January 2025) and the 34 provinces / 3,321 communes that operate from 1 July 2025;
``converter_2025.json`` maps old units to new ones. We read those files directly: importing the
package itself pulls numpy, shapely and geopy (about 0.35 s) for its address parser.

Codes. GSO reuses numbers across the reform (``91`` was Kiên Giang and is now the new An Giang; new
communes often keep the code of one merged commune), so every code carries its era:
``"legacy:<gso>"`` for units valid until 2025-06-30 and ``"2025:<gso>"`` for units valid from
2025-07-01. Within an era GSO codes have 2 (province), 3 (district) or 5 (commune) digits, so the
level can also be read from the code.

Three states. Before the 2023-2025 round of mergers (the GSO list of 2023-05-07), after it (the
package's legacy table, about 1 January 2025) and after 1 July 2025 (its new table). The first is
shipped as differences from the second in ``data/registry-history.json`` (made by
scripts/build_registry_history.py, with its sources and dates): units that ended in the round (with
the unit that took them over), units that were renamed, re-ranked (huyện → thị xã, thành phố or
quận; xã → phường) or moved to another district, and the few that began. GSO codes are stable for a
renamed or re-ranked unit, so such a unit keeps one code and carries its earlier states
(:class:`UnitState`, ``AdminUnit.history``); ``AdminUnit.on(day)`` is the unit as it stood that day.

Validity. A legacy unit is valid until 2025-06-30; one that ended in the round until the day before
its province's resolution took effect (``valid_to``); one that began in it from that day. Where the
effective date is not established the boundary is 1 January 2025 and ``approximate`` says so (see
the data file's ``default_boundary``). ``valid_from=None`` means: before our data starts (2023).
New units have ``valid_from=2025-07-01`` and ``valid_to=None``: the package does not yet include
the 2026 changes (e.g. Đồng Nai becoming a centrally-run city).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

LEGACY_END = date(2025, 6, 30)
HISTORY_FILE = Path(__file__).with_name("data") / "registry-history.json"
REFORM_START = date(2025, 7, 1)
LEVELS = ("province", "district", "commune")

# Unit names start with one of these; matched case-insensitively because the dataset also writes
# "Thành Phố Bắc Kạn", "Thị Xã Buôn Hồ", "Thị Trấn Ái Tử".
_UNIT_TYPES = (
    "Thành phố",
    "Thị trấn",
    "Thị xã",
    "Đặc khu",
    "Phường",
    "Huyện",
    "Quận",
    "Tỉnh",
    "Xã",
)

# Folded token sequences a query may start with, and the type they stand for ("TP.", "T.P.", "H.").
_TYPE_WORDS: dict[tuple[str, ...], str] = {
    ("thanh", "pho"): "Thành phố",
    ("tp",): "Thành phố",
    ("t", "p"): "Thành phố",
    ("thi", "xa"): "Thị xã",
    ("tx",): "Thị xã",
    ("t", "x"): "Thị xã",
    ("thi", "tran"): "Thị trấn",
    ("tt",): "Thị trấn",
    ("t", "t"): "Thị trấn",
    ("dac", "khu"): "Đặc khu",
    ("tinh",): "Tỉnh",
    ("huyen",): "Huyện",
    ("h",): "Huyện",
    ("quan",): "Quận",
    ("q",): "Quận",
    ("phuong",): "Phường",
    ("p",): "Phường",
    ("xa",): "Xã",
    ("x",): "Xã",
}

# Vietnamese tone marks in NFD; the other marks (circumflex, breve, horn) make different letters.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


@dataclass(frozen=True)
class UnitState:
    """A unit's name, type and parent over one period of its life."""

    name: str
    short: str
    unit_type: str
    parent: str | None
    valid_from: date | None  # None = before our data starts
    valid_to: date | None  # None = still valid
    approximate: bool = False  # a boundary of the period is the documented default, not a known date

    @property
    def kind(self) -> str:
        """The type word as addressee classes name it: "huyện", "thị xã", "phường"."""
        return self.unit_type.lower()

    def valid_on(self, on: date) -> bool:
        return _within(on, self.valid_from, self.valid_to)


def _within(on: date, start: date | None, end: date | None) -> bool:
    """``on`` lies in a validity period (an open end stands for before our data or still valid)."""
    return (start is None or start <= on) and (end is None or on <= end)


@dataclass(frozen=True)
class AdminUnit:
    code: str  # "legacy:<GSO>" or "2025:<GSO>", see the module docstring
    name: str  # official full name, type word in its standard case: "Thành phố Bắc Kạn"
    short: str  # name without the type word; numeric names keep it ("Quận 1", "Phường 5")
    unit_type: str  # "Tỉnh", "Thành phố", "Huyện", "Quận", "Thị xã", "Phường", "Xã", ...
    level: str  # "province" | "district" | "commune"
    parent: str | None
    valid_from: date | None  # None = before our data starts
    valid_to: date | None  # None = still valid
    # Earlier states, oldest first (name, type and parent above are the last state's). Empty for
    # a unit that kept its name, type and parent all its life.
    history: tuple[UnitState, ...] = ()
    approximate: bool = False  # valid_from or valid_to is the documented default boundary

    @property
    def gso(self) -> str:
        """The bare GSO code, e.g. "91" for both "legacy:91" and "2025:91"."""
        return self.code.partition(":")[2]

    @property
    def kind(self) -> str:
        return self.unit_type.lower()

    def valid_on(self, on: date) -> bool:
        return _within(on, self.valid_from, self.valid_to)

    def states(self) -> tuple[UnitState, ...]:
        """Every state of the unit, oldest first; the last is the one its fields describe."""
        start = self.valid_from
        if self.history:
            end = self.history[-1].valid_to
            start = end + timedelta(days=1) if end is not None else None
        last = UnitState(self.name, self.short, self.unit_type, self.parent, start, self.valid_to,
                         self.approximate or any(s.approximate for s in self.history[-1:]))
        return (*self.history, last)

    def state_on(self, on: date) -> UnitState | None:
        return next((s for s in self.states() if s.valid_on(on)), None)

    def on(self, day: date | None) -> AdminUnit:
        """The unit as it stood on ``day`` (its name, type and parent then); itself when it had
        one state, when ``day`` is None, or when it did not exist that day."""
        if not self.history or day is None:
            return self
        state = self.state_on(day)
        if state is None or state.valid_to == self.valid_to:
            return self
        return replace(self, name=state.name, short=state.short, unit_type=state.unit_type,
                       parent=state.parent)


# --- name keys -------------------------------------------------------------------------------


_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")  # letters/digits with their NFD marks
_FOLD = str.maketrans({**{chr(c): None for c in range(0x300, 0x370)}, "đ": "d"})
_UNTONE = str.maketrans(dict.fromkeys(_TONES))
_MARKS = frozenset(chr(c) for c in range(0x300, 0x370)) | {"đ"}


def _words(text: str) -> list[str]:
    """Lower-cased NFD words; combining marks stay attached to their word."""
    nfd = unicodedata.normalize("NFD", text.lower()).replace("ð", "đ")  # eth typed for Đ
    return _WORD.findall(nfd)


def _loose(word: str) -> str:
    """Accent-folded word: Hướng Hoá, Hướng Hóa, Huong Hoa, Đăk, Đắk all agree."""
    return word.translate(_FOLD)


def _strict(word: str) -> str:
    """Accent-sensitive word that ignores where the tone mark sits (hoá == hóa, but hoa != hòa)."""
    tones = "".join(ch for ch in word if ch in _TONES)
    return unicodedata.normalize("NFC", word.translate(_UNTONE)) + tones


def fold(text: str) -> str:
    """Accent-folding match key: NFC/NFD-proof, lower case, no marks, đ→d, alphanumerics only."""
    return "".join(_words(text)).translate(_FOLD)


_TYPE_BY_LOWER = {t.lower(): t for t in _UNIT_TYPES}


def _split_type(name: str) -> tuple[str, str]:
    """Split a dataset name into (standard type word, rest); "Thành Phố X" → ("Thành phố", "X")."""
    words = name.split(" ", 2)
    for n in (2, 1):  # every type word has one or two words
        unit_type = _TYPE_BY_LOWER.get(" ".join(words[:n]).lower())
        if unit_type is not None and len(words) > n:
            return unit_type, " ".join(words[n:]).strip()
    raise ValueError(f"no type word in unit name {name!r}")


def _short(dataset_short: str) -> str:
    # The dataset disambiguates homonyms in the short name: "Kỳ Anh (Thị xã)", "Yên Viên (Xã)".
    return dataset_short.split(" (", 1)[0].strip()


def _aliases(raw: str | None) -> list[str]:
    # The dataset's *Keywords columns: folded keys for the name, former names of merged units
    # ("thanhphoninhbinh" for Thành phố Hoa Lư), abbreviations ("hcm", "q1") and y/i spellings.
    # Folding again only guards against stray accents ("xãcẩmgiàng" appears as a key).
    return [a if a.isascii() else fold(a) for a in json.loads(raw)] if raw else []


# Former names the dataset lacks: Tỉnh Thừa Thiên Huế became Thành phố Huế on 2025-01-01, and the
# legacy snapshot only knows the new name, yet 2024 documents use the old one.
_EXTRA_ALIASES = {"legacy:46": ["tinhthuathienhue", "thuathienhue"]}


# --- registry --------------------------------------------------------------------------------


class Registry:
    """Read-only index of units; build it with :func:`load_registry`."""

    def __init__(
        self,
        units: Iterable[AdminUnit],
        converted: dict[str, list[str]],
        aliases: dict[str, Iterable[str]] | None = None,
    ) -> None:
        """``converted`` maps legacy provinces, communes and island districts to new units, as
        the package's converter does (default target first); district successors are derived."""
        self._units: dict[str, AdminUnit] = {u.code: u for u in units}
        self._children: dict[str, list[str]] = {}  # parent → children in any of their states
        self._by_rest: dict[str, list[str]] = {}  # folded name without type word → codes
        self._by_alias: dict[str, list[str]] = {}  # folded former names / abbreviations → codes
        # code → each state with its folded name without type word (what `find` compares)
        self._named: dict[str, tuple[tuple[UnitState, str], ...]] = {}
        for u in self._units.values():
            named = []
            for state in u.states():
                if state.parent is not None and u.code not in self._children.get(state.parent, ()):
                    self._children.setdefault(state.parent, []).append(u.code)
                rest = fold(state.name[len(state.unit_type) + 1:])
                named.append((state, rest))
                if u.code not in self._by_rest.get(rest, ()):
                    self._by_rest.setdefault(rest, []).append(u.code)
            self._named[u.code] = tuple(named)
        for code, keys in (aliases or {}).items():
            for key in dict.fromkeys(keys):
                self._by_alias.setdefault(key, []).append(code)
        self._predecessors: dict[str, list[str]] = {}
        for old, news in converted.items():
            for new in news:
                self._predecessors.setdefault(new, []).append(old)
        # A legacy district goes to what its communes went into (island districts map directly),
        # then to its new province. One that ended in the 2023-2025 round went to the district
        # that took it over (in ``converted``). Dicts keep first-seen order and drop repeats.
        self._successors = {k: tuple(v) for k, v in converted.items()}
        for d in (u for u in self._units.values() if u.level == "district"):
            if d.valid_to != LEGACY_END:
                continue
            targets = dict.fromkeys(converted.get(d.code, []))
            for child in self._children.get(d.code, []):
                if self._units[child].valid_to == LEGACY_END:
                    targets.update(dict.fromkeys(converted.get(child, [])))
            targets.update(dict.fromkeys(converted.get(d.parent or "", [])))
            self._successors[d.code] = tuple(targets)

    def __len__(self) -> int:
        return len(self._units)

    def all_units(self) -> list[AdminUnit]:
        """Every unit of both eras, in code order of the dataset."""
        return list(self._units.values())

    def get(self, code: str) -> AdminUnit:
        return self._units[code]

    def units_on(self, on: date, level: str | None = None) -> list[AdminUnit]:
        """Units valid on ``on``, each as it stood that day."""
        _check_level(level)
        return [
            u.on(on)
            for u in self._units.values()
            if u.valid_on(on) and (level is None or u.level == level)
        ]

    def children(
        self, code: str, on: date | None = None, level: str | None = None
    ) -> list[AdminUnit]:
        """Direct children, or with ``level`` all descendants at that level (province → communes).

        Legacy provinces have districts as children; post-reform provinces have communes. With
        ``on``: the children of that day, as they stood then (a commune moved to another district
        in the 2023-2025 round is a child of the first until the move); without: every unit that
        was ever a child.
        """
        _check_level(level)
        self.get(code)  # KeyError for an unknown code rather than an empty answer
        out: list[AdminUnit] = []
        stack = [(code, c) for c in reversed(self._children.get(code, []))]
        while stack:
            parent, child = stack.pop()
            unit = self._units[child]
            if on is not None:
                state = unit.state_on(on)
                if state is None or state.parent != parent:
                    continue
                unit = unit.on(on)
            if level is None or unit.level == level:
                out.append(unit)
            if level is not None and unit.level != level:
                stack.extend((unit.code, c) for c in reversed(self._children.get(unit.code, [])))
        return out

    def ancestors(self, code: str, on: date | None = None) -> list[AdminUnit]:
        """Parent, grandparent, ... of a unit (nearest first); with ``on``, those of that day."""
        out: list[AdminUnit] = []
        parent = self.get(code).on(on).parent
        while parent is not None:
            out.append(self._units[parent].on(on))
            parent = out[-1].parent
        return out

    def province_of(self, code: str) -> AdminUnit:
        unit = self.get(code)
        return unit if unit.level == "province" else self.ancestors(code)[-1]

    def successors(self, code: str) -> list[AdminUnit]:
        """The units that took over a unit that ended.

        A unit merged in the 2023-2025 round → the legacy unit it went into. A legacy province →
        its new province. Commune → the new commune(s) it went into; when it was split, the
        package's default one (``isDefaultNewWard``) comes first. District → the new communes
        covering its old communes (in the order of its communes), then the new province.
        Post-reform units have no successors in our data.
        """
        self.get(code)
        return [self._units[c] for c in self._successors.get(code, ())]

    def today(self, code: str) -> AdminUnit | None:
        """The unit that carries this unit's duties in the registry's latest state: itself while
        it is valid, else its successor's today. A district-level unit (a level that ended on
        1 July 2025) → its new province; a commune split in 2025 → the default new commune.
        None when the successor is not known (two communes of the round, see the data file)."""
        unit = self.get(code)
        for _ in range(5):  # 2023 → 2025-01 → 2025-07: a few steps at most
            if unit.valid_to is None:
                return unit
            nexts = self.successors(unit.code)
            if not nexts:
                return None
            if unit.level == "district" and unit.valid_to == LEGACY_END:
                unit = next((n for n in nexts if n.level == "province"), nexts[0])
            else:
                unit = nexts[0]
        return None

    def predecessors(self, code: str) -> list[AdminUnit]:
        """Legacy units merged (wholly or partly) into a post-reform unit: provinces for a
        province; communes for a commune (an island district for the đặc khu that replaced it)."""
        self.get(code)
        return [self._units[c] for c in self._predecessors.get(code, ())]

    def find(
        self,
        name: str,
        *,
        level: str | None = None,
        within: str | None = None,
        on: date | None = None,
    ) -> list[AdminUnit]:
        """Units whose name matches ``name``, with or without its type word.

        Matching folds accents, case, Unicode form and tone placement, and understands "TP.",
        "TX.", "TT.", "H.", "Q.", "P.", "X.". Type words in the query restrict the unit type (so
        "TP. Bắc Kạn" is the city, not the province) unless nothing of that type matches. When the
        query carries accents and some candidates match them exactly (tone placement aside), only
        those are returned ("Hòa Bình" drops "Hóa Bình"). Former names and abbreviations listed by
        the package ("hcm", "Thành phố Ninh Bình" → Thành phố Hoa Lư) are tried last.
        ``within`` is the code of an ancestor; ``on`` keeps units valid on that date.
        """
        _check_level(level)
        words = _words(name)
        if not words:
            return []
        loose = [_loose(w) for w in words]
        # Each reading is (type or None, words of the name proper). The whole query is always
        # one reading too: "Quan Hóa" is Huyện Quan Hóa, not a Quận named Hóa.
        readings: list[tuple[str | None, list[str]]] = [
            (unit_type, words[len(prefix) :])
            for prefix, unit_type in _TYPE_WORDS.items()
            if tuple(loose[: len(prefix)]) == prefix and len(words) > len(prefix)
        ]
        readings.append((None, words))

        def keep(u: AdminUnit) -> bool:
            return (
                (level is None or u.level == level)
                and (on is None or u.valid_on(on))
                and (within is None or any(a.code == within for a in self.ancestors(u.code, on)))
            )

        def named(code: str, key: str, unit_type: str | None) -> bool:
            """Whether the unit bore this name (with this type word) on ``on``, or ever."""
            return any(rest == key and unit_type in (None, s.unit_type) and (on is None or s.valid_on(on))
                       for s, rest in self._named[code])

        def by_name(typed: bool) -> dict[str, str]:
            found: dict[str, str] = {}  # code → strict key of the reading that matched
            for unit_type, rest in readings:
                key = "".join(map(_loose, rest))
                strict = None
                for c in self._by_rest.get(key, []):
                    u = self._units[c]
                    if named(c, key, unit_type if typed else None) and keep(u):
                        strict = strict if strict is not None else "".join(map(_strict, rest))
                        found.setdefault(c, strict)
            return found

        def by_alias(typed: bool) -> dict[str, str]:
            # The package's aliases are folded and may include the type word ("tpninhbinh").
            found: dict[str, str] = {}
            for c in self._by_alias.get("".join(loose), []):
                if keep(self._units[c]):
                    found[c] = ""
            for unit_type, rest in readings:
                for c in self._by_alias.get("".join(map(_loose, rest)), []):
                    u = self._units[c]
                    if (not typed or unit_type in (None, u.unit_type)) and keep(u):
                        found[c] = ""
            return found

        # Most specific first: right type, then former names of that type, then any type.
        found = by_name(True) or by_alias(True) or by_name(False) or by_alias(False)
        if any(ch in _MARKS for ch in "".join(words)):
            # The query has accents: if some candidates carry exactly these, drop the others.
            exact = {c for c, key in found.items()
                     if any(key == _strict_key(s.name[len(s.unit_type) + 1:])
                            for s, _rest in self._named[c])}
            if exact:
                found = {c: k for c, k in found.items() if c in exact}
        return sorted((self._units[c].on(on) for c in found), key=_sort_key)


def _strict_key(text: str) -> str:
    return "".join(map(_strict, _words(text)))


def _sort_key(u: AdminUnit) -> tuple[int, int, str]:
    return (u.valid_from is not None, LEVELS.index(u.level), u.code)


def _check_level(level: str | None) -> None:
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")


# --- loading ---------------------------------------------------------------------------------


def data_dir() -> Path:
    """The package's data folder, located without importing the package (numpy, shapely)."""
    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _unit(era: str, gso: str, name: str, short: str, level: str, parent: str | None) -> AdminUnit:
    unit_type, rest = _split_type(name)
    legacy = era == "legacy"
    return AdminUnit(
        code=f"{era}:{gso}",
        # The dataset's type column is wrong for a few units (Phường 5 of Phú Nhuận as "Xã") while
        # the name agrees with the GSO lists and the official totals, so the name decides.
        name=f"{unit_type} {rest}",
        short=_short(short),
        unit_type=unit_type,
        level=level,
        parent=parent,
        valid_from=None if legacy else REFORM_START,
        valid_to=LEGACY_END if legacy else None,
    )


def _build(folder: Path, history: dict | None = None) -> Registry:
    units: dict[str, AdminUnit] = {}
    aliases: dict[str, list[str]] = {}
    legacy_by_key: dict[str, str] = {}  # "prov_district_ward" key of the converter → code
    legacy_prov_by_key: dict[str, str] = {}
    new_by_key: dict[tuple[str, str], str] = {}
    new_prov_by_key: dict[str, str] = {}

    con = sqlite3.connect(f"{folder.joinpath('dataset.db').as_uri()}?mode=ro", uri=True)
    try:
        legacy_rows = con.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, provinceKeywords,"
            " district, districtShort, districtCode, districtKey, districtKeywords,"
            " ward, wardShort, wardCode, wardKey, wardKeywords"
            " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
        new_rows = con.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, provinceKeywords,"
            " ward, wardShort, wardCode, wardKey, wardKeywords"
            " FROM admin_units ORDER BY provinceCode, wardCode"
        ).fetchall()
    finally:
        con.close()

    for p, ps, pc, pk, pa, d, ds, dc, dk, da, w, ws, wc, wk, wa in legacy_rows:
        p_code, d_code = f"legacy:{pc}", f"legacy:{dc}"
        if p_code not in units:
            units[p_code] = _unit("legacy", pc, p, ps, "province", None)
            aliases[p_code] = _aliases(pa)
            legacy_prov_by_key[pk] = p_code
        if d_code not in units:
            units[d_code] = _unit("legacy", dc, d, ds, "district", p_code)
            aliases[d_code] = _aliases(da)
        if w is None:
            # Five island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have no
            # communes; the converter maps them as "prov_district_" straight to a new đặc khu.
            legacy_by_key[f"{pk}_{dk}_"] = d_code
            continue
        w_code = f"legacy:{wc}"
        units[w_code] = _unit("legacy", wc, w, ws, "commune", d_code)
        aliases[w_code] = _aliases(wa)
        legacy_by_key[f"{pk}_{dk}_{wk}"] = w_code

    for p, ps, pc, pk, pa, w, ws, wc, wk, wa in new_rows:
        p_code, w_code = f"2025:{pc}", f"2025:{wc}"
        if p_code not in units:
            units[p_code] = _unit("2025", pc, p, ps, "province", None)
            aliases[p_code] = _aliases(pa)
            new_prov_by_key[pk] = p_code
        units[w_code] = _unit("2025", wc, w, ws, "commune", p_code)
        aliases[w_code] = _aliases(wa)
        new_by_key[(pk, wk)] = w_code

    conv = json.loads(folder.joinpath("converter_2025.json").read_text(encoding="utf-8"))
    converted: dict[str, list[str]] = {}
    for new_pk, old_pks in conv["DICT_PROVINCE"].items():
        for old_pk in old_pks:
            converted[legacy_prov_by_key[old_pk]] = [new_prov_by_key[new_pk]]
    for new_pk, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wk, old_keys in wards.items():
            for old_key in old_keys:
                converted[legacy_by_key[old_key]] = [new_by_key[(new_pk, new_wk)]]
    for new_pk, wards in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in wards.items():
            ordered = sorted(targets, key=lambda t: not t["isDefaultNewWard"])  # stable
            converted[legacy_by_key[old_key]] = [
                new_by_key[(new_pk, t["newWardKey"])] for t in ordered
            ]

    for code, extra in _EXTRA_ALIASES.items():
        aliases[code] = aliases.get(code, []) + extra
    if history is not None:
        _add_history(units, aliases, converted, history)
    return Registry(units.values(), converted, aliases)


def _add_history(units: dict[str, AdminUnit], aliases: dict[str, list[str]],
                 converted: dict[str, list[str]], history: dict) -> None:
    """The state before the 2023-2025 round (``data/registry-history.json``) onto the legacy
    units: units that ended (with their successor), earlier states of units that were renamed,
    re-ranked or moved, the start of units that began, and the former spellings as aliases."""
    for row in history["units"]:
        code = f"legacy:{row['code']}"
        change = row["change"]
        if change == "spelling":
            aliases.setdefault(code, []).append(fold(row["name"]))
            continue
        approximate = bool(row.get("approximate"))
        if change == "new":
            units[code] = replace(units[code], valid_from=date.fromisoformat(row["from"]),
                                  approximate=approximate)
            continue
        unit_type, rest = _split_type(row["name"])
        parent = f"legacy:{row['parent']}" if row["parent"] else None
        until = date.fromisoformat(row["until"])
        if change == "ended":
            units[code] = AdminUnit(code=code, name=f"{unit_type} {rest}", short=_short(rest),
                                    unit_type=unit_type, level=row["level"], parent=parent,
                                    valid_from=None, valid_to=until, approximate=approximate)
            if row.get("successor"):
                converted[code] = [f"legacy:{row['successor']}"]
            continue
        earlier = UnitState(f"{unit_type} {rest}", _short(rest), unit_type, parent, None, until,
                            approximate)
        unit = units[code]
        units[code] = replace(unit, history=(*unit.history, earlier))
        # the earlier name keeps finding the unit even without a date ("huyện Thủy Nguyên")
        aliases.setdefault(code, []).append(fold(earlier.name))


def history_source() -> dict:
    """Where the state before the 2023-2025 round comes from, and its dates (the data file's
    ``source``, ``boundaries`` and ``default_boundary``): for the registry graph's provenance."""
    data = _read_history()
    return {k: data[k] for k in ("source", "boundaries", "default_boundary")}


def _read_history() -> dict:
    return json.loads(HISTORY_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The registry built from the installed ``vietnamadminunits`` data and the shipped state
    before the 2023-2025 round (cached per process)."""
    return _build(data_dir(), _read_history())
