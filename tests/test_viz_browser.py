"""`kg viz` pages in a real headless Chromium (Debian's chromium) with the network shut: the page
loads without console errors or requests, draws what was selected, highlights chains on click,
and keeps crafted document text as text."""

import json
from datetime import date

import pytest

from directive_kg.kg.store.load import load_paths
from directive_kg.viz.layout import layout
from directive_kg.viz.render import write_html
from directive_kg.viz.select import select
from tests.conftest import CORPUS
from tests.headless import Chromium
from tests.test_viz import BAC_KAN_COMMUNES, KIEN_GIANG_DISTRICTS

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory, new_store):
    s = new_store(tmp_path_factory.mktemp("viz-browser") / "kg")
    assert load_paths(s, [str(CORPUS)]).ok
    return s


def node_screen_position(browser, node_id):
    """Where a node is drawn, in page coordinates (canvas offset included)."""
    return browser.evaluate(f"""(() => {{
        const net = dkgViz.network, id = {node_id!r};
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('dkg-network').getBoundingClientRect();
        return [p.x + box.left, p.y + box.top]; }})()""")


def test_sample_corpus_page_draws_the_selection_offline(store, chromium_binary, tmp_path):
    sel = select(store)
    page = write_html(tmp_path / "all.html", sel, layout(sel))
    with Chromium(binary=chromium_binary) as browser:
        browser.open(page)
        browser.pump(0.3)
        drawn = browser.evaluate("""[dkgViz.nodes.length, dkgViz.edges.length,
            dkgViz.network.body.nodeIndices.length, dkgViz.network.body.edgeIndices.length]""")
        assert drawn == [len(sel.nodes), len(sel.edges)] * 2 == [10, 7, 10, 7]
        assert browser.evaluate("dkgViz.firstPaintMs") > 0
        legend = browser.evaluate("document.getElementById('dkg-legend').innerText")
        assert "Chỉ thị · Directive" in legend and "Suy ra theo quy tắc" in legend
        # clicking the Kiên Giang plan keeps its chain (the plan, 33/CT-TTg, 25-NQ/TW) and fades the rest
        [kg] = [n for n in sel.nodes.values() if "Kiên Giang" in (n.issuer or "") and n.loaded]
        x, y = node_screen_position(browser, kg.id)
        browser.click(x, y)
        browser.pump(0.2)
        chain = browser.evaluate("dkgViz.highlighted")
        assert sorted(sel.nodes[i].number for i in chain) == ["(draft) /KH-UBND", "25-NQ/TW", "33/CT-TTg"]
        faded = browser.evaluate("dkgViz.nodes.get().filter(n => n.opacity < 1).length")
        assert faded == 10 - 3
        shot = browser.screenshot(tmp_path / "all.png")
        assert browser.log.console_errors == []
        assert browser.log.blocked_requests == []
    assert shot.read_bytes().startswith(PNG) and shot.stat().st_size > 20_000


def test_year_2024_gaps_page_marks_the_23_owing_units(store, chromium_binary, tmp_path):
    sel = select(store, year=2024, gaps=True, as_of=date(2025, 1, 1))
    page = write_html(tmp_path / "gaps.html", sel, layout(sel))
    lk = next(n for n in sel.owing() if n.label == "UBND huyện Kiên Lương")
    with Chromium(binary=chromium_binary) as browser:
        browser.open(page)
        drawn = browser.evaluate("""[dkgViz.nodes.length, dkgViz.edges.length,
            dkgViz.network.body.nodeIndices.length, dkgViz.network.body.edgeIndices.length]""")
        assert drawn == [32, 30, 32, 30]
        marked = browser.evaluate("""dkgViz.nodes.get().filter(n => n.owes && n.kind === 'unit'
            && n.shapeProperties.borderDashes && n.color.border === '#d32f2f').map(n => n.label)""")
        assert sorted(marked) == sorted(KIEN_GIANG_DISTRICTS + BAC_KAN_COMMUNES)
        x, y = node_screen_position(browser, lk.id)
        browser.move_mouse(x, y)
        browser.wait_for("(t => t && t.textContent.includes('Kiên Lương'))"
                         "(document.querySelector('div.vis-tooltip'))", timeout=10)
        tip = browser.evaluate("document.querySelector('div.vis-tooltip').textContent")
        shot = browser.screenshot(tmp_path / "gaps.png")
        assert browser.log.console_errors == [] and browser.log.blocked_requests == []
    assert "Đơn vị · Unit: Ủy ban nhân dân huyện Kiên Lương" in tip
    assert "Tình trạng · Status: overdue: no plan found after the due date" in tip
    assert "Yêu cầu · Required: owes a plan to (draft, no number) of Ủy ban nhân dân tỉnh Kiên Giang" in tip
    assert "(003_8f1432702b8498b4.txt:77)" in tip and "Địa bàn · Area: Tỉnh Kiên Giang" in tip
    assert shot.read_bytes().startswith(PNG)


