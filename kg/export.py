"""Serialisations of the store."""

from __future__ import annotations

import pyoxigraph as ox

from .store import Store

_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
            "nt": ox.RdfFormat.N_TRIPLES}


def export_bytes(store: Store, fmt: str) -> bytes:
    if fmt == "jsonld":
        return to_rdflib(store).serialize(format="json-ld", indent=1).encode("utf-8")
    return store.dump(_FORMATS[fmt])


def to_rdflib(store: Store):
    """The whole dataset as an rdflib Dataset (for pyshacl, JSON-LD and networkx)."""
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(data=store.dump(ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return ds


def union_graph(store: Store):
    import rdflib

    g = rdflib.Graph()
    g.parse(data=store.dump(ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return g
