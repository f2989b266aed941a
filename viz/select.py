"""Which part of the graph a view shows: instruments of the implementation chain (up to the central
resolution, down to the unit plans) and, with gaps, the units that still owe a plan.

Everything comes from the store through SPARQL; nothing here knows about drawing."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from pyoxigraph import NamedNode

from directive_kg.errors import UsageError
from directive_kg.kg.answers.bodies import below, find_body, lookup_day
from directive_kg.kg.answers.chain import resolve_instrument
from directive_kg.kg.graph.gap_status import is_open
from directive_kg.kg.store.store import Store

LEVELS = ("central", "province", "district", "commune")
LEVEL_INDEX = {name: i for i, name in enumerate(LEVELS)}
_UNIT_CLASS_LEVEL = {"province_people_committees": 1, "district_people_committees": 2,
                     "commune_people_committees": 3}

# Instrument classes → the kind drawn (shape and colour are chosen in render.py).
_KIND_OF_CLASS = {
    "Resolution": "resolution", "Conclusion": "resolution",
    "Directive": "directive",
    "Law": "legal", "Decree": "legal", "Decision": "legal", "Regulation": "legal", "Rules": "legal",
    "Circular": "legal",
    "Plan": "plan", "Programme": "plan", "Scheme": "plan",
}
_KIND_PRIORITY = ("plan", "directive", "resolution", "legal")

_LINKS = """SELECT ?child ?parent ?inferred ?rule ?line ?text ?file WHERE {
  ?link dkg:citingInstrument ?child ; dkg:citedInstrument ?parent ; dkg:role dkg:RoleImplements ;
        dkg:inferred ?inferred .
  OPTIONAL { ?link dkg:rule ?rule } OPTIONAL { ?link dkg:evidenceLine ?line }
  OPTIONAL { ?link dkg:evidenceText ?text } OPTIONAL { ?link prov:wasDerivedFrom/dkg:file ?file } }"""

# One row per distinct (subject, property, value): OPTIONAL chains would multiply, since a cited
# instrument's facts are repeated in every citing document's graph.
_FACTS = """SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?s { %s } ?s ?p ?o .
  FILTER(?p IN (%s)) }"""
_INSTRUMENT_PROPS = ("rdf:type", "eli:number", "dkg:symbol", "eli:date_document", "dkg:year", "eli:title",
                     "skos:prefLabel", "eli:passed_by", "dkg:hasSourceDocument", "dkg:inCatalog")
_BODY_PROPS = ("skos:prefLabel", "dkg:level", "org:subOrganizationOf")

_LOADED = """SELECT DISTINCT ?n ?year WHERE {
  ?n dkg:hasSourceDocument ?src . OPTIONAL { ?n dkg:year ?year } }"""

_UNDER = """SELECT DISTINCT ?n WHERE { ?n eli:passed_by ?b . ?b org:subOrganizationOf* ?under }"""

class SelectionError(UsageError):
    """The selection cannot be made (nothing to draw, no year to check gaps for)."""


@dataclass
class VizNode:
    """One node of the view: an instrument, a unit that owes a plan, or a group of such units."""

    id: str
    kind: str  # resolution | directive | legal | plan | other | unit | unit_group | class
    label: str
    level: int  # index into LEVELS: the row band the node is drawn in
    number: str | None = None
    date: str | None = None
    year: int | None = None  # the year an instrument is for (dkg:year)
    issuer: str | None = None
    status: str = ""
    title: str | None = None
    evidence: str | None = None
    source: str | None = None  # "file:line" of the evidence
    loaded: bool = False  # the instrument's own text is in the store
    owes: bool = False  # a unit (or group) that still owes a plan
    area: str | None = None
    parent_body: str | None = None  # for units: the body they belong to (groups are made by it)
    parent_body_label: str | None = None
    members: list[str] = field(default_factory=list)  # for groups: the unit names


@dataclass(frozen=True)
class VizEdge:
    """From the instrument that is carried out (or that obliges) to the one that carries it out (or
    the unit that owes): the picture reads top-down like `kg chain --down`."""

    source: str
    target: str
    kind: str  # implements | inferred | owes
    evidence: str | None = None
    where: str | None = None  # "file:line"
    rule: str | None = None


@dataclass
class Selection:
    nodes: dict[str, VizNode]
    edges: list[VizEdge]
    description: str

    def owing(self) -> list[VizNode]:
        return [n for n in self.nodes.values() if n.owes and n.kind == "unit"]

    def owing_count(self) -> int:
        """Units that owe a plan, counting the members of groups."""
        return sum(len(n.members) if n.kind == "unit_group" else 1
                   for n in self.nodes.values() if n.owes and n.kind in ("unit", "unit_group"))


@dataclass(frozen=True)
class _Link:
    child: str
    parent: str
    inferred: bool
    rule: str | None
    text: str | None
    where: str | None


def select(store: Store, *, instrument: str | None = None, year: int | None = None,
           under: str | None = None, depth: int | None = None, gaps: bool = False,
           as_of: date | None = None, gap_rows: list | None = None) -> Selection:
    """The subgraph a view shows.

    - ``instrument``: that instrument's chain, up and down (``year`` disambiguates the number);
    - else the instruments loaded from documents (of ``year`` when given) and their chains;
    - ``under``: a body (name, alias or IRI): only instruments issued by it or by bodies under it
      (org:subOrganizationOf*) are seeds or descendants; the chain above them stays for context;
    - ``depth``: at most that many links up and down from the seeds;
    - ``gaps``: the units that owe a plan (kg/answers/gaps.py find_gaps) hang under the instrument obliging
      them. ``gap_rows`` lets a caller pass rows already computed."""
    links = _links(store)
    up: dict[str, list[_Link]] = defaultdict(list)
    down: dict[str, list[_Link]] = defaultdict(list)
    for ln in links.values():
        up[ln.child].append(ln)
        down[ln.parent].append(ln)
    # the same lookup as `kg gaps --under` (kg/answers/bodies.py), on the same day
    under_iri = find_body(store, under, lookup_day(year)).one("--under") if under else None
    allowed = _issued_under(store, under_iri) if under_iri else None

    if instrument:
        found = resolve_instrument(store, instrument, year=year, narrow="--year")
        seeds = [found.iri]
        what = f"chain of {found.number or instrument}"
    else:
        seeds = sorted(r["n"] for r in store.query(_LOADED) if year is None or r["year"] == year)
        if allowed is not None:
            seeds = [s for s in seeds if s in allowed]
        what = f"plans of {year}" if year else "all loaded instruments"
        if not seeds:  # owing units hang under instruments in view: none, nothing to draw
            raise SelectionError(f"nothing to draw: no loaded instrument{' of ' + str(year) if year else ''}"
                                 f"{' under ' + under if under else ''}")
    if under:
        what += f" under {under}"

    ids = set(seeds)
    kept: set[tuple[str, str]] = set()
    _walk(seeds, lambda n: up.get(n, ()), lambda ln: ln.parent, depth, ids, kept, None)
    _walk(seeds, lambda n: down.get(n, ()), lambda ln: ln.child, depth, ids, kept, allowed)

    nodes = _instrument_nodes(store, sorted(ids))
    edges = []
    for child, parent in sorted(kept):
        ln = links[(child, parent)]
        edges.append(VizEdge(parent, child, "inferred" if ln.inferred else "implements", ln.text,
                             ln.where, ln.rule))
    _attach_link_evidence(nodes, links, kept)
    _place_unknown_levels(nodes, edges)

    if gaps:
        if gap_rows is None:
            gap_rows = _find_gaps(store, year, under_iri, as_of, nodes)
        _add_gap_rows(store, nodes, edges, gap_rows)
        what += " with units owing a plan"
    return Selection(nodes, edges, what)


def _walk(seeds, neighbours, other_end, depth, ids, kept, allowed) -> None:
    """Breadth-first over implementation links, at most ``depth`` links from the seeds."""
    frontier, seen, level = list(seeds), set(seeds), 0
    while frontier and (depth is None or level < depth):
        nxt = []
        for n in frontier:
            for ln in neighbours(n):
                other = other_end(ln)
                if allowed is not None and other not in allowed:
                    continue
                kept.add((ln.child, ln.parent))
                ids.add(other)
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier, level = nxt, level + 1


def _links(store: Store) -> dict[tuple[str, str], _Link]:
    """Every implementation link, once per (child, parent): a stated link wins over an inferred one.
    One query for the whole table: walking it in Python is cheaper than a query per node."""
    best: dict[tuple[str, str], _Link] = {}
    for r in store.query(_LINKS):
        key = (r["child"], r["parent"])
        where = f"{_short_file(r['file'])}:{r['line']}" if r["file"] and r["line"] else None
        ln = _Link(r["child"], r["parent"], bool(r["inferred"]), r["rule"], r["text"], where)
        old = best.get(key)
        if old is None or (old.inferred and not ln.inferred) or (old.text is None and ln.text):
            best[key] = ln
    return best


def _short_file(path: str | None) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1] if path else ""


def _values(iris: list[str]) -> str:
    # Serialised by Oxigraph (angle brackets, escapes): never raw text in the query.
    return " ".join(str(NamedNode(i)) for i in iris)


def _chunks(items: list[str], size: int = 400):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _facts(store: Store, iris: list[str], props: tuple[str, ...]) -> dict[str, dict[str, list]]:
    """subject → property local name → its distinct values, sorted (deterministic 'first')."""
    out: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for chunk in _chunks(sorted(set(iris))):
        for r in store.query(_FACTS % (_values(chunk), ", ".join(props))):
            out[r["s"]][re.split(r"[#/]", r["p"])[-1]].add(r["o"])
    return {s: {p: sorted(v, key=str) for p, v in ps.items()} for s, ps in out.items()}


def _first(facts: dict[str, list], prop: str):
    values = facts.get(prop)
    return values[0] if values else None


def _instrument_nodes(store: Store, iris: list[str]) -> dict[str, VizNode]:
    facts = _facts(store, iris, _INSTRUMENT_PROPS)
    issuers = {_first(f, "passed_by") for f in facts.values()} - {None}
    bodies = _facts(store, sorted(issuers), _BODY_PROPS)
    sources = {_first(f, "hasSourceDocument") for f in facts.values()} - {None}
    files = _facts(store, sorted(sources), ("dkg:file",))
    nodes = {}
    for iri in iris:
        f = facts.get(iri, {})
        classes = {c.rsplit("#", 1)[-1] for c in f.get("type", ())}
        kinds = {_KIND_OF_CLASS[c] for c in classes if c in _KIND_OF_CLASS}
        kind = next((k for k in _KIND_PRIORITY if k in kinds), "other")
        body = bodies.get(_first(f, "passed_by") or "", {})
        issuer = _first(body, "prefLabel")
        level = LEVEL_INDEX.get(_first(body, "level") or "", -1)
        number = _first(f, "number")
        symbol = _first(f, "symbol")
        name = number or (f"(draft) {symbol}" if symbol else None) or _first(f, "prefLabel") \
            or "(unnumbered)"
        year = _first(f, "year")
        when = _first(f, "date_document") or (str(year) if year else None)
        file = _first(files.get(_first(f, "hasSourceDocument") or "", {}), "file")
        status = ("loaded from " + _short_file(file) if file
                  else "in the catalog of central instruments (text not loaded)" if _first(f, "inCatalog")
                  else "cited only (its text is not loaded)")
        # Local numbers repeat across issuers (39/KH-UBND of two UBNDs): local ones show who.
        issuer_line = _short_issuer(issuer) if level != 0 else ""
        label = f"{name}\n{issuer_line}" if issuer_line else name
        title = _first(f, "title") or (_first(f, "prefLabel") if not number else None)
        nodes[iri] = VizNode(iri, kind, label, level, number=name, date=when, year=year, issuer=issuer,
                             status=status, title=title, loaded=bool(file))
    return nodes


def _short_issuer(label: str | None) -> str:
    if not label:
        return ""
    return label.replace("Ủy ban nhân dân", "UBND").replace("Văn phòng", "VP")


def _attach_link_evidence(nodes: dict[str, VizNode], links, kept) -> None:
    """A carrying-out instrument's evidence is the sentence that names its parent."""
    for child, parent in sorted(kept):
        ln = links[(child, parent)]
        node = nodes[child]
        if node.evidence is None and ln.text:
            node.evidence, node.source = ln.text, ln.where


