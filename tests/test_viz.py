"""`kg viz` without a browser: what is selected, where it is drawn, what the HTML holds."""

import base64
import hashlib
import json
import re
from datetime import date

import pytest
from click.testing import CliRunner

from directive_kg.errors import NotFoundError, UsageError
from directive_kg.kg.cli.main import main
from directive_kg.kg.store.load import load_paths
from directive_kg.viz import build_view
from directive_kg.viz.layout import BAND_GAP, LINE, SLOT, block_columns, layout
from directive_kg.viz.render import render_html, script_json
from directive_kg.viz.select import Selection as Sel
from directive_kg.viz.select import (
    SelectionError,
    SelectionTooLarge,
    VizEdge,
    VizNode,
    fit_to_limit,
    group_units,
    select,
)
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def store(tmp_path_factory, new_store):
    s = new_store(tmp_path_factory.mktemp("viz") / "kg")
    assert load_paths(s, [str(CORPUS)]).ok
    return s


def numbers(sel):
    return sorted(n.number for n in sel.nodes.values())


def by_number(sel, number, issuer_part=""):
    [node] = [n for n in sel.nodes.values() if n.number == number and issuer_part in (n.issuer or "")]
    return node


def test_year_2024_draws_both_chains(store):
    sel = select(store, year=2024)
    assert numbers(sel) == ["(draft) /KH-UBND", "(draft) /KH-UBND", "209-KH/TU", "25-NQ/TW",
                            "33/CT-TTg", "89/KH-UBND"]
    kg_plan = by_number(sel, "(draft) /KH-UBND", "Kiên Giang")
    bk_plan = by_number(sel, "(draft) /KH-UBND", "thành phố Bắc Kạn")
    got = sorted((sel.nodes[e.source].number, sel.nodes[e.target].id, e.kind) for e in sel.edges)
    assert got == [("209-KH/TU", bk_plan.id, "implements"), ("25-NQ/TW", by_number(sel, "33/CT-TTg").id,
                                                             "implements"),
                   ("33/CT-TTg", kg_plan.id, "implements"), ("89/KH-UBND", bk_plan.id, "implements")]
    assert kg_plan.loaded and kg_plan.status == "loaded from 003_8f1432702b8498b4.txt"
    assert kg_plan.evidence.startswith("Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ")
    assert kg_plan.source == "003_8f1432702b8498b4.txt:9"
    assert kg_plan.date == "2024" and kg_plan.issuer == "Ủy ban nhân dân tỉnh Kiên Giang"
    assert not by_number(sel, "89/KH-UBND").loaded
    assert by_number(sel, "89/KH-UBND").status == "cited only (its text is not loaded)"
    assert by_number(sel, "33/CT-TTg").kind == "directive" and by_number(sel, "25-NQ/TW").kind == "resolution"


def test_instrument_chain_keeps_inferred_links_and_depth_cuts(store):
    sel = select(store, instrument="33/CT-TTg")
    assert numbers(sel) == ["(draft) /KH-UBND", "(draft) /KH-VPUBND", "25-NQ/TW", "33/CT-TTg", "80/KH-UBND"]
    kinds = sorted((sel.nodes[e.source].number, sel.nodes[e.target].number, e.kind, e.rule)
                   for e in sel.edges)
    assert kinds == [("25-NQ/TW", "33/CT-TTg", "implements", None),
                     ("33/CT-TTg", "(draft) /KH-UBND", "implements", None),
                     ("33/CT-TTg", "80/KH-UBND", "inferred", "parent-beside-basis"),
                     ("80/KH-UBND", "(draft) /KH-VPUBND", "implements", None)]
    one = select(store, instrument="33/CT-TTg", depth=1)
    assert numbers(one) == ["(draft) /KH-UBND", "25-NQ/TW", "33/CT-TTg", "80/KH-UBND"]
    assert numbers(select(store, instrument="33/CT-TTg", depth=0)) == ["33/CT-TTg"]


