"""Where a body named by a person is found: `kg gaps --under`, `kg viz --under`, `kg units list
--under` and `kg chain --issuer` all call :func:`find_body`, so a name means the same body in every
command. (Bodies named *in documents* are resolved by the parser and kg/graph/jurisdiction.py.)

The steps, first that answers wins:

1. an IRI (``<https://…>`` or ``https://…``) is that body;
2. by place: a People's Committee or Party committee ("UBND tỉnh Kiên Giang", "Huyện ủy Kiên
   Lương") is its unit's node in the unit registry, the unit found as on the day asked about;
3. by name: a body whose name or alias is the text (or its canonical form: "UBND" → "Ủy ban nhân
   dân"), compared without case or tone-mark differences;
4. by part of a name: the bodies whose name or alias contains the text.

Several bodies at step 3 or 4 make the match ambiguous: its candidates are kept, so that a command
can list them (or, for a filter such as `--issuer`, keep all of them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pyoxigraph import Literal, NamedNode

from directive_kg.errors import NotFoundError, UsageError
from directive_kg.kg.graph.jurisdiction import Jurisdiction, body_node
from directive_kg.kg.store.store import Store
from directive_kg.loaders.bodies import resolve_body
from directive_kg.loaders.text import fold
from directive_kg.reference.registry import load_registry

IRI, PLACE, NAME, PART, AMBIGUOUS, NONE = "iri", "place", "name", "part", "ambiguous", "none"
_WHY = {IRI: "given as an IRI", PLACE: "by place, in the unit registry", NAME: "by name",
        PART: "by part of its name"}
_SHOWN = 8  # candidates named in a message


@dataclass(frozen=True)
class BodyMatch:
    """What a name given by a person found: the body (or the candidates) and why."""

    text: str  # as the person wrote it
    iris: tuple[str, ...]  # one body, or the candidates when ambiguous; none when not found
    names: tuple[str, ...]  # their names, in the same order
    why: str  # iri | place | name | part | ambiguous | none

    @property
    def found(self) -> bool:
        return bool(self.iris)

    def one(self, option: str = "BODY") -> str:
        """The one body's IRI; NotFoundError or (ambiguous) UsageError listing the candidates."""
        if not self.iris:
            raise NotFoundError(f"{option}: no body named {self.text!r} in the store or the unit "
                                "registry")
        if self.why == AMBIGUOUS:
            shown = "; ".join(self.names[:_SHOWN]) + (" ..." if len(self.names) > _SHOWN else "")
            raise UsageError(f"{option}: {self.text!r} names {len(self.iris)} bodies ({shown}); "
                             "give more of the name (e.g. with its place) or the body's IRI")
        return self.iris[0]

    def describe(self) -> str:
        """'Ủy ban nhân dân tỉnh Kiên Giang (by place, in the unit registry)'."""
        if self.why in _WHY:
            return f"{self.names[0]} ({_WHY[self.why]})"
        return f"{len(self.iris)} bodies named {self.text!r}" if self.iris else \
            f"no body named {self.text!r}"


def lookup_day(year: int | None) -> date | None:
    """The day a body named for a year's question is looked up on: 1 January of the year (the
    units the year's instruments speak of); without a year, today (None)."""
    return date(year, 1, 1) if year else None