EVIL_DOC = """ỦY BAN NHÂN DÂN HUYỆN KIÊN LƯƠNG

Số: 12/KH-UBND

Kiên Lương, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Thực hiện Chỉ thị số 33/CT-TTg <script>window.__dkgPwned=1</script> \
<img src=x onerror="window.__dkgPwned=2"> <a href="javascript:window.__dkgPwned=3">href</a> năm 2024

Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ, Ủy ban nhân dân huyện Kiên Lương \
ban hành Kế hoạch như sau:

I. TỔ CHỨC THỰC HIỆN

1. UBND các xã, thị trấn xây dựng kế hoạch thực hiện, báo cáo kết quả về UBND huyện trước ngày 15/11/2024.
"""
EVIL_ISSUER = '</script><img src=y onerror="window.__dkgPwned=4"> Sở <b>href</b> \u2028 & <!--'
EVIL_EVIDENCE = '<svg onload="window.__dkgPwned=5"></svg> Căn cứ <a href="https://example.com/">href</a>'


def test_crafted_titles_stay_text(chromium_binary, tmp_path, new_store):
    doc = tmp_path / "evil.txt"
    doc.write_text(EVIL_DOC, encoding="utf-8")
    s = new_store(tmp_path / "kg")
    assert load_paths(s, [str(doc)]).ok
    # an issuer name and a link's evidence sentence with markup, as a hostile document could carry
    s.update(f"""INSERT DATA {{ GRAPH <urn:evil> {{
        <urn:evil:plan> a dkg:Instrument, dkg:Plan ; eli:number "7/KH-SNV" ; dkg:year 2024 ;
            eli:passed_by <urn:evil:body> ; dkg:hasSourceDocument <urn:evil:src> .
        <urn:evil:src> dkg:file "/tmp/evil2.txt" .
        <urn:evil:body> skos:prefLabel {_literal(EVIL_ISSUER)} ; dkg:level "province" .
        <urn:evil:link> dkg:citingInstrument <urn:evil:plan> ;
            dkg:citedInstrument <{_iri_of(s, "33/CT-TTg")}> ; dkg:role dkg:RoleImplements ;
            dkg:inferred false ; dkg:evidenceLine 3 ; prov:wasDerivedFrom <urn:evil:src> ;
            dkg:evidenceText {_literal(EVIL_EVIDENCE)} . }} }}""")
    sel = select(s, year=2024)
    evil = next(n for n in sel.nodes.values() if n.number == "12/KH-UBND")
    assert "<img src=x" in evil.title  # the parser kept the text as written
    page = write_html(tmp_path / "evil.html", sel, layout(sel))
    raw = page.read_text(encoding="utf-8")
    assert "<img src=" not in raw and "<svg" not in raw and "window.__dkgPwned=1</script>" not in raw
    with Chromium(binary=chromium_binary) as browser:
        browser.open(page)
        tips = {}
        for node_id, label, expect in ((evil.id, "title", "Chỉ thị số 33/CT-TTg <script>"),
                                       ("urn:evil:plan", "issuer", "Sở <b>href</b>")):
            browser.evaluate("dkgViz.network.unselectAll()")
            browser.move_mouse(5, 5)
            x, y = node_screen_position(browser, node_id)
            browser.move_mouse(x, y)
            browser.wait_for("(t => t && t.style.visibility !== 'hidden' && t.textContent.includes("
                             f"{json.dumps(expect)}))(document.querySelector('div.vis-tooltip'))", timeout=10)
            tips[label] = browser.evaluate("""(() => { const t = document.querySelector('div.vis-tooltip');
                return [t.textContent, t.querySelectorAll('img, script, svg, a, b, iframe').length]; })()""")
        browser.pump(0.3)
        assert browser.evaluate("typeof window.__dkgPwned") == "undefined"
        assert browser.evaluate("document.querySelectorAll('img, svg, iframe, a, b').length") == 0
        edge_tip = browser.evaluate("""dkgViz.edges.get().map(e => e.title && e.title.textContent)
                                       .filter(t => t && t.includes('svg'))""")
        browser.screenshot(tmp_path / "evil.png")
        assert browser.log.dialogs == []
        assert browser.log.blocked_requests == []
        assert browser.log.console_errors == []
    text, elements = tips["title"]
    assert elements == 0
    assert ('Thực hiện Chỉ thị số 33/CT-TTg <script>window.__dkgPwned=1</script> '
            '<img src=x onerror="window.__dkgPwned=2"> <a href="javascript:window.__dkgPwned=3">href</a>'
            ' năm 2024') in text
    text, elements = tips["issuer"]
    assert elements == 0 and EVIL_ISSUER in text
    assert edge_tip == [f"Quan hệ · Link: Thực hiện · Carries outCăn cứ · Evidence: {EVIL_EVIDENCE} "
                        "(evil2.txt:3)"]


def _literal(text: str) -> str:
    from pyoxigraph import Literal

    return str(Literal(text))


def _iri_of(store, number):
    from directive_kg.kg.answers.chain import find_instruments

    [node] = find_instruments(store, number)
    return node.iri

