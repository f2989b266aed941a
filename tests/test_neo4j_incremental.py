"""`kg neo4j push` against a real Neo4j (scripts/neo4j-local): idempotent, incremental (a changed,
removed or half-pushed document leaves Neo4j equal to a fresh push), `kg cypher`, and the
one-line errors. These stores hold the documents and the catalog but not the unit registry
(42k nodes: pushed once, in test_neo4j_parity.py), so every push here takes a second or two."""

import json
import shutil
import socket
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner

from directive_kg.errors import Neo4jError, QueryError
from directive_kg.kg.cli.main import main
from directive_kg.kg.neo4j.push import push, wipe
from directive_kg.kg.neo4j.query import cypher_param, plain, run_cypher
from directive_kg.kg.store.load import load_file, remove_paths
from tests.conftest import SEEDS, docs_store

pytestmark = pytest.mark.neo4j


def dump(settings) -> tuple[list, list]:
    """Every node and relationship of the projection (and the push state), sorted."""
    _c, nodes = run_cypher(settings, "MATCH (n) WHERE n:Resource OR n:PushState OR n:PushMeta "
                                     "RETURN labels(n) AS labels, properties(n) AS props")
    _c, rels = run_cypher(settings, "MATCH (a)-[r]->(b) RETURN a.iri AS a, type(r) AS t, "
                                    "b.iri AS b, properties(r) AS props")
    key = lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False)  # noqa: E731
    for n in nodes:
        n["labels"] = sorted(n["labels"])
    return sorted(nodes, key=key), sorted(rels, key=key)


@pytest.fixture(scope="module", autouse=True)
def empty_projection(neo4j_settings):
    wipe(neo4j_settings)  # whatever an earlier run left (the registry, say)


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    return docs_store(tmp_path_factory.mktemp("neo") / "kg", SEEDS.values())


def test_push_twice_leaves_the_same_graph(seeds_store, neo4j_settings):
    first = push(seeds_store, neo4j_settings, wipe_first=True)
    assert first.full and len(first.graphs_changed) == 5  # four documents and the catalog
    # the projection checked in test_neo4j_model.py: 64 instruments, 33 bodies, 38 tasks,
    # 21 obligations, 16 classes, 4 source documents, 4 persons; 329 relationships
    assert (first.total_nodes, first.total_rels) == (180, 329)
    before = dump(neo4j_settings)
    second = push(seeds_store, neo4j_settings)
    assert not second.full and second.graphs_changed == [] and second.graphs_unchanged == 5
    assert (second.nodes_written, second.rels_written) == (0, 0)
    assert second.summary().startswith("up to date: 5 graph(s) unchanged; Neo4j holds 180 nodes, "
                                       "329 relationships")
    assert dump(neo4j_settings) == before


def test_changed_and_removed_files_leave_neo4j_equal_to_a_fresh_push(tmp_path, neo4j_settings):
    folder = tmp_path / "docs"
    folder.mkdir()
    for f in SEEDS.values():
        shutil.copy(f, folder / f.name)
    store = docs_store(tmp_path / "kg", sorted(folder.iterdir()))
    push(store, neo4j_settings, wipe_first=True)

    # 004 stops citing 33/CT-TTg (a node shared with three other documents and the catalog)
    # and moves a report deadline
    changed = folder / SEEDS["004"].name
    text = changed.read_text(encoding="utf-8")
    cut = ("Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp tục tăng cường và "
           "đổi mới công tác dân vận trong các cơ quan hành chính nhà nước, chính quyền các cấp "
           "trong tình hình mới; ")
    assert cut in text and "trước ngày 15/11/2024" in text
    changed.write_text(text.replace(cut, "").replace("trước ngày 15/11/2024", "trước ngày 10/11/2024"),
                       encoding="utf-8")
    assert load_file(store, str(changed)) == "replaced"
    report = push(store, neo4j_settings)
    assert not report.full and len(report.graphs_changed) == 1 and report.graphs_removed == []
    assert report.nodes_written < 100  # only what 004 touches, not all 180 nodes
    incremental = dump(neo4j_settings)
    push(store, neo4j_settings, wipe_first=True)
    assert incremental == dump(neo4j_settings)
    _c, rows = run_cypher(neo4j_settings, "MATCH (i:Instrument {number: '33/CT-TTg'}) "
                                          "RETURN size(i.graphs) AS graphs, size(i.subjects) AS subjects")
    assert rows == [{"graphs": 4, "subjects": 3}]
    _c, rows = run_cypher(neo4j_settings, "MATCH (o:Obligation) WHERE o.deadline < date('2024-11-15') "
                                          "RETURN o.deadline AS d")
    assert rows == [{"d": "2024-11-10"}]

    # removing 001 (Hướng Hóa) takes away what only it stated, such as its signer
    assert remove_paths(store, [str(folder / SEEDS["001"].name)])
    report = push(store, neo4j_settings)
    assert len(report.graphs_removed) == 1 and not report.graphs_changed
    incremental = dump(neo4j_settings)
    push(store, neo4j_settings, wipe_first=True)
    assert incremental == dump(neo4j_settings)
    _c, rows = run_cypher(neo4j_settings, "MATCH (p:Person {name: $name}) RETURN p",
                          {"name": "Nguyễn Công Sang"})
    assert rows == []