def _place_unknown_levels(nodes: dict[str, VizNode], edges: list[VizEdge]) -> None:
    """An issuer without a level (unknown body): draw the instrument in its parent's band, or in
    the central band when it has no parent in view."""
    parents = defaultdict(list)
    for e in edges:
        parents[e.target].append(e.source)

    def level_of(n: str, seen: frozenset = frozenset()) -> int:
        node = nodes[n]
        if node.level >= 0:
            return node.level
        known = [level_of(p, seen | {n}) for p in parents[n] if p not in seen]
        return max(known) if known else 0

    for n in list(nodes):
        if nodes[n].level < 0:
            nodes[n].level = level_of(n)


def _issued_under(store: Store, body_iri: str) -> set[str]:
    return {r["n"] for r in store.query(_UNDER, {"under": NamedNode(body_iri)})}


# --- gaps -------------------------------------------------------------------------------------

def _find_gaps(store: Store, year: int | None, under_iri: str | None, as_of: date | None,
               nodes: dict[str, VizNode]) -> list:
    """Unmet plan obligations imposed by instruments in view (of units under ``under_iri``). The
    plan years checked are --year, else the years of the loaded instruments in view."""
    from directive_kg.kg.answers.gaps import find_gaps

    years = [year] if year else sorted({n.year for n in nodes.values() if n.loaded and n.year})
    if not years:
        raise SelectionError("--gaps: no loaded plan in view whose obligations could be checked; "
                             "give --year")
    below_under = below(store, [under_iri]) if under_iri else None
    rows = []
    for y in years:
        rows += [r for r in find_gaps(store, y, kind="plan", as_of=as_of).rows
                 if r.required_by_iri in nodes and (below_under is None or r.unit_iri in below_under)]
    return rows


