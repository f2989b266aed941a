"""The SPARQL 1.1 Protocol, read-only: where the query is in a request, which result format the
client asked for, and what is refused. Pure functions; the endpoint (app.py) calls them and the
query workers (query_workers.py) run what they accept.

Formats are Oxigraph's own serialisers: SELECT and ASK as SPARQL JSON, XML, CSV or TSV; CONSTRUCT
and DESCRIBE as Turtle, N-Triples, RDF/XML or JSON-LD. ``format=`` in the URL overrides Accept
(handy for a link that downloads CSV)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox


class ProtocolError(Exception):
    """A request the endpoint answers with an HTTP error: status and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Format:
    name: str  # as ``format=`` takes it
    media_type: str  # what the response says it is
    accepts: tuple[str, ...]  # media types in Accept that choose it
    results: ox.QueryResultsFormat | None = None  # for SELECT and ASK
    rdf: ox.RdfFormat | None = None  # for CONSTRUCT and DESCRIBE


RESULT_FORMATS = (  # the first is the default
    Format("json", "application/sparql-results+json",
           ("application/sparql-results+json", "application/json"), results=ox.QueryResultsFormat.JSON),
    Format("xml", "application/sparql-results+xml",
           ("application/sparql-results+xml", "application/xml", "text/xml"),
           results=ox.QueryResultsFormat.XML),
    Format("csv", "text/csv; charset=utf-8", ("text/csv",), results=ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values; charset=utf-8", ("text/tab-separated-values",),
           results=ox.QueryResultsFormat.TSV),
)
GRAPH_FORMATS = (
    Format("ttl", "text/turtle; charset=utf-8", ("text/turtle", "application/x-turtle"),
           rdf=ox.RdfFormat.TURTLE),
    Format("nt", "application/n-triples", ("application/n-triples", "text/plain"),
           rdf=ox.RdfFormat.N_TRIPLES),
    Format("rdfxml", "application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml"),
           rdf=ox.RdfFormat.RDF_XML),
    Format("jsonld", "application/ld+json", ("application/ld+json", "application/json"),
           rdf=ox.RdfFormat.JSON_LD),
)
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
READ_ONLY = "SPARQL Update is refused: this endpoint is read-only (use `kg load` to change the store)"


def query_from(method: str, url_query: str, content_type: str, body: bytes) -> str:
    """The query text of a protocol request: ``?query=`` (GET), a form (POST, URL-encoded) or the
    body itself (POST, application/sparql-query). Updates are refused whatever their form."""
    params = parse_qs(url_query, keep_blank_values=True)
    media = content_type.split(";", 1)[0].strip().lower()
    if method == "POST":
        if media == UPDATE_BODY:
            raise ProtocolError(403, READ_ONLY)
        if media == FORM:
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise ProtocolError(400, "the form is not UTF-8") from None
            if "update" in form:
                raise ProtocolError(403, READ_ONLY)
            params = {**params, **form}
        elif media == QUERY_BODY:
            try:
                params = {**params, "query": [body.decode("utf-8")]}
            except UnicodeDecodeError:
                raise ProtocolError(400, "the query is not UTF-8") from None
        else:
            raise ProtocolError(415, f"POST a query as {FORM} (query=...) or as {QUERY_BODY}, "
                                     f"not {media or 'no content type'}")
    elif "update" in params:
        raise ProtocolError(403, READ_ONLY)
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise ProtocolError(400, "give exactly one SPARQL query: ?query=... (GET) or a POST form "
                                 "field query=... or an application/sparql-query body")
    if is_update(queries[0]):
        raise ProtocolError(403, READ_ONLY)
    return queries[0]


_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.I)
_UPDATE_WORDS = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update (for the message only: the workers open the store
    read-only and Oxigraph's query parser takes no update, so nothing can be written anyway)."""
    body = re.sub(r"(?m)#[^\n<>\"']*$", "", text)
    return bool(_UPDATE_WORDS.match(body, _PROLOGUE.match(body).end()))


def negotiate(accept: str, override: str | None, formats: tuple[Format, ...]) -> Format:
    """The format to answer in: ``format=`` if given, else the client's most preferred media type
    that one of ``formats`` serves (q-values honoured; ``*/*`` or no Accept → the first)."""
    if override:
        for f in formats:
            if f.name == override.lower():
                return f
        raise ProtocolError(406, f"format={override} is not served for this query; use one of "
                                 + ", ".join(f.name for f in formats))
    wanted = _accepted(accept)
    if not wanted:
        return formats[0]
    for media in wanted:
        if media in ("*/*", "*"):
            return formats[0]
        for f in formats:
            family = f.media_type.split("/", 1)[0]
            if media in f.accepts or media == f"{family}/*":
                return f
    raise ProtocolError(406, f"none of the media types asked for ({accept}) is served for this "
                             "query; ask for " + ", ".join(f.accepts[0] for f in formats))


def _accepted(accept: str) -> list[str]:
    """Media types of an Accept header, most preferred first; q=0 means 'not this one'."""
    ranked = []
    for i, part in enumerate(p for p in accept.split(",") if p.strip()):
        media, *params = (x.strip() for x in part.split(";"))
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media.lower()))
    return [m for _, _, m in sorted(ranked)]
