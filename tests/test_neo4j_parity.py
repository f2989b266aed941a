"""Every named query gives the same rows on Oxigraph (SPARQL) and Neo4j (Cypher), on the sample
corpus with the catalog, the unit registry and the example roster pushed to a real Neo4j (one
full push). Four small documents join the corpus so that gaps has answers to find: the Kiên
Lương plan of tests/fixtures (it cites the Kiên Giang draft by number: the derived graph), a
numbered copy of the TP Bắc Kạn plan (150/KH-UBND), a ward's plan carrying it out on time and
a commune's report sent late."""

import json
import re
import shutil
from collections import Counter
from datetime import date

import pytest
from click.testing import CliRunner

from directive_kg import queries
from directive_kg.kg.answers.units import load_roster
from directive_kg.kg.cli.main import main
from directive_kg.kg.graph.vocab import dkg
from directive_kg.kg.neo4j.push import push
from directive_kg.kg.neo4j.query import run_cypher
from directive_kg.kg.store.load import load_paths, remove_paths
from tests.conftest import CORPUS, ROOT, SEEDS

pytestmark = pytest.mark.neo4j

# Parameters each named query is run with (every query must appear here).
QUERY_PARAMS = {
    "chain-up": [{"number": "80/KH-UBND"}, {"number": "33/CT-TTg"}, {"number": "39/KH-UBND"}],
    "chain-up-stated": [{"number": "80/KH-UBND"}, {"number": "33/CT-TTg"}],
    "chain-down": [{"number": "33/CT-TTg"}, {"number": "25-NQ/TW"}],
    "implementers": [{"number": "33/CT-TTg"}, {"number": "39/KH-UBND"}],
    "cited-not-loaded": [{}],
    "plans-of-year": [{"year": 2024}, {"year": 2025}, {"year": 2023}],
    "parents-not-loaded": [{"year": 2023}, {"year": 2024}, {"year": 2025}],
    "answers": [{}],
    "gaps": [{"year": 2024, "asOf": date(2024, 3, 10)}, {"year": 2024, "asOf": date(2024, 12, 1)},
             {"year": 2024}, {"year": 2023}, {"year": 2025, "asOf": date(2025, 6, 1)}],
}
PLAN_OF_A_WARD = """ỦY BAN NHÂN DÂN PHƯỜNG SÔNG CẦU

Số: 21/KH-UBND

Sông Cầu, ngày 20 tháng 3 năm 2024

**KẾ HOẠCH**
**Thực hiện phong trào “Dân vận khéo” năm 2024**

Thực hiện Kế hoạch số 150/KH-UBND ngày 05/3/2024 của UBND thành phố Bắc Kạn về thực hiện phong \
trào “Dân vận khéo” năm 2024, UBND phường Sông Cầu ban hành kế hoạch thực hiện như sau:

**I. MỤC ĐÍCH, YÊU CẦU**

Triển khai thực hiện có hiệu quả phong trào “Dân vận khéo” trên địa bàn phường.

**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**

**Nguyễn Văn A**
"""
REPORT_OF_A_COMMUNE = """ỦY BAN NHÂN DÂN XÃ NÔNG THƯỢNG

Số: 35/BC-UBND

Nông Thượng, ngày 25 tháng 11 năm 2024

**BÁO CÁO**
**Kết quả thực hiện phong trào “Dân vận khéo” năm 2024**

Thực hiện Kế hoạch số 150/KH-UBND ngày 05/3/2024 của UBND thành phố Bắc Kạn về thực hiện phong \
trào “Dân vận khéo” năm 2024, UBND xã Nông Thượng báo cáo kết quả thực hiện như sau:

**I. KẾT QUẢ THỰC HIỆN**

Đã triển khai phong trào “Dân vận khéo” đến các thôn.

**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**

**Trần Văn B**
"""
LIST_COLUMNS = {"implements"}  # GROUP_CONCAT: the order inside is not defined in SPARQL


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory, new_store):
    tmp = tmp_path_factory.mktemp("parity")
    extra = tmp / "extra"
    extra.mkdir()
    plan = SEEDS["004"].read_text(encoding="utf-8")
    assert "Số: /KH-UBND" in plan and "ngày tháng 3 năm 2024" in plan
    (extra / "kh150.txt").write_text(plan.replace("Số: /KH-UBND", "Số: 150/KH-UBND").replace(
        "ngày tháng 3 năm 2024", "ngày 05 tháng 3 năm 2024"), encoding="utf-8")
    shutil.copy(ROOT / "tests" / "fixtures" / "kien_luong_2024.txt", extra)
    # issue 20: a 2024 and a 2025 Hải Phòng plan ("UBND các huyện": huyện only, names of the day)
    # and a 2024 Thủy Nguyên plan whose communes merged on 1 January 2025
    for name in ("hai_phong_2024.txt", "hai_phong_2025.txt", "thuy_nguyen_2024.txt"):
        shutil.copy(ROOT / "tests" / "fixtures" / "registry20" / name, extra)
    (extra / "song-cau.txt").write_text(PLAN_OF_A_WARD, encoding="utf-8")
    (extra / "nong-thuong.txt").write_text(REPORT_OF_A_COMMUNE,
                                           encoding="utf-8")
    store = new_store(tmp / "kg")
    assert load_paths(store, [str(CORPUS), str(extra)]).ok
    load_roster(store, str(ROOT / "samples" / "roster.csv"))
    return store


