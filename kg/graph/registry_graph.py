"""The unit registry as RDF (W3C ORG): each unit, its People's Committee and its Party committee,
with the states they went through (2023 → the 2023-2025 round → 1 July 2025) and their sources.

A People's Committee has one ``dkg:UnitState`` per period of its unit's life: the name, the kind
("huyện", "thành phố", "phường") and the group it was in then (the district People's Committees
under Ủy ban nhân dân thành phố Hải Phòng), with its dates. An addressee class such as "UBND các
huyện" of a province expands with one lookup: the states in the class's group, of a kind the class
names, valid on the class's day; the state also gives the name the unit had that day
("Ủy ban nhân dân huyện Thủy Nguyên" in March 2024, "… thành phố Thủy Nguyên" from 2025).
``dkg:nameToday`` says who carries a committee's duties in the registry's latest state (the
successor after 1 July 2025). The registry graph itself says where it comes from (PROV)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from directive_kg.reference.registry import REFORM_START, AdminUnit, Registry, UnitState, history_source

from .identity import slug, unit_body_iri, unit_group_iri, unit_iri
from .mapping import standard_types
from .vocab import DCT, DERIVED, ID, LABEL, REGISTRY_GRAPH, SUB_ORG, TYPE, dkg, lit

PC_CLASS = {"province": "province_people_committees", "district": "district_people_committees",
            "commune": "commune_people_committees"}
# The committee word follows the unit type ("Thị ủy" for a thị xã, "Thành ủy" for a city).
_PARTY_WORD = {"Tỉnh": "Tỉnh ủy", "Huyện": "Huyện ủy", "Quận": "Quận ủy", "Thị xã": "Thị ủy"}


def people_committee_name(unit: AdminUnit | UnitState) -> str:
    """The canonical name the loaders give this unit's UBND: 'Ủy ban nhân dân huyện Kiên Lương'."""
    return f"Ủy ban nhân dân {(unit.unit_type or '').lower()} {unit.short}".replace("  ", " ")


def party_committee_name(unit: AdminUnit) -> str:
    if unit.level == "commune":
        return f"Đảng ủy {(unit.unit_type or '').lower()} {unit.short}"
    word = "Thành ủy" if unit.unit_type == "Thành phố" else _PARTY_WORD.get(unit.unit_type or "", "Đảng ủy")
    return f"{word} {unit.short}"


def name_today(registry: Registry, unit: AdminUnit) -> str | None:
    """Who carries the People's Committee's duties now, with its province: 'Ủy ban nhân dân phường
    Thủy Nguyên, Thành phố Hải Phòng'; None when the successor is not known."""
    now = registry.today(unit.code)
    if now is None:
        return None
    name = people_committee_name(now)
    return name if now.level == "province" else f"{name}, {registry.province_of(now.code).name}"


