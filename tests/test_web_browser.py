"""`kg serve` in a real headless Chromium (tests/headless.py) with every request but the server's
own failed and recorded: the dashboard shows the seed corpus's 2024 rows, the under filter leaves
Kiên Giang's units, a click on a row opens the document at the obliging sentence, the query page
runs a named query in YASGUI, hostile document text never runs, and nothing leaves the machine."""

from __future__ import annotations

import gc
import json
from urllib.parse import urlencode

import pytest

from directive_kg.kg.answers.units import load_roster
from directive_kg.kg.store.load import load_paths
from tests.conftest import CORPUS, ROOT
from tests.headless import Chromium
from tests.test_web_dashboard import KG_DISTRICTS, KG_PROVINCE_LEVEL
from tests.test_web_pages import EVIL_DOC
from tests.webserver import serve

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n"
ROWS = "document.querySelectorAll('#kg-gaps tr.kg-row')"


@pytest.fixture(scope="module")
def server(tmp_path_factory, new_store):
    folder = tmp_path_factory.mktemp("web-browser")
    evil = folder / "evil" / "kh-12.txt"
    evil.parent.mkdir()
    evil.write_text(EVIL_DOC, encoding="utf-8")
    s = new_store(folder / "kg")
    assert load_paths(s, [str(CORPUS), str(evil)]).ok
    load_roster(s, str(ROOT / "samples" / "roster.csv"))
    del s
    gc.collect()
    with serve(folder / "kg", log_dir=folder) as srv:
        yield srv


def csv_units(server, filters: dict) -> list[str]:
    import csv
    import io

    text = server.get("/gaps.csv?" + urlencode(filters)).text.lstrip("\ufeff")
    return [row["unit"] for row in csv.DictReader(io.StringIO(text))]


BLOCKED_HANDLER = "security: Executing inline event handler violates the following Content Security Policy"


def clean(browser, blocked_handlers: int = 0) -> None:
    assert browser.log.blocked_requests == []  # nothing asked of any other host
    # no script error and no CSP violation, but the handlers a test expects to be blocked
    assert [e for e in browser.log.console_errors if not e.startswith(BLOCKED_HANDLER)] == []
    assert len(browser.log.console_errors) == blocked_handlers
    assert browser.log.dialogs == []
    assert browser.evaluate("typeof window.__dkgPwned") == "undefined"


def test_dashboard_filter_and_click_through_to_the_obliging_sentence(server, chromium_binary, tmp_path):
    with Chromium(binary=chromium_binary, allow_origin=server.url) as browser:
        browser.goto(server.url + "/?" + urlencode({"year": 2024, "as_of": "2025-01-01"}),
                     "window.kgGaps && window.kgGaps.ready")
        # the 2024 rows, as `kg gaps` gives them (the CSV download of the same filters): the seed
        # corpus's 79 and the plan and report the test's 12/KH-UBND asks of Kiên Lương's communes
        expected = csv_units(server, {"year": 2024, "as_of": "2025-01-01"})
        units = browser.evaluate(f"Array.from({ROWS}).map(r => r.dataset.unit)")
        assert sorted(units) == sorted(expected) and len(units) == 79 + 2 * 8
        bars = browser.evaluate("Array.from(document.querySelectorAll('#kg-chart g.kg-bar'))"
                                ".map(g => [g.dataset.label, g.dataset.total])")
        assert bars == [["Tỉnh Kiên Giang", str(51 + 16)], ["Tỉnh Bắc Kạn", "28"]]
        # filter by the province, as a person would: type it and press the button
        browser.evaluate("""(() => { const f = document.getElementById('kg-filters');
            f.querySelector('input[name=under]').value = 'UBND tỉnh Kiên Giang';
            f.querySelector('button[type=submit]').click(); })()""")
        browser.wait_for("location.search.includes('under=') && window.kgGaps && window.kgGaps.ready")
        units = browser.evaluate(f"Array.from({ROWS}).map(r => r.dataset.unit)")
        assert sorted(units) == sorted(csv_units(server, {"year": 2024, "as_of": "2025-01-01",
                                                          "under": "UBND tỉnh Kiên Giang"}))
        # its 15 district-level units, its departments and Văn phòng, the class no roster lists,
        # and the 8 communes of Kiên Lương (12/KH-UBND): nothing of Bắc Kạn
        others = set(units) - set(KG_DISTRICTS) - set(KG_PROVINCE_LEVEL)
        assert set(KG_DISTRICTS) <= set(units) and set(KG_PROVINCE_LEVEL) <= set(units)
        assert len(others) == 8 and all(" xã " in u or " thị trấn " in u for u in others)
        browser.screenshot(tmp_path / "dashboard.png")
        # a click on the row of Huyện Kiên Lương opens the plan at line 77, the obliging sentence
        browser.evaluate("""(() => { const row = Array.from(document.querySelectorAll('#kg-gaps tr.kg-row'))
            .find(r => r.dataset.unit === 'Ủy ban nhân dân huyện Kiên Lương');
            row.querySelector('td').click(); })()""")
        browser.wait_for("location.pathname.startsWith('/document/') && document.readyState === 'complete'")
        assert browser.evaluate("location.hash") == "#L77"
        target = browser.evaluate("""(() => { const t = document.querySelector(':target');
            const m = t.querySelector('mark.kg-m-obligation');
            return [t.id, m ? m.textContent : null, getComputedStyle(m).backgroundColor]; })()""")
        assert target[0] == "L77"
        assert target[1].startswith("2. Các sở, ban, ngành và các đơn vị sự nghiệp công lập thuộc")
        assert target[2] == "rgb(255, 245, 157)"  # marked (yellow), not just text
        clean(browser)
    assert (tmp_path / "dashboard.png").read_bytes().startswith(PNG)


