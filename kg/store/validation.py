"""`kg validate`: SHACL shapes (pyshacl) plus checks SHACL cannot express (cycles)."""

from __future__ import annotations

from importlib import resources

from .export import union_graph
from .projection import implementation_cycles
from .store import Store


def validate_store(store: Store) -> list[str]:
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
    problems: list[str] = []
    if not conforms:
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        for res in report.subjects(rdflib.RDF.type, sh.ValidationResult):
            focus = report.value(res, sh.focusNode)
            msg = report.value(res, sh.resultMessage)
            path = report.value(res, sh.resultPath)
            label = data.value(focus, rdflib.URIRef("http://data.europa.eu/eli/ontology#number")) \
                or data.value(focus, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
            where = f"{label} <{focus}>" if label else f"<{focus}>"
            problems.append(f"shape: {where}: {msg}" + (f" [{path.n3()}]" if path else ""))
    for cycle in implementation_cycles(store):
        problems.append("cycle: instruments implement each other in a loop: " + " → ".join(cycle))
    return sorted(problems)
