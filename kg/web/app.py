"""The web application: routes, the shared context (store, query workers, templates) and how an
error becomes a page. Each page's work is in its own module; this one only wires them."""

from __future__ import annotations

import contextlib
import threading
import time
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import pages
from .context import Web, templates, web_of
from .dashboard import GapReports
from .query_workers import QueryJob, QueryPool
from .security import COOKIE, SecurityMiddleware, token_matches
from .settings import ServeSettings
from .sparql import ProtocolError, query_from
from .store_access import StoreHolder


async def sparql_endpoint(request: Request) -> Response:
    """The SPARQL 1.1 Protocol endpoint (read-only)."""
    web = web_of(request)
    accept = request.headers.get("accept", "")
    if request.method == "GET" and not request.url.query and "text/html" in accept:
        return RedirectResponse("/query", status_code=303)  # a person typed /sparql
    try:
        text = query_from(request.method, request.url.query, request.headers.get("content-type", ""),
                          await request.body() if request.method == "POST" else b"")
    except ProtocolError as err:
        return Response(err.message + "\n", status_code=err.status, media_type="text/plain")
    override = request.query_params.get("format")
    answer = await web.pool.run(QueryJob(text, accept, override))
    headers = {"vary": "Accept"}
    if answer.status == 200 and override in ("csv", "tsv"):
        headers["content-disposition"] = f'attachment; filename="query.{override}"'
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                    headers=headers)


def login_form(request: Request) -> Response:
    return web_of(request).page("login.html.j2", next=_safe_next(request.query_params.get("next")),
                                failed=False)


async def login(request: Request) -> Response:
    web = web_of(request)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    given = (form.get("token") or [""])[0]
    target = _safe_next((form.get("next") or ["/"])[0])
    if not token_matches(given, web.settings.token):
        return web.page("login.html.j2", status=401, next=target, failed=True)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, given, httponly=True, samesite="strict", path="/")
    return response


def _safe_next(target: str | None) -> str:
    """Only a path on this server (no scheme, no //host): a login link cannot send people away."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _warm(web: Web, every: float = 5.0) -> None:
    """Compute the front page's report when the server starts and again after each load has
    settled (the merged view is current: the load is over), so nobody waits for it."""
    warmed = None
    while True:
        try:
            store = web.holder.get()
            generation = store.generation()
            if generation != warmed and (warmed is None or store.merged_current()):
                web.reports.latest_year(store)
                warmed = generation
        except Exception:  # noqa: BLE001 - warming is a convenience: the page says what is wrong
            pass
        time.sleep(every)


def create_app(settings: ServeSettings) -> Starlette:
    web = Web(settings, StoreHolder(settings.store_dir),
              QueryPool(settings.store_dir, settings.limits, settings.query_workers), templates(),
              GapReports())

    @contextlib.asynccontextmanager
    async def lifespan(app):
        web.pool.start()
        # the front page's report is computed while the server starts listening, so the first
        # person to open it does not wait for it
        threading.Thread(target=_warm, args=(web,), name="kg-serve-warm", daemon=True).start()
        try:
            yield
        finally:
            web.pool.close()

    routes = [
        *pages.routes(),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("directive_kg.kg.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.web = web
    app.add_middleware(SecurityMiddleware, settings=settings)
    return app
