"""Every named query in queries/ with its expected rows on the sample corpus."""

import pytest

from directive_kg import queries
from directive_kg.kg.store.load import load_paths
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def store(tmp_path_factory, new_store):
    s = new_store(tmp_path_factory.mktemp("q") / "kg")
    load_paths(s, [str(CORPUS)])
    return s


def run(store, name, **params):
    return store.query(queries.load(name), params)


def test_every_query_is_documented():
    names = queries.available()
    assert set(names) >= {"chain-up", "chain-up-stated", "chain-down", "implementers",
                          "cited-not-loaded", "plans-of-year"}
    for n in names:
        assert "Parameters" in queries.describe(n) or "No parameters" in queries.describe(n), n


def test_chain_up(store):
    rows = run(store, "chain-up", number="80/KH-UBND")
    assert [(r["ancestor_number"], r["ancestor_issuer"]) for r in rows] == [
        ("25-NQ/TW", "Ban Chấp hành Trung ương Đảng"), ("33/CT-TTg", "Thủ tướng Chính phủ")]


def test_chain_up_stated_excludes_the_inferred_link(store):
    assert run(store, "chain-up-stated", number="80/KH-UBND") == []
    rows = run(store, "chain-up-stated", number="33/CT-TTg")
    assert [r["ancestor_number"] for r in rows] == ["25-NQ/TW"]


def test_chain_down(store):
    rows = run(store, "chain-down", number="33/CT-TTg")
    # ORDER BY compares code points: "Văn" sorts before "Ủy"
    assert [(r["descendant_number"], r["descendant_issuer"], r["descendant_year"]) for r in rows] == [
        (None, "Văn phòng Ủy ban nhân dân tỉnh Quảng Bình", 2023),
        (None, "Ủy ban nhân dân tỉnh Kiên Giang", 2024),
        ("80/KH-UBND", "Ủy ban nhân dân tỉnh Quảng Bình", 2023)]


def test_implementers(store):
    rows = run(store, "implementers", number="33/CT-TTg")
    assert [(r["implementer_number"], r["implementer_issuer"], r["inferred"], r["rule"])
            for r in rows] == [
        (None, "Ủy ban nhân dân tỉnh Kiên Giang", False, None),
        ("80/KH-UBND", "Ủy ban nhân dân tỉnh Quảng Bình", True, "parent-beside-basis")]


def test_cited_not_loaded(store):
    rows = run(store, "cited-not-loaded")
    assert [(r["number"], r["issuer"], r["implementers"]) for r in rows] == [
        ("209-KH/TU", "Thành ủy Bắc Kạn", 1),
        ("39/KH-UBND", "Ủy ban nhân dân huyện Hướng Hóa", 1),
        ("80/KH-UBND", "Ủy ban nhân dân tỉnh Quảng Bình", 1),
        ("89/KH-UBND", "Ủy ban nhân dân tỉnh Bắc Kạn", 1)]


def test_plans_of_year(store):
    rows = run(store, "plans-of-year", year=2024)
    assert [(r["issuer"], r["symbol"], sorted(r["implements"].split(", "))) for r in rows] == [
        ("Ủy ban nhân dân thành phố Bắc Kạn", "/KH-UBND", ["209-KH/TU", "89/KH-UBND"]),
        ("Ủy ban nhân dân tỉnh Kiên Giang", "/KH-UBND", ["33/CT-TTg"])]
    assert [r["issuer"] for r in run(store, "plans-of-year", year=2025)] == [
        "Trung tâm VHTT-TDTT huyện Hướng Hóa"]
