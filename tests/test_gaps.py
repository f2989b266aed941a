"""Who owes a plan (issue 4) on the sample corpus, the example roster and a hand-written
2024 plan of UBND huyện Kiên Lương. Expected values checked by hand against the documents and
the GSO unit lists (Kiên Giang had 15 district-level units in 2024, TP Bắc Kạn 8 communes/wards)."""

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from directive_kg.kg.answers.gaps import find_gaps
from directive_kg.kg.answers.units import load_roster
from directive_kg.kg.cli.main import main
from directive_kg.kg.store.load import load_paths
from tests.conftest import CORPUS, ROOT
from tests.gaps_setdiff import owed_minus_met

ROSTER = ROOT / "samples" / "roster.csv"
KIEN_LUONG = ROOT / "tests" / "fixtures" / "kien_luong_2024.txt"
AS_OF = date(2024, 12, 1)

KIEN_GIANG_DISTRICTS = {
    "Ủy ban nhân dân thành phố Rạch Giá", "Ủy ban nhân dân thành phố Hà Tiên",
    "Ủy ban nhân dân huyện Kiên Lương", "Ủy ban nhân dân huyện Hòn Đất",
    "Ủy ban nhân dân huyện Tân Hiệp", "Ủy ban nhân dân huyện Châu Thành",
    "Ủy ban nhân dân huyện Giồng Riềng", "Ủy ban nhân dân huyện Gò Quao",
    "Ủy ban nhân dân huyện An Biên", "Ủy ban nhân dân huyện An Minh",
    "Ủy ban nhân dân huyện Vĩnh Thuận", "Ủy ban nhân dân thành phố Phú Quốc",
    "Ủy ban nhân dân huyện Kiên Hải", "Ủy ban nhân dân huyện U Minh Thượng",
    "Ủy ban nhân dân huyện Giang Thành"}
BAC_KAN_COMMUNES = {
    "Ủy ban nhân dân phường Nguyễn Thị Minh Khai", "Ủy ban nhân dân phường Sông Cầu",
    "Ủy ban nhân dân phường Đức Xuân", "Ủy ban nhân dân phường Phùng Chí Kiên",
    "Ủy ban nhân dân phường Huyền Tụng", "Ủy ban nhân dân xã Dương Quang",
    "Ủy ban nhân dân xã Nông Thượng", "Ủy ban nhân dân phường Xuất Hóa"}
KIEN_GIANG_DEPARTMENTS = {
    "Sở Nội vụ tỉnh Kiên Giang", "Sở Tài chính tỉnh Kiên Giang",
    "Sở Kế hoạch và Đầu tư tỉnh Kiên Giang", "Sở Tư pháp tỉnh Kiên Giang",
    "Sở Giáo dục và Đào tạo tỉnh Kiên Giang", "Sở Y tế tỉnh Kiên Giang",
    "Sở Lao động - Thương binh và xã hội tỉnh Kiên Giang", "Sở Văn hóa và Thể thao tỉnh Kiên Giang",
    "Văn phòng Ủy ban nhân dân tỉnh Kiên Giang"}


@pytest.fixture(scope="module")
def store(tmp_path_factory, new_store):
    s = new_store(tmp_path_factory.mktemp("gaps") / "kg")
    assert load_paths(s, [str(CORPUS)]).ok
    load_roster(s, str(ROSTER))
    return s


@pytest.fixture(scope="module")
def store_with_kien_luong(tmp_path_factory, new_store):
    s = new_store(tmp_path_factory.mktemp("gaps-kl") / "kg")
    assert load_paths(s, [str(CORPUS), str(KIEN_LUONG)]).ok
    load_roster(s, str(ROSTER))
    return s


def plan_rows(report, area=None):
    return [r for r in report.rows if r.kind == "plan" and (area is None or r.area == area)]