def _add_gap_rows(store: Store, nodes: dict[str, VizNode], edges: list[VizEdge], rows: list) -> None:
    """Each unmet (unit, plan obligation) becomes a unit node under the instrument that obliges it.
    A class of units nothing expands (no roster loaded) stays one 'class' node."""
    rows = [r for r in rows if r.kind == "plan" and is_open(r.status)]
    missing = sorted({r.required_by_iri for r in rows if r.required_by_iri not in nodes})
    nodes.update(_instrument_nodes(store, missing))
    _place_unknown_levels(nodes, edges)
    unit_iris = sorted({r.unit_iri for r in rows if r.unit_iri and r.expanded})
    meta = _facts(store, unit_iris, _BODY_PROPS)
    parents = _facts(store, sorted({_first(m, "subOrganizationOf") for m in meta.values()} - {None}),
                     ("skos:prefLabel",))
    seen_edges = set()
    for r in sorted(rows, key=lambda r: (r.required_by_iri, r.unit or "", r.unit_iri or "")):
        obliger = nodes[r.required_by_iri]
        m = meta.get(r.unit_iri or "", {})
        parent = _first(m, "subOrganizationOf")
        unit_id = r.unit_iri or f"{r.required_by_iri}#class:{r.unit}"  # a class row: the class IRI
        level = LEVEL_INDEX.get(_first(m, "level") or "", -1)
        if level < 0:  # roster agencies have no registry level: one band below their parent
            level = min(obliger.level + 1, len(LEVELS) - 1)
        text, where = _evidence_parts(r.evidence)
        if unit_id not in nodes:
            nodes[unit_id] = VizNode(
                unit_id, "unit" if r.expanded else "class", _short_issuer(r.unit), level,
                date=r.deadline.isoformat() if r.deadline else None, issuer=r.unit,
                status=_status_text(r), title=_required_text(r),
                evidence=text, source=where, owes=True, area=r.area,
                parent_body=parent, parent_body_label=_first(parents.get(parent or "", {}), "prefLabel"))
        key = (obliger.id, unit_id)
        if key not in seen_edges:
            seen_edges.add(key)
            edges.append(VizEdge(obliger.id, unit_id, "owes", text, where))


