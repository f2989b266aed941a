"""The corpus generator on one small province (Bắc Kạn, 2024): every document parses to what it was
meant to say, and the ground truth says what the files show."""

import csv
import hashlib
from pathlib import Path

import pytest

from bench.check import check_parse
from bench.generate import Options, generate


@pytest.fixture(scope="module")
def bac_kan(tmp_path_factory):
    out = tmp_path_factory.mktemp("bac-kan")
    return out, generate(Options(year=2024, scale="province:Bắc Kạn", seed=1), out)


def _rows(out: Path) -> list[dict]:
    with open(out / "ground_truth.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_document_parses_to_its_intended_record(bac_kan):
    out, res = bac_kan
    check = check_parse(out, res.manifest)
    assert check.documents == 237
    assert check.problems == []
    # the variety the check covered
    assert sum(1 for m in res.manifest if m["draft"]) == 14
    assert {k for m in res.manifest for k in m["noise"]} == {
        "symbol_space", "line_break", "old_tones", "nfd", "page_break", "nbsp"}


def test_province_plan_and_its_obligations(bac_kan):
    out, res = bac_kan
    text = (out / "corpus/06-bac-kan/dvcq/province/legacy-06.ke-hoach.txt").read_text(encoding="utf-8")
    assert "Số: 40/KH-UBND" in text and "Bắc Kạn, ngày 12 tháng 02 năm 2024" in text
    assert "trước ngày 20 tháng 3 năm 2024" in text and "trước ngày 05/11/2024" in text
    rows = _rows(out)
    from_province = [r for r in rows if r["required_by"] == "40/KH-UBND"]
    # 15 departments and 8 district-level units, each owing a plan and a report
    assert len(from_province) == 2 * (15 + 8)
    na_ri = [(r["kind"], r["deadline"], r["status"]) for r in from_province
             if r["unit"] == "Ủy ban nhân dân huyện Na Rì"]
    assert na_ri == [("plan", "2024-03-20", "done_on_time"), ("report", "2024-11-05", "done_on_time")]
    # every district wrote its plan, so all 108 communes owe a plan and a report
    assert len(rows) == 2 * (15 + 8) + 2 * 108
    assert sum(1 for r in rows if r["unit_class"] == "commune_people_committees") == 2 * 108


def test_a_skipped_plan_is_overdue_and_has_no_file(bac_kan):
    out, _ = bac_kan
    rows = [r for r in _rows(out) if r["unit"] == "Ủy ban nhân dân xã Liêm Thủy"]
    assert [(r["kind"], r["required_by"], r["required_by_issuer"], r["deadline"], r["status"])
            for r in rows] == [
        ("plan", "35/KH-UBND", "Ủy ban nhân dân huyện Na Rì", "2024-04-20", "overdue"),
        ("report", "35/KH-UBND", "Ủy ban nhân dân huyện Na Rì", "2024-10-31", "done_on_time")]
    commune = out / "corpus/06-bac-kan/dvcq/commune"
    assert not (commune / "legacy-02197.ke-hoach.txt").exists()
    report = (commune / "legacy-02197.bao-cao.txt").read_text(encoding="utf-8")
    assert "35/KH-UBND" in report and "BÁO CÁO" in report


def test_late_answers_are_dated_after_the_deadline(bac_kan):
    out, res = bac_kan
    by_path = {m["path"]: m for m in res.manifest}
    late = [r for r in _rows(out) if r["status"] == "done_late"]
    assert len(late) == 22
    for r in late:
        assert by_path[r["response"]]["date"] > r["deadline"]


def test_roster_lists_the_departments(bac_kan):
    out, _ = bac_kan
    with open(out / "roster.csv", encoding="utf-8", newline="") as fh:
        roster = list(csv.DictReader(fh))
    assert len(roster) == 15
    assert {"name": "Sở Nội vụ tỉnh Bắc Kạn", "unit_class": "departments",
            "parent": "Ủy ban nhân dân tỉnh Bắc Kạn", "valid_from": "2024-01-01"} in roster


def test_same_seed_same_corpus(bac_kan, tmp_path):
    out, _ = bac_kan
    again = generate(Options(year=2024, scale="province:Bắc Kạn", seed=1), tmp_path)

    def digest(root: Path) -> str:
        h = hashlib.sha256()
        for p in sorted((root / "corpus").rglob("*.txt")):
            h.update(p.relative_to(root).as_posix().encode() + p.read_bytes())
        return h.hexdigest()

    assert digest(tmp_path) == digest(out)
    assert (tmp_path / "ground_truth.csv").read_bytes() == (out / "ground_truth.csv").read_bytes()
    assert len(again.manifest) == 237


def test_kg_gaps_equals_the_ground_truth(bac_kan, tmp_path, new_store):
    """Precision and recall 1.0: every expected (unit, obligation) row with its deadline and
    status, and nothing else, from the documents and the roster alone."""
    from datetime import date

    from bench.check import compare_gaps
    from bench.truth import read_truth
    from directive_kg.kg.answers.gaps import find_gaps
    from directive_kg.kg.answers.units import load_roster
    from directive_kg.kg.store.load import load_paths

    out, _ = bac_kan
    store = new_store(tmp_path / "kg")
    report = load_paths(store, [str(out / "corpus")])
    assert report.ok and len(report.loaded) == 237
    load_roster(store, str(out / "roster.csv"))
    gaps = find_gaps(store, 2024, as_of=date(2024, 12, 31), include_met=True)
    answer = [{"unit": r.unit, "unit_iri": r.unit_iri, "kind": r.kind, "required_by": r.required_by,
               "required_by_issuer": r.required_by_issuer,
               "deadline": r.deadline.isoformat() if r.deadline else None, "status": r.status}
              for r in gaps.rows]
    check = compare_gaps(read_truth(out / "ground_truth.csv"), answer)
    assert (check.missing, check.extra, check.differ) == ([], [], [])
    assert (check.precision, check.recall) == (1.0, 1.0)
    assert check.matched == 262
    assert gaps.unloaded_parents == []
