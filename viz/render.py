"""A laid-out selection → one self-contained HTML file that works with no network.

pyvis holds the data model (nodes, edges, options); the page comes from our own template
(``templates/view.html.j2``), not pyvis's: pyvis 0.3.2 still writes a CDN bootstrap tag and a
``../node_modules`` script tag, and switches every tooltip to innerHTML when a title contains
"href". Here the vis-network 9.1.2 code and CSS bundled inside the pyvis package are inlined,
every document text travels as JSON data (escaped for a <script> element) and becomes tooltip
text through ``textContent`` only, and a Content-Security-Policy allows only the page's own
scripts (by hash) and no connection at all."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from .layout import Layout
from .select import Selection, VizEdge, VizNode

VIS_VERSION = "9.1.2"
SMOOTH_EDGES_UP_TO = 300  # curved edges cost a Bézier per edge per frame; straight lines above


@dataclass(frozen=True)
class Style:
    shape: str
    color: str  # border (and fill of a loaded instrument)
    legend: str
    glyph: str
    dashed: bool = False
    size: int = 16
    fill: str | None = None  # light fill, so that a dashed border shows


KIND_STYLES: dict[str, Style] = {
    "resolution": Style("star", "#6a1b9a", "Nghị quyết, Kết luận · Resolution, conclusion", "★",
                        size=22),
    "directive": Style("diamond", "#1565c0", "Chỉ thị · Directive", "◆", size=20),
    "legal": Style("triangle", "#00838f", "Luật, Nghị định, Quyết định · Law, decree, decision", "▲"),
    "plan": Style("square", "#2e7d32", "Kế hoạch, Chương trình · Plan, programme", "■"),
    "other": Style("dot", "#616161", "Văn bản khác · Other instrument", "●"),
    "unit": Style("dot", "#d32f2f", "Đơn vị chưa có kế hoạch · Unit owing a plan", "●", True, 13,
                  "#ffcdd2"),
    "unit_group": Style("hexagon", "#d32f2f",
                        "Nhóm đơn vị chưa có kế hoạch (số lượng) · Units owing a plan, grouped", "⬢",
                        True, 20, "#ffcdd2"),
    "class": Style("triangleDown", "#ef6c00",
                   "Nhóm đơn vị chưa liệt kê (chưa nạp danh sách) · Class of units, no roster", "▼",
                   True, 16, "#ffe0b2"),
}
EDGE_STYLES = {
    "implements": ("#455a64", False, "Được thực hiện bởi · Carried out by (stated)"),
    "inferred": ("#90a4ae", True, "Suy ra theo quy tắc · Carried out by (inferred by a rule)"),
    "owes": ("#d32f2f", True, "Yêu cầu xây dựng kế hoạch · Requires a plan from"),
}
HOLLOW_LEGEND = "Viền rỗng: chưa nạp văn bản · Hollow: text not loaded (cited only)"


def vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS shipped inside the pyvis package."""
    import pyvis

    base = Path(pyvis.__file__).parent
    for folder in (base / "lib" / f"vis-{VIS_VERSION}", base / "templates" / "lib" / f"vis-{VIS_VERSION}"):
        js, css = folder / "vis-network.min.js", folder / "vis-network.css"
        if js.is_file() and css.is_file():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise FileNotFoundError(f"vis-network {VIS_VERSION} not found inside pyvis at {base}")


