"""Where an IRI is minted. Identity rules (see ontology/README.md):

- an instrument is issuer + type + number + year. The issuer part is the symbol's series code
  with, for a local body, its registry unit: level, name and code ("UBND@commune:chau binh:
  legacy-22015"), so 39/KH-UBND of UBND huyện Hướng Hóa (2025) and of UBND tỉnh Kiên Giang (2022)
  differ, and so do 25/KH-UBND of two communes named Châu Bình. Only when the unit cannot be told
  does the key fall back to level + folded place name ("UBND@commune:chau binh"). Party numbers
  run per term; their year (from the date) keeps them apart across terms.
- a draft (no number) is issuer (with its unit's code when known) + type + year + title.
- a law cited by name is its catalog entry when the catalog knows it, else its folded name + year.
- a People's Committee, People's Council or Party committee of a local unit is that unit's registry
  code; another local body is its canonical name scoped by its unit's code; a central body is its
  canonical name; an administrative unit is its registry code.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from directive_kg.loaders.citations import find_numbers
from directive_kg.loaders.records import Body
from directive_kg.loaders.text import fold

from .vocab import ID

if TYPE_CHECKING:
    from directive_kg.reference.registry import AdminUnit


def slug(text: str) -> str:
    return re.sub(r"\s+", "-", fold(text)) or "x"


def series_of(number: str) -> tuple[str, str | None, str]:
    """'59/2023/NĐ-CP' → ('59', 'NĐ', 'CP'); '25-NQ/TW' → ('25', 'NQ', 'TW');
    '1657/UBND-KGVX' → ('1657', None, 'UBND'). Uses the citation grammar of the loaders."""
    found = find_numbers(number)
    if not found:
        return number, None, ""
    first = found[0]
    return (first.serial.lstrip("0") or "0", first.doc_type.code if first.doc_type else None,
            first.series or "")


def _issuer_part(series: str, issuer: Body | None, unit: AdminUnit | None) -> str:
    series = re.sub(r"\d+$", "", series)  # QH15 → QH: the term is not part of the issuer
    if issuer is None or issuer.level == "central":
        return series
    if unit is not None:
        # Names repeat (51 communes "Tân Thành"), registry codes do not; the registry's own name
        # and level stay in the key so that the IRI still says who it is.
        return f"{series}@{unit.level}:{fold(unit.short)}:{_code(unit.code)}"
    if not issuer.place:
        return series
    return f"{series}@{issuer.level or 'local'}:{fold(issuer.place)}"


def instrument_key(number: str | None, doc_code: str | None, year: int | None,
                   issuer: Body | None, *, title: str | None = None,
                   law_name: str | None = None, unit: AdminUnit | None = None) -> str:
    """``unit``: the registry unit the (local) issuer belongs to, as kg/graph/jurisdiction.py finds it
    from the naming document's place and date; None when it cannot be told."""
    if number:
        seq, code, series = series_of(number)
        code = code or doc_code or "CV"
        return f"{_issuer_part(series, issuer, unit)}|{code}|{seq}|{year or '?'}"
    if law_name:
        return f"law|{fold(law_name)}|{year or '?'}"
    who = fold(issuer.name) if issuer else "?"
    if unit is not None and issuer is not None and issuer.level != "central":
        who = f"{who}@{_code(unit.code)}"
    return f"draft|{who}|{doc_code or '?'}|{year or '?'}|{fold(title or '')}"


def instrument_iri(key: str) -> NamedNode:
    parts = key.split("|")
    if parts[0] in ("law", "draft"):
        tail = hashlib.sha1(key.encode()).hexdigest()[:10] if parts[0] == "draft" else \
            "/".join(slug(p) for p in parts[1:])
        return NamedNode(f"{ID}instrument/{parts[0]}/{tail}")
    issuer, code, seq, year = parts
    return NamedNode(f"{ID}instrument/{slug(issuer.replace('@', ' '))}/{slug(code)}/{year}/{seq}")


def body_iri(name: str, unit_code: str | None = None) -> NamedNode:
    """A body with no registry unit is its canonical name; one that belongs to a unit is scoped by
    the unit's code, because names repeat ("Văn phòng Ủy ban nhân dân huyện Châu Thành")."""
    if unit_code:
        return NamedNode(f"{ID}body/{_code(unit_code)}/{slug(name)}")
    return NamedNode(f"{ID}body/{slug(name)}")


def unit_body_iri(role: str, unit_code: str) -> NamedNode:
    """The People's Committee ('ubnd'), People's Council ('hdnd') or Party committee ('party') of a
    registry unit: one per unit, whatever the document calls it."""
    return NamedNode(f"{ID}body/{role}/{_code(unit_code)}")


def unit_group_iri(parent: NamedNode, unit_class: str) -> NamedNode:
    """'The district People's Committees under UBND tỉnh Kiên Giang': what an addressee class
    points to and what its members (registry or roster bodies) belong to, so expanding a class is
    one lookup rather than a join on class and parent."""
    return NamedNode(f"{parent.value}/class/{unit_class}")


def unit_iri(code: str) -> NamedNode:
    return NamedNode(f"{ID}unit/{_code(code)}")


def _code(code: str) -> str:
    return code.replace(":", "-")


def document_graph(source_key: str) -> NamedNode:
    """One named graph per source file: reloading replaces exactly its facts."""
    return NamedNode(f"{ID}graph/doc/{hashlib.sha1(source_key.encode()).hexdigest()[:16]}")


def local_iri(kind: str, *parts: object) -> NamedNode:
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]
    return NamedNode(f"{ID}{kind}/{digest}")
