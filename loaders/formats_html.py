"""HTML pages saved from portals → the document's text, line by line.

Navigation, menus, breadcrumbs, sidebars, footers, scripts and styles are dropped; block
elements (p, div, li, h1-h6, tr, br, ...) end a line; tables are read as ``tables.table_lines``
says. Only the standard library's tolerant ``html.parser`` is used."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .tables import table_lines

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "aside", "footer", "form",
         "button", "select", "iframe", "object", "menu", "head", "canvas", "map"}
_BOILERPLATE = re.compile(r"(?:^|[\s_-])(nav|navbar|menu|breadcrumbs?|footer|sidebar|banner|social|"
                          r"share|comments?|related|tin-?lien-?quan|quang-?cao)(?:$|[\s_-])", re.I)
_BLOCK = {"p", "div", "section", "article", "main", "header", "li", "ul", "ol", "dl", "dt", "dd",
          "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "address", "figure",
          "figcaption", "center", "body", "html", "hr"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base", "source",
         "embed", "param", "track"}
# a new element of this kind closes the open one of the same family
_CLOSES = {"p": {"p"}, "li": {"li"}, "td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr", "td", "th"},
           "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"}}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:8192])
    return m.group(1).decode("ascii").lower() if m else None


class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []


class _TreeBuilder(HTMLParser):
    """A forgiving tree: unknown end tags are ignored, unclosed elements are closed by their
    parent's end tag or by a sibling of the same family."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        family = _CLOSES.get(tag)
        if family:
            barrier = {"table"} if tag in ("td", "th", "tr") else {"ul", "ol", "dl", "div", "table"}
            for i in range(len(self.stack) - 1, 0, -1):
                t = self.stack[i].tag
                if t in barrier:
                    break
                if t in family:
                    del self.stack[i:]
                    break
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _skipped(node: _Node) -> bool:
    if node.tag in _SKIP:
        return True
    marks = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')} {node.attrs.get('role', '')}"
    if node.attrs.get("role") in ("navigation", "banner", "contentinfo") or "hidden" in node.attrs:
        return True
    return bool(marks.strip()) and bool(_BOILERPLATE.search(marks))


class _Lines:
    def __init__(self):
        self.lines: list[str] = []
        self.current: list[str] = []

    def text(self, s: str, pre: bool) -> None:
        if pre:
            parts = s.split("\n")
            self.current.append(parts[0])
            for p in parts[1:]:
                self.end()
                self.current.append(p)
        else:
            self.current.append(re.sub(r"\s+", " ", s))

    def end(self) -> None:
        line = re.sub(r"[ \t]+", " ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []


def _walk(node: _Node, out: _Lines, pre: bool = False, content: bool = False) -> None:
    """``content``: inside <main> or <article>, where a <header> is the document's own."""
    for child in node.children:
        if isinstance(child, str):
            out.text(child, pre)
            continue
        tag = child.tag
        if _skipped(child) or (tag == "header" and not content):
            continue
        if tag == "br":
            out.end()
        elif tag == "table":
            out.end()
            out.lines.extend(table_lines(_rows(child)))
        elif tag in _BLOCK:
            out.end()
            _walk(child, out, pre or tag == "pre", content or tag in ("main", "article"))
            out.end()
        else:
            _walk(child, out, pre, content)


def _rows(table: _Node) -> list[list[list[str]]]:
    rows: list[list[list[str]]] = []

    def visit(node: _Node) -> None:
        for child in node.children:
            if isinstance(child, str) or _skipped(child):
                continue
            if child.tag == "tr":
                row = []
                for cell in child.children:
                    if isinstance(cell, _Node) and cell.tag in ("td", "th"):
                        lines = _Lines()
                        _walk(cell, lines, content=True)
                        lines.end()
                        row.append(lines.lines)
                rows.append(row)
            elif child.tag != "table":  # thead, tbody, tfoot; nested tables stay in their cell
                visit(child)

    visit(table)
    return rows


def html_text(markup: str) -> str:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    out = _Lines()
    _walk(builder.root, out)
    out.end()
    return "\n".join(out.lines)
