"""Units and bodies: find one by name, load a roster, list who is under a body, follow the 2025
reform to a unit's successors (the library behind `kg units`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pyoxigraph import NamedNode

from directive_kg.errors import QueryError
from directive_kg.kg.graph.jurisdiction import Jurisdiction, body_node
from directive_kg.kg.graph.roster import read_roster, roster_graph, roster_quads
from directive_kg.kg.store import gaps_index, merged
from directive_kg.kg.store.store import Store
from directive_kg.loaders.bodies import resolve_body
from directive_kg.loaders.text import fold
from directive_kg.reference.registry import LEGACY_END, load_registry


def find_body(store: Store, text: str, on: date | None = None) -> str:
    """The IRI of the body named ``text`` ("UBND tỉnh Kiên Giang", "Sở Nội vụ tỉnh Kiên Giang"):
    through the registry for committees, else by name or alias among the bodies in the store."""
    body = resolve_body(text)
    node, _unit, in_registry = body_node(body, Jurisdiction(on=on, registry=load_registry()))
    if in_registry:
        return node.value
    wanted = {fold(body.name), fold(text)}
    rows = store.query("""SELECT DISTINCT ?b ?name WHERE {
        ?b a dkg:Body . { ?b skos:prefLabel ?name } UNION { ?b dkg:alias ?name } }""")
    found = sorted({r["b"] for r in rows if fold(r["name"]) in wanted})
    if len(found) == 1:
        return found[0]
    if not found:
        raise QueryError(f"no body named {text!r} in the store or the unit registry")
    raise QueryError(f"{text!r} names {len(found)} bodies; write the place too "
                     f"(e.g. 'Phòng Nội vụ thành phố Bắc Kạn')")


@dataclass(frozen=True)
class RosterReport:
    path: str
    entries: int


def load_roster(store: Store, path: str) -> RosterReport:
    """Replace the roster graph of ``path`` with its rows (all or nothing)."""
    entries = read_roster(path)
    store.replace_graph(roster_graph(path), roster_quads(path, entries))
    merged.refresh(store)  # the default graph states each fact once (kg/store/merged.py)
    store.flush()
    gaps_index.refresh(store)  # the roster decides who a class of units is
    return RosterReport(path, len(entries))


_LIST = """SELECT DISTINCT ?iri ?name ?unit_class ?parent ?valid_from ?valid_to ?source WHERE {
  ?iri a dkg:Body ; skos:prefLabel ?name ; dkg:unitClass ?unit_class ; org:subOrganizationOf ?p .
  ?p skos:prefLabel ?parent .
  OPTIONAL { ?iri dkg:validFrom ?valid_from } OPTIONAL { ?iri dkg:validTo ?valid_to }
  OPTIONAL { ?iri prov:wasDerivedFrom/dkg:file ?file }
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
        parent = find_body(store, under, on)
        rows = store.query(_LIST, {"p": NamedNode(parent)})
        rows = [r for r in rows if (not r["valid_from"] or r["valid_from"] <= on.isoformat())
                and (not r["valid_to"] or on.isoformat() <= r["valid_to"])]
    return rows


def successors(name: str, on: date | None = None) -> list[dict]:
    """What a pre-reform unit became: one row per (old unit, new unit)."""
    reg = load_registry()
    old = reg.find(name, on=LEGACY_END)
    if not old:
        raise QueryError(f"no unit named {name!r} before the 2025 reform")
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
