"""The CLI over the graph: one line per problem, non-zero exits, no tracebacks."""

import json

import pytest
from click.testing import CliRunner

from directive_kg.kg.cli.main import main
from tests.conftest import CORPUS, SEEDS


@pytest.fixture()
def runner(tmp_path, monkeypatch, new_store):
    new_store(tmp_path / "store", open_store=False)  # reference data already in place (saves ~2 s per test)
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    return CliRunner()


def test_load_chain_query_export_validate(runner, tmp_path):
    r = runner.invoke(main, ["load", str(CORPUS)])
    assert r.exit_code == 0, r.output
    assert r.output.strip().endswith("loaded 4, replaced 0, unchanged 0, failed 0")
    r = runner.invoke(main, ["chain", "39/KH-UBND"])
    assert r.exit_code == 1 and "ambiguous" in r.output
    r = runner.invoke(main, ["chain", "39/KH-UBND", "--issuer", "Kiên Giang", "--up"])
    assert r.exit_code == 0 and "Ủy ban nhân dân tỉnh Kiên Giang" in r.output
    r = runner.invoke(main, ["chain", "59/NĐ-CP", "--up"])  # alias of 59/2023/NĐ-CP
    assert r.exit_code == 0 and r.output.startswith("59/2023/NĐ-CP · 2023-08-14 · Chính phủ")
    r = runner.invoke(main, ["query", "chain-up", "--param", "number=80/KH-UBND", "--format", "json"])
    assert [x["ancestor_number"] for x in json.loads(r.output)] == ["25-NQ/TW", "33/CT-TTg"]
    r = runner.invoke(main, ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s a dkg:SourceDocument }",
                             "--format", "csv"])
    assert r.output.splitlines()[1] == "4"
    r = runner.invoke(main, ["sparql", "DELETE WHERE { ?s ?p ?o }"])
    assert r.exit_code == 2 and "pass --update" in r.output
    r = runner.invoke(main, ["validate"])
    assert r.exit_code == 0 and r.output.startswith("valid")
    out = tmp_path / "g.trig"
    r = runner.invoke(main, ["export", "--format", "trig", "-o", str(out)])
    assert r.exit_code == 0 and out.stat().st_size > 10_000
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(out, format="trig")
    assert len([g for g in ds.graphs() if "/graph/doc/" in str(g.identifier)]) == 4
    r = runner.invoke(main, ["stats", "--format", "json"])
    counts = {x["class"]: x["count"] for x in json.loads(r.output)}
    assert counts["SourceDocument"] == 4 and counts["Plan"] >= 4


def test_validate_reports_a_broken_graph(runner):
    runner.invoke(main, ["load", str(SEEDS["003"])])
    r = runner.invoke(main, ["sparql", "--update", """INSERT DATA { GRAPH <urn:broken> {
        <urn:x> a dkg:Instrument ; eli:number "1/KH-UBND", "2/KH-UBND" ; dkg:identityKey "k" .
        <urn:a> eli:ensures_implementation_of <urn:b> . <urn:b> eli:ensures_implementation_of <urn:a> .
        <urn:a> a dkg:Instrument ; dkg:identityKey "a" . <urn:b> a dkg:Instrument ; dkg:identityKey "b" .
        <urn:l1> a dkg:CitationLink ; dkg:citingInstrument <urn:a> ; dkg:citedInstrument <urn:b> ;
          dkg:role dkg:RoleImplements ; dkg:inferred false ; dkg:evidenceLine 1 ; dkg:evidenceText "t" .
        <urn:l2> a dkg:CitationLink ; dkg:citingInstrument <urn:b> ; dkg:citedInstrument <urn:a> ;
          dkg:role dkg:RoleImplements ; dkg:inferred false ; dkg:evidenceLine 1 ; dkg:evidenceText "t" .
        } }"""])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["validate"])
    assert r.exit_code == 1
    assert "more than one number" in r.output
    assert "cycle:" in r.output


def test_errors_are_one_line(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(tmp_path / "nowhere"))
    r = runner.invoke(main, ["chain", "33/CT-TTg"])
    assert r.exit_code == 6 and r.output.startswith("error: no store at")  # store error, in the table
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    r = runner.invoke(main, ["load", str(bad), str(SEEDS["000"])])
    assert r.exit_code == 1
    assert "bad.txt: binary file, not text" in r.output and "loaded 1," in r.output
    assert "Traceback" not in r.output
    r = runner.invoke(main, ["sparql", "SELEC nonsense"])
    assert r.exit_code == 2 and "SPARQL syntax error" in r.output
