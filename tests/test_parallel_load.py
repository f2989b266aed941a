"""Parsing in worker processes and the bulk path for new graphs write exactly what the plain,
one-transaction-per-batch load writes; a graph left without its marker by a killed bulk load is
replaced by the next load."""

import pyoxigraph as ox

from directive_kg.kg.graph.vocab import GENERATED_AT, dkg
from directive_kg.kg.store import load as api
from directive_kg.kg.store import parallel
from directive_kg.kg.store.load import load_paths
from tests.conftest import CORPUS, ROOT

FILES = [str(CORPUS), str(ROOT / "tests" / "fixtures" / "kien_luong_2024.txt")]


def _content(store) -> set[tuple[str, str, str, str]]:
    """The documents' graphs (and the derived one), not the shipped reference data."""
    out = set()
    for g in store.named_graphs():
        if "/graph/doc/" in g.value or "/graph/derived" in g.value:
            out |= {(str(q.subject), str(q.predicate), str(q.object), g.value)
                    for q in store._s.quads_for_pattern(None, None, None, g)
                    if q.predicate != GENERATED_AT}
    return out


def test_workers_and_bulk_write_the_same_graph(tmp_path, new_store, monkeypatch):
    plain = new_store(tmp_path / "plain")
    report = load_paths(plain, FILES, workers=1)
    assert len(report.loaded) == 5 and report.ok
    monkeypatch.setattr(parallel, "MIN_FILES_FOR_POOL", 1)  # a pool even for five files
    monkeypatch.setattr(api, "BULK_MIN_FILES", 1)  # and the bulk loader
    fast = new_store(tmp_path / "fast")
    report = load_paths(fast, FILES, workers=2)
    assert len(report.loaded) == 5 and report.ok
    assert _content(fast) == _content(plain)
    again = load_paths(fast, FILES, workers=2)
    assert len(again.unchanged) == 5 and not again.loaded


def test_graph_without_marker_is_loaded_again(tmp_path, new_store, monkeypatch):
    store = new_store(tmp_path / "kg")
    load_paths(store, FILES, workers=1)
    before = _content(store)
    # What a load killed between the bulk write and the markers leaves: content, no sha256.
    victim = next(iter(store.quads_for(None, dkg("sha256"), None, None)))  # in its named graph
    store._s.remove(victim)
    store._s.remove(next(iter(store._s.quads_for_pattern(None, dkg("parserVersion"), None,
                                                          victim.graph_name))))
    report = load_paths(store, FILES, workers=1)
    assert len(report.loaded) == 1 and len(report.unchanged) == 4
    assert _content(store) == before
    assert isinstance(victim.graph_name, ox.NamedNode)