def test_query_page_runs_a_named_query(server, chromium_binary):
    with Chromium(binary=chromium_binary, allow_origin=server.url) as browser:
        browser.goto(server.url + "/query", "window.kgQuery && window.kgQuery.ready")
        browser.evaluate("""window.__violations = []; document.addEventListener('securitypolicyviolation',
            e => window.__violations.push([e.violatedDirective, e.sourceFile]), true); 1""")
        browser.evaluate("""document.querySelector('button.kg-named-query[data-name="plans-of-year"]').click()""")
        browser.wait_for("document.querySelector('.tabPanel.active .yasqe .CodeMirror')")
        browser.evaluate("document.querySelector('.tabPanel.active .yasqe_queryButton').click()")
        browser.wait_for("document.querySelectorAll('.tabPanel.active .yasr table.dataTable tbody tr')"
                         ".length >= 3", timeout=30)
        cells = browser.evaluate("""Array.from(document.querySelectorAll(
            '.tabPanel.active .yasr table.dataTable tbody tr')).map(r => r.innerText)""")
        assert len(cells) == 3  # the two 2024 plans of the corpus and the evil 12/KH-UBND
        assert any("Dân vận khéo" in c for c in cells) and any("12/KH-UBND" in c for c in cells)
        # the evil title is shown as text by YASGUI's table, never run
        evil = [c for c in cells if "12/KH-UBND" in c][0]
        assert "<script>window.__dkgPwned=1</script>" in evil
        assert browser.evaluate("document.querySelectorAll('.yasr img, .yasr script').length") == 0
        # YASR passes cell text through DOMPurify, whose parse of the title's <img onerror> makes
        # Chromium check the handler against the CSP: blocked (it would not run there anyway)
        violations = browser.evaluate("window.__violations")
        assert violations == [["script-src-attr", f"{server.url}/static/vendor/yasgui/yasgui.min.js"]]
        clean(browser, blocked_handlers=1)


def test_hostile_text_stays_text_in_the_browser(server, chromium_binary):
    with Chromium(binary=chromium_binary, allow_origin=server.url) as browser:
        browser.goto(server.url + "/?" + urlencode({"year": 2024, "as_of": "2025-01-01",
                                                    "instrument": "12/KH-UBND"}),
                     "window.kgGaps && window.kgGaps.ready")
        assert browser.evaluate(f"{ROWS}.length") >= 2
        assert browser.evaluate("document.querySelectorAll('#kg-main img, #kg-main script').length") == 0
        browser.evaluate(f"{ROWS}[0].querySelector('td').click()")
        browser.wait_for("location.pathname.startsWith('/document/') && document.readyState === 'complete'")
        title = browser.evaluate("document.querySelector('[data-fact=title]').textContent")
        assert title.startswith("Thực hiện Chỉ thị số 33/CT-TTg <script>window.__dkgPwned=1</script> <img")
        assert browser.evaluate("document.querySelectorAll('#kg-main img, #kg-main script').length") == 0
        browser.goto(server.url + "/chain?" + urlencode({"instrument": "12/KH-UBND"}))
        browser.pump(1.0)
        clean(browser)
        data = json.loads(browser.evaluate("""(() => { const f = document.getElementById('kg-chain-frame');
            return JSON.stringify(f ? [f.getAttribute('sandbox'), f.src] : null); })()"""))
        assert data[0] == "allow-scripts" and data[1].endswith("/chain/view?instrument=12%2FKH-UBND")


def test_screenshot_for_the_readme(chromium_binary, tmp_path, new_store):
    """docs/web-dashboard.png, the README's picture of the sample corpus and roster (written only
    when asked: KG_README_SHOTS=1)."""
    import os

    if not os.environ.get("KG_README_SHOTS"):
        pytest.skip("set KG_README_SHOTS=1 to write docs/web-dashboard.png")
    s = new_store(tmp_path / "kg")
    assert load_paths(s, [str(CORPUS)]).ok
    load_roster(s, str(ROOT / "samples" / "roster.csv"))
    del s
    gc.collect()
    with serve(tmp_path / "kg", log_dir=tmp_path) as srv, \
            Chromium(binary=chromium_binary, allow_origin=srv.url, width=1400, height=900) as browser:
        browser.goto(srv.url + "/?" + urlencode({"year": 2024, "as_of": "2025-01-01",
                                                 "under": "UBND tỉnh Kiên Giang"}),
                     "window.kgGaps && window.kgGaps.ready")
        browser.pump(0.5)
        shot = browser.screenshot(ROOT / "docs" / "web-dashboard.png")
        clean(browser)
    assert shot.read_bytes().startswith(PNG)
