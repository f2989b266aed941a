"""Benchmark: first paint of a `kg viz` page with about 2,000 nodes in headless Chromium.

A synthetic chain is written into an in-memory store (33/CT-TTg → one plan per province → plans
of districts), selected, laid out and rendered like `kg viz --instrument 33/CT-TTg`, then opened in
the same headless Chromium as the browser tests, network shut. Printed, never asserted:
    python -m bench.viz_paint [--nodes 2000 2500 5000] [--screenshot bench/out/viz-2000.png]
`measure(nodes)` returns the numbers for bench/run.py."""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from pyoxigraph import NamedNode

from directive_kg.kg.answers.chain import find_instruments
from directive_kg.kg.graph.identity import instrument_key
from directive_kg.kg.graph.mapping import GraphBuilder
from directive_kg.kg.graph.vocab import ID, dkg
from directive_kg.kg.store.load import ensure_reference_data
from directive_kg.kg.store.store import Store
from directive_kg.loaders.records import Body, Evidence
from directive_kg.viz.layout import layout
from directive_kg.viz.render import write_html
from directive_kg.viz.select import select
from tests.headless import Chromium

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = 63


def synthetic_store(nodes: int) -> Store:
    """25-NQ/TW and 33/CT-TTg (the catalog), 63 province plans, district plans for the rest."""
    store = Store.memory()
    ensure_reference_data(store)
    [directive] = find_instruments(store, "33/CT-TTg")
    parent = NamedNode(directive.iri)
    districts = max(0, nodes - 2 - PROVINCES)
    for p in range(PROVINCES):
        b = GraphBuilder(NamedNode(f"{ID}graph/bench/{p}"))
        source = NamedNode(f"{ID}source/bench-{p}")
        b.add(source, dkg("file"), f"/bench/province-{p:02d}.txt")
        province = Body(f"UBND tỉnh T{p:02d}", f"Ủy ban nhân dân tỉnh T{p:02d}", "people_committee",
                        "province", f"T{p:02d}")
        plan = _plan(b, f"{p + 1}/KH-UBND", province, source)
        b.link(plan, parent, "implements", Evidence(9, "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021"))
        for d in range(p, districts, PROVINCES):
            district = Body(f"UBND huyện H{d:04d}", f"Ủy ban nhân dân huyện H{d:04d}", "people_committee",
                            "district", f"H{d:04d}", parent=province.name)
            child = _plan(b, f"{d + 100}/KH-UBND", district, source)
            b.link(child, plan, "implements", Evidence(10, f"Thực hiện Kế hoạch số {p + 1}/KH-UBND"))
        store.replace_graph(b.graph, b.quads)
    return store


def _plan(b: GraphBuilder, number: str, issuer: Body, source: NamedNode) -> NamedNode:
    node = b.instrument(instrument_key(number, "KH", 2024, issuer), number=number, doc_code="KH",
                        doc_type="Kế hoạch", date_=date(2024, 3, 1), year=2024, issuer=issuer)
    b.add(node, dkg("hasSourceDocument"), source)
    b.add(node, NamedNode("http://data.europa.eu/eli/ontology#title"),
          f"Kế hoạch thực hiện công tác dân vận năm 2024 của {issuer.name}")
    return node


def measure(nodes: int = 2000, screenshot: Path | None = None) -> dict:
    store = synthetic_store(nodes)
    t0 = time.perf_counter()
    sel = select(store, instrument="33/CT-TTg")
    t1 = time.perf_counter()
    lay = layout(sel)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        page = write_html(Path(tmp) / "view.html", sel, lay)
        t3 = time.perf_counter()
        size = page.stat().st_size
        with Chromium() as browser:
            start = time.perf_counter()
            browser.open(page, timeout=120)
            wall = time.perf_counter() - start
            paint_ms = browser.evaluate("dkgViz.firstPaintMs")
            drawn = browser.evaluate("dkgViz.network.body.nodeIndices.length")
            redraw_ms = browser.evaluate("""(() => { const n = dkgViz.network, t = performance.now();
                for (let i = 0; i < 5; i++) { n.redraw(); }  // synchronous: one full canvas draw
                return (performance.now() - t) / 5; })()""")
            if screenshot:
                browser.screenshot(screenshot)
            errors, requests = list(browser.log.console_errors), list(browser.log.blocked_requests)
    return {"nodes": len(sel.nodes), "edges": len(sel.edges), "drawn": drawn,
            "select_s": t1 - t0, "layout_s": t2 - t1, "render_s": t3 - t2, "html_mb": size / 1e6,
            "first_paint_ms": paint_ms, "open_to_ready_s": wall, "redraw_ms": redraw_ms,
            "console_errors": errors, "requests": requests}


def sample_screenshot(path: Path) -> Path:
    """`kg viz --year 2024 --gaps` on the sample corpus, with a unit's tooltip open."""
    from directive_kg.kg.store.load import load_paths

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "kg", write=True)
        load_paths(store, [str(ROOT / "samples" / "corpus")])
        sel = select(store, year=2024, gaps=True, as_of=date(2025, 1, 1))
        page = write_html(Path(tmp) / "gaps.html", sel, layout(sel))
        unit = next(n for n in sel.owing() if n.label == "UBND huyện Kiên Lương")
        with Chromium() as browser:
            browser.open(page)
            x, y = browser.evaluate(f"""(() => {{ const net = dkgViz.network, id = {unit.id!r};
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.getElementById('dkg-network').getBoundingClientRect();
                return [p.x + box.left, p.y + box.top]; }})()""")
            browser.move_mouse(x, y)
            browser.wait_for("document.querySelector('div.vis-tooltip')")
            browser.pump(0.4)
            return browser.screenshot(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, nargs="+", default=[2000])
    ap.add_argument("--screenshot", type=Path, default=ROOT / "bench" / "out" / "viz-2000.png")
    ap.add_argument("--sample-screenshot", type=Path, default=ROOT / "bench" / "out" / "viz-sample-2024.png")
    args = ap.parse_args()
    print(f"sample corpus, --year 2024 --gaps: {sample_screenshot(args.sample_screenshot)}")
    print(f"{'nodes':>6} {'edges':>6} {'select s':>9} {'layout s':>9} {'render s':>9} {'html MB':>8} "
          f"{'first paint ms':>15} {'open→ready s':>13} {'redraw ms':>10}  problems")
    for i, n in enumerate(args.nodes):
        r = measure(n, args.screenshot if i == 0 else None)
        problems = "; ".join(r["console_errors"] + r["requests"]) or "none"
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['select_s']:>9.2f} {r['layout_s']:>9.2f} "
              f"{r['render_s']:>9.2f} {r['html_mb']:>8.2f} {r['first_paint_ms']:>15.0f} "
              f"{r['open_to_ready_s']:>13.2f} {r['redraw_ms']:>10.1f}  {problems}")


if __name__ == "__main__":
    main()
