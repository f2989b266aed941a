"""Positions for a selection, in explicit level bands: central → province → district → commune/unit.

No physics: the band of a node is its issuer's level (dkg:level) or, for a unit, its registry level.
Inside a level, an instrument that carries out another of the same level goes one row lower (the
Văn phòng's plan under the province plan). Across, each node sits above the middle of its
descendants (a tidy tree over each node's nearest parent); a parent's leaf children that share a
row are wrapped into a grid block, so 600 communes under one plan stay compact; the block width is
chosen so that the whole drawing has about the shape of a browser window."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .select import LEVELS, Selection, VizNode

SLOT = 170  # px between neighbouring nodes: a wrapped label is at most ~150 px wide
LINE = 95  # px between wrapped lines of one row: a node and three lines of label
BAND_GAP = 150  # px between rows
LEVEL_NAMES = ("Trung ương · Central", "Tỉnh · Province", "Huyện · District",
               "Xã, đơn vị · Commune, unit")
_KIND_ORDER = {"resolution": 0, "legal": 1, "directive": 2, "plan": 3, "other": 4, "class": 5,
               "unit_group": 6, "unit": 7}


@dataclass(frozen=True)
class Band:
    """A horizontal strip of the drawing holding one level, for the labels drawn behind nodes."""

    level: int
    label: str
    top: float
    bottom: float


@dataclass
class Layout:
    positions: dict[str, tuple[float, float]]
    bands: list[Band]
    rows: dict[str, tuple[int, int]]  # node → (level, row inside the level)


COLUMN_CHOICES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 40)
TARGET_ASPECT = 1.6  # width / height of a laptop browser window below the page header


def block_columns(count: int, cap: int) -> int:
    return max(1, min(count, cap))


def layout(sel: Selection, columns: int | None = None) -> Layout:
    """Positions in level bands. ``columns`` caps the width of leaf blocks; by default the cap whose
    drawing is closest to the window's shape is chosen (63 provinces with 30 districts each become
    63 narrow columns rather than one strip 170,000 px wide)."""
    tree = _Tree(sel)
    if columns is not None:
        return tree.place(columns)
    best = None
    for cap in COLUMN_CHOICES:
        lay = tree.place(cap)
        xs = [x for x, _ in lay.positions.values()] or [0.0]
        ys = [y for _, y in lay.positions.values()] or [0.0]
        aspect = (max(xs) - min(xs) + SLOT) / (max(ys) - min(ys) + BAND_GAP)
        score = abs(math.log(aspect / TARGET_ASPECT))
        if best is None or score < best[0] - 1e-9:
            best = (score, lay)
        if aspect > TARGET_ASPECT * 4:  # wider caps only get wider
            break
    return best[1]


class _Tree:
    """What does not depend on the column cap: the forest over nearest parents, and the rows."""

    def __init__(self, sel: Selection):
        nodes = sel.nodes
        parents: dict[str, list[str]] = defaultdict(list)
        for e in sel.edges:
            if e.source in nodes and e.target in nodes and e.source != e.target:
                parents[e.target].append(e.source)
        primary = _primary_parents(nodes, parents)
        self.row = _rows(nodes, primary)
        self.children: dict[str | None, list[str]] = defaultdict(list)
        for n in sorted(nodes, key=lambda n: _order_key(nodes[n])):
            self.children[primary.get(n)].append(n)
        self.post_order = _post_order(self.children)

    def place(self, cap: int) -> Layout:
        children, row = self.children, self.row
        width: dict[str, float] = {}
        for n in self.post_order:  # subtree widths in slots, children first
            width[n] = max(1.0, sum(w for _, w in _items(children[n], children, width, row, cap)))
        positions: dict[str, tuple[float, float]] = {}
        lines: dict[tuple[int, int], int] = defaultdict(lambda: 1)
        offsets: dict[str, int] = {}  # node → wrapped line inside its row
        stack: list[tuple[str | None, float]] = [(None, 0.0)]
        while stack:
            parent, x0 = stack.pop()
            if parent is not None:
                positions[parent] = ((x0 + width[parent] / 2) * SLOT, 0.0)
            for item, w in _items(children[parent], children, width, row, cap):
                if isinstance(item, list):  # a grid block of leaves sharing one row
                    cols = block_columns(len(item), cap)
                    for i, leaf in enumerate(item):
                        positions[leaf] = ((x0 + (w - cols) / 2 + i % cols + 0.5) * SLOT, 0.0)
                        offsets[leaf] = i // cols
                    band = row[item[0]]
                    lines[band] = max(lines[band], math.ceil(len(item) / cols))
                else:
                    stack.append((item, x0))
                x0 += w
        band_y = _band_tops(sorted(set(row.values())), lines)
        for n, (x, _) in positions.items():
            positions[n] = (round(x, 1), band_y[row[n]] + offsets.get(n, 0) * LINE)
        return Layout(positions, _bands(row, band_y, lines), dict(row))


def _order_key(node: VizNode) -> tuple:
    return (node.level, _KIND_ORDER.get(node.kind, 9), node.area or "", node.label.casefold(), node.id)


def _primary_parents(nodes: dict[str, VizNode], parents: dict[str, list[str]]) -> dict[str, str]:
    """Each node hangs under one parent for the layout: the nearest one above it (highest level not
    below its own), then by name. Cycles are cut so that the result is a forest."""
    primary: dict[str, str] = {}
    for n, ps in parents.items():
        own = nodes[n].level
        above = [p for p in ps if nodes[p].level <= own] or ps
        primary[n] = min(above, key=lambda p: (-nodes[p].level, _order_key(nodes[p])))
    for start in sorted(primary):
        path, n = [], start
        while n in primary and n not in path:
            path.append(n)
            n = primary[n]
        if n in path:  # a cycle: the node where it closes becomes a root
            del primary[n]
    return primary


def _rows(nodes: dict[str, VizNode], primary: dict[str, str]) -> dict[str, tuple[int, int]]:
    row: dict[str, tuple[int, int]] = {}
    for start in nodes:
        path, n = [], start
        while n not in row:
            path.append(n)
            if n not in primary:
                break
            n = primary[n]
        for m in reversed(path):
            p = primary.get(m)
            same = p is not None and nodes[p].level == nodes[m].level and p in row
            row[m] = (nodes[m].level, row[p][1] + 1 if same else 0)
    return row


def _post_order(children: dict[str | None, list[str]]) -> list[str]:
    out, stack = [], [(c, False) for c in reversed(children[None])]
    while stack:
        n, done = stack.pop()
        if done:
            out.append(n)
            continue
        stack.append((n, True))
        stack.extend((c, False) for c in reversed(children[n]))
    return out


def _items(kids: list[str], children, width, row, cap: int) -> list[tuple[object, float]]:
    """A node's children as items laid side by side: subtrees, and one grid block per row for the
    leaves (kept in the children's order, blocks where their first leaf was)."""
    items: list[tuple[object, float]] = []
    blocks: dict[tuple[int, int], list[str]] = {}
    for k in kids:
        if children.get(k):
            items.append((k, width.get(k, 1.0)))
        elif row[k] in blocks:
            blocks[row[k]].append(k)
        else:
            blocks[row[k]] = [k]
            items.append((blocks[row[k]], 0.0))
    return [(it, float(block_columns(len(it), cap)) if isinstance(it, list) else w) for it, w in items]


def _band_tops(bands: list[tuple[int, int]], lines: dict[tuple[int, int], int]) -> dict:
    tops, y = {}, 0.0
    for b in bands:
        tops[b] = y
        y += (lines[b] - 1) * LINE + BAND_GAP
    return tops


def _bands(row: dict[str, tuple[int, int]], band_y: dict, lines: dict) -> list[Band]:
    out = []
    for level in range(len(LEVELS)):
        mine = [b for b in band_y if b[0] == level]
        if not mine:
            continue
        top = min(band_y[b] for b in mine) - BAND_GAP / 2
        bottom = max(band_y[b] + (lines[b] - 1) * LINE for b in mine) + BAND_GAP / 2
        out.append(Band(level, LEVEL_NAMES[level], top, bottom))
    return out
