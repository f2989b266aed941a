"""The knowledge graph on the sample corpus, in a real Oxigraph store on disk."""

import shutil
from pathlib import Path

import pytest

from directive_kg.errors import QueryError, StoreError
from directive_kg.kg.answers.chain import build_tree, find_instruments
from directive_kg.kg.graph.vocab import GENERATED_AT, REGISTRY_GRAPH
from directive_kg.kg.store.load import load_paths, remove_paths
from directive_kg.kg.store.store import Store
from tests.conftest import CORPUS, SEEDS


@pytest.fixture()
def store(tmp_path, new_store):
    s = new_store(tmp_path / "kg")
    report = load_paths(s, [str(CORPUS)])
    assert len(report.loaded) == 4 and report.ok
    return s


def content(store):
    """The dataset without load timestamps and the (unchanging) registry, for comparisons."""
    return sorted(str(q) for g in store.named_graphs() if g != REGISTRY_GRAPH
                  for q in store.quads(graph=g) if q.predicate != GENERATED_AT)


def labels(node):
    out = [node.label]
    for c in node.children:
        out += ["  " + x for x in labels(c)]
    return out


def test_two_instruments_share_the_number_39_kh_ubnd(store):
    found = find_instruments(store, "39/KH-UBND")
    assert sorted((n.issuer, n.date) for n in found) == [
        ("Ủy ban nhân dân huyện Hướng Hóa", "2025-01-20"),
        ("Ủy ban nhân dân tỉnh Kiên Giang", "2022-02-23")]
    assert len(find_instruments(store, "39/KH-UBND", issuer="Hướng Hoá")) == 1
    assert len(find_instruments(store, "39 /KH-UBND", year=2022)) == 1


def test_chain_up_from_quang_binh_office_plan(store):
    [plan] = [r["plan"] for r in store.query(
        "SELECT ?plan WHERE { ?plan a dkg:Plan ; dkg:year 2023 ; dkg:hasSourceDocument ?s }")]
    tree = build_tree(store, plan, "up")
    assert labels(tree) == [
        "(draft) /KH-VPUBND · 2023 · Văn phòng Ủy ban nhân dân tỉnh Quảng Bình",
        "  80/KH-UBND · 2023-01-17 · Ủy ban nhân dân tỉnh Quảng Bình",
        "    33/CT-TTg · 2021-11-26 · Thủ tướng Chính phủ",
        "      25-NQ/TW · 2013-06-03 · Ban Chấp hành Trung ương Đảng"]
    link = tree.children[0].children[0]
    assert link.inferred and link.rule == "parent-beside-basis"
    assert not tree.children[0].inferred


def test_chain_down_from_33_ct_ttg(store):
    [top] = find_instruments(store, "33/CT-TTg")
    tree = build_tree(store, top.iri, "down")
    assert labels(tree) == [
        "33/CT-TTg · 2021-11-26 · Thủ tướng Chính phủ",
        "  (draft) /KH-UBND · 2024 · Ủy ban nhân dân tỉnh Kiên Giang",
        "  80/KH-UBND · 2023-01-17 · Ủy ban nhân dân tỉnh Quảng Bình",
        "    (draft) /KH-VPUBND · 2023 · Văn phòng Ủy ban nhân dân tỉnh Quảng Bình"]


def test_inferred_links_can_be_excluded(store):
    rows = store.query((Path(__file__).parent.parent / "queries" / "chain-up-stated.rq").read_text(),
                       {"number": "80/KH-UBND"})
    assert rows == []
    rows = store.query(
        "SELECT ?e ?rule WHERE { ?l dkg:inferred true ; dkg:evidenceText ?e ; dkg:rule ?rule }")
    assert rows == [{"e": "Thực hiện công tác dân vận chính quyền năm 2023",
                     "rule": "parent-beside-basis"}]


def test_reload_changes_nothing_and_order_does_not_matter(store, tmp_path, new_store):
    before = content(store)
    report = load_paths(store, [str(CORPUS)])
    assert len(report.unchanged) == 4 and content(store) == before
    other = new_store(tmp_path / "reverse")
    for key in sorted(SEEDS, reverse=True):
        load_paths(other, [str(SEEDS[key])])
    assert content(other) == before


def test_editing_one_file_replaces_only_its_graph(tmp_path, new_store):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    s = new_store(tmp_path / "kg")
    load_paths(s, [str(corpus)])
    target = corpus / SEEDS["004"].name
    graphs_before = {g.value: sorted(str(q) for q in s.quads(graph=g) if q.predicate != GENERATED_AT)
                     for g in s.named_graphs() if g != REGISTRY_GRAPH}
    target.write_text(target.read_text().replace("trước ngày 15/11/2024", "trước ngày 25/11/2024"))
    report = load_paths(s, [str(corpus)])
    assert (len(report.replaced), len(report.unchanged)) == (1, 3)
    changed = [g.value for g in s.named_graphs() if g != REGISTRY_GRAPH and graphs_before.get(
        g.value) != sorted(str(q) for q in s.quads(graph=g) if q.predicate != GENERATED_AT)]
    assert len(changed) == 1
    rows = s.query("SELECT ?d WHERE { ?o a dkg:Obligation ; dkg:deadline ?d } ORDER BY ?d")
    assert [r["d"] for r in rows] == ["2024-11-25"]
    assert remove_paths(s, [str(target)]) == [str(target)]
    assert not s.query("SELECT ?o WHERE { ?o dkg:deadline ?d }")


def test_sparql_parameter_is_a_plain_literal(store):
    evil = '80/KH-UBND" } UNION { ?s ?p ?o } #'
    rows = store.query("SELECT ?n WHERE { ?n eli:number ?number }", {"number": evil})
    assert rows == []
    rows = store.query("SELECT ?n WHERE { ?n eli:number ?number }", {"number": "80/KH-UBND"})
    assert len(rows) == 1
    with pytest.raises(QueryError):
        store.query("SELECT ?n WHERE { ?n eli:number ?x }", {"number": "1"})


def test_second_writer_gets_a_clear_message(store):
    with pytest.raises(StoreError, match="being written by another kg process"):
        Store.open(store.path.parent, write=True)
    assert len(Store.open(store.path.parent).query("SELECT ?s WHERE { ?s a dkg:SourceDocument }")) == 4
