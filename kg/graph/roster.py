"""The roster: agencies the unit registry does not know (sở, phòng, đơn vị sự nghiệp, đoàn thể).

A roster is a CSV file (UTF-8, with or without BOM) with a header row:

    name,unit_class,parent,valid_from,valid_to
    Sở Nội vụ,departments,UBND tỉnh Kiên Giang,,
    Phòng Nội vụ,divisions,UBND thành phố Bắc Kạn,2020-01-01,

``name`` and ``parent`` are written as documents write them (relative names resolve from the
parent's place: "Sở Nội vụ" under UBND tỉnh Kiên Giang is Sở Nội vụ tỉnh Kiên Giang);
``unit_class`` is one of :data:`UNIT_CLASSES`; the dates (YYYY-MM-DD or DD/MM/YYYY) are optional.
Each file becomes one named graph, replaced as a whole when the file is loaded again; a file with
a bad row is refused (file, line and problem) and nothing is written."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from directive_kg.errors import LoaderError
from directive_kg.loaders.bodies import Context, resolve_body
from directive_kg.loaders.dates import parse_day
from directive_kg.loaders.places import resolve_place
from directive_kg.loaders.reading import read_source
from directive_kg.loaders.records import Body

from . import identity as ident
from .jurisdiction import Jurisdiction, body_node
from .mapping import GraphBuilder
from .vocab import DERIVED, ID, SUB_ORG, TYPE, dkg

UNIT_CLASSES = ("departments", "specialised_agencies", "divisions", "public_service_units",
                "mass_organisations")
COLUMNS = ("name", "unit_class", "parent", "valid_from", "valid_to")
ROSTER_PREFIX = ID + "graph/roster/"


@dataclass(frozen=True)
class RosterEntry:
    line: int
    name: str
    unit_class: str
    parent: str
    valid_from: date | None
    valid_to: date | None


def roster_graph(path: str) -> NamedNode:
    return NamedNode(ROSTER_PREFIX + hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16])


def parse_date(text: str, path: str, line: int) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError as err:
        raise LoaderError(path, f"line {line}: {err}") from None


def read_roster(path: str) -> list[RosterEntry]:
    """Rows of a roster file, checked; raises LoaderError naming the file, line and problem."""
    text = read_source(path).text
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise LoaderError(path, "empty roster")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        raise LoaderError(path, f"line 1: missing column(s) {', '.join(missing)}; "
                                f"expected header {','.join(COLUMNS)}")
    col = {name: header.index(name) for name in COLUMNS if name in header}
    known = set(UNIT_CLASSES)
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {k: (row[i].strip() if i < len(row) else "") for k, i in col.items()}
        if not cell["name"] or not cell["parent"]:
            raise LoaderError(path, f"line {n}: name and parent are required")
        if cell["unit_class"] not in known:
            raise LoaderError(path, f"line {n}: unknown unit_class {cell['unit_class']!r}; "
                                    f"use one of {', '.join(UNIT_CLASSES)}")
        out.append(RosterEntry(n, cell["name"], cell["unit_class"], cell["parent"],
                               parse_date(cell.get("valid_from", ""), path, n),
                               parse_date(cell.get("valid_to", ""), path, n)))
    return out


def _parent_context(parent: Body, on: date | None) -> Context:
    """The parent body's place, so that 'Sở Nội vụ' or 'Phòng Nội vụ' resolve under it."""
    head, sep, tail = parent.name.partition(" nhân dân ")
    place = resolve_place(tail if sep else (parent.place or ""), on=on) if (tail or parent.place) \
        else None
    return Context(place=place, issuer=parent)


def roster_quads(path: str, entries: list[RosterEntry]) -> list[Quad]:
    graph = roster_graph(path)
    source = NamedNode(graph.value.replace("/graph/roster/", "/source/roster/"))
    b = GraphBuilder(graph, source)
    b.add(source, TYPE, dkg("SourceDocument"))
    b.add(source, dkg("file"), str(Path(path).resolve()))
    for e in entries:
        on = e.valid_from
        parent = resolve_body(e.parent)
        ctx = _parent_context(parent, on)
        b.where = Jurisdiction.of(ctx.place, on)
        body = resolve_body(e.name, ctx)
        if body.parent is None or body.kind == "unknown":
            # A name the body grammar does not know ("Hội Nông dân"): it belongs to the parent.
            body = Body(e.name, body.name if body.kind != "unknown" else
                        f"{e.name} - {parent.name}", "agency", parent.level, parent.place,
                        parent=parent.name)
        node = b.body(body)
        parent_node, _unit, _registry = body_node(parent, b.where)
        b.add(node, SUB_ORG, parent_node)
        b.add(node, dkg("unitClass"), e.unit_class)
        b.add(node, dkg("inGroup"), ident.unit_group_iri(parent_node, e.unit_class))
        b.add(node, dkg("validFrom"), e.valid_from)
        b.add(node, dkg("validTo"), e.valid_to)
        b.add(node, DERIVED, source)
        b.add(node, dkg("evidenceLine"), e.line)
        b.add(node, dkg("evidenceText"), Literal(f"{e.name},{e.unit_class},{e.parent}"))
    return b.quads
