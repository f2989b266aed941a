"""Units and bodies: load a roster, list who is under a body, follow the 2025
reform to a unit's successors (the library behind `kg units`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pyoxigraph import NamedNode

from directive_kg.errors import NotFoundError
from directive_kg.kg.store import gaps_index, merged
from directive_kg.kg.store.interrupts import interruptible
from directive_kg.kg.store.roster_load import load_roster_file
from directive_kg.kg.store.store import Store
from directive_kg.reference.registry import LEGACY_END, load_registry

from .bodies import find_body


@dataclass(frozen=True)
class RosterReport:
    path: str
    entries: int


def load_roster(store: Store, path: str, progress: Callable[[int, int], None] | None = None
                ) -> RosterReport:
    """Replace what the store holds from roster ``path`` with its rows (all or nothing, in
    bounded memory: kg/store/roster_load.py); ``progress(done, total)`` counts rows."""
    with interruptible("the roster load"):
        loaded = load_roster_file(store, path, progress)
        merged.refresh(store)  # the default graph states each fact once (kg/store/merged.py)
        store.flush()
        gaps_index.refresh(store)  # the roster decides who a class of units is
        store.publish()
    return RosterReport(path, loaded.entries)


_LIST = """SELECT DISTINCT ?iri ?name ?unit_class ?parent ?valid_from ?valid_to ?source WHERE {
  ?iri a dkg:Body ; skos:prefLabel ?name ; dkg:unitClass ?unit_class ; org:subOrganizationOf ?p .
  ?p skos:prefLabel ?parent .
  # one row per roster file that lists the body (its membership says the dates), or the
  # registry's own dates
  OPTIONAL { ?listed dkg:member ?iri }
  BIND(COALESCE(?listed, ?iri) AS ?m)
  OPTIONAL { ?m dkg:validFrom ?valid_from } OPTIONAL { ?m dkg:validTo ?valid_to }
  OPTIONAL { ?listed prov:wasDerivedFrom/dkg:file ?file }
  BIND(COALESCE(?file, "registry") AS ?source)
} ORDER BY ?parent ?unit_class ?name"""


def list_units(store: Store, under: str | None = None, on: date | None = None) -> list[dict]:
    """Roster agencies (all, when ``under`` is None), or every body directly under ``under`` —
    registry committees and roster agencies — that exists on ``on`` (default today)."""
    on = on or date.today()
    if under is None:
        rows = store.query(_LIST.replace("?iri a dkg:Body ;",
                                         "?iri a dkg:Body ; prov:wasDerivedFrom ?roster_src ;"))
    else:
        parent = find_body(store, under, on).one("--under")
        rows = store.query(_LIST, {"p": NamedNode(parent)})
        rows = [r for r in rows if (not r["valid_from"] or r["valid_from"] <= on.isoformat())
                and (not r["valid_to"] or on.isoformat() <= r["valid_to"])]
    return rows


def successors(name: str, on: date | None = None) -> list[dict]:
    """What a pre-reform unit became: one row per (old unit, new unit)."""
    reg = load_registry()
    old = reg.find(name, on=LEGACY_END)
    if not old:
        raise NotFoundError(f"no unit named {name!r} before the 2025 reform")
    on = on or date.today()
    out = []
    for unit in old:
        province = reg.province_of(unit.code)
        news = [n for n in reg.successors(unit.code) if n.valid_on(on)]
        if not news:
            out.append({"unit": unit.name, "province": province.name, "level": unit.level,
                        "successor": None, "successor_province": None, "note": "no successor"})
        for i, new in enumerate(news):
            note = _note(unit, new, i, len(news))
            out.append({"unit": unit.name, "province": province.name, "level": unit.level,
                        "successor": new.name, "successor_province": reg.province_of(new.code).name,
                        "note": note})
    return out


def _note(old, new, i: int, n: int) -> str:
    if old.level == "district":
        return "province" if new.level == "province" else "commune covering its communes"
    if old.level == "commune" and n > 1:
        return "main part (default)" if i == 0 else "part"
    return "merged into"
