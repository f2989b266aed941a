"""Which rows of the gaps index a change to the store can alter (kg/store/gaps_index.py follows a
write session with it instead of rebuilding).

The index's rows are keyed by their obliging instrument: gaps.rq's rows of an instrument, and its
answers (queries/answers.rq), depend only on quads that share a node with its evaluation. So, from
the quads a session added or removed (kg/store/changes.py), the instruments whose rows may differ
are found around the changed quads' nodes, in the store as it is now and in the index as it was
(a removal's quads are in the change themselves, so what they named is found too):

- every node of a changed quad that imposes obligations (now, or had rows or answers in the
  index: a removed document), or is a parent documents implement (unloaded parents);
- around a *subject* of a changed quad (a node whose own facts changed): the instrument imposing
  it (an obligation), or an obligation it is the addressee class or source document of (a
  corrected deadline, a class naming other kinds); what it answers (``?r ?link ?obliging``: a
  plan or report added, re-dated, re-typed); what it issued and what those answer (an issuer's
  name, an office answering for its committee); every instrument with a row it owes, or the
  committee it is the office of owes (a unit's name, province, successor).

A node that is only an *object* (the issuer a new plan names, the parent it implements) did not
change itself: only its own rows can. A changed quad that restates a fact the queries read only
in the union of graphs (a committee's name or kind, in every document that names it) and that an
unchanged graph states too, changes nothing and is left out (else a commune's new plan would
recompute everything the commune and its district ever issued). Facts read inside one graph
(:data:`READ_IN_ONE_GRAPH`) always count.

Whose members a class has is decided by rosters and the registry's unit states: a change there is
not followed (the session is unbounded and the index rebuilt), and a document that states
membership or unit-state facts (:data:`UNFOLLOWED`) makes :func:`affected` return None.

The unloaded parents (queries/parents-not-loaded.rq, rows keyed by year and parent instrument)
recomputed are the changed quads' nodes, the parents a changed child implements and what a changed
body issued, among those that have a child now or had a row; their years are their children's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from directive_kg.kg.graph.vocab import DERIVED, LABEL, SUB_ORG, TYPE, dkg, eli

from .store import Store

IMPOSES = dkg("imposes")
ADDRESSEE = dkg("addressee")
YEAR = dkg("year")
PASSED_BY = eli("passed_by")
IMPLEMENTS = eli("ensures_implementation_of")
# the links an answer has to what it answers (gaps.rq, answers.rq)
ANSWER_LINKS = (IMPLEMENTS, dkg("inferredImplementationOf"), eli("based_on"), eli("cites"))
# facts of rosters and of the registry's unit states: who a class's members are on a day
UNFOLLOWED = frozenset({dkg("inGroup"), dkg("member"), dkg("stateOf"), dkg("group"), dkg("unitKind"),
                        dkg("validFrom"), dkg("validTo")})
UNIT_STATE = dkg("UnitState")
# what gaps.rq, answers.rq and parents-not-loaded.rq read inside a GRAPH pattern (in one graph, not
# the union); every other fact they read in the union of graphs (the names of the registry's and
# rosters' graphs too, which are not followed)
READ_IN_ONE_GRAPH = frozenset({
    IMPOSES, YEAR, ADDRESSEE, PASSED_BY, IMPLEMENTS, DERIVED, dkg("obligationKind"),
    dkg("evidenceLine"), dkg("evidenceText"), dkg("file"), dkg("deadline"), dkg("hasSourceDocument"),
    eli("number"), eli("title"), eli("date_document")})


@dataclass(frozen=True)
class Affected:
    obliging: frozenset[str]  # IRIs of the instruments whose rows and answers are recomputed
    parents: frozenset[str]  # IRIs of the unloaded parents recomputed (every year)
    parent_years: frozenset[int]  # the years their rows may be in now


def affected(store: Store, changed: Iterable[ox.Quad], *, had_rows: Callable[[str], bool],
             owed_by: Callable[[set[str]], set[str]], was_parent: Callable[[str], bool]
             ) -> Affected | None:
    """The rows a change can alter; None when it cannot be told (membership or unit states).
    ``had_rows(iri)``: the index held rows or answers of that instrument; ``owed_by(units)``: the
    instruments with a row owed by one of them, in the index; ``was_parent(iri)``: the index
    listed it as an unloaded parent."""
    changed = set(changed)
    subjects: set[ox.NamedNode] = set()  # nodes whose own facts changed
    objects: set[ox.NamedNode] = set()  # nodes something else now points to, or no longer does
    for q in changed:
        if q.predicate in UNFOLLOWED:
            return None
        if q.predicate == LABEL and any(store.quads_for(q.subject, TYPE, UNIT_STATE)):
            return None  # a unit state's name of the day
        if _restated(store, q, changed):
            continue
        if isinstance(q.subject, ox.NamedNode):
            subjects.add(q.subject)
        if isinstance(q.object, ox.NamedNode):
            objects.add(q.object)
    # A node that only appears as an object (the issuer a new plan names, the parent it answers)
    # did not change itself: only its own rows can (its answers, its children), not those of its
    # neighbours. A node whose own facts changed may change its neighbours' rows.
    candidates = subjects | objects
    parents = subjects | objects
    units = {t.value for t in subjects}
    for t in subjects:
        candidates |= _subjects(store, IMPOSES, t)  # t an obligation
        for via in (ADDRESSEE, DERIVED):  # t an addressee class, or a source document
            for obligation in _subjects(store, via, t):
                candidates |= _subjects(store, IMPOSES, obligation)
        candidates |= _answered(store, t)
        parents |= _objects(store, t, IMPLEMENTS)  # t a child: its parents
        for issued in _subjects(store, PASSED_BY, t):  # t a body that issues (or an office)
            candidates.add(issued)
            candidates |= _answered(store, issued)
            parents.add(issued)
        units |= {o.value for o in _objects(store, t, SUB_ORG)}  # t an office of a committee
    obliging = {c.value for c in candidates
                if any(store.quads_for(c, IMPOSES, None)) or had_rows(c.value)}
    years: set[int] = set()
    kept: set[str] = set()
    for p in parents:
        children = _subjects(store, IMPLEMENTS, p)
        if children or was_parent(p.value):
            kept.add(p.value)
            for child in children:
                years |= _years(store, child)
    return Affected(frozenset(obliging | owed_by(units)), frozenset(kept), frozenset(years))


def _restated(store: Store, q: ox.Quad, changed: set[ox.Quad]) -> bool:
    """Whether ``q`` changes nothing the queries read: a fact they read only in the union of
    graphs (a body's name, kind, province or parent, restated by every document that names it),
    which another graph states too and did not change (so the union held it before and holds it
    now). Facts the queries read inside one graph (:data:`READ_IN_ONE_GRAPH`) always count."""
    if q.predicate in READ_IN_ONE_GRAPH:
        return False
    return any(other.graph_name != q.graph_name and other not in changed
               for other in store.quads_for(q.subject, q.predicate, q.object))


def years_imposed(store: Store, iri: str) -> set[int]:
    """The years an instrument imposes obligations in: its year in the graph that holds them."""
    node = ox.NamedNode(iri)
    graphs = {q.graph_name for q in store.quads_for(node, IMPOSES, None)}
    return {int(q.object.value) for g in graphs for q in store.quads_for(node, YEAR, None, g)
            if q.object.value.isdigit()}


def _answered(store: Store, node: ox.NamedNode) -> set[ox.NamedNode]:
    return {o for link in ANSWER_LINKS for o in _objects(store, node, link)}


def _subjects(store: Store, predicate: ox.NamedNode, obj: ox.NamedNode) -> set[ox.NamedNode]:
    return {q.subject for q in store.quads_for(None, predicate, obj) if isinstance(q.subject, ox.NamedNode)}


def _objects(store: Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> set[ox.NamedNode]:
    return {q.object for q in store.quads_for(subject, predicate, None) if isinstance(q.object, ox.NamedNode)}


def _years(store: Store, node: ox.NamedNode) -> set[int]:
    return {int(q.object.value) for q in store.quads_for(node, YEAR, None)
            if isinstance(q.object, ox.Literal) and q.object.value.isdigit()}
