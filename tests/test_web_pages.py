"""The document and chain pages over real HTTP, and hostile document text on every page: a title
holding <script> or an <img onerror>, an obligation sentence holding markup, an issuer name
closing a script element, all stay text (escaped in the HTML, JSON-escaped in the chain view)."""

from __future__ import annotations

import gc
import os
import re
from urllib.parse import quote, urlencode

import pytest

from directive_kg.kg.graph.identity import document_graph
from directive_kg.kg.store.load import load_paths
from tests.conftest import CORPUS, SEEDS
from tests.webserver import serve

EVIL_DOC = """ỦY BAN NHÂN DÂN HUYỆN KIÊN LƯƠNG

Số: 12/KH-UBND

Kiên Lương, ngày 05 tháng 3 năm 2024

KẾ HOẠCH
Thực hiện Chỉ thị số 33/CT-TTg <script>window.__dkgPwned=1</script> \
<img src=x onerror="window.__dkgPwned=2"> năm 2024

Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ, Ủy ban nhân dân huyện Kiên Lương \
ban hành Kế hoạch như sau:

I. TỔ CHỨC THỰC HIỆN

1. UBND các xã, thị trấn xây dựng kế hoạch thực hiện <img src=q onerror="window.__dkgPwned=6"> \
=HYPERLINK("x"), báo cáo kết quả về UBND huyện trước ngày 15/11/2024.
"""
EVIL_ISSUER = '</script><img src=y onerror="window.__dkgPwned=4"> Sở <b>href</b> \u2028 & <!--'
MARKUP = re.compile(r"<(script|img|svg|b)\b[^>]*(onerror|onload|__dkgPwned)|<script>window", re.I)


def doc_id(path) -> str:
    return document_graph(str(path)).value.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, new_store):
    folder = tmp_path_factory.mktemp("web-pages")
    evil = folder / "evil.txt"
    evil.write_text(EVIL_DOC, encoding="utf-8")
    s = new_store(folder / "kg")
    assert load_paths(s, [str(CORPUS), str(evil)]).ok
    del s
    gc.collect()
    return folder


@pytest.fixture(scope="module")
def server(store_dir):
    with serve(store_dir / "kg", log_dir=store_dir) as srv:
        yield srv


def test_document_page_marks_what_was_read_in_place(server):
    r = server.get(f"/document/{doc_id(SEEDS['003'])}")
    assert r.status == 200
    html = r.text
    # the obliging sentences of "III. TỔ CHỨC THỰC HIỆN" are marked on their lines
    line77 = re.search(r'<div class="kg-line" id="L77">(.*?)</div>', html).group(1)
    assert '<mark class="kg-m kg-m-obligation"' in line77
    assert "2. Các sở, ban, ngành và các đơn vị sự nghiệp công lập" in line77
    for line in (75, 77, 79, 81):
        assert re.search(rf'id="L{line}">.*?kg-m-obligation', html)
    # the citation of 33/CT-TTg on line 9 (the title's "Thực hiện"), marked as a citation
    line9 = re.search(r'<div class="kg-line" id="L9">(.*?)</div>', html).group(1)
    assert "kg-m-citation" in line9 and "33/CT-TTg" in line9
    assert re.search(r'id="L3">.*?kg-m-number"[^>]*>Số: /KH-UBND</mark>', html)  # the draft's blank number
    # the record beside the text: every mark linked to its line
    obligations = re.search(r'<ol class="kg-marks" id="kg-marks-obligation">(.*?)</ol>', html, re.S).group(1)
    assert obligations.count('<a href="#L77">') == 2  # a plan and a report read on line 77
    assert '<a href="#L75">' in obligations and "Hạn · Deadline" not in obligations  # no deadline stated
    implements = re.search(r'<ul id="kg-implements">(.*?)</ul>', html, re.S).group(1)
    assert "33/CT-TTg" in implements and "Thủ tướng Chính phủ" in implements
    assert 'id="kg-text-note"' not in html  # the file is as loaded


def test_document_links_go_both_ways_and_unknown_ids_are_404(server):
    html = server.get(f"/document/{doc_id(SEEDS['004'])}").text
    implements = re.search(r'<ul id="kg-implements">(.*?)</ul>', html, re.S).group(1)
    assert "209-KH/TU" in implements and "89/KH-UBND" in implements and "<a href" not in implements
    assert server.get("/document/0000000000000000").status == 404
    assert server.get("/document/" + quote("../../etc")).status == 404


def test_chain_page_embeds_the_kg_viz_view_with_its_own_policy(server):
    page = server.get("/chain?" + urlencode({"instrument": "33/CT-TTg"}))
    assert page.status == 200
    assert ('<iframe id="kg-chain-frame" class="kg-chain-frame" title="Chuỗi văn bản · Chain" '
            'sandbox="allow-scripts" referrerpolicy="no-referrer" '
            'src="/chain/view?instrument=33%2FCT-TTg"></iframe>') in page.text
    view = server.get("/chain/view?instrument=33%2FCT-TTg")
    assert view.status == 200 and view.headers["x-frame-options"] == "SAMEORIGIN"
    csp = view.headers["content-security-policy"]
    assert csp.startswith("default-src 'none'; script-src 'sha256-") and "connect-src 'none'" in csp
    assert csp.endswith("frame-ancestors 'self'")
    assert "'self'" not in csp.split("frame-ancestors")[0]  # its scripts inline, by hash only
    assert "33/CT-TTg" in view.text
    unknown = server.get("/chain/view?instrument=99%2FXX-YY")  # said inside the frame
    assert unknown.status == 404 and "no instrument numbered 99/XX-YY in the store" in unknown.text
    assert unknown.headers["x-frame-options"] == "SAMEORIGIN"
    assert "depth must be" in server.get("/chain?depth=-1").text


