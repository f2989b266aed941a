"""The chain page: the `kg viz` view of an instrument, a year or a body, embedded. The view is
viz's own page (select → layout → render, the same calls as `kg viz`), served at /chain/view with
its own Content-Security-Policy (its inline scripts by hash, no connection at all) and shown in a
sandboxed frame, so its scripts run in an origin of their own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from directive_kg.errors import UsageError
from directive_kg.kg.store.store import Store
from directive_kg.viz import build_view
from directive_kg.viz.render import render_html

from .security import PAGE_CSP

FRAMED_CSP = PAGE_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@dataclass(frozen=True)
class ChainFilters:
    instrument: str = ""
    year: int | None = None
    under: str = ""
    depth: int | None = None
    gaps: bool = False
    as_of: date | None = None

    @classmethod
    def from_params(cls, params) -> ChainFilters:
        def text(name: str) -> str:
            return (params.get(name) or "").strip()

        def number(name: str) -> int | None:
            if not text(name):
                return None
            try:
                return int(text(name))
            except ValueError:
                raise UsageError(f"{name} must be a number, not {text(name)!r}") from None

        try:
            as_of = date.fromisoformat(text("as_of")) if text("as_of") else None
        except ValueError:
            raise UsageError(f"as_of must be a date YYYY-MM-DD, not {text('as_of')!r}") from None
        depth = number("depth")
        if depth is not None and depth < 0:
            raise UsageError("depth must be 0 or more")
        return cls(text("instrument"), number("year"), text("under"), depth,
                   text("gaps") in ("1", "on", "true"), as_of)

    def query(self) -> str:
        pairs = {"instrument": self.instrument, "year": self.year, "under": self.under,
                 "depth": self.depth, "gaps": "on" if self.gaps else None,
                 "as_of": self.as_of.isoformat() if self.as_of else None}
        return urlencode({k: v for k, v in pairs.items() if v not in ("", None)})

    @property
    def empty(self) -> bool:
        return not (self.instrument or self.year or self.under)


def view_html(store: Store, f: ChainFilters) -> tuple[str, str]:
    """The view's HTML and the Content-Security-Policy it declares (sent as a header too, with
    this server as the only page that may frame it)."""
    view = build_view(store, instrument=f.instrument or None, year=f.year, under=f.under or None,
                      depth=f.depth, gaps=f.gaps, as_of=f.as_of)
    html = render_html(view.selection, view.layout)
    found = _META_CSP.search(html)
    if found is None:  # viz's template changed: refuse to serve it without its policy
        raise RuntimeError("the kg viz page declares no Content-Security-Policy")
    return html, found.group(1) + "; frame-ancestors 'self'"
