from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "samples" / "corpus"
SEEDS = {
    "000": CORPUS / "000_40655633b93e473f.txt",  # Văn phòng UBND tỉnh Quảng Bình, 2023
    "001": CORPUS / "001_4b394bd02e639595.txt",  # Trung tâm VHTT-TDTT huyện Hướng Hóa, 2025
    "003": CORPUS / "003_8f1432702b8498b4.txt",  # UBND tỉnh Kiên Giang, 2024
    "004": CORPUS / "004_d080e58fa20a04c9.txt",  # UBND thành phố Bắc Kạn, 2024
}


@pytest.fixture(scope="session")
def seed_text():
    return {k: p.read_text(encoding="utf-8") for k, p in SEEDS.items()}


@pytest.fixture(scope="session")
def parsed(seed_text):
    from directive_kg.loaders import parse_text

    return {k: parse_text(t, SEEDS[k].name) for k, t in seed_text.items()}


@pytest.fixture(scope="session")
def reference_store(tmp_path_factory):
    """A store holding only the shipped reference data (catalog, unit registry). Loading the
    registry takes ~2 s, so tests copy this folder instead of loading it again."""
    import gc

    from directive_kg.kg.store.load import ensure_reference_data
    from directive_kg.kg.store.store import Store

    folder = tmp_path_factory.mktemp("reference") / "kg"
    s = Store.open(folder, write=True)
    ensure_reference_data(s)
    s.publish()
    del s
    gc.collect()  # releases RocksDB's lock before the folder is copied
    return folder


@pytest.fixture(scope="session")
def new_store(reference_store):
    """``new_store(folder)`` → a writable Store at ``folder`` seeded with the reference data."""
    import shutil

    from directive_kg.kg.store.store import Store

    def make(folder, *, open_store: bool = True):
        shutil.copytree(reference_store, folder)
        # open_store=False: only the folder, for a command that opens it itself (RocksDB allows
        # one writer, and an unreferenced Store is only closed when the collector gets to it).
        return Store.open(folder, write=True) if open_store else None

    return make


def docs_store(path, files):
    """A store with the catalog and the given documents but not the unit registry (340k quads):
    for tests of mechanics that the registry would only slow down."""
    from directive_kg.kg.graph.identity import document_graph
    from directive_kg.kg.graph.mapping import catalog_index, map_catalog
    from directive_kg.kg.graph.vocab import CATALOG_GRAPH
    from directive_kg.kg.store.parallel import parse_quads, prepare
    from directive_kg.kg.store.store import Store

    store = Store.open(path, write=True)
    store.replace_graph(CATALOG_GRAPH, map_catalog())
    catalog = catalog_index()
    for f in files:
        prep = prepare(str(f), catalog)
        assert prep.error is None, prep.error
        store.replace_graph(document_graph(prep.label),
                            parse_quads(prep.body) + parse_quads(prep.markers))
    store.publish()
    return store


@pytest.fixture(scope="session")
def neo4j_settings():
    """The real Neo4j server from NEO4J_URI/NEO4J_PASSWORD. In CI (env CI set) a missing or
    unreachable server fails the test; elsewhere the test is skipped with how to start one."""
    import os

    from directive_kg.errors import KGError
    from directive_kg.kg.neo4j.conn import settings_from_env
    from directive_kg.kg.neo4j.query import run_cypher

    hint = "start it with scripts/neo4j-local start && source .neo4j-local/env"
    problem = None
    if not os.environ.get("NEO4J_URI"):
        problem = f"NEO4J_URI is not set: no Neo4j server; {hint}"
    else:
        settings = settings_from_env()
        try:
            run_cypher(settings, "RETURN 1 AS one")
        except KGError as err:
            problem = f"Neo4j not usable: {err}" + ("" if hint in str(err) else f"; {hint}")
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    return settings


@pytest.fixture(scope="session")
def chromium_binary():
    """The real browser the browser tests drive (tests/headless.py); CI installs it."""
    from tests.headless import find_chromium

    path = find_chromium()
    if path is None:
        pytest.fail("chromium is missing: apt-get install -y chromium (or deselect with -m 'not browser')")
    return path