def test_2024_plans_owed_by_the_districts_of_kien_giang_and_the_communes_of_tp_bac_kan(store):
    report = find_gaps(store, 2024, as_of=AS_OF)
    kg_units = {r.unit for r in plan_rows(report, "Tỉnh Kiên Giang") if r.expanded}
    assert kg_units == KIEN_GIANG_DISTRICTS | KIEN_GIANG_DEPARTMENTS
    bk = plan_rows(report, "Tỉnh Bắc Kạn")
    assert {r.unit for r in bk if r.unit.startswith("Ủy ban")} == BAC_KAN_COMMUNES
    # Divisions of the city come from the example roster.
    assert {r.unit for r in bk if r.unit.startswith("Phòng")} == {
        "Phòng Nội vụ thành phố Bắc Kạn", "Phòng Tài chính - Kế hoạch thành phố Bắc Kạn",
        "Phòng Văn hóa và Thông tin thành phố Bắc Kạn", "Phòng Tư pháp thành phố Bắc Kạn",
        "Phòng Giáo dục và Đào tạo thành phố Bắc Kạn",
        "Phòng Lao động - Thương binh và xã hội thành phố Bắc Kạn"}
    # No unit of any other province; nothing done yet, nothing overdue on 1 December 2024 for
    # plans without a deadline (due 31 December).
    assert {r.area for r in report.rows} == {"Tỉnh Kiên Giang", "Tỉnh Bắc Kạn"}
    assert {r.status for r in plan_rows(report)} == {"not_due"}


def test_each_row_quotes_the_sentence_that_obliged_the_unit(store):
    report = find_gaps(store, 2024, as_of=AS_OF)
    row = next(r for r in plan_rows(report) if r.unit == "Ủy ban nhân dân huyện Giang Thành")
    assert Path(row.evidence.source).name == "003_8f1432702b8498b4.txt"
    assert row.evidence.line == 77
    assert row.evidence.text.startswith("2. Các sở, ban, ngành và các đơn vị sự nghiệp công lập")
    assert row.required_by == "(draft, no number)"
    assert row.required_by_issuer == "Ủy ban nhân dân tỉnh Kiên Giang"
    assert row.unit_iri.endswith("/body/ubnd/legacy-914")
    commune = next(r for r in plan_rows(report) if r.unit == "Ủy ban nhân dân xã Nông Thượng")
    assert (Path(commune.evidence.source).name, commune.evidence.line) == ("004_d080e58fa20a04c9.txt", 74)
    assert commune.evidence.text.startswith("a) Xây dựng kế hoạch cụ thể hóa")


def test_a_class_nobody_lists_stays_one_row_with_a_hint(store):
    report = find_gaps(store, 2024, as_of=AS_OF, kind="plan")
    unexpanded = [r for r in report.rows if not r.expanded]
    assert [(r.unit, r.area) for r in unexpanded] == [
        ("các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh", "Tỉnh Kiên Giang")]
    assert "kg units load" in unexpanded[0].hint


def test_report_deadlines_decide_overdue(store):
    report = find_gaps(store, 2024, as_of=AS_OF, kind="report", under="UBND thành phố Bắc Kạn")
    by_unit = {r.unit: r for r in report.rows}
    assert by_unit["Ủy ban nhân dân xã Dương Quang"].deadline == date(2024, 11, 15)
    assert by_unit["Ủy ban nhân dân xã Dương Quang"].status == "overdue"
    assert by_unit["Phòng Nội vụ thành phố Bắc Kạn"].status == "overdue"
    early = find_gaps(store, 2024, as_of=date(2024, 11, 1), kind="report",
                      under="UBND thành phố Bắc Kạn")
    assert {r.status for r in early.rows} == {"not_due"}
    assert {r.area for r in report.rows} == {"Tỉnh Bắc Kạn"}