def test_an_interrupted_push_is_finished_by_the_next_one(tmp_path, neo4j_settings):
    store = docs_store(tmp_path / "kg", [SEEDS["000"], SEEDS["003"]])
    push(store, neo4j_settings, wipe_first=True)
    load_file(store, str(SEEDS["004"]))

    def stop(done, total):
        if done > 50:  # some relationships deleted, nothing written yet
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        push(store, neo4j_settings, batch_size=50, progress=stop)
    report = push(store, neo4j_settings)
    assert report.full  # the pending flag left by the interrupted push
    resumed = dump(neo4j_settings)
    push(store, neo4j_settings, wipe_first=True)
    assert resumed == dump(neo4j_settings)


def test_kg_cypher_file_params_and_read_only(seeds_store, neo4j_settings, tmp_path):
    push(seeds_store, neo4j_settings)  # whatever the tests before left, brought in line
    runner = CliRunner()
    # --param year=2024 is an integer and a date is a Neo4j DATE: both match typed properties
    r = runner.invoke(main, ["cypher", "MATCH (p:Plan {year: $year})-[:FROM_SOURCE]->() "
                             "MATCH (p)-[:OBLIGES]->(o:Obligation) WHERE o.deadline <= $d "
                             "RETURN o.kind AS kind, o.deadline AS deadline ORDER BY deadline",
                             "--param", "year=2024", "--param", "d=2024-11-30", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["\ufeffkind,deadline", "report,2024-11-15", "report,2024-11-20"]
    f = tmp_path / "q.cypher"
    f.write_text("MATCH (i:Instrument) WHERE i.number = $n RETURN i.date AS d, i.inCatalog AS c",
                 encoding="utf-8")
    r = runner.invoke(main, ["cypher", str(f), "--param", "n=33/CT-TTg", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == [{"d": "2021-11-26", "c": True}]
    r = runner.invoke(main, ["cypher", "CREATE (n:Resource {iri: 'x'})"])
    assert r.exit_code == 2 and r.output.strip().endswith("kg cypher is read-only "
                                                          "(the projection is rebuilt from RDF "
                                                          "by kg neo4j push)")
    with pytest.raises(QueryError, match=r"no parameter \$nope"):
        run_cypher(neo4j_settings, "RETURN 1", {"nope": 1})
    with pytest.raises(QueryError, match="Cypher error"):
        run_cypher(neo4j_settings, "MATCH (n RETURN n")


def test_param_reading():
    assert cypher_param("year=2024") == ("year", 2024)
    assert cypher_param("d=2024-11-15") == ("d", date(2024, 11, 15))
    assert cypher_param("i=<https://w3id.org/x>") == ("i", "https://w3id.org/x")
    assert cypher_param("number=33/CT-TTg") == ("number", "33/CT-TTg")
    assert plain([date(2024, 1, 2), {"a": None}]) == ["2024-01-02", {"a": None}]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_errors_are_one_line(neo4j_settings, seeds_store, monkeypatch):
    wrong = replace(neo4j_settings, password="not-the-password")
    with pytest.raises(Neo4jError, match=r"refused user 'neo4j': wrong user or password"):
        run_cypher(wrong, "RETURN 1")
    run_cypher(neo4j_settings, "RETURN 1")  # a good login resets the server's failure count
    port = _free_port()
    with pytest.raises(Neo4jError, match=rf"cannot reach Neo4j at bolt://127.0.0.1:{port} "
                                         r"\(connection refused\)"):
        run_cypher(replace(neo4j_settings, uri=f"bolt://127.0.0.1:{port}"), "RETURN 1")
    with pytest.raises(Neo4jError, match=r"has no database 'nope'"):
        run_cypher(replace(neo4j_settings, database="nope"), "RETURN 1")

    runner = CliRunner()
    cases = [
        ({"NEO4J_PASSWORD": "not-the-password"}, ["cypher", "RETURN 1"], "wrong user or password"),
        ({}, ["cypher", "RETURN 1", "--uri", f"bolt://127.0.0.1:{port}"], "cannot reach Neo4j"),
        ({}, ["neo4j", "push", "--database", "nope"], "has no database 'nope'"),
        ({}, ["cypher", "RETURN 1", "--uri", "http://localhost:7474"], "unsupported Neo4j URI"),
    ]
    monkeypatch.setenv("KG_STORE", str(seeds_store.path.parent))
    for env, args, expected in cases:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        r = runner.invoke(main, args)
        monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password or "")
        lines = r.output.strip().splitlines()
        assert r.exit_code == 5 and len(lines) == 1 and expected in lines[0], (args, r.output)  # connection
        assert lines[0].startswith("error: ") and "Traceback" not in r.output
        assert neo4j_settings.password not in r.output
        run_cypher(neo4j_settings, "RETURN 1")