def test_hostile_document_text_stays_text_on_every_page(server):
    pages = {}
    gaps = server.get("/?" + urlencode({"year": 2024, "as_of": "2025-01-01",
                                         "instrument": "12/KH-UBND"}))
    pages["gaps"] = gaps.text
    rows = re.findall(r'data-href="(/document/\w+)#L14"', gaps.text)
    assert len(rows) >= 2  # the communes of Kiên Lương owe the evil plan's plan and report
    pages["document"] = server.get(rows[0]).text
    pages["chain view"] = server.get("/chain/view?" + urlencode({"year": 2024})).text
    pages["chain"] = server.get("/chain?" + urlencode({"year": 2024, "under": EVIL_ISSUER})).text
    pages["csv"] = server.get("/gaps.csv?year=2024&as_of=2025-01-01&instrument=12%2FKH-UBND").text
    for name, html in pages.items():
        if name == "csv":
            assert '<img src=q onerror=""window.__dkgPwned=6"">' in html  # data, CSV-quoted
            continue
        assert not MARKUP.search(html), name
    doc = pages["document"]
    assert ("Thực hiện Chỉ thị số 33/CT-TTg &lt;script&gt;window.__dkgPwned=1&lt;/script&gt; "
            "&lt;img src=x onerror=&#34;window.__dkgPwned=2&#34;&gt; năm 2024") in doc
    assert "&lt;img src=q onerror=&#34;window.__dkgPwned=6&#34;&gt;" in pages["gaps"]
    assert "\\u003cscript\\u003ewindow.__dkgPwned=1\\u003c/script\\u003e" in pages["chain view"]
    assert "&lt;/script&gt;&lt;img src=y" in pages["chain"]  # echoed in the form, escaped


def test_query_page_preloads_the_named_queries_ready_to_run(server):
    import json

    from directive_kg import queries
    from directive_kg.kg.web.query_page import named_queries, parameters

    page = server.get("/query")
    assert page.status == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self' 'unsafe-inline'" in csp
    scripts = re.findall(r"<script([^>]*)>", page.text)
    cypher = [' type="application/json" id="kg-cypher-queries"'] if os.environ.get("NEO4J_URI") else []
    assert scripts == [' type="application/json" id="kg-named-queries"', *cypher,
                       ' src="/static/vendor/yasgui/yasgui.min.js"', ' src="/static/query.js"']
    data = json.loads(re.search(r'id="kg-named-queries">(.*?)</script>', page.text, re.S).group(1))
    assert [q["name"] for q in data] == queries.available()
    # parameters bound to an example as a VALUES clause; optional ones (gaps's ?asOf) left out
    assert parameters(queries.load("gaps")) == {"year": " (integer, required)"}
    assert parameters(queries.load("chain-up")) == {"number": ' (e.g. "80/KH-UBND")'}
    ready = {q.name: q.text for q in named_queries(2024)}
    assert 'VALUES (?number) { ("80/KH-UBND") }' in ready["chain-up"]
    assert 'VALUES (?year) { ("2024"^^<http://www.w3.org/2001/XMLSchema#integer>) }' in ready["gaps"]
    # each runs as it stands against the endpoint (prefixes declared, parameters bound)
    for name, text in ready.items():
        reply = server.sparql(text)
        assert reply.status == 200, (name, reply.text)
    vendor = server.get("/static/vendor/yasgui/yasgui.min.js")
    assert vendor.status == 200 and len(vendor.body) > 900_000
    assert server.get("/static/vendor/yasgui/LICENSES.txt").text.count("@zazuko/yasgui 4.6.2: MIT") == 1
    if not os.environ.get("NEO4J_URI"):
        assert server.request("/cypher", data=b"query=RETURN%201").status == 404  # no Neo4j configured


@pytest.mark.neo4j
def test_cypher_form_runs_read_only_cypher(neo4j_settings, server):
    import json

    ok = server.request("/cypher", data=b"query=RETURN%201%20AS%20one%2C%20%27%3Cb%3E%27%20AS%20t")
    assert ok.status == 200 and json.loads(ok.body) == {"columns": ["one", "t"],
                                                        "rows": [{"one": 1, "t": "<b>"}]}
    write = server.request("/cypher", data=b"query=CREATE%20(:KgServeTest)")
    assert write.status == 400 and "read" in json.loads(write.body)["error"].lower()
    bad = server.request("/cypher", data=b"query=MATCH%20(")
    assert bad.status == 400 and json.loads(bad.body)["error"]