def test_the_kien_luong_plan_takes_kien_luong_off_the_list(store_with_kien_luong):
    s = store_with_kien_luong
    owed = find_gaps(s, 2024, as_of=AS_OF, kind="plan")
    assert "Ủy ban nhân dân huyện Kiên Lương" not in {r.unit for r in owed.rows}
    assert KIEN_GIANG_DISTRICTS - {"Ủy ban nhân dân huyện Kiên Lương"} <= {r.unit for r in owed.rows}
    everything = find_gaps(s, 2024, as_of=AS_OF, kind="plan", include_met=True)
    kl = [r for r in everything.rows if r.unit == "Ủy ban nhân dân huyện Kiên Lương"]
    assert len(kl) == 1 and kl[0].status == "done_on_time"
    assert kl[0].response_date == date(2024, 3, 20)
    assert kl[0].response_iri.endswith("/kh/2024/52")
    # The plan it cites, 45/KH-UBND, is the loaded Kiên Giang draft: not reported as missing.
    assert "45/KH-UBND" not in {p.number for p in everything.unloaded_parents}
    # Its own obligation reaches the 8 communes of Kiên Lương with their deadline.
    kl_communes = [r for r in owed.rows if r.required_by == "52/KH-UBND"]
    assert len(kl_communes) == 8 and {r.due for r in kl_communes} == {date(2024, 4, 15)}
    assert {r.status for r in kl_communes} == {"overdue"}


def test_a_plan_after_the_deadline_is_done_late(tmp_path, new_store):
    late = tmp_path / "kien_luong_late.txt"
    late.write_text(KIEN_LUONG.read_text(encoding="utf-8").replace(
        "Kiên Lương, ngày 20 tháng 3 năm 2024", "Kiên Lương, ngày 20 tháng 5 năm 2024"),
        encoding="utf-8")
    commune = tmp_path / "binh_an.txt"
    commune.write_text(KIEN_LUONG.read_text(encoding="utf-8")
                       .replace("ỦY BAN NHÂN DÂN\nHUYỆN KIÊN LƯƠNG",
                                "UBND HUYỆN KIÊN LƯƠNG\nỦY BAN NHÂN DÂN XÃ BÌNH AN")
                       .replace("Số: 52/KH-UBND", "Số: 7/KH-UBND")
                       .replace("Kiên Lương, ngày 20 tháng 3 năm 2024", "Bình An, ngày 02 tháng 5 năm 2024")
                       .replace("Thực hiện Kế hoạch số 45/KH-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh"
                                " Kiên Giang", "Thực hiện Kế hoạch số 52/KH-UBND ngày 20/3/2024 của Ủy ban"
                                " nhân dân huyện Kiên Lương"), encoding="utf-8")
    s = new_store(tmp_path / "kg")
    load_paths(s, [str(CORPUS), str(late), str(commune)])
    rows = find_gaps(s, 2024, as_of=AS_OF, include_met=True, kind="plan").rows
    status = {r.unit: r.status for r in rows if r.status.startswith("done")}
    # Kiên Lương: no deadline in the province draft, so due 31/12 → on time even in May.
    assert status["Ủy ban nhân dân huyện Kiên Lương"] == "done_on_time"
    # Bình An answered the district plan (deadline 15/4/2024) on 2 May: late.
    assert status["Ủy ban nhân dân xã Bình An"] == "done_late"


def test_parents_not_loaded_by_year(store):
    assert [(p.number, p.issuer) for p in find_gaps(store, 2023).unloaded_parents] == [
        ("80/KH-UBND", "Ủy ban nhân dân tỉnh Quảng Bình")]
    assert [(p.number, p.issuer) for p in find_gaps(store, 2025).unloaded_parents] == [
        ("39/KH-UBND", "Ủy ban nhân dân huyện Hướng Hóa")]
    assert [p.number for p in find_gaps(store, 2024).unloaded_parents] == ["209-KH/TU", "89/KH-UBND"]
    assert find_gaps(store, 2023).unloaded_parents[0].hint == \
        "load 80/KH-UBND of Ủy ban nhân dân tỉnh Quảng Bình to check who owes it"