def test_under_a_body_and_the_errors(store):
    qb = select(store, under="UBND tỉnh Quảng Bình")  # abbreviation resolved to the canonical name
    assert numbers(qb) == ["(draft) /KH-VPUBND", "25-NQ/TW", "33/CT-TTg", "80/KH-UBND"]
    assert qb.description == "all loaded instruments under UBND tỉnh Quảng Bình"
    hh = select(store, instrument="39/KH-UBND", year=2025)
    assert numbers(hh) == ["(draft) /KH-VHTT-TDTT", "39/KH-UBND"]
    with pytest.raises(UsageError, match=r"^39/KH-UBND is ambiguous \(39/KH-UBND · 2022-02-23 · Ủy ban "
                                         r"nhân dân tỉnh Kiên Giang; 39/KH-UBND · 2025-01-20 · Ủy ban "
                                         r"nhân dân huyện Hướng Hóa\); narrow it with --year$"):
        select(store, instrument="39/KH-UBND")
    with pytest.raises(SelectionError, match="^nothing to draw: no loaded instrument of 2030$"):
        select(store, year=2030, gaps=True)
    with pytest.raises(NotFoundError, match="^no instrument numbered 1/KH-XYZ in the store$"):
        select(store, instrument="1/KH-XYZ")
    with pytest.raises(NotFoundError, match="^--under: no body named 'Sở Ngoại giao sao Hỏa' in the "
                                            "store or the unit registry$"):
        select(store, under="Sở Ngoại giao sao Hỏa")
    with pytest.raises(UsageError, match=r"^--under: 'Ban Thường vụ Tỉnh ủy' names 3 bodies \(Ban Thường vụ "
                                         r"Tỉnh ủy Bắc Kạn; Ban Thường vụ Tỉnh ủy Kiên Giang; Ban Thường "
                                         r"vụ Tỉnh ủy Quảng Bình\); give more of the name \(e.g. with its "
                                         r"place\) or the body's IRI$"):
        select(store, under="Ban Thường vụ Tỉnh ủy")


KIEN_GIANG_DISTRICTS = ["UBND huyện An Biên", "UBND huyện An Minh", "UBND huyện Châu Thành",
                        "UBND huyện Giang Thành", "UBND huyện Giồng Riềng", "UBND huyện Gò Quao",
                        "UBND huyện Hòn Đất", "UBND huyện Kiên Hải", "UBND huyện Kiên Lương",
                        "UBND huyện Tân Hiệp", "UBND huyện U Minh Thượng", "UBND huyện Vĩnh Thuận",
                        "UBND thành phố Hà Tiên", "UBND thành phố Phú Quốc", "UBND thành phố Rạch Giá"]
BAC_KAN_COMMUNES = ["UBND phường Huyền Tụng", "UBND phường Nguyễn Thị Minh Khai",
                    "UBND phường Phùng Chí Kiên", "UBND phường Sông Cầu", "UBND phường Xuất Hóa",
                    "UBND phường Đức Xuân",
                    "UBND xã Dương Quang", "UBND xã Nông Thượng"]


def test_year_2024_gaps_mark_the_23_owing_units(store):
    sel = select(store, year=2024, gaps=True, as_of=date(2025, 1, 1))
    assert len(sel.nodes) == 6 + 23 + 3 and len(sel.edges) == 4 + 23 + 3
    kg_plan = by_number(sel, "(draft) /KH-UBND", "Kiên Giang")
    bk_plan = by_number(sel, "(draft) /KH-UBND", "thành phố Bắc Kạn")
    owed_to = {}
    for e in sel.edges:
        if e.kind == "owes":
            owed_to.setdefault(e.source, []).append(sel.nodes[e.target])
    assert sorted(owed_to) == sorted([kg_plan.id, bk_plan.id])
    units = {k: sorted(n.label for n in v if n.kind == "unit") for k, v in owed_to.items()}
    assert units[kg_plan.id] == KIEN_GIANG_DISTRICTS and units[bk_plan.id] == BAC_KAN_COMMUNES
    assert len(sel.owing()) == sel.owing_count() == 23
    assert sorted(n.label for n in sel.nodes.values() if n.kind == "class") == [
        "Các phòng, ban, ngành, đoàn thể cấp thành phố", "Các sở, ban, ngành",
        "các đơn vị sự nghiệp công lập thuộc UBND tỉnh"]
    lk = next(n for n in sel.owing() if n.label == "UBND huyện Kiên Lương")
    assert (lk.level, lk.area) == (2, "Tỉnh Kiên Giang")
    assert lk.status == "overdue: no plan found after the due date"
    assert lk.issuer == "Ủy ban nhân dân huyện Kiên Lương" and lk.source == "003_8f1432702b8498b4.txt:77"
    assert lk.evidence.startswith("2. Các sở, ban, ngành và các đơn vị sự nghiệp công lập thuộc")
    assert {n.level for n in sel.owing() if n.label in BAC_KAN_COMMUNES} == {3}
    grouped = group_units(sel)
    groups = sorted((n.label, len(n.members), n.level) for n in grouped.nodes.values()
                    if n.kind == "unit_group")
    assert groups == [("15 đơn vị · units\nUBND tỉnh Kiên Giang", 15, 2),
                      ("8 đơn vị · units\nUBND thành phố Bắc Kạn", 8, 3)]
    assert grouped.owing_count() == 23 and len(grouped.nodes) == 6 + 2 + 3
    lay = layout(sel)
    assert min(lay.positions[n.id][1] for n in sel.owing() if n.level == 2) > lay.positions[kg_plan.id][1]
    assert min(lay.positions[n.id][1] for n in sel.owing() if n.level == 3) > lay.positions[bk_plan.id][1]