def _required_text(row) -> str:
    by = getattr(row, "required_by_issuer", None)
    text = f"owes a plan to {row.required_by}" + (f" of {by}" if by else "")
    # the node shows the unit under its name of the instrument's day; who carries it today beside
    now = getattr(row, "unit_now", None)
    if now and now.split(",")[0] != row.unit:
        text += f"; today: {now}"
    return text


def _evidence_parts(ev) -> tuple[str | None, str | None]:
    """A GapEvidence (source, line, text) → (text, "file:line")."""
    if ev is None:
        return None, None
    src, line = getattr(ev, "source", None), getattr(ev, "line", None)
    return getattr(ev, "text", None), (f"{_short_file(src)}:{line}" if src and line else None)


_STATUS = {"overdue": "overdue: no plan found after the due date",
           "not_due": "not yet due: no plan found so far"}


def _status_text(row) -> str:
    status = _STATUS.get(row.status, row.status)
    if not row.expanded:
        status += " (a class of units: load a roster with `kg units load` to list them)"
    return status


# --- large selections -------------------------------------------------------------------------

NODE_LIMIT = 2500


class SelectionTooLarge(UsageError):
    """Even with units grouped, the view would hold more nodes than a browser draws usably."""


def group_units(sel: Selection) -> Selection:
    """Owing units become one node per (obliging instrument, parent body): 'Thành phố Bắc Kạn: 8
    units owe a plan'. Instruments and edges between them are untouched."""
    groups: dict[tuple[str, str], list[VizNode]] = defaultdict(list)
    obliger = {e.target: e.source for e in sel.edges if e.kind == "owes"}
    for n in sel.nodes.values():
        if n.kind == "unit" and n.id in obliger:
            groups[(obliger[n.id], n.parent_body or n.area or "")].append(n)
    if not groups:
        return sel
    nodes = {k: v for k, v in sel.nodes.items() if not (v.kind == "unit" and v.id in obliger)}
    edges = [e for e in sel.edges if not (e.kind == "owes" and e.target not in nodes)]
    for (source, body), members in sorted(groups.items()):
        first = members[0]
        where = first.parent_body_label or first.area or "?"
        gid = f"group:{source}|{body}"
        names = sorted(m.label for m in members)
        statuses = sorted({m.status for m in members})
        nodes[gid] = VizNode(gid, "unit_group", f"{len(members)} đơn vị · units\n{_short_issuer(where)}",
                             max(m.level for m in members), status="; ".join(statuses),
                             title=f"{len(members)} units under {where} owe a plan",
                             evidence=first.evidence, source=first.source, owes=True,
                             area=first.area, parent_body=first.parent_body,
                             parent_body_label=where, members=names)
        edges.append(VizEdge(source, gid, "owes", first.evidence, first.source))
    return Selection(nodes, edges, sel.description + " (units grouped by parent body)")


def fit_to_limit(sel: Selection, limit: int = NODE_LIMIT) -> Selection:
    """The selection itself when small enough, else with units grouped, else a clear refusal."""
    if len(sel.nodes) <= limit:
        return sel
    grouped = group_units(sel)
    if len(grouped.nodes) <= limit:
        return grouped
    raise SelectionTooLarge(
        f"the view would have {len(sel.nodes)} nodes ({len(grouped.nodes)} with units grouped), "
        f"more than the limit of {limit}; narrow it with --under BODY, --instrument NUMBER, "
        f"--year YEAR or --depth N")