@pytest.mark.parametrize("year, owed", [(2023, 1), (2024, 94), (2025, 0)])
def test_gaps_rq_equals_the_plain_python_set_difference(store_with_kien_luong, year, owed):
    """Owed (unit, instrument, kind) by hand: 2023, the Quảng Bình office's Phòng Hành chính - Tổ
    chức report; 2024, Kiên Giang's plan 50 (25 units × plan and report; Sở Nội vụ's own report is
    one of them), TP Bắc Kạn's 28 (14 × 2), Kiên Lương's 16 (its 8 communes × 2); 2025, none: the
    Hướng Hóa centre's plan (seed 001) restates its own reporting duty to the district without
    naming who owes it, so it obliges nobody (issue 13)."""
    s = store_with_kien_luong
    rows = find_gaps(s, year, as_of=AS_OF, include_met=True).rows
    from_query = {(r.unit_iri, r.required_by_iri, r.kind): r.status.startswith("done") for r in rows}
    assert from_query == owed_minus_met(s, year, AS_OF)
    assert len(from_query) == owed


def test_filters_under_instrument_and_kind(store):
    under = find_gaps(store, 2024, as_of=AS_OF, under="UBND tỉnh Kiên Giang", kind="plan")
    assert {r.area for r in under.rows} == {"Tỉnh Kiên Giang"} and len(under.rows) == 25
    one = find_gaps(store, 2024, as_of=AS_OF, under="Ủy ban nhân dân huyện Giang Thành")
    assert {(r.unit, r.kind) for r in one.rows} == {("Ủy ban nhân dân huyện Giang Thành", "plan"),
                                                    ("Ủy ban nhân dân huyện Giang Thành", "report")}


