"""The property-graph projection (kg/neo4j/model.py) of the sample corpus, without Neo4j.
Expected values checked by hand against samples/corpus, `kg stats` and the unit registry."""

from collections import Counter
from datetime import date

import pyoxigraph as ox
import pytest

from directive_kg.kg.graph.vocab import REGISTRY_GRAPH
from directive_kg.kg.neo4j.changes import graph_digests, neighbourhood
from directive_kg.kg.neo4j.model import MODEL_VERSION, project, value
from directive_kg.kg.store.load import load_file
from tests.conftest import SEEDS, docs_store

ID = "https://w3id.org/directive-kg/id/"


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    return docs_store(tmp_path_factory.mktemp("m") / "kg", SEEDS.values())


@pytest.fixture(scope="module")
def proj(docs):
    return project(docs.quads())


@pytest.fixture(scope="module")
def registry_store(tmp_path_factory, new_store):
    return new_store(tmp_path_factory.mktemp("r") / "kg")


def by_number(proj, number):
    [node] = [n for n in proj.nodes.values() if n.props.get("number") == number]
    return node


def test_node_counts_per_main_label(proj):
    counts = Counter(lab for n in proj.nodes.values() for lab in n.labels)
    # the same numbers as `kg stats` for the classes that become nodes (documents and catalog;
    # the People's Committees of local units are plain Body here: the registry graph types them).
    # Issue 13's reading: TP Bắc Kạn's "Tham mưu xây dựng báo cáo của UBND thành phố … để báo cáo
    # Ban Thường vụ Thành ủy và Ban Dân vận Thành ủy, Ban Chỉ đạo …" is the city's own report, and
    # the Hướng Hóa centre's "Thực hiện tốt chế độ báo cáo định kỳ" names no one: two obligations
    # fewer than before, and the three Party bodies (and their Thành ủy) they reported to.
    assert {k: counts[k] for k in ("Resource", "Instrument", "Plan", "Body", "Office", "Task",
                                   "Obligation", "AddresseeClass", "SourceDocument",
                                   "Person")} == {
        "Resource": 174, "Instrument": 64, "Plan": 14, "Body": 29, "Office": 1, "Task": 38,
        "Obligation": 19, "AddresseeClass": 16, "SourceDocument": 4, "Person": 4}
    assert "CitationLink" not in counts  # citation records become relationships


def test_relationship_counts(proj):
    assert Counter(r.type for r in proj.rels.values()) == {
        "FROM_SOURCE": 61, "ISSUED_BY": 60, "CITES": 56, "HAS_TASK": 38, "ADDRESSED_TO": 27,
        "OBLIGES": 19, "IMPLEMENTS": 16, "UNITS_OF": 16, "PART_OF": 11, "BASED_ON": 6,
        "REPORT_TO": 3, "SIGNED_BY": 4}


def test_instrument_properties_are_typed(proj):
    plan = by_number(proj, "80/KH-UBND")
    assert plan.labels == ("Resource", "Instrument", "Plan")
    p = plan.props
    assert (p["date"], p["year"], p["kind"], p["name"]) == (date(2023, 1, 17), 2023, "Plan",
                                                           "80/KH-UBND")
    # the issuer is its registry unit, Tỉnh Quảng Bình (legacy:44)
    assert p["iri"] == ID + "instrument/ubnd-province-quang-binh-legacy-44/kh/2023/80"
    assert p["key"] == "UBND@province:quang binh:legacy-44|KH|80|2023"


def test_multi_valued_properties_stay_lists(proj):
    # 33/CT-TTg's subject is written four ways by the catalog and the citing plans: none is lost
    assert len(by_number(proj, "33/CT-TTg").props["subjects"]) == 4
    ubnd = proj.nodes[ID + "body/ubnd/legacy-44"]  # Ủy ban nhân dân tỉnh Quảng Bình
    assert ubnd.props["aliases"] == ["UBND tỉnh", "Ủy ban Nhân dân tỉnh", "Ủy ban nhân dân tỉnh"]
    # shared nodes list every graph that states them: the catalog and the four documents
    # (each names 33/CT-TTg, `grep -c` finds it in all four)
    assert len(by_number(proj, "33/CT-TTg").props["graphs"]) == 5


