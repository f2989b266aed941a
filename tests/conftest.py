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

    from directive_kg.kg.api import ensure_reference_data
    from directive_kg.kg.store import Store

    folder = tmp_path_factory.mktemp("reference") / "kg"
    s = Store.open(folder, write=True)
    ensure_reference_data(s)
    s.flush()
    del s
    gc.collect()  # releases RocksDB's lock before the folder is copied
    return folder


@pytest.fixture(scope="session")
def new_store(reference_store):
    """``new_store(folder)`` → a writable Store at ``folder`` seeded with the reference data."""
    import shutil

    from directive_kg.kg.store import Store

    def make(folder):
        shutil.copytree(reference_store, folder)
        return Store.open(folder, write=True)

    return make
