"""Tests for the OWL vocabulary (ontology/directive-kg.ttl) and the SHACL shapes (ontology/shapes.ttl)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from directive_kg.loaders.doctypes import DOC_TYPES
from directive_kg.ontology import ONTOLOGY_TTL, README_MD, SHAPES_TTL

DKG = Namespace("https://w3id.org/directive-kg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open namespace: no pytest warnings
ID = "https://w3id.org/directive-kg/id/"
DOCTYPE = Namespace(ID + "doctype/")

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

# ELI terms we are allowed to use, copied from the ELI ontology's term list (guards against typos
# such as "#Commenced_by" that circulate in secondary code).
ELI_TERMS = {
    "LegalResource", "LegalExpression", "AdministrativeArea", "ResourceType", "number",
    "date_document", "title", "passed_by", "ensures_implementation_of", "based_on", "cites",
    "type_document", "id_local",
}

DOCTYPE_NOTATIONS = {
    "NQ": "NQ", "CT": "CT", "KL": "KL", "QD": "QĐ", "QDi": "QĐi", "QC": "QC", "KH": "KH",
    "CTr": "CTr", "DeAn": "ĐA", "HD": "HD", "TB": "TB", "BC": "BC", "CV": "CV", "ND": "NĐ",
    "TT": "TT", "Luat": "LUAT", "TTr": "TTr", "PA": "PA", "DA": "DA",
}

# Local names the mapping code relies on.
CLASSES = """Instrument Resolution Directive Conclusion Decision Regulation Rules Plan Programme
    Scheme Guidance Notice Report OfficialLetter Decree Circular Law Submission ActionOption Project
    Body PeopleCommittee PartyCommittee Agency Office CentralBody AdminUnit Person Task Obligation
    AddresseeClass UnitGroup Membership CitationLink SourceDocument LoadActivity Correction
    UnitState""".split()
OBJECT_PROPERTIES = """inferredImplementationOf citingInstrument citedInstrument role
    hasSourceDocument signedBy hasTask imposes obligationKind addressee reportTo unitsOf governs
    partOf successor documentType unitGroup inGroup member province draftVersion stateOf group
    reportVia""".split()
DATATYPE_PROPERTIES = """symbol year isDraft subject place sectionPath deadline period unitClass
    expandOn provinceName expanded inferred rule evidenceLine evidenceText file sha256 parserVersion encoding
    signingAuthority position level code validFrom validTo alias identityKey
    sourceFormat conversion horizon correctsDocument field target value reason corrected
    correctionsDigest readingWarning readingIncomplete unitKind addressesKind kindsTaken nameToday
    approximate defaultBoundary effective addresseeText reportToText rosterComplete""".split()
SCHEMES = {
    "DocumentTypeScheme": None,
    "ObligationKindScheme": {"BuildPlan": "plan", "ReportObligation": "report",
                             "Monitor": "monitor", "Communicate": "communicate",
                             "Implement": "implement"},
    "CitationRoleScheme": {"RoleImplements": "implements", "RoleBasedOn": "based_on",
                           "RoleCites": "cites"},
    "StatusScheme": {"DoneOnTime": "done_on_time", "DoneLate": "done_late",
                     "NotDueYet": "not_due_yet", "Overdue": "overdue"},
}

MSG_IDENTITY = "Instrument must have exactly one identity key (dkg:identityKey)."
MSG_ROLE = "Citation link must have exactly one role (dkg:role): implements, based_on or cites."
MSG_SHA = "Source document must have one SHA-256 (dkg:sha256) of 64 lowercase hex digits."
SHA = "c4daaa4b408732229c1b9558502ccb61f62c55dac85a617053747369b56e5954"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


def langs(g: Graph, s: URIRef, p: URIRef) -> set[str | None]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def dkg_terms(g: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in g.subjects(RDF.type, t)
            if isinstance(s, URIRef) and s.startswith(str(DKG))}


# --- vocabulary --------------------------------------------------------------------------------


def test_header_states_identity_rules(onto: Graph) -> None:
    header = URIRef("https://w3id.org/directive-kg/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    comment = " ".join(str(c) for c in onto.objects(header, RDFS.comment))
    for needle in ("IDENTITY RULES", "issuer + type + number + year", "39/KH-UBND",
                   "issuer + type + year + title", "Hướng Hoá", "load"):
        assert needle in comment, needle


def test_expected_terms_are_declared(onto: Graph) -> None:
    for name in CLASSES:
        assert (DKG[name], RDF.type, OWL.Class) in onto, name
    for name in OBJECT_PROPERTIES:
        assert (DKG[name], RDF.type, OWL.ObjectProperty) in onto, name
    for name in DATATYPE_PROPERTIES:
        assert (DKG[name], RDF.type, OWL.DatatypeProperty) in onto, name
    assert dkg_terms(onto) == {DKG[n] for n in CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES
                               + ["instrumentClass"]}


def test_every_term_has_vi_and_en_labels_and_a_definition(onto: Graph) -> None:
    terms = dkg_terms(onto)
    # 97 + the unit states and kinds of issue 20 + obligations as written + rosters' memberships
    assert len(terms) == 113
    for term in terms:
        assert {"vi", "en"} <= langs(onto, term, RDFS.label), term
        assert "en" in langs(onto, term, SKOS.definition), term


def test_alignment_with_eli_org_prov(onto: Graph) -> None:
    sub = RDFS.subClassOf
    assert (DKG.Instrument, sub, ELI.LegalResource) in onto
    assert (DKG.Body, sub, ORG.Organization) in onto
    assert (DKG.PeopleCommittee, sub, ORG.FormalOrganization) in onto
    assert (DKG.Agency, sub, ORG.OrganizationalUnit) in onto
    assert (DKG.Person, sub, PROV.Agent) in onto
    assert (DKG.SourceDocument, sub, PROV.Entity) in onto
    assert (DKG.LoadActivity, sub, PROV.Activity) in onto
    assert (DKG.inferredImplementationOf, RDFS.subPropertyOf, ELI.ensures_implementation_of) in onto
    assert (DKG.documentType, RDFS.subPropertyOf, ELI.type_document) in onto
    assert not list(onto.objects(DKG.AdminUnit, sub))  # a plain class, see its comment


def test_eli_iris_are_spelled_as_in_eli(onto: Graph, shapes: Graph) -> None:
    used = {str(t) for g in (onto, shapes) for triple in g for t in triple
            if isinstance(t, URIRef) and t.startswith(str(ELI))}
    assert used, "no ELI terms found"
    assert {u.removeprefix(str(ELI)) for u in used} <= ELI_TERMS


def test_instrument_kinds_are_disjoint_subclasses(onto: Graph) -> None:
    kinds = {s for s in onto.subjects(RDFS.subClassOf, DKG.Instrument)}
    assert len(kinds) == 19
    members = [m for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses)
               for m in onto.items(onto.value(axiom, OWL.members))]
    assert set(members) == kinds and len(members) == 19


def test_doctype_scheme_has_19_concepts_with_notations(onto: Graph) -> None:
    concepts = set(onto.subjects(SKOS.inScheme, DKG.DocumentTypeScheme))
    assert concepts == {DOCTYPE[slug] for slug in DOCTYPE_NOTATIONS}
    for slug, notation in DOCTYPE_NOTATIONS.items():
        c = DOCTYPE[slug]
        assert re.fullmatch(r"[A-Za-z]+", slug)  # IRI-safe slugs, no percent-encoding
        assert [str(n) for n in onto.objects(c, SKOS.notation)] == [notation], slug
        assert {"vi", "en"} <= langs(onto, c, SKOS.prefLabel), slug
        cls = onto.value(c, DKG.instrumentClass)
        assert (cls, RDFS.subClassOf, DKG.Instrument) in onto, slug
        assert onto.value(c, SKOS.prefLabel) is not None
    classes = [onto.value(c, DKG.instrumentClass) for c in concepts]
    assert len(set(classes)) == 19


def test_doctypes_agree_with_the_parser_table(onto: Graph) -> None:
    """loaders/doctypes.py names each type's class (label_en) and code; both must exist here."""
    by_class = {onto.value(c, DKG.instrumentClass): c
                for c in onto.subjects(SKOS.inScheme, DKG.DocumentTypeScheme)}
    for t in DOC_TYPES:
        concept = by_class[DKG[t.label_en]]
        assert str(onto.value(concept, SKOS.notation)) == (t.code or "LUAT"), t
        vi = {str(o) for o in onto.objects(concept, SKOS.prefLabel) if o.language == "vi"}
        assert vi == {t.name}, t


