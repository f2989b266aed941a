"""The property-graph projection (kg/neo4j_model.py) of the sample corpus, without Neo4j.
Expected values checked by hand against samples/corpus and `kg stats`."""

from collections import Counter
from datetime import date

import pyoxigraph as ox
import pytest

from directive_kg.kg.api import load_paths
from directive_kg.kg.neo4j_changes import graph_digests, neighbourhood
from directive_kg.kg.neo4j_model import MODEL_VERSION, project, value
from directive_kg.kg.store import Store
from tests.conftest import CORPUS, SEEDS

ID = "https://w3id.org/directive-kg/id/"


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("m") / "kg", write=True)
    load_paths(store, [str(CORPUS)])
    return project(store.quads())


def by_number(proj, number):
    [node] = [n for n in proj.nodes.values() if n.props.get("number") == number]
    return node


def test_node_counts_per_main_label(proj):
    counts = Counter(lab for n in proj.nodes.values() for lab in n.labels)
    # the same numbers as `kg stats` for the classes that become nodes
    assert {k: counts[k] for k in ("Resource", "Instrument", "Plan", "Body", "PeopleCommittee",
                                   "Task", "Obligation", "AddresseeClass", "SourceDocument",
                                   "Person")} == {
        "Resource": 179, "Instrument": 64, "Plan": 14, "Body": 32, "PeopleCommittee": 5,
        "Task": 38, "Obligation": 21, "AddresseeClass": 16, "SourceDocument": 4, "Person": 4}
    assert "CitationLink" not in counts  # citation records become relationships


def test_relationship_counts(proj):
    assert Counter(r.type for r in proj.rels.values()) == {
        "FROM_SOURCE": 63, "ISSUED_BY": 60, "CITES": 56, "HAS_TASK": 38, "ADDRESSED_TO": 29,
        "OBLIGES": 21, "IMPLEMENTS": 16, "UNITS_OF": 16, "PART_OF": 14, "BASED_ON": 6,
        "REPORT_TO": 6, "SIGNED_BY": 4}


def test_instrument_properties_are_typed(proj):
    plan = by_number(proj, "80/KH-UBND")
    assert plan.labels == ("Resource", "Instrument", "Plan")
    p = plan.props
    assert (p["date"], p["year"], p["kind"], p["name"]) == (date(2023, 1, 17), 2023, "Plan",
                                                           "80/KH-UBND")
    assert p["iri"] == ID + "instrument/ubnd-province-quang-binh/kh/2023/80"
    assert p["key"] == "UBND@province:quang binh|KH|80|2023"


def test_multi_valued_properties_stay_lists(proj):
    # 33/CT-TTg's subject is written four ways by the catalog and the citing plans: none is lost
    assert len(by_number(proj, "33/CT-TTg").props["subjects"]) == 4
    ubnd = proj.nodes[ID + "body/uy-ban-nhan-dan-tinh-quang-binh"]
    assert ubnd.props["aliases"] == ["UBND tỉnh", "Ủy ban Nhân dân tỉnh", "Ủy ban nhân dân tỉnh"]
    assert ubnd.labels == ("Resource", "Body", "PeopleCommittee")
    # shared nodes list every graph that states them: the catalog and the four documents
    # (each names 33/CT-TTg, `grep -c` finds it in all four)
    assert len(by_number(proj, "33/CT-TTg").props["graphs"]) == 5


def test_inferred_implements_carries_rule_and_evidence(proj):
    plan = by_number(proj, "80/KH-UBND").iri
    directive = by_number(proj, "33/CT-TTg").iri
    [rel] = [r for r in proj.rels.values() if (r.start, r.end) == (plan, directive)]
    assert rel.type == "IMPLEMENTS"
    assert rel.props["inferred"] is True and rel.props["rule"] == "parent-beside-basis"
    assert rel.props["evidence_line"] == 8
    assert rel.props["evidence_text"] == "Thực hiện công tác dân vận chính quyền năm 2023"
    assert rel.props["file"] == str(SEEDS["000"].resolve())


def test_obligation_with_deadline_and_evidence(proj):
    [obl] = [n for n in proj.nodes.values() if n.props.get("deadline") == date(2024, 11, 15)]
    assert obl.labels == ("Resource", "Obligation")
    assert (obl.props["kind"], obl.props["section"], obl.props["evidence_line"]) == (
        "report", "III.2.c", 78)
    assert obl.props["evidence_text"].startswith("c) Báo cáo kết quả thực hiện phong trào")
    assert obl.props["file"] == str(SEEDS["004"].resolve())
    [instrument] = [r.start for r in proj.rels.values() if r.type == "OBLIGES" and r.end == obl.iri]
    assert proj.nodes[instrument].props["title"] == "Thực hiện phong trào “Dân vận khéo” năm 2024"


def test_signer_is_a_person(proj):
    signers = {proj.nodes[r.end].props["name"] for r in proj.rels.values() if r.type == "SIGNED_BY"}
    assert "Nguyễn Thị Huệ" in signers and len(signers) == 4


def test_digest_per_graph_changes_only_with_its_graph(tmp_path):
    store = Store.open(tmp_path / "kg", write=True)
    load_paths(store, [str(SEEDS["000"]), str(SEEDS["003"])])
    before = graph_digests(store)
    assert len(before) == 3  # two documents and the catalog
    assert all(d.startswith(MODEL_VERSION + ":m:") for d in before.values())  # from markers
    load_paths(store, [str(SEEDS["004"])])
    after = graph_digests(store)
    assert {g: d for g, d in after.items() if g in before} == before
    assert len(after) == 4
    # a graph without markers (written by hand) is hashed whole
    g = ox.NamedNode(ID + "graph/hand")
    x = ox.NamedNode(ID + "x")
    store.replace_graph(g, [ox.Quad(x, ox.NamedNode(ID + "p"), ox.Literal("1"), g)])
    first = graph_digests(store)[g.value]
    store.replace_graph(g, [ox.Quad(x, ox.NamedNode(ID + "p"), ox.Literal("2"), g)])
    assert first.startswith(MODEL_VERSION + ":c:") and graph_digests(store)[g.value] != first


def test_neighbourhood_projects_like_the_whole_store(proj, tmp_path):
    store = Store.open(tmp_path / "kg", write=True)
    load_paths(store, [str(CORPUS)])
    around = [by_number(proj, "33/CT-TTg").iri, ID + "body/uy-ban-nhan-dan-tinh-quang-binh"]
    part = project(neighbourhood(store, around))
    for iri in around:
        assert part.nodes[iri] == proj.nodes[iri]
    touching = {k: r for k, r in proj.rels.items() if r.start in around or r.end in around}
    # 33/CT-TTg: cited by 001 and 004, based on by 000, implemented by 003 and (inferred) by
    # 80/KH-UBND, implements 25-NQ/TW, issued by TTg; UBND tỉnh Quảng Bình: issuer of three
    # instruments, parent of its Văn phòng
    assert len(touching) == 11
    assert {k: r for k, r in part.rels.items() if r.start in around or r.end in around} == touching


def test_literal_values():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert value(ox.Literal("2024", datatype=ox.NamedNode(xsd + "integer"))) == 2024
    assert value(ox.Literal("2024-11-15", datatype=ox.NamedNode(xsd + "date"))) == date(2024, 11, 15)
    assert value(ox.Literal("false", datatype=ox.NamedNode(xsd + "boolean"))) is False
    assert value(ox.Literal("15/11/2024", datatype=ox.NamedNode(xsd + "date"))) == "15/11/2024"
    assert value(ox.NamedNode(ID + "x")) == ID + "x"
