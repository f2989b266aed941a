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
def neo4j_settings():
    """The real Neo4j server from NEO4J_URI/NEO4J_PASSWORD. In CI (env CI set) a missing or
    unreachable server fails the test; elsewhere the test is skipped with how to start one."""
    import os

    from directive_kg.kg.errors import KGError
    from directive_kg.kg.neo4j_conn import settings_from_env
    from directive_kg.kg.neo4j_query import run_cypher

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
