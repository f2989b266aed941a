"""networkx projection of the instrument links, for path and cycle questions."""

from __future__ import annotations

import networkx as nx

from .store import Store

_EDGES = """SELECT ?a ?b ?role ?inferred WHERE {
  ?l a dkg:CitationLink ; dkg:citingInstrument ?a ; dkg:citedInstrument ?b ; dkg:role ?r ;
     dkg:inferred ?inferred .
  BIND(REPLACE(STR(?r), "^.*Role", "") AS ?role) }"""
_NODES = """SELECT ?n ?number ?year WHERE { ?n a dkg:Instrument .
  OPTIONAL { ?n eli:number ?number } OPTIONAL { ?n dkg:year ?year } }"""


def instrument_graph(store: Store, roles: tuple[str, ...] = ("Implements",),
                     include_inferred: bool = True) -> nx.DiGraph:
    """Edges point from an instrument to what it carries out (child → parent)."""
    g = nx.DiGraph()
    for r in store.query(_NODES):
        g.add_node(r["n"], number=r["number"], year=r["year"])
    for r in store.query(_EDGES):
        if r["role"] in roles and (include_inferred or not r["inferred"]):
            g.add_edge(r["a"], r["b"], role=r["role"], inferred=r["inferred"])
    return g


def implementation_cycles(store: Store) -> list[list[str]]:
    return [c for c in nx.simple_cycles(instrument_graph(store))]