def test_cli_gaps_csv_opens_in_a_spreadsheet_and_json_has_the_fields(store, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(store.path.parent))
    runner = CliRunner()
    r = runner.invoke(main, ["gaps", "--year", "2024", "--as-of", "2024-12-01", "--kind", "plan",
                             "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout_bytes.startswith("\ufeff".encode())  # UTF-8 BOM: Excel shows Vietnamese
    table = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    assert len(table) == 15 + 9 + 1 + 8 + 6  # districts, sở, one unexpanded class, communes, phòng
    assert {"Ủy ban nhân dân phường Xuất Hóa", "Sở Y tế tỉnh Kiên Giang"} <= {t["unit"] for t in table}
    r = runner.invoke(main, ["gaps", "--year", "2024", "--as-of", "2024-12-01", "--format", "json"])
    data = json.loads(r.stdout)
    row = data["rows"][0]
    for key in ("unit", "unit_iri", "area", "kind", "required_by", "deadline", "status", "expanded",
                "evidence"):
        assert key in row
    assert set(row["evidence"]) == {"source", "line", "text"}
    assert [p["number"] for p in data["unloaded_parents"]] == ["209-KH/TU", "89/KH-UBND"]
    r = runner.invoke(main, ["gaps", "--year", "2023"])
    assert r.exit_code == 0 and "load 80/KH-UBND" in r.output


def test_cli_units(store, monkeypatch, tmp_path, new_store):
    monkeypatch.setenv("KG_STORE", str(store.path.parent))
    runner = CliRunner()
    r = runner.invoke(main, ["units", "list", "--under", "UBND thành phố Bắc Kạn", "--on", "2024-06-01",
                             "--format", "json"])
    names = {x["name"] for x in json.loads(r.stdout)}
    assert BAC_KAN_COMMUNES <= names and "Phòng Nội vụ thành phố Bắc Kạn" in names
    assert len(names) == 8 + 6
    r = runner.invoke(main, ["units", "successor", "huyện Kiên Lương", "--format", "json"])
    rows = json.loads(r.stdout)
    assert {x["successor"] for x in rows} == {"Xã Kiên Lương", "Xã Hòa Điền", "Phường Tô Châu",
                                              "Xã Sơn Hải", "Xã Hòn Nghệ", "Tỉnh An Giang"}
    assert {x["successor_province"] for x in rows} == {"Tỉnh An Giang"}
    new_store(tmp_path / "own", open_store=False)  # the module's store is open in this process: RocksDB lock
    monkeypatch.setenv("KG_STORE", str(tmp_path / "own"))
    assert runner.invoke(main, ["units", "load", str(ROSTER)]).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("name,unit_class,parent\nSở Nội vụ,sở,UBND tỉnh Kiên Giang\n", encoding="utf-8")
    before = runner.invoke(main, ["units", "list", "--format", "json"]).stdout
    r = runner.invoke(main, ["units", "load", str(bad)])
    assert r.exit_code == 1 and "bad.csv: line 2: unknown unit_class 'sở'" in r.output
    assert "Traceback" not in r.output
    assert runner.invoke(main, ["units", "list", "--format", "json"]).stdout == before


def test_2026_uses_the_new_map(tmp_path, new_store):
    """A 2026 plan of the new An Giang province obliging 'UBND các xã, phường' expands to the
    communes of the post-reform province (102 of them), not to the old districts."""
    doc = tmp_path / "an_giang_2026.txt"
    doc.write_text("""ỦY BAN NHÂN DÂN
TỈNH AN GIANG

Số: 12/KH-UBND

An Giang, ngày 10 tháng 01 năm 2026

## KẾ HOẠCH

### Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ năm 2026

#### III. TỔ CHỨC THỰC HIỆN

1. Ủy ban nhân dân các xã, phường, đặc khu xây dựng kế hoạch thực hiện trước ngày 15/02/2026.
""", encoding="utf-8")
    s = new_store(tmp_path / "kg")
    load_paths(s, [str(doc)])
    rows = find_gaps(s, 2026, as_of=date(2026, 3, 1)).rows
    assert all(r.unit_iri.split("/")[-1].startswith("2025-") for r in rows)
    assert len(rows) == 102 and {r.status for r in rows} == {"overdue"}
    assert {r.area for r in rows} == {"Tỉnh An Giang"}


def test_copying_the_fixture_corpus_keeps_results(tmp_path, new_store):
    """Paths differ, facts do not: evidence names the file where the sentence is."""
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    s = new_store(tmp_path / "kg")
    load_paths(s, [str(corpus)])
    rows = find_gaps(s, 2024, as_of=AS_OF, kind="plan").rows
    assert all(r.evidence.source.startswith(str(corpus.resolve())) for r in rows)


def test_a_plan_by_the_office_counts_for_its_committee_and_instrument_filter(tmp_path, new_store):
    office = tmp_path / "giang_thanh_office.txt"
    office.write_text(KIEN_LUONG.read_text(encoding="utf-8")
                      .replace("ỦY BAN NHÂN DÂN\nHUYỆN KIÊN LƯƠNG", "UBND HUYỆN GIANG THÀNH\nVĂN PHÒNG")
                      .replace("Số: 52/KH-UBND", "Số: 9/KH-VP")
                      .replace("Kiên Lương, ngày", "Giang Thành, ngày"), encoding="utf-8")
    s = new_store(tmp_path / "kg")
    load_paths(s, [str(CORPUS), str(office)])
    rows = find_gaps(s, 2024, as_of=AS_OF, kind="plan", include_met=True,
                     instrument="45/KH-UBND").rows
    assert len(rows) == 15 + 1 + 1  # districts, sở class and đơn vị sự nghiệp class (no roster)
    done = [r for r in rows if r.status == "done_on_time"]
    assert [r.unit for r in done] == ["Ủy ban nhân dân huyện Giang Thành"]
    assert done[0].response_iri.endswith("/kh/2024/9")
    assert find_gaps(s, 2024, as_of=AS_OF, instrument="209-KH/TU").rows == []