def test_gaps_under_a_body_keep_its_units(store):
    sel = select(store, year=2024, gaps=True, under="UBND tỉnh Kiên Giang", as_of=date(2025, 1, 1))
    assert sorted(n.label for n in sel.owing()) == KIEN_GIANG_DISTRICTS
    assert sorted(n.number for n in sel.nodes.values() if n.kind not in ("unit", "class")) == [
        "(draft) /KH-UBND", "25-NQ/TW", "33/CT-TTg"]


def test_layout_puts_levels_in_bands_and_parents_over_children(store):
    sel = select(store)
    lay = layout(sel)
    pos = {n.number + " " + (n.issuer or ""): lay.positions[n.id] for n in sel.nodes.values()}
    y = {k: v[1] for k, v in pos.items()}
    assert [b.label for b in lay.bands] == ["Trung ương · Central", "Tỉnh · Province", "Huyện · District"]
    # central above province above district; a same-level child one row lower (VP under 80/KH-UBND)
    assert y["25-NQ/TW Ban Chấp hành Trung ương Đảng"] == 0
    assert y["33/CT-TTg Thủ tướng Chính phủ"] == BAND_GAP
    assert y["80/KH-UBND Ủy ban nhân dân tỉnh Quảng Bình"] == 2 * BAND_GAP
    vp = pos["(draft) /KH-VPUBND Văn phòng Ủy ban nhân dân tỉnh Quảng Bình"]
    assert vp == (pos["80/KH-UBND Ủy ban nhân dân tỉnh Quảng Bình"][0], 3 * BAND_GAP)
    assert y["209-KH/TU Thành ủy Bắc Kạn"] == 4 * BAND_GAP
    assert y["(draft) /KH-UBND Ủy ban nhân dân thành phố Bắc Kạn"] == 5 * BAND_GAP
    # 33/CT-TTg sits over the middle of its two children
    kg = pos["(draft) /KH-UBND Ủy ban nhân dân tỉnh Kiên Giang"][0]
    qb = pos["80/KH-UBND Ủy ban nhân dân tỉnh Quảng Bình"][0]
    assert pos["33/CT-TTg Thủ tướng Chính phủ"][0] == (kg + qb) / 2 and qb - kg == SLOT
    assert len(set(lay.positions.values())) == len(sel.nodes)  # nothing drawn on top of another


def markup(html: str) -> list[tuple[str, list]]:
    """Every start tag of the page (script and style contents are not markup)."""
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def synthetic(units: int, bodies: int, instruments: int = 1) -> Sel:
    """A plan obliging ``units`` communes spread over ``bodies`` districts (no store needed)."""
    nodes = {f"i{i}": VizNode(f"i{i}", "plan", f"{i}/KH-UBND", 1, number=f"{i}/KH-UBND", loaded=True)
             for i in range(instruments)}
    edges = [VizEdge("i0", f"i{i}", "implements") for i in range(1, instruments)]
    for u in range(units):
        nodes[f"u{u}"] = VizNode(f"u{u}", "unit", f"UBND xã {u:05d}", 3, status="overdue", owes=True,
                                 parent_body=f"d{u % bodies}", parent_body_label=f"Huyện {u % bodies}")
        edges.append(VizEdge("i0", f"u{u}", "owes", "UBND các xã xây dựng kế hoạch", "x.txt:3"))
    return Sel(nodes, edges, "synthetic")


