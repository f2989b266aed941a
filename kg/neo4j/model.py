"""The property-graph projection of the RDF store, for people writing Cypher (queries/neo4j-model.md).

A pure function from the store's quads to node and relationship records: no Neo4j here.

- Nodes: every IRI typed with one of the main classes (Instrument, Body, AdminUnit, Task,
  Obligation, AddresseeClass, SourceDocument, Person). Labels: ``Resource`` (shared, unique
  ``iri``), the main label, and the dkg subclass names (``Plan``, ``PeopleCommittee`` ...).
- Properties come from a fixed table (``PROPERTIES``). Scalar properties take the smallest value
  when the RDF holds several (``kg validate`` is where conflicts belong); list properties
  (``aliases``, ``subjects``, ``groups``, ``graphs``) keep every value, sorted.
- Relationships: object properties from ``RELATIONSHIPS`` between two projected nodes, and
  one IMPLEMENTS / BASED_ON / CITES per ``dkg:CitationLink`` with its evidence.
- ``graphs`` on every node and relationship lists the named graphs that state it: the push uses
  it to find what a changed source document contributed.

``MODEL_VERSION`` is part of every pushed digest: changing the projection forces a full push.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import pyoxigraph as ox

from directive_kg.kg.graph.vocab import DKG, ELI, KIND_CONCEPT, ORG, PROV, RDF, SKOS, XSD
from directive_kg.loaders.doctypes import DOC_TYPES

# Bump when the projection changes: a push then rewrites everything.
MODEL_VERSION = "7"  # 6: UnitState nodes (issue 20); 7: roster Membership nodes (issue 17)

BASE_LABEL = "Resource"
MAIN_LABELS = ("Instrument", "Body", "AdminUnit", "Task", "Obligation", "AddresseeClass",
               "SourceDocument", "Person", "UnitState", "Membership")
INSTRUMENT_KINDS = frozenset(t.label_en for t in DOC_TYPES)
# dkg classes that are records behind relationships, or bookkeeping, never nodes.
NOT_LABELS = frozenset({"CitationLink", "LoadActivity"})
_SUPER = {k: "Instrument" for k in INSTRUMENT_KINDS} | {
    k: "Body" for k in ("PeopleCommittee", "PartyCommittee", "Agency", "CentralBody", "Office",
                        "Department")}

_TYPE = RDF + "type"
_OBLIGATION_KIND = {c.value: k for k, c in KIND_CONCEPT.items()}
_ROLE_TYPE = {DKG + "RoleImplements": "IMPLEMENTS", DKG + "RoleBasedOn": "BASED_ON",
              DKG + "RoleCites": "CITES"}
# An instrument's facts as its own document states them, kept per graph: FROM_SOURCE carries them,
# since the node holds the smallest value over every document that mentions the instrument (a
# citation can misdate it; two districts of one name can share a plan's identity key).
OWN_FACTS = {ELI + "number": "number", ELI + "date_document": "date", DKG + "year": "year",
             ELI + "title": "title"}
_DIRECT_LINKS = {ELI + "ensures_implementation_of": ("IMPLEMENTS", False),
                 DKG + "inferredImplementationOf": ("IMPLEMENTS", True),
                 ELI + "based_on": ("BASED_ON", False), ELI + "cites": ("CITES", False)}


@dataclass(frozen=True)
class Prop:
    name: str
    many: bool = False


# predicate → Neo4j property (applies to whichever node carries the predicate)
PROPERTIES: dict[str, Prop] = {
    SKOS + "prefLabel": Prop("name"),
    DKG + "alias": Prop("aliases", many=True),
    DKG + "identityKey": Prop("key"),
    ELI + "number": Prop("number"),
    ELI + "date_document": Prop("date"),
    DKG + "year": Prop("year"),
    ELI + "title": Prop("title"),
    DKG + "symbol": Prop("symbol"),
    DKG + "isDraft": Prop("isDraft"),
    DKG + "place": Prop("place"),
    DKG + "subject": Prop("subjects", many=True),
    DKG + "inCatalog": Prop("inCatalog"),
    DKG + "signingAuthority": Prop("signingAuthority"),
    DKG + "position": Prop("position"),
    DKG + "level": Prop("level"),
    DKG + "code": Prop("code"),
    DKG + "validFrom": Prop("validFrom"),
    DKG + "validTo": Prop("validTo"),
    DKG + "unitClass": Prop("unitClass"),
    DKG + "provinceName": Prop("province"),
    DKG + "expandOn": Prop("expandOn"),
    DKG + "unitGroup": Prop("unitGroup"),
    DKG + "inGroup": Prop("groups", many=True),
    DKG + "group": Prop("group"),  # a registry committee's group in one state of its unit
    DKG + "unitKind": Prop("unitKind"),
    DKG + "addressesKind": Prop("unitKinds", many=True),
    DKG + "kindsTaken": Prop("kindsTaken"),
    DKG + "nameToday": Prop("nameToday"),
    DKG + "approximate": Prop("approximate"),
    DKG + "obligationKind": Prop("kind"),
    DKG + "deadline": Prop("deadline"),
    DKG + "period": Prop("period"),
    DKG + "sectionPath": Prop("section"),
    DKG + "evidenceLine": Prop("evidence_line"),
    DKG + "evidenceText": Prop("evidence_text"),
    DKG + "file": Prop("file"),
    DKG + "sha256": Prop("sha256"),
    DKG + "parserVersion": Prop("parserVersion"),
    DKG + "encoding": Prop("encoding"),
    PROV + "generatedAtTime": Prop("generatedAt"),
}

# predicate → relationship type (subject → object, both must be projected nodes)
RELATIONSHIPS: dict[str, str] = {
    ELI + "passed_by": "ISSUED_BY",
    DKG + "signedBy": "SIGNED_BY",
    DKG + "imposes": "OBLIGES",
    DKG + "addressee": "ADDRESSED_TO",
    DKG + "unitsOf": "UNITS_OF",
    DKG + "reportTo": "REPORT_TO",
    DKG + "member": "MEMBER",
    DKG + "hasTask": "HAS_TASK",
    ORG + "subOrganizationOf": "PART_OF",
    DKG + "partOf": "PART_OF",
    DKG + "governs": "GOVERNS",
    DKG + "successor": "SUCCESSOR",
    DKG + "stateOf": "STATE_OF",
    DKG + "draftVersion": "DRAFT_VERSION",
    DKG + "hasSourceDocument": "FROM_SOURCE",
    PROV + "wasDerivedFrom": "FROM_SOURCE",
}


@dataclass(frozen=True)
class NodeRecord:
    iri: str
    labels: tuple[str, ...]
    props: dict  # every property, iri and graphs included


@dataclass(frozen=True)
class RelRecord:
    key: str  # identity inside the projection: the CitationLink IRI, else type|start|end
    type: str
    start: str
    end: str
    props: dict


@dataclass
class Projection:
    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    rels: dict[str, RelRecord] = field(default_factory=dict)


_INTEGERS = frozenset({XSD + "integer", XSD + "int", XSD + "long"})
_STRING = XSD + "string"


def value(term: ox.Literal | ox.NamedNode) -> object:
    """An RDF term as a Neo4j value: xsd:integer → int, boolean → bool, date → date,
    dateTime → datetime, IRI and everything else → string."""
    if type(term) is ox.NamedNode:
        return term.value
    text = term.value
    dt = term.datatype
    dt = dt.value if dt is not None else ""
    if dt == _STRING:
        return text
    try:
        if dt in _INTEGERS:
            return int(text)
        if dt == XSD + "boolean":
            return text in ("true", "1")
        if dt == XSD + "date":
            return date.fromisoformat(text)
        if dt == XSD + "dateTime":
            return datetime.fromisoformat(text)
    except ValueError:  # a malformed literal stays the text it is
        pass
    return text


def _sort_key(v: object) -> tuple[str, str]:
    return type(v).__name__, v.isoformat() if isinstance(v, date) else str(v)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class _Subject:
    """Everything the store says about one IRI, across graphs (slots: a national store has more
    than a million subjects)."""

    __slots__ = ("types", "values", "links", "graphs", "own")

    def __init__(self) -> None:
        self.types: set[str] = set()
        self.values: dict[str, set] = {}
        self.links: list[tuple[str, str, str]] = []  # (predicate, object, graph)
        self.graphs: set[str] = set()
        self.own: list[tuple[str, str, object]] = []  # (graph, predicate, value) of OWN_FACTS


def labels_of(types: set[str]) -> tuple[str, ...] | None:
    names = {_local(t) for t in types if t.startswith(DKG)} - NOT_LABELS
    names |= {_SUPER[n] for n in names if n in _SUPER}
    if not names & set(MAIN_LABELS):
        return None
    return (BASE_LABEL, *sorted(n for n in names if n.isidentifier()))


def _add(values: dict[str, set], pred: str, v: object) -> None:
    got = values.get(pred)
    if got is None:
        values[pred] = {v}
    else:
        got.add(v)


def _scalar(values: set) -> object:
    if len(values) == 1:  # the common case, without min()'s key calls
        return next(iter(values))
    return min(values, key=_sort_key)


def _node_props(iri: str, s: _Subject, labels: tuple[str, ...], files: dict[str, str]) -> dict:
    props: dict[str, object] = {"iri": iri, "graphs": sorted(s.graphs)}
    for pred, vals in s.values.items():
        spec = PROPERTIES.get(pred)
        if spec is None or not vals:
            continue
        if pred == DKG + "obligationKind":
            vals = {_OBLIGATION_KIND.get(v, _local(v)) for v in vals}
        props[spec.name] = sorted(vals, key=_sort_key) if spec.many else _scalar(vals)
    kinds = sorted(set(labels) & INSTRUMENT_KINDS)
    if "Instrument" in labels and kinds:
        props["kind"] = kinds[0]
    if "Instrument" not in labels and "SourceDocument" not in labels:
        sources = {files[o] for p, o, _g in s.links if p == PROV + "wasDerivedFrom" and o in files}
        if sources:  # where a task's or obligation's evidence comes from
            props.setdefault("file", _scalar(sources))
    return props


def project(quads: Iterable[ox.Quad]) -> Projection:
    """The projection of a set of quads: ``project(store.quads())`` for the whole store. A node
    is complete when all quads of its subject are in the set; a relationship needs its two ends
    typed in the set (kg/neo4j/changes.py picks such a set around the nodes a push rewrites)."""
    # Millions of small containers and no cycles among them: the cyclic collector would walk
    # them again and again while they are built (a fifth of the time on a national store).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _project(quads)
    finally:
        if collecting:
            gc.enable()


def _project(quads: Iterable[ox.Quad]) -> Projection:
    subjects: dict[str, _Subject] = {}
    named = ox.NamedNode
    for q in quads:
        gn, sn = q.graph_name, q.subject
        if type(gn) is not named or type(sn) is not named:
            continue  # the default graph and blank nodes are not part of the model
        g, p, o = gn.value, q.predicate.value, q.object
        key = sn.value
        s = subjects.get(key)
        if s is None:
            s = subjects[key] = _Subject()
        s.graphs.add(g)
        if p == _TYPE and type(o) is named:
            s.types.add(o.value)
        elif p in PROPERTIES:
            v = value(o)
            _add(s.values, p, v)
            if p in OWN_FACTS:
                s.own.append((g, p, v))
        elif type(o) is named:
            s.links.append((p, o.value, g))
        elif p.startswith(DKG):
            _add(s.values, p, value(o))  # link attributes (dkg:inferred, dkg:rule ...) used below

    out = Projection()
    label_sets: dict[frozenset, tuple[str, ...] | None] = {}
    labels = {}
    for iri, s in subjects.items():
        kinds = frozenset(s.types)
        if kinds not in label_sets:
            label_sets[kinds] = labels_of(s.types)
        if (lab := label_sets[kinds]) is not None:
            labels[iri] = lab
    files = {iri: _scalar(subjects[iri].values[DKG + "file"]) for iri, lab in labels.items()
             if "SourceDocument" in lab and subjects[iri].values.get(DKG + "file")}
    for iri, lab in labels.items():
        out.nodes[iri] = NodeRecord(iri, lab, _node_props(iri, subjects[iri], lab, files))

    covered: set[tuple[str, str, str, bool]] = set()
    for iri, s in subjects.items():
        if DKG + "CitationLink" in s.types:
            rel = _citation_rel(iri, s, labels, files)
            if rel is not None:
                out.rels[rel.key] = rel
                covered.add((rel.type, rel.start, rel.end, rel.props["inferred"]))
    for iri, s in subjects.items():
        if iri not in labels:
            continue
        stated: dict[tuple[str, str], set[str]] = {}  # (predicate, object) → graphs stating it
        for p, o, g in s.links:
            if o in labels and (p in RELATIONSHIPS or p in _DIRECT_LINKS):
                stated.setdefault((p, o), set()).add(g)
        for (p, o), in_graphs in stated.items():
            graphs = sorted(in_graphs)
            if p in RELATIONSHIPS:
                rtype = RELATIONSHIPS[p]
                key = f"{rtype}|{iri}|{o}"
                old = out.rels.get(key)
                merged = sorted(set(graphs) | set(old.props["graphs"])) if old else graphs
                props: dict[str, object] = {"graphs": merged}
                if rtype == "FROM_SOURCE" and "Instrument" in labels[iri]:
                    props |= _own_facts(s, set(merged))
                out.rels[key] = RelRecord(key, rtype, iri, o, props)
            elif p in _DIRECT_LINKS:
                # a link stated without a CitationLink record (none today): still a relationship
                rtype, inferred = _DIRECT_LINKS[p]
                if (rtype, iri, o, inferred) not in covered:
                    key = f"{rtype}|{iri}|{o}|{inferred}"
                    out.rels[key] = RelRecord(key, rtype, iri, o,
                                              {"inferred": inferred, "graphs": graphs})
    return out


def _own_facts(s: _Subject, graphs: set[str]) -> dict[str, object]:
    """OWN_FACTS as the given graphs (an instrument's own document) state them."""
    found: dict[str, set] = {}
    for g, p, v in s.own:
        if g in graphs:
            _add(found, p, v)
    return {OWN_FACTS[p]: _scalar(vals) for p, vals in found.items()}


def _citation_rel(iri: str, s: _Subject, labels: dict, files: dict[str, str]) -> RelRecord | None:
    objs = defaultdict(set)
    for p, o, _g in s.links:
        objs[p].add(o)
    citing, cited = objs.get(DKG + "citingInstrument"), objs.get(DKG + "citedInstrument")
    roles = sorted(objs.get(DKG + "role", ()))
    if not citing or not cited or not roles:
        return None
    start, end = min(citing), min(cited)
    if start not in labels or end not in labels:
        return None
    inferred = bool(_scalar(s.values[DKG + "inferred"])) if s.values.get(DKG + "inferred") else False
    props: dict[str, object] = {"iri": iri, "inferred": inferred, "graphs": sorted(s.graphs)}
    for pred, name in ((DKG + "rule", "rule"), (DKG + "evidenceLine", "evidence_line"),
                       (DKG + "evidenceText", "evidence_text")):
        if s.values.get(pred):
            props[name] = _scalar(s.values[pred])
    sources = {files[o] for o in objs.get(PROV + "wasDerivedFrom", ()) if o in files}
    if sources:
        props["file"] = _scalar(sources)
    rtype = _ROLE_TYPE.get(roles[0], "CITES")
    return RelRecord(iri, rtype, start, end, props)
