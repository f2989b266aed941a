"""Which administrative unit a body belongs to, seen from a document's own place and date.

Names of People's Committees repeat across the country ("Ủy ban nhân dân huyện Châu Thành" exists in
nine provinces; commune names repeat by the hundred), so a body's identity is its registry unit, found
within the province (and district) of the document that names it, valid on the document's date."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from pyoxigraph import NamedNode

from directive_kg.loaders.records import Body, Place
from directive_kg.reference.registry import AdminUnit, Registry, load_registry

from .identity import body_iri, unit_body_iri

# Bodies that exist once per unit and take their identity from it.
UNIT_BODY_KINDS = {"people_committee": "ubnd", "council": "hdnd", "party_committee": "party"}
LOCAL_LEVELS = ("province", "district", "commune")


@dataclass(frozen=True)
class Jurisdiction:
    """A document's standpoint: its province and district codes and the date its names speak of."""

    on: date | None = None
    province: str | None = None
    district: str | None = None
    registry: Registry | None = None
    # unit_of per body: a document asks for its issuer's unit for the key and again for the IRI
    _units: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, place: Place | None, on: date | None, registry: Registry | None = None
           ) -> Jurisdiction:
        reg = registry or load_registry()
        province = district = None
        if place is not None and place.code:
            try:
                unit = reg.get(place.code)
            except KeyError:
                unit = None
            if unit is not None:
                chain = [unit, *reg.ancestors(unit.code, on)]  # its district on that day
                province = next((u.code for u in chain if u.level == "province"), None)
                district = next((u.code for u in chain if u.level == "district"), None)
        return cls(on=on, province=province, district=district, registry=reg)

    def at(self, on: date | None) -> Jurisdiction:
        """The same standpoint on another day (a cited instrument's own date)."""
        return self if on == self.on else replace(self, on=on)

    def unit_of(self, body: Body | None) -> AdminUnit | None:
        """The registry unit whose body this is ("Ủy ban nhân dân huyện Kiên Lương" → Huyện Kiên
        Lương), or None when the body is not local or the name stays ambiguous."""
        if body is None or body.level not in LOCAL_LEVELS or not body.place:
            return None
        if body not in self._units:
            self._units[body] = self._find_unit(body)
        return self._units[body]

    def _find_unit(self, body: Body) -> AdminUnit | None:
        reg = self.registry or load_registry()
        query = _place_phrase(body)
        # "Ủy ban nhân dân thành phố Cần Thơ" read without the document's place comes out at
        # district level; a centrally-run city is a province.
        levels = [body.level] + (["province"] if body.level == "district" and
                                 query.startswith("thành phố") else [])
        for on in (self.on, None) if self.on else (None,):
            for level in levels:
                found = reg.find(query, level=level, on=on) or reg.find(body.place, level=level, on=on)
                found = self._narrow(found, reg)
                if len(found) == 1:
                    return found[0]
        return None

    def province_unit(self, unit: AdminUnit) -> AdminUnit:
        return (self.registry or load_registry()).province_of(unit.code)

    def _narrow(self, found: list[AdminUnit], reg: Registry) -> list[AdminUnit]:
        for anchor in (self.province, self.district):
            if len(found) <= 1 or anchor is None:
                break
            inside = [u for u in found if u.code == anchor
                      or any(a.code == anchor for a in reg.ancestors(u.code, self.on))]
            found = inside or found
        return found


def _place_phrase(body: Body) -> str:
    """'Ủy ban nhân dân thành phố Bắc Kạn' → 'thành phố Bắc Kạn': the type word narrows the match."""
    head, sep, tail = body.name.partition(" nhân dân ")
    if sep and tail.endswith(body.place):
        return tail
    return body.place or ""


def body_node(body: Body, where: Jurisdiction | None) -> tuple[NamedNode, AdminUnit | None, bool]:
    """Where a body's IRI is decided: (IRI, its registry unit, whether the registry describes it).
    A People's Committee or Party committee of a unit is the registry's node for that unit."""
    unit = where.unit_of(body) if where is not None else None
    role = UNIT_BODY_KINDS.get(body.kind)
    if unit is not None and role in ("ubnd", "party"):
        return unit_body_iri(role, unit.code), unit, True
    return body_iri(body.name, unit.code if unit is not None else None), unit, False
