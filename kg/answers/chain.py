"""The implementation chain around one instrument, as a tree (up to the central resolution,
down to every unit plan)."""

from __future__ import annotations

from dataclasses import dataclass, field

from directive_kg.errors import QueryError
from directive_kg.kg.store.store import Store
from directive_kg.loaders.citations import find_numbers
from directive_kg.loaders.text import clean, fold

_NODE = """SELECT ?n ?number ?date ?year ?issuer ?title ?symbol WHERE {
  OPTIONAL { ?n eli:number ?number } OPTIONAL { ?n eli:date_document ?date }
  OPTIONAL { ?n dkg:year ?year } OPTIONAL { ?n eli:passed_by/skos:prefLabel ?issuer }
  OPTIONAL { ?n eli:title ?title } OPTIONAL { ?n dkg:symbol ?symbol } } LIMIT 1"""
_UP = """SELECT ?other ?inferred ?rule WHERE {
  ?link dkg:citingInstrument ?n ; dkg:citedInstrument ?other ; dkg:role dkg:RoleImplements ;
        dkg:inferred ?inferred . OPTIONAL { ?link dkg:rule ?rule } }"""
_DOWN = """SELECT ?other ?inferred ?rule WHERE {
  ?link dkg:citedInstrument ?n ; dkg:citingInstrument ?other ; dkg:role dkg:RoleImplements ;
        dkg:inferred ?inferred . OPTIONAL { ?link dkg:rule ?rule } }"""


@dataclass
class ChainNode:
    iri: str
    number: str | None
    date: str | None
    year: int | None
    issuer: str | None
    title: str | None
    symbol: str | None
    inferred: bool = False
    rule: str | None = None
    children: list[ChainNode] = field(default_factory=list)

    @property
    def label(self) -> str:
        name = self.number or (f"(draft) {self.symbol}" if self.symbol else "(unnumbered)")
        when = self.date or (str(self.year) if self.year else "")
        return " · ".join(x for x in (name, when, self.issuer or "") if x)


def canonical_number(text: str) -> str:
    found = find_numbers(clean(text))
    return found[0].number if found else text.strip()


def find_instruments(store: Store, number: str, issuer: str | None = None,
                     year: int | None = None) -> list[ChainNode]:
    rows = store.query("SELECT DISTINCT ?n WHERE { { ?n eli:number ?number } UNION "
                       "{ ?n a dkg:Instrument ; dkg:alias ?number } }",
                       {"number": canonical_number(number)})
    nodes = [_node(store, r["n"]) for r in rows]
    if issuer:
        nodes = [n for n in nodes if n.issuer and fold(issuer) in fold(n.issuer)]
    if year:
        nodes = [n for n in nodes if n.year == year]
    return nodes


def _node(store: Store, iri: str) -> ChainNode:
    from pyoxigraph import NamedNode

    r = store.query(_NODE, {"n": NamedNode(iri)})[0]
    return ChainNode(iri, r["number"], r["date"], r["year"], r["issuer"], r["title"], r["symbol"])


def build_tree(store: Store, start: str, direction: str, max_depth: int = 12) -> ChainNode:
    from pyoxigraph import NamedNode

    if direction not in ("up", "down"):
        raise QueryError("direction must be 'up' or 'down'")
    root = _node(store, start)
    seen = {start}

    def grow(node: ChainNode, depth: int) -> None:
        if depth >= max_depth:
            return
        rows = store.query(_UP if direction == "up" else _DOWN, {"n": NamedNode(node.iri)})
        best: dict[str, dict] = {}
        for r in rows:  # a stated link wins over an inferred one
            if r["other"] not in best or best[r["other"]]["inferred"]:
                best[r["other"]] = r
        for other, r in sorted(best.items()):
            if other in seen:
                continue
            seen.add(other)
            child = _node(store, other)
            child.inferred, child.rule = r["inferred"], r["rule"]
            node.children.append(child)
            grow(child, depth + 1)
        node.children.sort(key=lambda c: (c.issuer or "", c.number or ""))

    grow(root, 0)
    return root