def registry_quads(registry: Registry) -> Iterator[Quad]:
    """The registry graph's half a million quads, made as they are consumed (the bulk loader takes
    an iterable: the list would hold ~100 MB more while the store is written)."""
    g = REGISTRY_GRAPH
    out: list[Quad] = []  # one unit's quads at a time
    literals: dict[object, Literal] = {}  # levels, kinds, dates and province names repeat

    def add(s, p, o) -> None:
        if o is None:
            return
        if not isinstance(o, NamedNode | Literal):
            o = literals.get(o) or literals.setdefault(o, lit(o))
        out.append(Quad(s, p, o, g))

    _provenance(add)
    yield from out
    # predicates made once: this loop writes half a million quads
    (admin_unit, pc_cls, party_cls, body_cls, unit_state, p_code, p_level, p_province, p_successor,
     p_governs, p_province_name, p_unit_class, p_name_today, p_part_of, p_state_of, p_unit_kind,
     p_group, p_from, p_to, p_approximate) = (dkg(n) for n in (
        "AdminUnit", "PeopleCommittee", "PartyCommittee", "Body", "UnitState", "code", "level",
        "province", "successor", "governs", "provinceName", "unitClass", "nameToday", "partOf",
        "stateOf", "unitKind", "group", "validFrom", "validTo", "approximate"))
    pc_standard, party_standard = standard_types("PeopleCommittee"), standard_types("PartyCommittee")
    true = lit(True)
    for unit in registry.all_units():
        node = unit_iri(unit.code)
        province_unit = registry.province_of(unit.code)
        province = unit_iri(province_unit.code)
        pc = unit_body_iri("ubnd", unit.code)
        party = unit_body_iri("party", unit.code)
        states = unit.states()
        add(node, TYPE, admin_unit)
        add(node, LABEL, unit.name)
        add(node, p_code, unit.code)
        add(node, p_level, unit.level)
        add(node, p_province, province)
        for succ in registry.successors(unit.code):
            add(node, p_successor, unit_iri(succ.code))
        for body, cls, standard, name in ((pc, pc_cls, pc_standard, people_committee_name(unit)),
                                          (party, party_cls, party_standard, party_committee_name(unit))):
            add(body, TYPE, cls)
            add(body, TYPE, body_cls)
            for std in standard:  # org:Organization, org:FormalOrganization
                add(body, TYPE, std)
            add(body, LABEL, name)
            add(body, p_level, unit.level)
            add(body, p_governs, node)
            add(body, p_province, province)
            add(body, p_province_name, province_unit.name)
        add(pc, p_unit_class, PC_CLASS[unit.level])
        add(pc, p_name_today, name_today(registry, unit))
        for parent in dict.fromkeys(s.parent for s in states if s.parent):
            add(node, p_part_of, unit_iri(parent))  # every parent it had (a moved commune: two)
            add(pc, SUB_ORG, unit_body_iri("ubnd", parent))
            add(party, SUB_ORG, unit_body_iri("party", parent))
        for i, state in enumerate(states):
            st = NamedNode(f"{pc.value}/state/{i}")
            add(st, TYPE, unit_state)
            add(st, p_state_of, pc)
            add(st, LABEL, people_committee_name(state))
            add(st, p_unit_kind, state.kind)
            if state.parent:
                add(st, p_group, unit_group_iri(unit_body_iri("ubnd", state.parent),
                                                PC_CLASS[unit.level]))
            add(st, p_from, state.valid_from)
            add(st, p_to, state.valid_to)
            if state.approximate:
                add(st, p_approximate, true)
        for n in (node, pc, party):
            add(n, p_from, unit.valid_from)
            add(n, p_to, unit.valid_to)
            if unit.approximate:
                add(n, p_approximate, true)
        yield from out
        out.clear()


def _provenance(add) -> None:
    """The registry graph's sources and their dates (prov:wasDerivedFrom, dct:source, dct:date)."""
    history = history_source()
    before = NamedNode(ID + "source/gso-2023-05-07")
    legacy = NamedNode(ID + "source/vietnamadminunits/legacy")
    reform = NamedNode(ID + "source/vietnamadminunits/2025")
    shipped = NamedNode(ID + "source/registry-history")
    prov_entity = NamedNode("http://www.w3.org/ns/prov#Entity")
    for node, title, day in (
            (before, history["source"]["before"], date.fromisoformat(history["source"]["date"])),
            (legacy, history["source"]["after"], None),
            (reform, "vietnamadminunits (PyPI), table admin_units and converter_2025.json: the 34 "
                     "provinces and 3,321 communes from 1 July 2025", REFORM_START),
            (shipped, "directive_kg/reference/data/registry-history.json (scripts/"
                      "build_registry_history.py): the units before the 2023-2025 round", None)):
        add(node, TYPE, prov_entity)
        add(node, NamedNode(DCT + "title"), title)
        add(node, NamedNode(DCT + "date"), day)
        add(REGISTRY_GRAPH, DERIVED, node)
        add(REGISTRY_GRAPH, NamedNode(DCT + "source"), node)
    add(shipped, DERIVED, before)
    add(shipped, DERIVED, legacy)
    add(shipped, dkg("defaultBoundary"), date.fromisoformat(history["default_boundary"]["effective"]))
    for province, found in history["boundaries"].items():
        resolution = NamedNode(ID + f"source/resolution/{slug(found['resolution'].split(' ')[0])}")
        add(resolution, TYPE, prov_entity)
        add(resolution, NamedNode(DCT + "title"), f"Nghị quyết {found['resolution']}: {found['source']}")
        add(resolution, dkg("effective"), date.fromisoformat(found["effective"]))
        add(resolution, dkg("province"), unit_iri(f"legacy:{province}"))
        add(shipped, DERIVED, resolution)
