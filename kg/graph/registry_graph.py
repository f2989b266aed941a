"""The unit registry as RDF (W3C ORG): each unit, its People's Committee and its Party committee.

Bodies carry the validity of their unit and a dkg:unitClass ("district_people_committees", ...), so
an addressee class such as "UBND các huyện, thành phố" of a province expands with one join:
bodies of that class that are org:subOrganizationOf the province's People's Committee on the date."""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad

from directive_kg.reference.registry import AdminUnit, Registry

from .identity import unit_body_iri, unit_group_iri, unit_iri
from .mapping import standard_types
from .vocab import LABEL, REGISTRY_GRAPH, SUB_ORG, TYPE, dkg, lit

PC_CLASS = {"province": "province_people_committees", "district": "district_people_committees",
            "commune": "commune_people_committees"}
# The committee word follows the unit type ("Thị ủy" for a thị xã, "Thành ủy" for a city).
_PARTY_WORD = {"Tỉnh": "Tỉnh ủy", "Huyện": "Huyện ủy", "Quận": "Quận ủy", "Thị xã": "Thị ủy"}


def people_committee_name(unit: AdminUnit) -> str:
    """The canonical name the loaders give this unit's UBND: 'Ủy ban nhân dân huyện Kiên Lương'."""
    return f"Ủy ban nhân dân {(unit.unit_type or '').lower()} {unit.short}".replace("  ", " ")


def party_committee_name(unit: AdminUnit) -> str:
    if unit.level == "commune":
        return f"Đảng ủy {(unit.unit_type or '').lower()} {unit.short}"
    word = "Thành ủy" if unit.unit_type == "Thành phố" else _PARTY_WORD.get(unit.unit_type or "", "Đảng ủy")
    return f"{word} {unit.short}"


def registry_quads(registry: Registry) -> list[Quad]:
    g = REGISTRY_GRAPH
    out: list[Quad] = []

    def add(s, p, o) -> None:
        if o is not None:
            out.append(Quad(s, p, o if isinstance(o, NamedNode) else lit(o), g))

    for unit in registry.all_units():
        node = unit_iri(unit.code)
        province_unit = registry.province_of(unit.code)
        province = unit_iri(province_unit.code)
        pc = unit_body_iri("ubnd", unit.code)
        party = unit_body_iri("party", unit.code)
        add(node, TYPE, dkg("AdminUnit"))
        add(node, LABEL, unit.name)
        add(node, dkg("code"), unit.code)
        add(node, dkg("level"), unit.level)
        add(node, dkg("province"), province)
        if unit.parent:
            add(node, dkg("partOf"), unit_iri(unit.parent))
        for succ in registry.successors(unit.code):
            add(node, dkg("successor"), unit_iri(succ.code))
        for body, cls, name in ((pc, "PeopleCommittee", people_committee_name(unit)),
                                (party, "PartyCommittee", party_committee_name(unit))):
            add(body, TYPE, dkg(cls))
            add(body, TYPE, dkg("Body"))
            for standard in standard_types(cls):  # org:Organization, org:FormalOrganization
                add(body, TYPE, standard)
            add(body, LABEL, name)
            add(body, dkg("level"), unit.level)
            add(body, dkg("governs"), node)
            add(body, dkg("province"), province)
            add(body, dkg("provinceName"), province_unit.name)
        add(pc, dkg("unitClass"), PC_CLASS[unit.level])
        if unit.parent:
            parent_pc = unit_body_iri("ubnd", unit.parent)
            add(pc, SUB_ORG, parent_pc)
            add(pc, dkg("inGroup"), unit_group_iri(parent_pc, PC_CLASS[unit.level]))
            add(party, SUB_ORG, unit_body_iri("party", unit.parent))
        for n in (node, pc, party):
            add(n, dkg("validFrom"), unit.valid_from)
            add(n, dkg("validTo"), unit.valid_to)
    return out