def _asset(name: str) -> str:
    return resources.files("directive_kg.viz").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: object) -> str:
    """JSON that is inert inside a <script> element: no '</script>', no '<!--', and no U+2028/2029
    (line terminators to older JavaScript parsers). These characters only occur inside JSON
    strings, where the \\u escapes mean the same text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


def _inline_safe(code: str, closing: str) -> str:
    low = code.lower()
    if f"</{closing}" in low or (closing == "script" and "<!--" in low):
        raise ValueError(f"inlined code contains </{closing} and would end its element early")
    return code


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def _node_tip(n: VizNode) -> list[list[str]]:
    rows: list[tuple[str, str | None]]
    if n.kind == "unit_group":
        shown = n.members[:40]
        more = f" … và {len(n.members) - len(shown)} đơn vị khác · and more" if len(n.members) > 40 else ""
        rows = [("Nhóm · Group", n.title), ("Tình trạng · Status", n.status),
                ("Đơn vị · Units", "; ".join(shown) + more),
                ("Căn cứ · Evidence", _with_source(n.evidence, n.source))]
    elif n.kind in ("unit", "class"):
        rows = [("Đơn vị · Unit", n.issuer or n.label), ("Địa bàn · Area", n.area),
                ("Yêu cầu · Required", n.title),
                ("Hạn · Deadline", n.date), ("Tình trạng · Status", n.status),
                ("Căn cứ · Evidence", _with_source(n.evidence, n.source))]
    else:
        rows = [("Số · Number", n.number), ("Ngày · Date", n.date), ("Cơ quan · Issuer", n.issuer),
                ("Tình trạng · Status", n.status), ("Trích yếu · Title", n.title),
                ("Căn cứ · Evidence", _with_source(n.evidence, n.source))]
    return [[k, str(v)] for k, v in rows if v]


def _with_source(text: str | None, where: str | None) -> str | None:
    if not text:
        return None
    return f"{text} ({where})" if where else text


def _edge_tip(e: VizEdge) -> list[list[str]]:
    kind = {"implements": "Thực hiện · Carries out", "inferred": f"Suy ra · Inferred ({e.rule or 'rule'})",
            "owes": "Phải xây dựng kế hoạch · Owes a plan"}[e.kind]
    return [[k, v] for k, v in (("Quan hệ · Link", kind),
                                ("Căn cứ · Evidence", _with_source(e.evidence, e.where))) if v]


def build_network(sel: Selection, lay: Layout) -> Network:
    """The view as a pyvis Network: positions fixed by the layout, physics off."""
    net = Network(directed=True, cdn_resources="in_line")
    small = len(sel.nodes) <= SMOOTH_EDGES_UP_TO
    order = sorted(sel.nodes.values(), key=lambda n: (lay.rows[n.id], lay.positions[n.id], n.id))
    for n in order:
        st = KIND_STYLES[n.kind]
        x, y = lay.positions[n.id]
        # filled: a loaded instrument; hollow: only cited; light fill + dashed border: owing units
        fill = st.fill or (st.color if n.loaded else "#ffffff")
        net.add_node(
            n.id, label=n.label, shape=st.shape, size=st.size, x=x, y=y, physics=False,
            color={"background": fill, "border": st.color,
                   "highlight": {"background": fill, "border": "#000000"},
                   "hover": {"background": fill, "border": "#000000"}},
            borderWidth=3 if st.dashed else 2,
            shapeProperties={"borderDashes": [5, 3] if st.dashed else False},
            font={"size": 14, "color": "#b71c1c" if n.owes else "#212121"},
            kind=n.kind, owes=n.owes, tip=_node_tip(n))
    for i, e in enumerate(sel.edges):
        color, dashed, _ = EDGE_STYLES[e.kind]
        net.add_edge(e.source, e.target, id=f"e{i}", kind=e.kind, dashes=dashed,
                     color={"color": color, "highlight": "#000000", "hover": "#000000"},
                     width=1.5 if e.kind != "owes" else 1, tip=_edge_tip(e))
    net.options = {
        "physics": {"enabled": False},
        "layout": {"hierarchical": {"enabled": False}, "improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not small,
                        "hideEdgesOnZoom": not small, "navigationButtons": False, "keyboard": False},
        "nodes": {"widthConstraint": {"maximum": 150}, "font": {"face": "sans-serif"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical",
                             "roundness": 0.4} if small else False},
    }
    return net


def legend(sel: Selection) -> list[dict]:
    kinds = {n.kind for n in sel.nodes.values()}
    out = [{"glyph": s.glyph, "color": s.color, "text": s.legend, "dashed": s.dashed, "node": True}
           for k, s in KIND_STYLES.items() if k in kinds]
    if any(not n.loaded and n.kind in ("resolution", "directive", "legal", "plan", "other")
           for n in sel.nodes.values()):
        out.append({"glyph": "□", "color": "#424242", "text": HOLLOW_LEGEND, "dashed": False, "node": True})
    for kind in ("implements", "inferred", "owes"):
        if any(e.kind == kind for e in sel.edges):
            color, dashed, text = EDGE_STYLES[kind]
            out.append({"glyph": "⇢" if dashed else "→", "color": color, "text": text, "dashed": dashed,
                        "node": False})
    return out


def summary(sel: Selection) -> str:
    instruments = sum(1 for n in sel.nodes.values() if n.kind in ("resolution", "directive", "legal",
                                                                   "plan", "other"))
    text = f"{instruments} văn bản · instruments, {len(sel.edges)} liên kết · links"
    owing = sel.owing_count()
    classes = sum(1 for n in sel.nodes.values() if n.kind == "class")
    if owing or classes:
        text += f"; {owing} đơn vị chưa có kế hoạch · units owe a plan"
    if classes:
        text += f"; {classes} nhóm chưa liệt kê · classes not listed (no roster)"
    return text


def render_html(sel: Selection, lay: Layout, title: str | None = None) -> str:
    net = build_network(sel, lay)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    data = {
        "nodes": nodes, "edges": edges, "options": json.loads(options),
        "bands": [{"label": b.label, "top": b.top, "bottom": b.bottom, "level": b.level}
                  for b in lay.bands],
        "legend": legend(sel),
    }
    vis_js, vis_css = vis_assets()
    vis_js = _inline_safe(vis_js, "script")
    page_js = _inline_safe(_asset("view.js"), "script")
    styles = [_inline_safe(vis_css, "style"), _inline_safe(_asset("view.css"), "style")]
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    template = env.from_string(_template_text())
    return template.render(
        title=title or f"directive-kg · {sel.description}", summary=summary(sel),
        data_json=script_json(data), vis_js=vis_js, page_js=page_js, styles=styles,
        # Our own base64 digests in quotes: nothing to escape, and entities would only obscure them.
        script_hashes=Markup(" ".join(_csp_hash(c) for c in (vis_js, page_js))))


def _template_text() -> str:
    return resources.files("directive_kg.viz").joinpath("templates", "view.html.j2").read_text(
        encoding="utf-8")


def write_html(path: str | os.PathLike, sel: Selection, lay: Layout, title: str | None = None) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(sel, lay, title), encoding="utf-8")
    return out
