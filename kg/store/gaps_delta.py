"""Which rows of the gaps index a change to the store can alter (kg/store/gaps_index.py follows a
write session with it instead of rebuilding).

The index's rows are keyed by their obliging instrument: gaps.rq's rows of an instrument, and its
answers (queries/answers.rq), depend only on quads one join away from the nodes its evaluation
binds. So, from the quads a session added or removed (kg/store/changes.py), the instruments whose
rows may differ are those among the changed quads' subjects and objects, or next to a subject
(a node whose own facts changed), looked up in the store as it is now and in the index as it was:

- a touched node that imposes obligations (now, or had rows in the index: a removed document);
- the instrument imposing a touched obligation, or an obligation with a touched addressee class
  or source document (a corrected deadline, a class that names other kinds);
- an instrument a touched node answers (``?r ?link ?obliging``: a plan or report added,
  removed, re-dated, re-typed), including the derived links of the cross-document rule;
- the instruments a touched body issued, and those their instruments answer (an issuer's name,
  an office that answers for its People's Committee);
- every instrument with a row owed by a touched body, or by the committee a touched office
  belongs to (a unit's name, province, successor).

Before a removal the removed quads themselves are in the change, so the instruments they named
are touched. A changed quad that restates a fact the queries read only in the union of graphs
(a committee's name in every document that names it), which an unchanged graph states too,
changes nothing and is left out: else a commune's new plan would recompute every instrument the
commune ever issued. Whose members a class has is decided by rosters and the registry's unit states: a
change there is not followed (the session is unbounded and the index rebuilt), and a document
that states membership or unit-state facts (predicates :data:`UNFOLLOWED`) makes this function
return None for the same reason.

The unloaded parents (queries/parents-not-loaded.rq, rows keyed by year and parent instrument)
that may change are those of the touched nodes, of the parents a touched document implements and
of the instruments a touched body issued (its name is the parent's issuer), among those that have
a child now or had a row; their years are their children's."""

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
