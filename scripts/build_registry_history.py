"""Build directive_kg/reference/data/registry-history.json: the units as they stood before the
2023-2025 round of mergers, for the registry (directive_kg/reference/registry.py).

Facts come from two lists with GSO codes:
  * before: the GSO list of 2023-05-07, as shipped in the data of the ``vietnam-provinces`` 0.5.0
    release on PyPI (``vietnam_provinces/data/nested-divisions.json``, ``__data_version__ =
    '2023-05-07'``). Install that exact version in a scratch venv, outside the project:
        python3 -m venv /tmp/vp050 && /tmp/vp050/bin/pip install 'vietnam-provinces==0.5.0'
  * after: the legacy table of the installed ``vietnamadminunits`` package (about 1 January 2025).
Run from the repository root:
    python scripts/build_registry_history.py \
        /tmp/vp050/lib/python3.11/site-packages/vietnam_provinces/data/nested-divisions.json

What it writes, per unit whose record differs between the two lists:
  * ``ended``: in 2023, not in the legacy table (merged): its 2023 name, kind, parent, its last day
    and the unit that took it over (``successor``; from the legacy table's keywords, which list the
    former names of merged units, else the rule named in ``successor_rule``);
  * ``changed``: same GSO code, another type (huyện → thị xã / thành phố / quận, xã → phường),
    parent or name: its 2023 state and the last day of that state;
  * ``new``: in the legacy table, not in 2023: the day it began;
  * ``spelling``: the same unit spelt otherwise in the two sources (Quí/Quý, Xà/Sà, Phường 05/5):
    the 2023 spelling, kept as an alias, no dated change.
Dates: per province, the effective date of its resolution where it is established (``boundaries``),
else the documented default boundary, and then the row says ``approximate``.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

from directive_kg.reference.registry import _split_type, _strict_key, data_dir, fold

OUT = Path("directive_kg/reference/data/registry-history.json")
SOURCE_VERSION = "2023-05-07"

# Effective dates established from a source. Most resolutions of the round took effect on
# 1 November 2024, 1 December 2024 or 1 January 2025; the others here fall back to DEFAULT.
BOUNDARIES = {
    "31": {"effective": "2025-01-01", "resolution": "1232/NQ-UBTVQH15 (24/10/2024)",
           "source": "the resolution: 'có hiệu lực thi hành từ ngày 01/01/2025' (Thủy Nguyên "
                     "becomes a thành phố, An Dương a quận); reported by VTC News and VietNamNet, "
                     "November 2024"},
}
DEFAULT = {
    "effective": "2025-01-01",
    "why": "the last of the round's usual effective dates (1 November 2024, 1 December 2024, "
           "1 January 2025) and the state the legacy table reflects; a unit of such a province is "
           "taken as it was in 2023 until 31 December 2024, and its rows say 'approximate'",
}


def _num(text: str) -> str:
    return re.sub(r"\b0+(\d)", r"\1", text)


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def same_name(a: str, b: str) -> bool:
    """The same name spelt otherwise: tone placement, accents, i/y, one letter (Quí/Quý, Xà/Sà,
    Lếnh/Lếch), leading zeros of numbers. Numbered names must agree exactly (Phường 13 ≠ 15)."""
    if _strict_key(a) == _strict_key(b):
        return True
    fa, fb = fold(_num(a)), fold(_num(b))
    if fa == fb:
        return True
    if any(ch.isdigit() for ch in fa + fb):
        return False
    return _distance(fa, fb) <= 1


def read_2023(path: Path) -> dict[str, dict]:
    out = {}
    for p in json.loads(path.read_text(encoding="utf-8")):
        pc = f"{p['code']:02d}"
        out[pc] = {"level": "province", "name": p["name"], "parent": None}
        for d in p["districts"]:
            dc = f"{d['code']:03d}"
            out[dc] = {"level": "district", "name": d["name"], "parent": pc}
            for w in d["wards"]:
                out[f"{w['code']:05d}"] = {"level": "commune", "name": w["name"], "parent": dc}
    return out


def read_legacy() -> tuple[dict[str, dict], dict[str, list[str]]]:
    units: dict[str, dict] = {}
    keywords: dict[str, list[str]] = {}
    con = sqlite3.connect(f"{data_dir().joinpath('dataset.db').as_uri()}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT province, provinceCode, provinceKeywords, district, districtCode,"
                           " districtKeywords, ward, wardCode, wardKeywords FROM admin_units_legacy")
        for p, pc, pk, d, dc, dk, w, wc, wk in rows:
            units.setdefault(pc, {"level": "province", "name": p, "parent": None})
            keywords.setdefault(pc, json.loads(pk or "[]"))
            units.setdefault(dc, {"level": "district", "name": d, "parent": pc})
            keywords.setdefault(dc, json.loads(dk or "[]"))
            if w is not None:
                units[wc] = {"level": "commune", "name": w, "parent": dc}
                keywords[wc] = json.loads(wk or "[]")
    finally:
        con.close()
    return units, keywords


def _province(code: str, table: dict[str, dict]) -> str:
    while table[code]["parent"] is not None:
        code = table[code]["parent"]
    return code


def _dates(province: str) -> tuple[str, bool]:
    """(last day of the 2023 state, approximate?) for a unit of this province."""
    found = BOUNDARIES.get(province)
    effective = date.fromisoformat((found or DEFAULT)["effective"])
    return (effective - timedelta(days=1)).isoformat(), found is None


def successor(code: str, before: dict, after: dict, keywords: dict) -> tuple[str | None, str]:
    """The legacy unit that took over an ended one, and the rule that found it."""
    unit = before[code]
    _kind, rest = _split_type(unit["name"])
    keys = {fold(unit["name"]), fold(rest)}
    same_level = [c for c, u in after.items() if u["level"] == unit["level"]]
    near = {c for c in same_level
            if after[c]["parent"] == unit["parent"] or before.get(c, {}).get("parent") == unit["parent"]}
    if unit["level"] == "district":
        near = {c for c in same_level if _province(c, after) == unit["parent"]}
    by_keyword = sorted(c for c in near if keys & set(keywords.get(c, ())))
    if by_keyword:
        full = [c for c in by_keyword if fold(unit["name"]) in keywords.get(c, ())]
        return (full or by_keyword)[0], "keywords"  # the legacy table lists it as a former name
    if unit["level"] == "district":
        # where most of its communes went (GSO codes of communes outlive their district)
        homes: dict[str, int] = {}
        for c, u in before.items():
            if u["parent"] == code and c in after:
                homes[after[c]["parent"]] = homes.get(after[c]["parent"], 0) + 1
        if homes:
            return max(sorted(homes), key=homes.get), "communes"
    prefix = [c for c in sorted(near)
              if fold(rest).startswith(fold(_split_type(after[c]["name"])[1]))]
    if len(prefix) == 1:
        return prefix[0], "name"  # Phường Hải Châu II → Phường Hải Châu
    return None, "unknown"


def build(gso_2023: Path) -> dict:
    before = read_2023(gso_2023)
    after, keywords = read_legacy()
    rows: list[dict] = []
    # Districts where the round rearranged something: a name change there is a renaming, elsewhere
    # a spelling difference between the two sources.
    touched: set[str] = set()
    for code, u in before.items():
        if code not in after or (u["parent"] or "") != (after[code]["parent"] or "") \
                or _split_type(u["name"])[0].lower() != _split_type(after[code]["name"])[0].lower():
            touched.update(x for x in (u["parent"], after.get(code, {}).get("parent"), code) if x)
    touched.update(u["parent"] for c, u in after.items() if c not in before and u["parent"])

    for code, u in before.items():
        province = _province(code, before)
        until, approximate = _dates(province)
        if code not in after:
            succ, rule = successor(code, before, after, keywords)
            rows.append({"code": code, "change": "ended", "level": u["level"], "name": u["name"],
                         "parent": u["parent"], "until": until, "approximate": approximate,
                         "successor": succ, "successor_rule": rule})
            continue
        now = after[code]
        kind_then, rest_then = _split_type(u["name"])
        kind_now, rest_now = _split_type(now["name"])
        renamed = not same_name(rest_then, rest_now) and bool(
            {u["parent"], now["parent"], code} & touched)
        changes = [what for what, differs in (
            ("type", kind_then.lower() != kind_now.lower()),
            ("parent", (u["parent"] or "") != (now["parent"] or "")),
            ("name", renamed)) if differs]
        if changes:
            # an unchanged name keeps the legacy table's spelling: "Huyện Thủy Nguyên", not "Thuỷ"
            name = f"{kind_then} {rest_then if renamed else rest_now}"
            rows.append({"code": code, "change": "+".join(changes), "level": u["level"],
                         "name": name, "parent": u["parent"], "until": until,
                         "approximate": approximate})
        elif _strict_key(u["name"]) != _strict_key(now["name"]):
            rows.append({"code": code, "change": "spelling", "level": u["level"], "name": u["name"]})
    for code, u in after.items():
        if code not in before:
            until, approximate = _dates(_province(code, after))
            start = (date.fromisoformat(until) + timedelta(days=1)).isoformat()
            rows.append({"code": code, "change": "new", "level": u["level"], "from": start,
                         "approximate": approximate})
    rows.sort(key=lambda r: (len(r["code"]), r["code"]))
    return {
        "about": "Administrative units of Viet Nam as they stood before the 2023-2025 round of "
                 "mergers, relative to the legacy table of the vietnamadminunits package (about "
                 "1 January 2025). Generated by scripts/build_registry_history.py; read by "
                 "directive_kg/reference/registry.py.",
        "source": {
            "before": f"GSO list of administrative units, {SOURCE_VERSION}, as shipped in the data "
                      "of vietnam-provinces 0.5.0 (PyPI; vietnam_provinces/data/"
                      "nested-divisions.json, __data_version__ '2023-05-07')",
            "after": "vietnamadminunits (PyPI), table admin_units_legacy (GSO codes; sources GSO and "
                     "sapnhap.bando.com.vn)",
            "date": SOURCE_VERSION,
        },
        "boundaries": BOUNDARIES,
        "default_boundary": DEFAULT,
        "units": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gso_2023", type=Path, help="nested-divisions.json of vietnam-provinces 0.5.0")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(args.gso_2023)
    units = data.pop("units")
    with open(args.out, "w", encoding="utf-8") as fh:  # one unit a line: small diffs, greppable
        fh.write(json.dumps(data, ensure_ascii=False, indent=1)[:-2] + ',\n "units": [\n')
        fh.write(",\n".join(json.dumps(u, ensure_ascii=False) for u in units))
        fh.write("\n ]\n}\n")
    counts: dict[str, int] = {}
    for u in units:
        counts[u["change"]] = counts.get(u["change"], 0) + 1
    print(f"{args.out}: {len(units)} units {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