@pytest.fixture(scope="module")
def pushed(corpus_store, neo4j_settings):
    report = push(corpus_store, neo4j_settings, wipe_first=True)
    return neo4j_settings, report


def counts(settings) -> tuple[dict, dict]:
    _c, labels = run_cypher(settings, "MATCH (n:Resource) UNWIND labels(n) AS l "
                                      "RETURN l, count(*) AS n")
    _c, types = run_cypher(settings, "MATCH (:Resource)-[r]->() RETURN type(r) AS t, count(*) AS n")
    return {r["l"]: r["n"] for r in labels}, {r["t"]: r["n"] for r in types}


def rdf_count(store, where: str) -> int:
    return store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT * WHERE {{ {where} }} }}")[0]["n"]


def test_the_full_push_holds_the_store_and_a_second_push_changes_nothing(pushed, corpus_store):
    settings, first = pushed
    kinds = Counter(g.split("/graph/")[1].split("/")[0] for g in first.graphs_changed)
    assert first.full and kinds == {"doc": 11, "catalog": 1, "ontology": 1, "registry": 1,
                                    "roster": 1, "derived": 1}
    labels, types = counts(settings)
    assert (first.total_nodes, first.total_rels) == (labels["Resource"], sum(types.values()))
    # the counts RDF gives, independently of the projection code
    for label in ("AdminUnit", "PeopleCommittee", "PartyCommittee", "Body", "Instrument", "Plan",
                  "Obligation", "AddresseeClass", "Task", "SourceDocument", "UnitState"):
        assert labels[label] == rdf_count(corpus_store, f"?s a dkg:{label}"), label
    # units of both eras in the registry: 14,149 of the package's two tables and the 577 that
    # ended in the 2023-2025 round; one state per People's Committee, and a second for the 534
    # units renamed, re-ranked or moved in the round
    assert labels["AdminUnit"] == 14_149 + 577
    assert labels["UnitState"] == 14_726 + 534
    for rtype, pattern in (("GOVERNS", "?s dkg:governs ?o"), ("SUCCESSOR", "?s dkg:successor ?o"),
                           ("STATE_OF", "?s dkg:stateOf ?o"),
                           ("PART_OF", "{ ?s org:subOrganizationOf ?o } UNION { ?s dkg:partOf ?o }"),
                           ("ISSUED_BY", "?s eli:passed_by ?o"),
                           ("IMPLEMENTS", "?s a dkg:CitationLink ; dkg:role dkg:RoleImplements"),
                           ("CITES", "?s a dkg:CitationLink ; dkg:role dkg:RoleCites")):
        assert types[rtype] == rdf_count(corpus_store, pattern), rtype
    second = push(corpus_store, settings)
    assert second.graphs_changed == [] and second.nodes_written == 0
    assert counts(settings) == (labels, types)


def _order_columns(name: str) -> list[str]:
    m = re.search(r"ORDER BY\s+(.+)", queries.load(name))
    return re.findall(r"\?(\w+)", m.group(1)) if m else []


def _normal(row: dict) -> dict:
    return {k: sorted(v.split(", ")) if k in LIST_COLUMNS and v else v for k, v in row.items()}


def assert_same_rows(settings, store) -> None:
    key = lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False)  # noqa: E731
    for name, param_sets in QUERY_PARAMS.items():
        got_rows = False
        for params in param_sets:
            where = f"{name} {params}"
            sparql = [_normal(r) for r in store.query(queries.load(name), params)]
            columns, cypher = run_cypher(settings, queries.load(name, ".cypher"), params,
                                         unbound_as_null=True)
            cypher = [_normal(r) for r in cypher]
            if sparql:
                assert columns == list(sparql[0]), where
            assert sorted(cypher, key=key) == sorted(sparql, key=key), where
            order = _order_columns(name)
            assert [[r[c] for c in order] for r in cypher] == \
                [[r[c] for c in order] for r in sparql], where
            got_rows = got_rows or bool(sparql)
        assert got_rows, f"{name}: no rows on the sample corpus, so parity would say nothing"


def test_every_named_query_agrees_on_both_engines(pushed, corpus_store):
    settings, _report = pushed
    assert set(queries.available(".cypher")) == set(queries.available(".rq"))
    assert set(QUERY_PARAMS) == set(queries.available(".rq"))
    for name in QUERY_PARAMS:
        described = queries.describe(name, ".cypher")
        assert described.startswith(name + ":") and "arameters" in described, name
    assert_same_rows(settings, corpus_store)