def test_above_the_limit_units_are_grouped_then_refused():
    sel = synthetic(3000, 100)
    assert fit_to_limit(sel, 3001) is sel
    grouped = fit_to_limit(sel, 2500)
    groups = [n for n in grouped.nodes.values() if n.kind == "unit_group"]
    assert len(grouped.nodes) == 101 and len(groups) == 100 and len(grouped.edges) == 100
    assert sorted(len(g.members) for g in groups) == [30] * 100 and grouped.owing_count() == 3000
    g0 = grouped.nodes["group:i0|d0"]
    assert g0.label == "30 đơn vị · units\nHuyện 0"
    assert g0.members[:2] == ["UBND xã 00000", "UBND xã 00100"]
    assert group_units(synthetic(0, 1, 3)).nodes.keys() == synthetic(0, 1, 3).nodes.keys()
    with pytest.raises(SelectionTooLarge, match=r"the view would have 3000 nodes \(3000 with units "
                                                r"grouped\), more than the limit of 2500; narrow it with "
                                                r"--under BODY"):
        fit_to_limit(synthetic(0, 1, 3000), 2500)


def test_many_leaves_wrap_into_a_block_shaped_like_the_window():
    assert [block_columns(n, 16) for n in (0, 1, 8, 16, 17, 600)] == [1, 1, 8, 16, 16, 16]
    sel = synthetic(600, 1)
    lay = layout(sel)
    # 24 columns: 4,080 px wide for 150 + 24 × 95 + 150 px high, the shape nearest 1.6 : 1
    # (16 columns: 2,720 × 3,815, 32 columns: 5,440 × 2,010)
    units = [lay.positions[f"u{u}"] for u in range(600)]
    assert len(set(units)) == 600
    assert sorted({y for _, y in units}) == [BAND_GAP + LINE * k for k in range(25)]
    xs = sorted({x for x, _ in units})
    assert len(xs) == 24 and lay.positions["i0"] == ((xs[0] + xs[-1]) / 2, 0)
    assert len({y for _, y in layout(sel, columns=40).positions.values()}) == 1 + 15


def test_script_json_is_inert_inside_a_script_element():
    text = script_json({"t": "</script><script>x()</script> <!-- & \u2028\u2029 Hà Nội"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text and "Hà Nội" in text
    assert json.loads(text) == {"t": "</script><script>x()</script> <!-- & \u2028\u2029 Hà Nội"}


def test_html_is_self_contained_and_keeps_document_text_as_data(store):
    store_text = "</script><script>alert(1)</script> <img src=x onerror=alert(2)> href"
    sel = select(store, year=2024)
    by_number(sel, "89/KH-UBND").title = store_text
    html = render_html(sel, layout(sel))
    lowered = html.lower()
    for banned in ("bootstrap", "node_modules", "//cdn", "<link", "<img", "<iframe", "@import"):
        assert banned not in lowered, banned
    tags = markup(html)
    assert [t for t, attrs in tags if {"src", "href"} & {a for a, _ in attrs}] == []
    assert [t for t, _ in tags if t not in ("html", "head", "meta", "title", "style", "body", "header", "h1",
                                            "p", "aside", "main", "script")] == []
    assert "<img src=x" not in html and "alert(1)</script>" not in html
    assert "@version 9.1.2" in html  # vis-network from inside the pyvis package, inlined
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2  # vis-network and the page script, nothing else executable
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
    for code in scripts:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "connect-src 'none'" in csp and "default-src 'none'" in csp
    raw = re.search(r'<script type="application/json" id="dkg-data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert len(data["nodes"]) == 6 and len(data["edges"]) == 4
    tips = {row[1] for n in data["nodes"] for row in n["tip"]}
    assert store_text in tips  # the exact text, to be shown through textContent
    assert all(n["physics"] is False and isinstance(n["x"], float) for n in data["nodes"])
    assert data["options"]["physics"] == {"enabled": False}


def test_kg_viz_command(tmp_path, monkeypatch, new_store):
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    new_store(tmp_path / "store", open_store=False)  # reference data in place; the command opens it again
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(CORPUS)]).exit_code == 0
    out = tmp_path / "v.html"
    r = runner.invoke(main, ["viz", "--year", "2024", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert r.output == f"wrote {out}: 6 nodes, 4 edges\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    r = runner.invoke(main, ["viz", "--instrument", "39/KH-UBND", "-o", str(out)])
    assert r.exit_code == SelectionError.exit_code and r.output.startswith("error: 39/KH-UBND is ambiguous")
    assert "Traceback" not in r.output


def test_build_view_reports_grouping(store):
    view = build_view(store, year=2024)
    assert not view.grouped and len(view.selection.nodes) == 6
