"""What every request handler shares: the store, the query workers, the templates, and how a
KGError becomes a page."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from directive_kg.errors import KGError, NotFoundError, StoreError

from .dashboard import GapReports
from .query_workers import QueryPool
from .settings import ServeSettings
from .store_access import StoreHolder


@dataclass
class Web:
    """What every request handler shares."""

    settings: ServeSettings
    holder: StoreHolder
    pool: QueryPool
    templates: Environment
    reports: GapReports  # find_gaps's answers per store generation (kg/web/dashboard.py)

    def page(self, name: str, *, status: int = 200, nav: str = "", **context) -> HTMLResponse:
        html = self.templates.get_template(name).render(
            generation=self.holder.generation(), nav=nav, **context)
        return HTMLResponse(html, status_code=status)

    def error_page(self, err: KGError) -> HTMLResponse:
        status = http_status(err)
        heading = {400: "Yêu cầu không hợp lệ · Bad request", 404: "Không tìm thấy · Not found"}.get(
            status, "Không đọc được kho · The store cannot be read")
        return self.page("error.html.j2", status=status, heading=heading, message=str(err))


def http_status(err: KGError) -> int:
    """A KGError as an HTTP status: the store cannot be read → 503; what was named is not there →
    404; anything else the request asked for that cannot be answered as asked → 400."""
    if isinstance(err, StoreError):
        return 503
    return 404 if isinstance(err, NotFoundError) else 400


def web_of(request: Request) -> Web:
    return request.app.state.web


def templates() -> Environment:
    from . import dashboard, pages

    # autoescape everywhere: every text from a document is data, never markup
    env = Environment(loader=PackageLoader("directive_kg.kg.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(statuses=dashboard.STATUSES, status_labels=dashboard.STATUS_LABELS,
                       status_colours=dashboard.STATUS_COLOURS, document_id=dashboard.document_id,
                       incomplete_shown=dashboard.INCOMPLETE_SHOWN,
                       chain_query=pages.chain_query)
    return env
