"""What a write session changed, for a projection that can follow a change instead of being
rebuilt (the gaps index, kg/store/gaps_index.py).

The store (kg/store/store.py) tells a :class:`Changes` each named graph it is about to write, and
the first time a graph is named in the session its content is kept. At the end of the session the
difference between that content and the graph's content now, graph by graph, is exactly what
changed: a quad outside it is in the store before and after. Intermediate states do not matter.

Only the graphs whose changes a projection knows how to follow are kept this way: documents'
graphs, the derived graph of the cross-document rules, corrections files' graphs. A write to any
other graph (the unit registry, the catalog, the ontology, a roster) or a write whose graphs are
not known (a SPARQL update, the bulk loader) makes the session *unbounded*, and so does a session
touching more than :data:`MAX_GRAPHS` graphs (its old content would not fit in memory, and a full
rebuild is cheaper then anyway): the projection is then rebuilt whole.

``base`` is the store's generation before the session's first write: a projection stamped with
it saw the store exactly as the kept contents say, so following the difference brings it to now.
A process that dies takes its record with it; the store's generation has moved on, the
projection's stamp no longer matches any record, and the next writer rebuilds it whole."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from directive_kg.kg.graph.vocab import CORRECTIONS_PREFIX, DERIVED_GRAPH, ID

MAX_GRAPHS = 1000
DOCUMENT_GRAPHS = ID + "graph/doc/"


def followed(graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    """Whether changes to ``graph`` can be followed (else the session is unbounded)."""
    return isinstance(graph, ox.NamedNode) and (
        graph == DERIVED_GRAPH or graph.value.startswith((DOCUMENT_GRAPHS, CORRECTIONS_PREFIX)))


@dataclass
class Changes:
    base: str  # the store's generation before the session's first write
    before: dict[ox.NamedNode, frozenset[ox.Quad]] = field(default_factory=dict)
    unbounded: str | None = None  # why the session's changes cannot be followed

    def touch(self, graph: ox.NamedNode | ox.DefaultGraph | None,
              content: Callable[[], Iterable[ox.Quad]]) -> None:
        """``graph`` is about to be written (None: graphs not known); ``content`` reads it now."""
        if self.unbounded is not None or graph in self.before:
            return
        if graph is None or not followed(graph):
            self.give_up("a write outside documents' graphs" if graph is not None
                         else "a write to graphs not known in advance")
        elif len(self.before) >= MAX_GRAPHS:
            self.give_up(f"more than {MAX_GRAPHS} graphs written")
        else:
            self.before[graph] = frozenset(content())

    def give_up(self, why: str) -> None:
        self.unbounded = why
        self.before = {}

    def difference(self, content: Callable[[ox.NamedNode], Iterable[ox.Quad]]) -> set[ox.Quad]:
        """The quads added or removed since ``base`` (``content`` reads a graph now)."""
        out: set[ox.Quad] = set()
        for graph, before in self.before.items():
            out |= before.symmetric_difference(content(graph))
        return out
