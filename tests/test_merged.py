"""SPARQL as people write it (issue 15, item 6): the default graph states each fact once (the
merge of the named graphs, kept up to date by every load and removal, the per-document graphs
still there for provenance); instruments and bodies carry the standard ELI and ORG types; the
exports have prefixes and a JSON-LD context."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib

from directive_kg.kg.answers.units import load_roster
from directive_kg.kg.graph.vocab import REGISTRY_GRAPH
from directive_kg.kg.store import merged
from directive_kg.kg.store.export import export_bytes, jsonld_context
from directive_kg.kg.store.load import load_paths, remove_paths
from tests.conftest import CORPUS, ROOT, SEEDS

N33 = 'SELECT ?i WHERE { ?i eli:number "33/CT-TTg" }'


@pytest.fixture(scope="module")
def store(tmp_path_factory, new_store):
    s = new_store(tmp_path_factory.mktemp("merged") / "kg")
    assert load_paths(s, [str(CORPUS)]).ok
    load_roster(s, str(ROOT / "samples" / "roster.csv"))
    return s


def _up_to_blank_nodes(triples: set[ox.Triple]) -> tuple[set[ox.Triple], int]:
    """Triples without blank nodes as they are; those with (the ontology's OWL lists, relabelled
    by a merge) by their number."""
    blank = {t for t in triples if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)}
    return triples - blank, len(blank)


def default_triples(store) -> tuple[set[ox.Triple], int]:
    return _up_to_blank_nodes({ox.Triple(q.subject, q.predicate, q.object)
                               for q in store._s.quads_for_pattern(None, None, None, ox.DefaultGraph())})


def expected_triples(store) -> tuple[set[ox.Triple], int]:
    """The merge of the named graphs, less what the registry graph states (read beside it)."""
    named = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()
             if q.graph_name != REGISTRY_GRAPH}
    return _up_to_blank_nodes({t for t in named if ox.Quad(t.subject, t.predicate, t.object,
                                                          REGISTRY_GRAPH) not in store._s})


def test_a_fact_is_read_once_and_its_provenance_kept(store):
    assert store.merged_current()
    assert store.query(N33) == [{"i": "https://w3id.org/directive-kg/id/instrument/ttg/ct/2021/33"}]
    # five graphs state it: the catalog and the four documents citing it
    graphs = store.query('SELECT ?g WHERE { GRAPH ?g { ?i eli:number "33/CT-TTg" } }')
    assert len(graphs) == 5
    counts = store.query("SELECT (COUNT(?i) AS ?n) (COUNT(DISTINCT ?i) AS ?d) WHERE { ?i a dkg:Instrument }")
    assert counts == [{"n": 64, "d": 64}]  # the union of the graphs counted 78
    assert default_triples(store) == expected_triples(store)


def test_standard_types_are_stated(store):
    def count(q):
        return store.query(f"SELECT (COUNT(?x) AS ?n) WHERE {{ {q} }}")[0]["n"]

    assert count("?x a eli:LegalResource") == count("?x a dkg:Instrument") == 64
    cited_only = store.query('SELECT ?x WHERE { ?x a eli:LegalResource ; eli:number "209-KH/TU" }')
    assert len(cited_only) == 1  # cited by TP Bắc Kạn's plan, its text not loaded
    assert count("?x a org:Organization") == count("?x a dkg:Body")
    assert count("?x a org:FormalOrganization") == count("{ ?x a dkg:PeopleCommittee } UNION "
                                                         "{ ?x a dkg:PartyCommittee }")
    units = store.query('SELECT ?t WHERE { ?x skos:prefLabel "Sở Nội vụ tỉnh Kiên Giang" ; a ?t }')
    assert {r["t"].rsplit("#", 1)[1] for r in units} >= {"Agency", "Organization", "OrganizationalUnit"}
    # what the ontology points to exists: everything under a body by org:subOrganizationOf+
    under = count('?x org:subOrganizationOf+ ?kg . ?kg skos:prefLabel "Ủy ban nhân dân tỉnh Kiên Giang"')
    assert under > 100  # 15 district committees, their communes, the roster's departments
    text = (ROOT / "ontology" / "directive-kg.ttl").read_text(encoding="utf-8")
    assert "query org:transitiveSubOrganizationOf" not in text


def test_loads_and_removals_keep_the_default_graph_equal_to_the_merge(store):
    path = str(SEEDS["003"])
    assert remove_paths(store, [path]) == [path]
    assert default_triples(store) == expected_triples(store)
    assert store.query(N33) != []  # still cited by the others
    assert store.query('ASK { ?p eli:title ?t FILTER(CONTAINS(?t, "Chỉ thị số 33/CT-TTg ngày 26/11/2021")) }'
                       ) == [{"ask": False}]
    report = load_paths(store, [path])
    assert report.loaded == [path] and "merged" in report.seconds
    assert default_triples(store) == expected_triples(store)
    assert store.merged_current() and len(store.query(N33)) == 1
    again = merged.refresh(store)
    assert again == merged.MergeReport(0, 0, False)  # nothing changed: nothing done


def test_writes_outside_a_load_are_read_from_the_graphs_then_merged(store):
    from directive_kg.kg.graph.identity import document_graph

    # an update: until the next refresh the named graphs are read (33/CT-TTg once per graph
    # stating it: five documents and the new graph; not the stale default graph); an update can
    # change a graph and leave its markers, so the merge is then made whole
    store.update('INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> eli:number "33/CT-TTg" } }')
    assert not store.merged_current() and len(store.query(N33)) == 6
    assert merged.refresh(store).whole and store.merged_current()
    assert len(store.query(N33)) == 2
    store.drop_graph(ox.NamedNode("urn:x:g"))  # a graph gone (as kg remove does): by subject
    assert merged.refresh(store) == merged.MergeReport(1, 1, False)
    assert len(store.query(N33)) == 1
    doc = document_graph(str(SEEDS["004"]))
    store.update(f'INSERT DATA {{ GRAPH {doc} {{ <urn:x:b> eli:number "33/CT-TTg" }} }}')
    assert merged.refresh(store).whole and len(store.query(N33)) == 2
    store.update(f'DELETE DATA {{ GRAPH {doc} {{ <urn:x:b> eli:number "33/CT-TTg" }} }}')
    assert merged.refresh(store).whole and len(store.query(N33)) == 1
    assert default_triples(store) == expected_triples(store)


def test_exports_have_prefixes_and_a_context(store):
    ttl = export_bytes(store, "ttl").decode("utf-8")
    assert ttl.startswith("@prefix ") and "@prefix eli: <http://data.europa.eu/eli/ontology#> ." in ttl
    assert export_bytes(store, "trig").decode("utf-8").startswith("@prefix ")
    doc = json.loads(export_bytes(store, "jsonld"))
    assert doc["@context"] == jsonld_context()["@context"]
    text = json.dumps(doc, ensure_ascii=False)
    assert '"number": "33/CT-TTg"' in text and '"implements"' in text  # compacted terms
    ds = rdflib.Dataset()
    ds.parse(data=json.dumps(doc), format="json-ld")
    nq = export_bytes(store, "nq").decode("utf-8")
    assert len(list(ds.quads((None, None, None, None)))) == len([ln for ln in nq.splitlines() if ln.strip()])
    # the default graph is a view: no export repeats it
    assert all(ln.rstrip().endswith("> .") for ln in nq.splitlines() if ln.strip())


def test_an_update_through_kg_sparql_is_read_merged_by_the_next_reader(tmp_path, new_store):
    from directive_kg.kg.answers.sparql import run_sparql
    from directive_kg.kg.store.store import Store

    s = new_store(tmp_path / "kg")
    assert load_paths(s, [str(SEEDS["004"])]).ok
    s.close()
    insert = 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> eli:number "33/CT-TTg" } }'
    assert run_sparql(tmp_path / "kg", insert, allow_update=True).updated
    reader = Store.open(tmp_path / "kg")  # the snapshot the update published
    assert reader.merged_current()  # the writer settled: the merged view came with the snapshot
    assert sorted(r["i"] for r in reader.query(N33)) == [
        "https://w3id.org/directive-kg/id/instrument/ttg/ct/2021/33", "urn:x:a"]
    reader.close()
    drop = "DROP GRAPH <urn:x:g>"
    assert run_sparql(tmp_path / "kg", drop, allow_update=True).updated
    reader = Store.open(tmp_path / "kg")
    assert reader.merged_current() and [r["i"] for r in reader.query(N33)] == [
        "https://w3id.org/directive-kg/id/instrument/ttg/ct/2021/33"]
    reader.close()


def test_the_merged_view_s_own_long_updates_are_not_held_to_the_query_limit(tmp_path, new_store):
    """A country's whole rebuild deletes what the registry states for ~100,000 subjects in VALUES
    blocks far beyond the 100,000 characters a person's query may hold (the national load stopped
    there): the limit guards queries people write, not the view's own updates."""
    from directive_kg.errors import QueryError

    s = new_store(tmp_path / "kg")
    values = " ".join(f"<urn:x:s{i}>" for i in range(12_000))  # 150,000 characters
    update = f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}"
    assert len(update) > 100_000
    s.update(update, merged_view=True)
    with pytest.raises(QueryError, match="more than the limit of 100,000"):
        s.update(update)
    s.close()


