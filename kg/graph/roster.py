"""The roster: agencies the unit registry does not know (sở, phòng, đơn vị sự nghiệp, đoàn thể).

A roster is a CSV file (UTF-8, with or without BOM; the separator ``,`` ``;`` or tab is detected,
as Excel writes ``;`` in a Vietnamese locale) with a header row:

    name,unit_class,parent,valid_from,valid_to
    Sở Nội vụ,departments,UBND tỉnh Kiên Giang,,
    Phòng Nội vụ,divisions,UBND thành phố Bắc Kạn,2020-01-01,

``name`` and ``parent`` are written as documents write them (relative names resolve from the
parent's place: "Sở Nội vụ" under UBND tỉnh Kiên Giang is Sở Nội vụ tỉnh Kiên Giang);
``unit_class`` is one of :data:`UNIT_CLASSES`; the dates (YYYY-MM-DD or DD/MM/YYYY) are optional.

What a file says stays its own: each row is a *membership* node of the file's graph (the body it
lists, the group it puts it in, the dates it gives), so a second roster giving the same body
other dates adds its own membership and changes nothing the first said. The body itself gets
only what every file agrees on (name, class, parent). A bad row (unknown class or parent body, a
bad or inverted date, a duplicate) is refused with its line, before anything is written."""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections.abc import Iterable
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


def sniff_dialect(sample: str, path: str) -> type[csv.Dialect]:
    """The CSV dialect of a roster from its first lines: ``,`` ``;`` or tab."""
    first = sample.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        counts = {d: first.count(d) for d in ",;\t"}
        best = max(counts, key=counts.get)
        if counts[best] == 0:
            raise LoaderError(path, f"line 1: no column separator (',', ';' or tab); expected header "
                                    f"{','.join(COLUMNS)}") from None
        return type("Detected", (csv.excel,), {"delimiter": best})


def read_roster(path: str) -> list[RosterEntry]:
    """Rows of a roster file, checked; raises LoaderError naming the file, line and problem."""
    text = read_source(path).text
    dialect = sniff_dialect(text[:8192], path)
    rows = csv.reader(io.StringIO(text), dialect)
    header = [h.strip().lower() for h in next(rows, [])]
    if not header:
        raise LoaderError(path, "empty roster")
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        raise LoaderError(path, f"line 1: missing column(s) {', '.join(missing)}; "
                                f"expected header {','.join(COLUMNS)} (separated by ',', ';' or tab)")
    col = {name: header.index(name) for name in COLUMNS if name in header}
    known = set(UNIT_CLASSES)
    out = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        n = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        cell = {k: (row[i].strip() if i < len(row) else "") for k, i in col.items()}
        if not cell["name"] or not cell["parent"]:
            raise LoaderError(path, f"line {n}: name and parent are required")
        if cell["unit_class"] not in known:
            raise LoaderError(path, f"line {n}: unknown unit_class {cell['unit_class']!r}; "
                                    f"use one of {', '.join(UNIT_CLASSES)}")
        entry = RosterEntry(n, cell["name"], cell["unit_class"], cell["parent"],
                            parse_date(cell.get("valid_from", ""), path, n),
                            parse_date(cell.get("valid_to", ""), path, n))
        if entry.valid_from and entry.valid_to and entry.valid_from > entry.valid_to:
            raise LoaderError(path, f"line {n}: valid_from {entry.valid_from.isoformat()} is after "
                                    f"valid_to {entry.valid_to.isoformat()}")
        key = (_same(entry.name), entry.unit_class, _same(entry.parent))
        if key in seen:
            raise LoaderError(path, f"line {n}: the same unit as line {seen[key]} "
                                    f"({entry.name}, {entry.unit_class}, {entry.parent})")
        seen[key] = n
        out.append(entry)
    return out


def _same(name: str) -> str:
    """A name as a duplicate check compares it: case and spacing aside, tone marks kept ("Tam
    Dương" and "Tam Đường" are two districts)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _parent_context(parent: Body, on: date | None) -> Context:
    """The parent body's place, so that 'Sở Nội vụ' or 'Phòng Nội vụ' resolve under it."""
    head, sep, tail = parent.name.partition(" nhân dân ")
    place = resolve_place(tail if sep else (parent.place or ""), on=on) if (tail or parent.place) \
        else None
    return Context(place=place, issuer=parent)


def roster_quads(path: str, entries: Iterable[RosterEntry], graph: NamedNode | None = None
                 ) -> list[Quad]:
    """The quads of ``entries`` in ``graph`` (default: the file's graph). Raises LoaderError for
    a row whose parent body no registry unit is (unknown, or a name several units share)."""
    graph = graph or roster_graph(path)
    source = NamedNode(graph.value.replace("/graph/roster/", "/source/roster/"))
    b = GraphBuilder(graph, source)
    b.add(source, TYPE, dkg("SourceDocument"))
    b.add(source, dkg("file"), str(Path(path).resolve()))
    parents: dict[tuple[str, date | None], tuple] = {}  # rosters list many bodies per parent
    for e in entries:
        on = e.valid_from
        key = (e.parent, on)
        if key not in parents:
            parent = resolve_body(e.parent)
            ctx = _parent_context(parent, on)
            where = Jurisdiction.of(ctx.place, on)
            parents[key] = (parent, ctx, where, *body_node(parent, where)[:2])
        parent, ctx, b.where, parent_node, parent_unit = parents[key]
        if parent_unit is None:
            raise LoaderError(path, f"line {e.line}: unknown parent body {e.parent!r} (no unit of "
                                    "the registry, or more than one, has that name)")
        body = resolve_body(e.name, ctx)
        if body.parent is None or body.kind == "unknown":
            # A name the body grammar does not know ("Hội Nông dân"): it belongs to the parent.
            body = Body(e.name, body.name if body.kind != "unknown" else
                        f"{e.name} - {parent.name}", "agency", parent.level, parent.place,
                        parent=parent.name)
        node = b.body(body)
        b.add(node, SUB_ORG, parent_node)
        b.add(node, dkg("unitClass"), e.unit_class)
        b.add(node, DERIVED, source)
        member = NamedNode(f"{graph.value.replace('/graph/roster/', '/membership/')}/{e.line}")
        b.add(member, TYPE, dkg("Membership"))
        b.add(member, dkg("member"), node)
        b.add(member, dkg("inGroup"), ident.unit_group_iri(parent_node, e.unit_class))
        b.add(member, dkg("validFrom"), e.valid_from)
        b.add(member, dkg("validTo"), e.valid_to)
        b.add(member, DERIVED, source)
        b.add(member, dkg("evidenceLine"), e.line)
        b.add(member, dkg("evidenceText"), Literal(f"{e.name},{e.unit_class},{e.parent}"))
    return b.quads
