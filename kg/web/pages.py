"""The pages people read: which URL shows what. Each handler reads the store through the same
library calls as the CLI and hands plain data to its template."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from directive_kg.errors import KGError

from .context import web_of


def home(request: Request) -> Response:
    web = web_of(request)
    try:
        store = web.holder.get()
    except KGError as err:
        return web.error_page(err)
    return web.page("home.html.j2", nav="gaps", graphs=len(store.named_graphs()))


def routes() -> list[Route]:
    return [Route("/", home)]