def _state(s) -> dict[str, tuple[str, set[str]]]:
    """merged-state.sqlite: each graph's digest and subjects."""
    import sqlite3

    with sqlite3.connect(s.path.parent / merged.STATE_FILE) as db:
        return {g: (d, merged._unpack(subs)) for g, d, subs in db.execute("SELECT * FROM graphs")}


def test_a_bulk_load_writes_the_default_graph_the_whole_rebuild_makes(tmp_path, new_store, monkeypatch):
    """A load of new files in bulk adds their triples to the default graph as it writes them (no
    rebuild that reads the store back): the same triples, and the same state (digests and subjects
    per graph, which later loads follow), as the whole rebuild makes from the named graphs."""
    from directive_kg.kg.store import load as api
    from directive_kg.kg.store import parallel

    monkeypatch.setattr(parallel, "MIN_FILES_FOR_POOL", 1)
    monkeypatch.setattr(api, "BULK_MIN_FILES", 1)
    calls = []
    monkeypatch.setattr(merged, "_rebuild", lambda *a, _r=merged._rebuild: calls.append(1) or _r(*a))
    s = new_store(tmp_path / "kg")
    report = load_paths(s, [str(CORPUS)], workers=2)
    assert report.ok and len(report.loaded) == 4
    assert calls == [1]  # once, before the documents: the reference graphs only
    assert s.merged_current()
    appended, state = default_triples(s), _state(s)
    assert appended == expected_triples(s)
    assert len(appended[0]) > 2000
    assert sum("/graph/doc/" in g for g in state) == 4
    assert len(s.query(N33)) == 1
    (s.path.parent / merged.STATE_FILE).unlink()  # forget it: the next refresh rebuilds whole
    assert merged.refresh(s).whole and len(calls) == 2
    assert default_triples(s) == appended and _state(s) == state
    # a removal afterwards follows the subjects the load noted
    path = str(SEEDS["003"])
    assert remove_paths(s, [path]) == [path]
    assert default_triples(s) == expected_triples(s) and len(calls) == 2