@pytest.mark.parametrize("scheme", [s for s, v in SCHEMES.items() if v])
def test_other_schemes(onto: Graph, scheme: str) -> None:
    expected = SCHEMES[scheme]
    assert (DKG[scheme], RDF.type, SKOS.ConceptScheme) in onto
    assert set(onto.subjects(SKOS.inScheme, DKG[scheme])) == {DKG[n] for n in expected}
    for name, notation in expected.items():
        assert str(onto.value(DKG[name], SKOS.notation)) == notation
        assert {"vi", "en"} <= langs(onto, DKG[name], SKOS.prefLabel), name
        assert "en" in langs(onto, DKG[name], SKOS.definition), name


def test_report_class_and_report_obligation_are_distinct(onto: Graph) -> None:
    assert (DKG.Report, RDF.type, OWL.Class) in onto
    assert (DKG.ReportObligation, RDF.type, SKOS.Concept) in onto
    assert (DKG.ReportObligation, RDF.type, OWL.Class) not in onto


# --- shapes ------------------------------------------------------------------------------------


def test_every_shape_constraint_has_an_english_message(shapes: Graph) -> None:
    owners = set(shapes.subjects(SH.path, None)) | set(shapes.subjects(SH["or"], None))
    owners -= {s for s in owners if isinstance(s, BNode) and (None, SH["not"], s) in shapes}
    owners -= {s for s in owners if isinstance(s, BNode) and _in_list(shapes, s)}
    assert len(owners) >= 25
    for shape in owners:
        assert "en" in langs(shapes, shape, SH.message), shape


