"""Namespaces and the IRIs of the ontology terms used by the mapping."""

from __future__ import annotations

from datetime import date

from pyoxigraph import Literal, NamedNode

DKG = "https://w3id.org/directive-kg/ontology#"
ID = "https://w3id.org/directive-kg/id/"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = {"dkg": DKG, "id": ID, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "rdf": RDF,
            "rdfs": RDFS, "xsd": XSD, "dct": DCT}
CATALOG_GRAPH = NamedNode(ID + "graph/catalog")
REGISTRY_GRAPH = NamedNode(ID + "graph/registry")
ONTOLOGY_GRAPH = NamedNode(ID + "graph/ontology")
DERIVED_GRAPH = NamedNode(ID + "graph/derived")
# Shipped with the install and rebuilt from it: left out of exports and validation data.
REFERENCE_GRAPHS = frozenset({REGISTRY_GRAPH, ONTOLOGY_GRAPH})


def dkg(local: str) -> NamedNode:
    return NamedNode(DKG + local)


def eli(local: str) -> NamedNode:
    return NamedNode(ELI + local)


TYPE = NamedNode(RDF + "type")
LABEL = NamedNode(SKOS + "prefLabel")
SUB_ORG = NamedNode(ORG + "subOrganizationOf")
DERIVED = NamedNode(PROV + "wasDerivedFrom")
GENERATED_AT = NamedNode(PROV + "generatedAtTime")
INFLUENCED_BY = NamedNode(PROV + "wasInfluencedBy")
ATTRIBUTED_TO = NamedNode(PROV + "wasAttributedTo")
CORRECTIONS_PREFIX = ID + "graph/corrections/"


def correction_iri(correction_id: str) -> NamedNode:
    return NamedNode(f"{ID}correction/{correction_id}")

ROLE_PREDICATE = {"implements": eli("ensures_implementation_of"), "based_on": eli("based_on"),
                  "cites": eli("cites")}
ROLE_CONCEPT = {"implements": dkg("RoleImplements"), "based_on": dkg("RoleBasedOn"),
                "cites": dkg("RoleCites")}
KIND_CONCEPT = {"plan": dkg("BuildPlan"), "report": dkg("ReportObligation"),
                "monitor": dkg("Monitor"), "communicate": dkg("Communicate"),
                "implement": dkg("Implement")}


_INT, _DATE, _BOOL = (NamedNode(XSD + t) for t in ("integer", "date", "boolean"))


def lit(value) -> Literal:
    """A Python value as a typed literal (bool before int: bool is an int)."""
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=_BOOL)
    if isinstance(value, int):
        return Literal(str(value), datatype=_INT)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=_DATE)
    return Literal(str(value))
