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