def test_a_bulk_load_stopped_before_it_settles_is_rebuilt_whole(tmp_path, new_store, monkeypatch):
    """Killed after writing triples to the default graph, before the settle: the state says so
    (format pending), readers read the named graphs (the stamp is old), and the next refresh
    rebuilds the default graph whole."""
    from directive_kg.kg.store import load as api

    monkeypatch.setattr(api, "BULK_MIN_FILES", 1)

    class Killed(Exception):
        pass

    def killed(*_a, **_k):
        raise Killed

    monkeypatch.setattr(api, "settle", killed)
    s = new_store(tmp_path / "kg")
    with pytest.raises(Killed):
        load_paths(s, [str(CORPUS)], workers=1)
    monkeypatch.undo()
    assert not s.merged_current()
    assert len(s.query(N33)) == 5  # the catalog and four documents: the graphs, listed
    assert merged.refresh(s).whole
    assert s.merged_current() and len(s.query(N33)) == 1
    assert default_triples(s) == expected_triples(s)


def test_a_graph_s_n_quads_become_its_triples():
    g = ox.NamedNode("urn:x:g")
    quads = [ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("a <urn:x:g> .\nb"), g),
             ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:g"), g)]
    nq = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)

    def read(nt: bytes) -> set[ox.Triple]:
        return {ox.Triple(t.subject, t.predicate, t.object)
                for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)}

    triples = read(merged.as_triples(nq, g))
    assert triples == {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    other = ox.serialize([ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("c"),
                                  ox.NamedNode("urn:x:h"))], format=ox.RdfFormat.N_QUADS)
    assert read(merged.as_triples(nq + other, g)) == \
        triples | {ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("c"))}
