"""`kg validate`: SHACL shapes (pyshacl) plus checks SHACL cannot express (cycles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

from .export import union_graph
from .projection import implementation_cycles
from .store import Store


@dataclass(frozen=True)
class Problem:
    """One violation: a shape's (its focus node, name, message, property path) or a cycle."""

    kind: str  # shape | cycle
    message: str
    focus: str | None = None
    label: str | None = None
    path: str | None = None
    cycle: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.kind == "cycle":
            return "cycle: instruments implement each other in a loop: " + " → ".join(self.cycle)
        where = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        return f"shape: {where}: {self.message}" + (f" [{self.path}]" if self.path else "")


def validate_store(store: Store) -> list[Problem]:
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    shapes.parse(data=resources.files("directive_kg.ontology").joinpath("shapes.ttl")
                 .read_text(encoding="utf-8"), format="turtle")
    ontology = rdflib.Graph()
    ontology.parse(data=resources.files("directive_kg.ontology").joinpath("directive-kg.ttl")
                   .read_text(encoding="utf-8"), format="turtle")
    data = union_graph(store, reference="used")
    # The ontology is passed so that shapes targeting dkg:Instrument also reach dkg:Plan etc.
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                               inference="rdfs")
    problems: list[Problem] = []
    if not conforms:
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        for res in report.subjects(rdflib.RDF.type, sh.ValidationResult):
            focus = report.value(res, sh.focusNode)
            msg = report.value(res, sh.resultMessage)
            path = report.value(res, sh.resultPath)
            label = data.value(focus, rdflib.URIRef("http://data.europa.eu/eli/ontology#number")) \
                or data.value(focus, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
            problems.append(Problem("shape", str(msg), str(focus), str(label) if label else None,
                                    path.n3() if path else None))
    for cycle in implementation_cycles(store):
        problems.append(Problem("cycle", "instruments implement each other in a loop",
                                cycle=list(cycle)))
    return sorted(problems, key=str)