def find_body(store: Store, text: str, on: date | None = None,
              among: Iterable[str] | None = None) -> BodyMatch:
    """The body named ``text`` (see the module's steps), as on ``on`` (default today).

    ``among`` limits the bodies considered to these IRIs (`kg chain --issuer`: the issuers of the
    instruments with that number), with the same steps."""
    text = text.strip()
    if not text:
        raise UsageError("a body's name is empty")
    pool = None if among is None else set(among)
    iri = _as_iri(text)
    if iri is not None:
        names = _names(store, [iri])
        if iri in names and (pool is None or iri in pool):
            return BodyMatch(text, (iri,), (names[iri],), IRI)
        return BodyMatch(text, (), (), NONE)
    body = resolve_body(text)  # "UBND tỉnh X" → "Ủy ban nhân dân tỉnh X"
    node, _unit, in_registry = body_node(body, Jurisdiction(on=on, registry=load_registry()))
    if in_registry and (pool is None or node.value in pool):
        return BodyMatch(text, (node.value,), (_names(store, [node.value]).get(node.value, body.name),),
                         PLACE)
    wanted = {text, body.name}
    labelled = _exact(store, wanted) if pool is None else _labels(store, pool)
    keys = {fold(w) for w in wanted}
    exact = {b for b, label in labelled if fold(label) in keys}
    if not exact:
        if pool is None:
            labelled = _all_labels(store)
        exact = {b for b, label in labelled if fold(label) in keys}
    if exact:
        return _match(store, text, exact, NAME)
    part = {b for b, label in labelled if any(k and k in fold(label) for k in keys)}
    return _match(store, text, part, PART)


def below(store: Store, iris: Iterable[str]) -> set[str]:
    """The bodies at or below these bodies (org:subOrganizationOf*), and the classes of units of
    such bodies ("UBND các huyện" of the province): what `--under` keeps."""
    out: set[str] = set()
    for iri in iris:
        rows = store.query("""SELECT DISTINCT ?x WHERE {
            { ?x org:subOrganizationOf* ?body } UNION { ?x dkg:unitsOf/org:subOrganizationOf* ?body } }""",
                           {"body": NamedNode(iri)})
        out |= {r["x"] for r in rows}
    return out


def _match(store: Store, text: str, iris: set[str], why: str) -> BodyMatch:
    if not iris:
        return BodyMatch(text, (), (), NONE)
    names = _names(store, sorted(iris))
    ordered = sorted(iris, key=lambda b: (names.get(b, ""), b))
    return BodyMatch(text, tuple(ordered), tuple(names.get(b, b) for b in ordered),
                     why if len(ordered) == 1 else AMBIGUOUS)


def _as_iri(text: str) -> str | None:
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif not text.startswith(("http://", "https://")):
        return None
    try:
        NamedNode(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a valid IRI") from None
    return text


def _labels_query(values: str = "") -> str:
    return (f"SELECT DISTINCT ?b ?label WHERE {{ {values} ?b a dkg:Body . "
            "{ ?b skos:prefLabel ?label } UNION { ?b dkg:alias ?label } }")


def _exact(store: Store, names: set[str]) -> list[tuple[str, str]]:
    """Bodies whose name or alias is one of ``names`` as written (an index lookup)."""
    values = " ".join(str(Literal(n)) for n in sorted(names))  # serialised terms, escaped
    return [(r["b"], r["label"]) for r in store.query(_labels_query(f"VALUES ?label {{ {values} }}"))]


def _labels(store: Store, iris: Iterable[str]) -> list[tuple[str, str]]:
    iris = sorted(iris)
    if not iris:
        return []
    values = " ".join(str(NamedNode(i)) for i in iris)
    return [(r["b"], r["label"]) for r in store.query(_labels_query(f"VALUES ?b {{ {values} }}"))]


def _all_labels(store: Store) -> list[tuple[str, str]]:
    """Every body's names (about 28,000 with the registry: a second or two)."""
    return [(r["b"], r["label"]) for r in store.query(_labels_query())]


def _names(store: Store, iris: list[str]) -> dict[str, str]:
    """One name per body: the smallest prefLabel (a body named differently by two sources)."""
    if not iris:
        return {}
    values = " ".join(str(NamedNode(i)) for i in iris)
    rows = store.query(f"SELECT ?b (MIN(?name) AS ?n) WHERE {{ VALUES ?b {{ {values} }} "
                       "?b a dkg:Body ; skos:prefLabel ?name } GROUP BY ?b")
    return {r["b"]: r["n"] for r in rows if r["n"] is not None}
