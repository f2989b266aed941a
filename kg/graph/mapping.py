"""Ontology mapping: a parsed Document (or a catalog entry) → quads in one named graph."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pyoxigraph import Literal, NamedNode, Quad

from directive_kg.loaders.bodies import resolve_body
from directive_kg.loaders.doctypes import BY_CODE, type_by_code, type_by_name
from directive_kg.loaders.records import Body, Citation, Document, Evidence
from directive_kg.loaders.text import clean
from directive_kg.reference.catalog import load_catalog_entries

from . import identity as ident
from .jurisdiction import Jurisdiction, body_node
from .vocab import (
    CATALOG_GRAPH,
    DERIVED,
    DKG,
    ELI,
    GENERATED_AT,
    INFLUENCED_BY,
    KIND_CONCEPT,
    LABEL,
    ORG,
    RDFS,
    ROLE_CONCEPT,
    ROLE_PREDICATE,
    SUB_ORG,
    TYPE,
    correction_iri,
    dkg,
    eli,
    lit,
)

_LEVEL_RANK = {"central": 0, "province": 1, "district": 2, "commune": 3}
_BODY_CLASS = {"people_committee": "PeopleCommittee", "council": "Body",
               "party_committee": "PartyCommittee", "party_organ": "PartyCommittee",
               "central": "CentralBody", "ministry": "CentralBody", "office": "Office",
               "agency": "Agency", "department": "Agency", "division": "Agency", "unknown": "Body",
               "front_committee": "Body", "front_organ": "Body"}
DOCTYPE_SLUG = {"QĐ": "QD", "QĐi": "QDi", "ĐA": "DeAn", "NĐ": "ND", "": "Luat"}


@functools.cache
def _superclasses() -> dict[str, frozenset[str]]:
    """Every class of the ontology (ontology/directive-kg.ttl) with all its superclasses."""
    from importlib import resources

    from pyoxigraph import RdfFormat, parse

    text = resources.files("directive_kg.ontology").joinpath("directive-kg.ttl").read_bytes()
    parents: dict[str, set[str]] = {}
    for t in parse(text, format=RdfFormat.TURTLE):
        if t.predicate.value == RDFS + "subClassOf" and isinstance(t.object, NamedNode):
            parents.setdefault(t.subject.value, set()).add(t.object.value)
    out = {}
    for cls in parents:
        seen, todo = set(), [cls]
        while todo:
            for p in parents.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        out[cls] = frozenset(seen)
    return out


@functools.cache
def standard_types(local: str) -> tuple[NamedNode, ...]:
    """The ELI and W3C ORG classes the ontology makes dkg:<local> a subclass of: stated in the
    data beside our own class, so that `?x a eli:LegalResource` or `?x a org:Organization` find
    every instrument or body without a reasoner."""
    found = _superclasses().get(DKG + local, frozenset())
    return tuple(NamedNode(c) for c in sorted(found) if c.startswith((ELI, ORG)))


def doctype_concept(code: str | None) -> NamedNode | None:
    if code is None:
        return None
    from .vocab import ID

    return NamedNode(f"{ID}doctype/{DOCTYPE_SLUG.get(code, code)}")


_TERM_TYPES = (NamedNode, Literal)  # a tuple: `NamedNode | Literal` made a new union at every call


@dataclass
class GraphBuilder:
    graph: NamedNode
    source: NamedNode | None = None
    where: Jurisdiction | None = None  # resolves local bodies to registry units
    quads: list[Quad] = field(default_factory=list)
    _seen: set = field(default_factory=set)

    def add(self, s, p, o) -> None:
        if o is None:
            return
        if not isinstance(o, _TERM_TYPES):
            o = lit(o)
        q = Quad(s, p, o, self.graph)
        if q not in self._seen:
            self._seen.add(q)
            self.quads.append(q)

    def evidence(self, node: NamedNode, ev: Evidence | None) -> None:
        if ev is None:
            return
        self.add(node, dkg("evidenceLine"), max(ev.line, 1))
        self.add(node, dkg("evidenceText"), ev.text)
        if self.source is not None:
            self.add(node, DERIVED, self.source)

    def body(self, body: Body | None, where: Jurisdiction | None = None) -> NamedNode | None:
        if body is None:
            return None
        node, unit, in_registry = body_node(body, where or self.where)
        if in_registry:
            # The registry graph names and places this body; the document adds how it wrote it.
            self.add(node, TYPE, dkg("Body"))
            if body.as_written and clean(body.as_written) != body.name:
                self.add(node, dkg("alias"), clean(body.as_written))
            return node
        self.add(node, TYPE, dkg("Body"))
        cls = _BODY_CLASS.get(body.kind, "Body")
        if cls != "Body":
            self.add(node, TYPE, dkg(cls))
        for standard in standard_types(cls):
            self.add(node, TYPE, standard)
        self.add(node, LABEL, body.name)
        if body.as_written and clean(body.as_written) != body.name:
            self.add(node, dkg("alias"), clean(body.as_written))
        self.add(node, dkg("level"), body.level)
        self.province(node, unit)
        if body.parent:
            parent = resolve_body(body.parent)
            self.add(node, SUB_ORG, self.body(parent))
        return node

    def province(self, node: NamedNode, unit) -> None:
        """Where a local body (or a class of bodies under it) lies: for lists by province."""
        if unit is None or self.where is None:
            return
        province = self.where.province_unit(unit)
        self.add(node, dkg("province"), ident.unit_iri(province.code))
        self.add(node, dkg("provinceName"), province.name)

    def instrument(self, key: ident.InstrumentKey, *, number: str | None, doc_code: str | None,
                   doc_type: str | None, date_: date | None, year: int | None,
                   issuer: Body | None, subject: str | None = None,
                   name: str | None = None, where: Jurisdiction | None = None) -> NamedNode:
        node = key.iri
        self.add(node, TYPE, dkg("Instrument"))
        for standard in standard_types("Instrument"):
            self.add(node, TYPE, standard)
        dtype = type_by_code(doc_code) if doc_code else (type_by_name(doc_type) if doc_type else None)
        if dtype is not None:
            self.add(node, TYPE, dkg(dtype.label_en))
            self.add(node, dkg("documentType"), doctype_concept(dtype.code))
        self.add(node, dkg("identityKey"), key.text)
        self.add(node, eli("number"), number)
        self.add(node, eli("date_document"), date_)
        self.add(node, dkg("year"), year)
        self.add(node, eli("passed_by"), self.body(issuer, where))
        self.add(node, dkg("subject"), subject)
        if name:
            self.add(node, LABEL, name)
        elif number:
            self.add(node, LABEL, number)
        return node

    def link(self, citing: NamedNode, cited: NamedNode, role: str, ev: Evidence | None,
             *, inferred: bool = False, rule: str | None = None) -> None:
        pred = dkg("inferredImplementationOf") if inferred else ROLE_PREDICATE[role]
        self.add(citing, pred, cited)
        node = ident.local_iri("citation", self.graph.value, citing.value, cited.value, role,
                               inferred)
        self.add(node, TYPE, dkg("CitationLink"))
        self.add(node, dkg("citingInstrument"), citing)
        self.add(node, dkg("citedInstrument"), cited)
        self.add(node, dkg("role"), ROLE_CONCEPT[role])
        self.add(node, dkg("inferred"), inferred)
        self.add(node, dkg("rule"), rule)
        self.evidence(node, ev)


def _obligation_year(doc: Document) -> int | None:
    """dkg:year, the year whose `kg gaps` lists the plan's obligations: the plan's own year, or
    for a plan over several years (the parser's year is None, its horizon stated) the year it
    was issued, when its first duties fall."""
    return doc.year if doc.year is not None else _issue_year(doc)


def _issue_year(doc: Document) -> int | None:
    if doc.date:
        return doc.date.year
    m = re.search(r"năm\s+(\d{4})", doc.date_text or "")
    return int(m.group(1)) if m else doc.year


def _unit_of(body: Body | None, where: Jurisdiction | None):
    return where.unit_of(body) if where is not None and body is not None else None


def document_key(doc: Document, where: Jurisdiction | None = None) -> ident.InstrumentKey:
    """The identity key of a loaded document; ``where`` (its own place and date) finds the
    registry unit of a local issuer, which the key then carries."""
    return ident.instrument_key(doc.number, doc.doc_code, _issue_year(doc), doc.issuer,
                                title=doc.title, unit=_unit_of(doc.issuer, where))


def citation_key(c: Citation, catalog: CatalogIndex, where: Jurisdiction | None = None
                 ) -> ident.InstrumentKey:
    """The identity key of a cited instrument. Its issuer is resolved as the citing document sees
    it (its province and district), so "Kế hoạch số 15/KH-UBND của UBND huyện Châu Thành" in a
    commune plan is the plan of that commune's own Châu Thành, and gets the key that plan's own
    text gets when it is loaded."""
    if c.number is None and c.name:
        from directive_kg.loaders.text import fold

        return catalog.laws.get(fold(c.name)) or ident.instrument_key(None, None, c.year, None,
                                                                        law_name=c.name)
    return ident.instrument_key(c.number, c.doc_code, c.year, c.issuer,
                                unit=_unit_of(c.issuer, where))


def _cited_on(where: Jurisdiction, c: Citation) -> Jurisdiction:
    """A cited instrument's issuer is the body of the instrument's own date when the citation
    gives one (a plan of early 2025 cited after the July 2025 reform is still the old
    province's), seen from the citing document's province and district."""
    return where.at(c.date) if c.date is not None else where


def _branch(number: str | None, issuer: Body | None) -> str:
    if issuer is not None and issuer.kind in ("party_committee", "party_organ"):
        return "party"
    if number and re.match(r"^\d+-", number):
        return "party"
    return "state"


def _rank(body: Body | None) -> int:
    return _LEVEL_RANK.get(body.level or "", 9) if body else 9


def map_document(doc: Document, graph: NamedNode, source_iri: NamedNode, file_label: str,
                 catalog: CatalogIndex) -> list[Quad]:
    year = _issue_year(doc)
    on = doc.date or (date(year, 1, 1) if year else None)
    b = GraphBuilder(graph, source_iri, Jurisdiction.of(doc.place, on))
    b.add(source_iri, TYPE, dkg("SourceDocument"))
    b.add(source_iri, dkg("file"), file_label)
    b.add(source_iri, dkg("sha256"), doc.sha256)
    b.add(source_iri, dkg("parserVersion"), doc.parser_version)
    b.add(source_iri, dkg("encoding"), doc.encoding)
    b.add(source_iri, dkg("sourceFormat"), doc.source_format)
    for step in doc.conversions:
        b.add(source_iri, dkg("conversion"), step)
    for w in doc.warnings:
        b.add(source_iri, dkg("readingWarning"), str(w))
    if any(w.incomplete for w in doc.warnings):
        b.add(source_iri, dkg("readingIncomplete"), True)
    key = document_key(doc, b.where)
    me = b.instrument(key, number=doc.number, doc_code=doc.doc_code, doc_type=doc.doc_type,
                      date_=doc.date, year=_obligation_year(doc), issuer=doc.issuer, subject=None)
    b.add(me, dkg("horizon"), doc.horizon)
    _corrected(b, me, doc.corrections)
    b.add(me, dkg("hasSourceDocument"), source_iri)
    b.add(me, eli("title"), doc.title)
    b.add(me, dkg("isDraft"), doc.is_draft)
    b.add(me, dkg("symbol"), doc.symbol)
    b.add(me, dkg("place"), doc.place.name if doc.place else None)
    b.add(me, DERIVED, source_iri)
    if doc.signer and doc.signer.name:
        person = ident.local_iri("person", doc.signer.name, doc.issuer.name if doc.issuer else "")
        b.add(person, TYPE, dkg("Person"))
        b.add(person, LABEL, doc.signer.name)
        b.add(me, dkg("signedBy"), person)
        b.add(me, dkg("signingAuthority"), doc.signer.authority)
        b.add(me, dkg("position"), doc.signer.position)
    nodes: dict[str, NamedNode] = {}
    for c in doc.citations:
        cited_where = _cited_on(b.where, c)
        ckey = citation_key(c, catalog, cited_where)
        # "59/NĐ-CP" cited for 59/2023/NĐ-CP: keep the catalog's number, the printed one as alias
        number = catalog.numbers.get(ckey.text, c.number)
        node = b.instrument(ckey, number=number, doc_code=c.doc_code, doc_type=c.doc_type,
                            date_=c.date, year=c.year, issuer=c.issuer, subject=c.subject,
                            name=c.name, where=cited_where)
        if c.number and c.number != number:
            b.add(node, dkg("alias"), c.number)
        nodes[c.key] = node
        b.link(me, node, c.role, c.evidence)
    by_number = {c.number: c for c in doc.citations if c.number}
    for c in doc.citations:
        if c.implements and c.implements in by_number:
            b.link(nodes[c.key], nodes[by_number[c.implements].key], "implements", c.evidence)
    _infer_parent_links(b, doc, nodes)
    for t in doc.tasks:
        task = ident.local_iri("task", graph.value, t.section, t.evidence.line)
        b.add(task, TYPE, dkg("Task"))
        b.add(task, dkg("sectionPath"), t.section)
        b.add(task, LABEL, t.title)
        b.add(me, dkg("hasTask"), task)
        b.evidence(task, t.evidence)
    for i, o in enumerate(doc.obligations):
        obl = ident.local_iri("obligation", graph.value, i)
        b.add(obl, TYPE, dkg("Obligation"))
        b.add(obl, dkg("obligationKind"), KIND_CONCEPT[o.kind])
        b.add(obl, dkg("deadline"), o.deadline)
        b.add(obl, dkg("period"), o.period)
        b.add(obl, dkg("sectionPath"), o.section)
        b.add(me, dkg("imposes"), obl)
        b.evidence(obl, o.evidence)
        _corrected(b, obl, o.corrections)
        for j, a in enumerate(o.addressees):
            if a.kind == "class":
                cls = ident.local_iri("class", graph.value, i, j)
                b.add(cls, TYPE, dkg("AddresseeClass"))
                b.add(cls, LABEL, a.text)
                b.add(cls, dkg("unitClass"), a.unit_class)
                parent = b.body(a.body)
                b.add(cls, dkg("unitsOf"), parent)
                b.province(cls, b.where.unit_of(a.body))
                if parent is not None and a.unit_class:
                    b.add(cls, dkg("unitGroup"), ident.unit_group_iri(parent, a.unit_class))
                b.add(cls, dkg("expandOn"), on)  # the units of that day (the 2024 map for 2024)
                # the kinds it names ("UBND các huyện": huyện only), read by loaders/unit_kinds.py
                kinds = a.kinds
                if kinds is not None:
                    for k in kinds.kinds:
                        b.add(cls, dkg("addressesKind"), k)
                    b.add(cls, dkg("kindsTaken"), kinds.describe())
                b.add(obl, dkg("addressee"), cls)
            else:
                b.add(obl, dkg("addressee"), b.body(a.body))
        for to in o.report_to:
            b.add(obl, dkg("reportTo"), b.body(to))
        if o.report_via is not None:
            b.add(obl, dkg("reportVia"), b.body(o.report_via))
        b.add(obl, dkg("addresseeText"), o.addressee_text)
        b.add(obl, dkg("reportToText"), o.report_to_text)
    return b.quads


def _corrected(b: GraphBuilder, node: NamedNode, ids: list[str]) -> None:
    """A fact a correction changed (kg/store/corrections.py) says so, and which one did."""
    if ids:
        b.add(node, dkg("corrected"), True)
    for cid in ids:
        b.add(node, INFLUENCED_BY, correction_iri(cid))


def _infer_parent_links(b: GraphBuilder, doc: Document, nodes: dict[str, NamedNode]) -> None:
    """Rule 'parent-beside-basis': when a document names its parent plan among its bases, that
    parent is taken to implement the nearest higher-level basis of its own branch (state or
    Party): 80/KH-UBND beside 33/CT-TTg in the Văn phòng UBND tỉnh Quảng Bình plan."""
    parents = [c for c in doc.citations if c.role == "implements" and not c.implements]
    bases = [c for c in doc.citations if c.role == "based_on" and c.number]
    for p in parents:
        branch = _branch(p.number, p.issuer)
        above = [c for c in bases if _rank(c.issuer) < _rank(p.issuer)
                 and _branch(c.number, c.issuer) == branch]
        if not above:
            continue
        best = max(above, key=lambda c: (_rank(c.issuer), c.date or date.min))
        b.link(nodes[p.key], nodes[best.key], "implements", doc.evidence.get("title") or p.evidence,
               inferred=True, rule="parent-beside-basis")


def _entry_key(e: dict) -> ident.InstrumentKey:
    d = date.fromisoformat(e["date"])
    issuer = resolve_body(e["issuer"])
    return ident.instrument_key(e["number"], e["doc_code"] or None, d.year, issuer)


@dataclass(frozen=True)
class CatalogIndex:
    """What a document's citations are looked up in: the catalog's canonical printed number of each
    of its instruments (by identity key), and its laws by folded name, so 'Luật Thực hiện dân chủ ở
    cơ sở' finds 10/2022/QH15."""

    numbers: dict[str, str]  # identity key (text) → the catalog's printed number
    laws: dict[str, ident.InstrumentKey]  # folded law name → the catalog entry's key


def catalog_index() -> CatalogIndex:
    from directive_kg.loaders.text import fold

    numbers: dict[str, str] = {}
    laws: dict[str, ident.InstrumentKey] = {}
    for e in load_catalog_entries():
        key = _entry_key(e)
        numbers[key.text] = e["number"]
        for n in e.get("names", []):
            laws[fold(n)] = key
    return CatalogIndex(numbers, laws)


def map_catalog() -> list[Quad]:
    b = GraphBuilder(CATALOG_GRAPH)
    entries = load_catalog_entries()
    keyed = {f"{e['number']}@{e['date'][:4]}": e for e in entries}
    for e in entries:
        d = date.fromisoformat(e["date"])
        issuer = resolve_body(e["issuer"])
        dtype = BY_CODE.get(e["doc_code"]) if e["doc_code"] else type_by_name(e.get("doc_type", ""))
        node = b.instrument(_entry_key(e), number=e["number"], doc_code=e["doc_code"] or None,
                            doc_type=dtype.name if dtype else None, date_=d, year=d.year,
                            issuer=issuer, subject=e.get("subject"),
                            name=(e.get("names") or [None])[0])
        b.add(node, dkg("inCatalog"), True)
        for role, field_name in (("implements", "implements"), ("based_on", "based_on")):
            for ref in e.get(field_name, []):
                target = keyed[ref]
                b.link(node, _entry_key(target).iri, role,
                       Evidence(1, f"catalog: {e['number']} → {target['number']}"))
    b.add(CATALOG_GRAPH, GENERATED_AT, lit(datetime.now(UTC).date()))
    return b.quads