def test_kg_query_engine_neo4j(pushed, corpus_store, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(corpus_store.path.parent))
    runner = CliRunner()
    out = {}
    for engine in ("oxigraph", "neo4j"):
        r = runner.invoke(main, ["query", "chain-up", "--engine", engine, "--param",
                                 "number=80/KH-UBND", "--format", "json"])
        assert r.exit_code == 0, r.output
        out[engine] = json.loads(r.output)
    assert out["neo4j"] == out["oxigraph"]
    assert [x["ancestor_number"] for x in out["neo4j"]] == ["25-NQ/TW", "33/CT-TTg"]
    r = runner.invoke(main, ["query", "--engine", "neo4j"])
    assert "plans-of-year: plans-of-year: plans (Kế hoạch)" in r.output


def test_gaps_on_neo4j(pushed):
    settings, _report = pushed
    _c, rows = run_cypher(settings, queries.load("gaps", ".cypher"),
                          {"year": 2024, "asOf": date(2024, 12, 1)}, unbound_as_null=True)
    plans = {(r["area"], r["unit"]) for r in rows if r["kind"] == "plan" and r["expanded"]
             and r["required_by"] == "(draft, no number)" and r["unit"].startswith("Ủy ban")}
    # the 15 district-level units of Kiên Giang and the 8 communes and wards of TP Bắc Kạn
    assert sorted(Counter(area for area, _u in plans).items()) == [("Tỉnh Bắc Kạn", 8),
                                                                   ("Tỉnh Kiên Giang", 15)]
    done = {(r["unit"], r["kind"], r["status"], r["response_date"]) for r in rows
            if r["status"].startswith("done")}
    assert done == {("Ủy ban nhân dân huyện Kiên Lương", "plan", "done_on_time", "2024-03-20"),
                    ("Ủy ban nhân dân phường Sông Cầu", "plan", "done_on_time", "2024-03-20"),
                    ("Ủy ban nhân dân xã Nông Thượng", "report", "done_late", "2024-11-25"),
                    ("Ủy ban nhân dân huyện Thủy Nguyên", "plan", "done_on_time", "2024-04-10")}
    # "UBND các huyện" of Hải Phòng on 15 March 2024: the eight huyện, under their 2024 names
    hai_phong = {(r["unit"], r["kinds"]) for r in rows if r["required_by"] == "58/KH-UBND"
                 and r["kind"] == "plan" and r["unit"].startswith("Ủy ban")}
    assert hai_phong == {(f"Ủy ban nhân dân huyện {n}", "huyện") for n in (
        "Thủy Nguyên", "An Dương", "An Lão", "Kiến Thụy", "Tiên Lãng", "Vĩnh Bảo", "Cát Hải",
        "Bạch Long Vĩ")}
    lai_xuan = {r["unit_now"] for r in rows if r["unit"] == "Ủy ban nhân dân xã Lại Xuân"}
    assert lai_xuan == {"Ủy ban nhân dân phường Lưu Kiếm, Thành phố Hải Phòng"}
    # the roster's departments expand "Các sở, ban, ngành" of the Kiên Giang plan
    assert {"Sở Tư pháp tỉnh Kiên Giang", "Sở Y tế tỉnh Kiên Giang"} <= {
        r["unit"] for r in rows if r["kind"] == "plan" and r["expanded"]}


def test_incremental_pushes_keep_the_engines_in_step(pushed, corpus_store):
    """Last in this module: it changes the store. Removing the Kiên Lương plan also rebuilds the
    derived graph (its draft-matches-citation link): two graphs change, the registry does not."""
    settings, _report = pushed
    kien_luong = [g for g in corpus_store.named_graphs() if "/graph/doc/" in g.value
                  and "kien_luong_2024.txt" in (corpus_store.graph_value(g, dkg("file")) or "")]
    [path] = [corpus_store.graph_value(g, dkg("file")) for g in kien_luong]
    assert remove_paths(corpus_store, [path]) == [path]
    report = push(corpus_store, settings)
    kinds = Counter(g.split("/graph/")[1].split("/")[0]
                    for g in report.graphs_changed + report.graphs_removed)
    assert not report.full and kinds == {"doc": 1, "derived": 1}
    assert report.nodes_written < 500  # the registry's 42k nodes are left alone
    assert_same_rows(settings, corpus_store)
    assert load_paths(corpus_store, [path]).loaded == [path]
    report = push(corpus_store, settings)
    assert not report.full and len(report.graphs_changed) == 2
    assert_same_rows(settings, corpus_store)
    labels, types = counts(settings)
    for label in ("Body", "Instrument", "Obligation", "SourceDocument"):
        assert labels[label] == rdf_count(corpus_store, f"?s a dkg:{label}"), label
    assert types["IMPLEMENTS"] == rdf_count(
        corpus_store, "?s a dkg:CitationLink ; dkg:role dkg:RoleImplements")