def _in_list(g: Graph, node: BNode) -> bool:
    return (None, RDF.first, node) in g


IDS = Namespace(ID)
PLAN = IDS["instrument/ubnd-tinh-kien-giang.KH.2024.draft"]
DIRECTIVE = IDS["instrument/thu-tuong-chinh-phu.CT.33-CT-TTg.2021"]
PC = IDS["body/ubnd-tinh-kien-giang"]
LINK = IDS["citation/ubnd-tinh-kien-giang.KH.2024.draft.L11"]
DOC = IDS["doc/" + SHA]
OBL = IDS["obligation/ubnd-tinh-kien-giang.KH.2024.draft.III.2.plan"]


def valid_graph() -> Graph:
    """One instrument (and the directive it cites), one body, one citation link, one source
    document, one obligation: the Kiên Giang 2024 draft plan implementing 33/CT-TTg."""
    g = Graph()
    vi = "vi"
    g.add((PC, RDF.type, DKG.PeopleCommittee))
    g.add((PC, SKOS.prefLabel, Literal("Ủy ban nhân dân tỉnh Kiên Giang", lang=vi)))
    g.add((PC, DKG.level, Literal("province")))

    g.add((PLAN, RDF.type, DKG.Plan))
    g.add((PLAN, DKG.identityKey,
           Literal("Ủy ban nhân dân tỉnh Kiên Giang|KH|2024|draft|thực hiện chỉ thị 33/ct-ttg")))
    g.add((PLAN, DKG.documentType, DOCTYPE.KH))
    g.add((PLAN, DKG.isDraft, Literal(True)))
    g.add((PLAN, DKG.symbol, Literal("/KH-UBND")))
    g.add((PLAN, DKG.year, Literal(2024)))
    g.add((PLAN, ELI.passed_by, PC))
    g.add((PLAN, DKG.hasSourceDocument, DOC))
    g.add((PLAN, ELI.ensures_implementation_of, DIRECTIVE))
    g.add((PLAN, DKG.imposes, OBL))

    g.add((DIRECTIVE, RDF.type, DKG.Directive))
    g.add((DIRECTIVE, DKG.identityKey, Literal("Thủ tướng Chính phủ|CT|33/CT-TTg|2021")))
    g.add((DIRECTIVE, ELI.number, Literal("33/CT-TTg")))
    g.add((DIRECTIVE, ELI.date_document, Literal("2021-11-26", datatype=XSD.date)))
    g.add((DIRECTIVE, DKG.year, Literal(2021)))

    g.add((LINK, RDF.type, DKG.CitationLink))
    g.add((LINK, DKG.citingInstrument, PLAN))
    g.add((LINK, DKG.citedInstrument, DIRECTIVE))
    g.add((LINK, DKG.role, DKG.RoleImplements))
    g.add((LINK, DKG.inferred, Literal(False)))
    g.add((LINK, DKG.evidenceLine, Literal(11)))
    g.add((LINK, DKG.evidenceText, Literal(
        "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ", lang=vi)))

    g.add((DOC, RDF.type, DKG.SourceDocument))
    g.add((DOC, DKG.file, Literal("samples/corpus/003_8f1432702b8498b4.txt")))
    g.add((DOC, DKG.sha256, Literal(SHA)))

    g.add((OBL, RDF.type, DKG.Obligation))
    g.add((OBL, DKG.obligationKind, DKG.BuildPlan))
    g.add((OBL, DKG.addressee, PC))
    g.add((OBL, DKG.sectionPath, Literal("III.2")))
    g.add((OBL, DKG.evidenceLine, Literal(77)))
    g.add((OBL, DKG.evidenceText, Literal(
        "Ủy ban nhân dân các huyện, thành phố … xây dựng kế hoạch triển khai thực hiện "
        "Chỉ thị số 33/CT-TTg", lang=vi)))
    return g