def test_registry_unit_and_its_committees(registry_store):
    unit, ubnd, party = (ID + "unit/legacy-902", ID + "body/ubnd/legacy-902",
                         ID + "body/party/legacy-902")
    part = project(neighbourhood(registry_store, [unit, ubnd, party]))
    assert part.nodes[unit].labels == ("Resource", "AdminUnit")
    assert {k: v for k, v in part.nodes[unit].props.items() if k != "graphs"} == {
        "iri": unit, "name": "Huyện Kiên Lương", "code": "legacy:902", "level": "district",
        "validTo": date(2025, 6, 30)}
    assert part.nodes[ubnd].labels == ("Resource", "Body", "PeopleCommittee")
    assert (part.nodes[ubnd].props["name"], part.nodes[ubnd].props["unitClass"]) == (
        "Ủy ban nhân dân huyện Kiên Lương", "district_people_committees")
    assert part.nodes[party].props["name"] == "Huyện ủy Kiên Lương"

    def names(rtype, **end):
        [(k, v)] = end.items()
        return sorted(part.nodes[r.start if k == "end" else r.end].props["name"]
                      for r in part.rels.values() if r.type == rtype and getattr(r, k) == v)

    assert names("GOVERNS", end=unit) == ["Huyện ủy Kiên Lương", "Ủy ban nhân dân huyện Kiên Lương"]
    assert names("PART_OF", start=unit) == ["Tỉnh Kiên Giang"]
    assert names("PART_OF", start=ubnd) == ["Ủy ban nhân dân tỉnh Kiên Giang"]
    assert len(names("PART_OF", end=ubnd)) == 8  # 7 communes and the town Kiên Lương
    # after the 2025 reform its territory went to five communes and wards of the new An Giang
    assert names("SUCCESSOR", start=unit) == ["Phường Tô Châu", "Tỉnh An Giang", "Xã Hòa Điền",
                                              "Xã Hòn Nghệ", "Xã Kiên Lương", "Xã Sơn Hải"]


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


def test_digest_per_graph_changes_only_with_its_graph(tmp_path, registry_store):
    store = docs_store(tmp_path / "kg", [SEEDS["000"], SEEDS["003"]])
    before = graph_digests(store)
    assert len(before) == 3  # two documents and the catalog
    assert all(d.startswith(MODEL_VERSION + ":m:") for d in before.values())  # from markers
    load_file(store, str(SEEDS["004"]))
    after = graph_digests(store)
    assert {g: d for g, d in after.items() if g in before} == before
    assert len(after) == 4
    # the registry's digest comes from its version marker: no scan of its 340k quads
    assert graph_digests(registry_store)[REGISTRY_GRAPH.value].startswith(MODEL_VERSION + ":m:")
    # a graph without markers (written by hand) is hashed whole
    g = ox.NamedNode(ID + "graph/hand")
    x = ox.NamedNode(ID + "x")
    store.replace_graph(g, [ox.Quad(x, ox.NamedNode(ID + "p"), ox.Literal("1"), g)])
    first = graph_digests(store)[g.value]
    store.replace_graph(g, [ox.Quad(x, ox.NamedNode(ID + "p"), ox.Literal("2"), g)])
    assert first.startswith(MODEL_VERSION + ":c:") and graph_digests(store)[g.value] != first


def test_neighbourhood_projects_like_the_whole_store(proj, docs):
    around = [by_number(proj, "33/CT-TTg").iri, ID + "body/ubnd/legacy-44"]
    part = project(neighbourhood(docs, around))
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


def test_a_snapshot_read_by_a_second_process_projects_the_same(docs, proj, tmp_path):
    """A full push reads a read snapshot through a child process's N-Quads dump
    (kg/neo4j/read.py): the same nodes and relationships, property for property, as reading the
    store in this process; the writer's own database is read in process."""
    from directive_kg.kg.neo4j.read import _dumped, all_quads
    from directive_kg.kg.store.store import Store

    reader = Store.open(docs.root)
    try:
        assert not reader.writable
        quads = list(_dumped(str(reader.path)))
        named = [q for q in reader.quads() if not isinstance(q.graph_name, ox.DefaultGraph)]
        assert sorted(map(str, quads)) == sorted(map(str, named))  # the merged default graph left out
        piped = project(iter(quads))
        assert len(piped.nodes) == 174 and len(piped.rels) == 317
        assert piped.nodes == proj.nodes and piped.rels == proj.rels
        assert project(all_quads(reader)).rels == proj.rels
    finally:
        reader.close()
    # the writer's database: read in process (Store.quads), not through a child's dump
    assert getattr(all_quads(docs), "__name__", "") != _dumped.__name__


def test_the_dump_names_each_quad_s_graph_even_after_a_literal_that_looks_like_an_end(tmp_path):
    from directive_kg.kg.neo4j.read import _dumped

    s, p, g = ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/g")
    db = ox.Store(str(tmp_path / "db"))
    tricky = ox.Literal("một câu .\nhai câu . \" .", language="vi")
    db.extend([ox.Quad(s, p, tricky, g), ox.Quad(ox.BlankNode("b1"), p, s, g),
               ox.Quad(s, p, ox.Literal("merged"), ox.DefaultGraph())])
    db.flush()
    del db
    quads = list(_dumped(str(tmp_path / "db")))
    assert len(quads) == 2 and {q.graph_name for q in quads} == {g}
    assert ox.Quad(s, p, tricky, g) in quads


def test_a_failed_read_of_the_snapshot_is_an_error_not_a_smaller_push(tmp_path):
    from directive_kg.errors import StoreError
    from directive_kg.kg.neo4j.read import _dumped

    with pytest.raises(StoreError, match="reading the store .* failed"):
        list(_dumped(str(tmp_path / "no-such-database")))
