"""directive_kg.viz: interactive HTML views of the implementation chain (`kg viz`).

select.py chooses the subgraph from the store (where a view is selected), layout.py places it in
level bands, render.py writes one offline HTML file. (tests/headless.py opens such a file in
headless Chromium, for the tests and bench/.)"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from directive_kg.kg.store.store import Store

# Modules, not their same-named functions: `directive_kg.viz.select` stays the module.
from . import layout as _layout
from . import render as _render
from . import select as _select

NODE_LIMIT = _select.NODE_LIMIT


@dataclass
class View:
    selection: _select.Selection
    layout: _layout.Layout
    grouped: bool  # units were grouped to stay under the node limit


def build_view(store: Store, *, instrument: str | None = None, year: int | None = None,
               under: str | None = None, depth: int | None = None, gaps: bool = False,
               as_of: date | None = None, limit: int = NODE_LIMIT) -> View:
    sel = _select.select(store, instrument=instrument, year=year, under=under, depth=depth,
                         gaps=gaps, as_of=as_of)
    fitted = _select.fit_to_limit(sel, limit)
    return View(fitted, _layout.layout(fitted), fitted is not sel)


def write_view(view: View, path: str | os.PathLike, title: str | None = None) -> Path:
    return _render.write_html(path, view.selection, view.layout, title)


__all__ = ["NODE_LIMIT", "View", "build_view", "write_view"]