def validate(data: Graph, shapes: Graph, onto: Graph) -> tuple[bool, Graph]:
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=onto)
    return bool(conforms), report


def messages(report: Graph) -> dict[str, set[URIRef]]:
    """sh:resultMessage → focus nodes."""
    out: dict[str, set[URIRef]] = {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        for m in report.objects(result, SH.resultMessage):
            out.setdefault(str(m), set()).add(focus)
    return out


def test_valid_graph_conforms(shapes: Graph, onto: Graph) -> None:
    conforms, report = validate(valid_graph(), shapes, onto)
    assert conforms, messages(report)


def _drop_identity_key(g: Graph) -> None:
    g.remove((PLAN, DKG.identityKey, None))


def _drop_role(g: Graph) -> None:
    g.remove((LINK, DKG.role, None))


def _bad_sha(g: Graph) -> None:
    g.set((DOC, DKG.sha256, Literal(SHA.upper()[:40])))


@pytest.mark.parametrize(
    ("breakage", "focus", "message"),
    [
        (_drop_identity_key, PLAN, MSG_IDENTITY),
        (_drop_role, LINK, MSG_ROLE),
        (_bad_sha, DOC, MSG_SHA),
    ],
    ids=["missing-identity-key", "citation-without-role", "sha256-wrong-shape"],
)
def test_broken_graph_reports_the_specific_message(
    shapes: Graph, onto: Graph, breakage: Callable[[Graph], None], focus: URIRef, message: str
) -> None:
    data = valid_graph()
    breakage(data)
    conforms, report = validate(data, shapes, onto)
    assert not conforms
    found = messages(report)
    assert found == {message: {focus}}


def test_validation_needs_the_ontology(shapes: Graph) -> None:
    """Without ont_graph, SHACL does not know a dkg:Plan is a dkg:Instrument: class checks fail on
    the valid graph, and a missing identity key goes unnoticed."""
    data = valid_graph()
    _drop_identity_key(data)
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes)
    assert not conforms
    found = messages(report)
    assert MSG_IDENTITY not in found
    assert "Obligation must be imposed by an instrument (dkg:imposes)." in found


def test_more_constraints(shapes: Graph, onto: Graph) -> None:
    data = valid_graph()
    data.remove((PLAN, ELI.passed_by, None))  # loaded, so the issuer is required
    data.set((DIRECTIVE, DKG.year, Literal(1900)))
    data.add((LINK, DKG.inferred, Literal(True)))
    data.remove((LINK, DKG.inferred, Literal(False)))  # inferred without a rule
    data.set((OBL, DKG.deadline, Literal("15/12/2024")))
    data.remove((OBL, DKG.addressee, None))
    data.set((PC, DKG.level, Literal("tỉnh")))
    found = messages(validate(data, shapes, onto)[1])
    assert found == {
        "Loaded instrument (it has dkg:hasSourceDocument) must name its issuer (eli:passed_by).":
            {PLAN},
        "Instrument year (dkg:year) must be one xsd:integer between 1945 and 2100.": {DIRECTIVE},
        "Inferred citation link (dkg:inferred true) must name the rule that produced it "
        "(dkg:rule).": {LINK},
        "Obligation deadline (dkg:deadline) must be a single xsd:date.": {OBL},
        "Obligation must name at least one addressee (dkg:addressee), each a dkg:Body or a "
        "dkg:AddresseeClass.": {OBL},
        "Body level (dkg:level) must be one of central, province, district, commune.": {PC},
    }


def test_readme_examples_conform(shapes: Graph, onto: Graph) -> None:
    blocks = re.findall(r"```turtle\n(.*?)```", README_MD.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5
    data = Graph().parse(data="\n".join(blocks), format="turtle")
    for cls in (DKG.Plan, DKG.CitationLink, DKG.Obligation, DKG.SourceDocument):
        assert any(data.subjects(RDF.type, cls)), cls
    conforms, report = validate(data, shapes, onto)
    assert conforms, messages(report)
