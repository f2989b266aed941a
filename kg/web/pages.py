"""The pages people read: which URL shows what. Each handler reads the store through the same
library calls as the CLI and hands plain data to its template."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from directive_kg.errors import KGError
from directive_kg.kg.answers.gaps import GapRow

from . import chain, dashboard, documents, downloads
from . import query_page as query_page_data
from .context import http_status, web_of
from .security import QUERY_PAGE_CSP


def gaps_page(request: Request) -> Response:
    """The front page: the gaps dashboard."""
    web = web_of(request)
    try:
        store = web.holder.get()
    except KGError as err:
        return web.error_page(err)
    params = request.query_params
    try:
        f = dashboard.GapFilters.from_params(params, 0 if params.get("year") else
                                             web.reports.latest_year(store))
    except KGError as err:
        f = dashboard.GapFilters.from_params({}, web.reports.latest_year(store))
        return web.page("gaps.html.j2", status=400, nav="gaps", f=f, d=None, error=str(err))
    try:
        d = dashboard.build(store, f, web.reports.report(store, f))
    except KGError as err:  # an unknown body or instrument: said on the form, not a crash
        return web.page("gaps.html.j2", status=http_status(err), nav="gaps", f=f, d=None,
                        error=str(err))
    return web.page("gaps.html.j2", nav="gaps", f=d.filters, d=d, error=None)


def gaps_download(request: Request) -> Response:
    """/gaps.csv and /gaps.xlsx: the rows the dashboard shows for the same filters."""
    web = web_of(request)
    kind = request.path_params["ext"]
    if kind not in ("csv", "xlsx"):
        return Response("download as /gaps.csv or /gaps.xlsx\n", status_code=404, media_type="text/plain")
    try:
        store = web.holder.get()
        params = request.query_params
        f = dashboard.GapFilters.from_params(params, 0 if params.get("year") else
                                             web.reports.latest_year(store))
        report = web.reports.report(store, f)
    except KGError as err:
        return Response(str(err) + "\n", status_code=http_status(err), media_type="text/plain")
    report = replace(report, rows=dashboard.shown_rows(report, f))
    name = f"gaps-{f.year}-{f.as_of.isoformat()}"
    if kind == "csv":
        body, media = downloads.csv_bytes(report), "text/csv; charset=utf-8"
    else:
        body, media = downloads.xlsx_bytes(report, f"Gaps {f.year}"), downloads.XLSX_TYPE
    return Response(body, media_type=media,
                    headers={"content-disposition": f'attachment; filename="{name}.{kind}"'})


def document_page(request: Request) -> Response:
    web = web_of(request)
    try:
        page = documents.load_page(web.holder.get(), request.path_params["doc_id"])
    except KGError as err:
        return web.error_page(err)
    kinds = {m.id: "number" if m.kind in ("date", "issuer", "title") else m.kind for m in page.marks}
    titles = {m.id: " · ".join((m.label, *m.details)) for m in page.marks}

    def classes(ids: tuple[str, ...]) -> str:
        return " ".join(["kg-m", *sorted({f"kg-m-{kinds[i]}" for i in ids})])

    return web.page("document.html.j2", p=page, mark_classes=classes, mark_title=titles,
                    chain_of=lambda p: urlencode({"instrument": p.facts["number"]}))


def chain_page(request: Request) -> Response:
    web = web_of(request)
    try:
        f = chain.ChainFilters.from_params(request.query_params)
        if f.empty:
            f = replace(f, year=web.reports.latest_year(web.holder.get()))
    except KGError as err:
        return web.page("chain.html.j2", status=http_status(err), nav="chain",
                        f=chain.ChainFilters(), error=str(err))
    return web.page("chain.html.j2", nav="chain", f=f, error=None)


def chain_view(request: Request) -> Response:
    """The framed view (its own CSP); an error is a small page that may be framed too."""
    web = web_of(request)
    framed = {"x-frame-options": "SAMEORIGIN"}
    try:
        html, csp = chain.view_html(web.holder.get(), chain.ChainFilters.from_params(request.query_params))
    except KGError as err:
        response = web.error_page(err)
        response.headers.update({**framed, "content-security-policy": chain.FRAMED_CSP})
        return response
    return Response(html, media_type="text/html", headers={**framed, "content-security-policy": csp})


def chain_query(row: GapRow, f: dashboard.GapFilters) -> str:
    """The chain page for a row's obliging instrument (a draft has no number: its issuer's year)."""
    if row.required_by.startswith("(draft"):
        return urlencode({"year": f.year, "under": row.required_by_issuer or ""})
    return urlencode({"instrument": row.required_by, "year": f.year})


def query_page(request: Request) -> Response:
    """The query page: YASGUI on /sparql with the named queries, and Cypher when configured."""
    from directive_kg.viz.render import script_json

    web = web_of(request)
    try:
        year = web.reports.latest_year(web.holder.get())
    except KGError as err:
        return web.error_page(err)
    named = query_page_data.named_queries(year)
    cypher = query_page_data.cypher_queries() if query_page_data.neo4j_configured() else None
    response = web.page("query.html.j2", nav="query", named=named, limits=web.settings.limits,
                        default_graph=DEFAULT_GRAPH_NOTE,
                        named_json=script_json([{"name": q.name, "query": q.text} for q in named]),
                        cypher=cypher, cypher_json=script_json(
                            [{"name": q.name, "query": q.text} for q in cypher or []]))
    response.headers["content-security-policy"] = QUERY_PAGE_CSP
    return response


async def cypher_endpoint(request: Request) -> Response:
    """Read-only Cypher on the configured Neo4j (kg/neo4j/query.py: a READ session), as JSON."""
    from urllib.parse import parse_qs

    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse

    from directive_kg.kg.neo4j.conn import settings_from_env
    from directive_kg.kg.neo4j.query import run_cypher

    if not query_page_data.neo4j_configured():
        return JSONResponse({"error": "no Neo4j is configured (NEO4J_URI)"}, status_code=404)
    text = (parse_qs((await request.body()).decode("utf-8", "replace")).get("query") or [""])[0]
    if not text.strip():
        return JSONResponse({"error": "give a Cypher query"}, status_code=400)
    limit = web_of(request).settings.limits.rows
    try:
        columns, rows = await run_in_threadpool(run_cypher, settings_from_env(), text)
    except KGError as err:
        return JSONResponse({"error": str(err)}, status_code=http_status(err))
    if len(rows) > limit:
        return JSONResponse({"error": f"the result has more than {limit} rows, the row limit: "
                                      "narrow the query or use LIMIT"}, status_code=400)
    return JSONResponse({"columns": columns, "rows": rows})


DEFAULT_GRAPH_NOTE = ("mỗi sự kiện một lần (gộp mọi đồ thị); GRAPH ?g đọc đồ thị riêng của từng văn bản · "
                      "each fact once (all graphs merged); GRAPH ?g reads each document's own graph")


def jsonld_context(request: Request) -> Response:
    """The JSON-LD context of the exports (ontology/context.jsonld), published here too."""
    from starlette.responses import JSONResponse

    from directive_kg.kg.store.export import jsonld_context as context

    return JSONResponse(context(), media_type="application/ld+json")


def routes() -> list[Route]:
    return [Route("/", gaps_page), Route("/gaps.{ext:str}", gaps_download),
            Route("/document/{doc_id:str}", document_page), Route("/chain", chain_page),
            Route("/chain/view", chain_view), Route("/query", query_page),
            Route("/cypher", cypher_endpoint, methods=["POST"]),
            Route("/context.jsonld", jsonld_context)]
