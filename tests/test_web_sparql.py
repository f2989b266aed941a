"""`kg serve`'s SPARQL 1.1 Protocol endpoint, over real HTTP to the real server: the named queries
give the rows `kg query` gives, in every result format; updates and bad queries are refused with
a clear status and line; the time and row limits stop a query without stopping the server; the
server refuses to listen beyond loopback without a token, and asks for the token when it has one."""

from __future__ import annotations

import csv
import gc
import io
import json
import subprocess

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from directive_kg import queries
from directive_kg.errors import UsageError
from directive_kg.kg.answers.units import load_roster
from directive_kg.kg.cli.main import main
from directive_kg.kg.store.load import load_paths
from directive_kg.kg.store.store import bind_values
from directive_kg.kg.web.settings import QueryLimits, settings_for
from directive_kg.kg.web.sparql import RESULT_FORMATS, ProtocolError, is_update, negotiate
from tests.conftest import CORPUS, ROOT
from tests.webserver import KG, serve

ROSTER = ROOT / "samples" / "roster.csv"
# parameters for the named queries that take them (their header comments say which)
NAMED = {
    "answers": {}, "cited-not-loaded": {}, "chain-down": {"number": "33/CT-TTg"},
    "chain-up": {"number": "80/KH-UBND"}, "chain-up-stated": {"number": "80/KH-UBND"},
    "implementers": {"number": "33/CT-TTg"}, "plans-of-year": {"year": 2024},
    "parents-not-loaded": {"year": 2024}, "gaps": {"year": 2024, "asOf": "2025-01-01"},
}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, new_store):
    folder = tmp_path_factory.mktemp("web-sparql") / "kg"
    s = new_store(folder)
    assert load_paths(s, [str(CORPUS)]).ok
    load_roster(s, str(ROSTER))
    del s
    gc.collect()  # release RocksDB's write lock: the server and `kg query` open it read-only
    return folder


@pytest.fixture(scope="module")
def server(store_dir):
    with serve(store_dir) as srv:
        yield srv


def kg_query_rows(store_dir, name: str, params: dict) -> list[dict]:
    args = ["query", name, "--format", "json", "--store", str(store_dir)]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def plain(term) -> object:
    """A result term as `kg query --format json` prints it (kg/store/store.py from_term)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith("#integer"):
            return int(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
    return term.value


def canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def test_the_named_queries_give_the_rows_of_kg_query_in_every_format(server, store_dir):
    assert sorted(NAMED) == queries.available()  # a new named query must be added here
    counts = {}
    for name, params in NAMED.items():
        text = bind_values(queries.load(name), {k: _typed(v) for k, v in params.items()})
        expected = kg_query_rows(store_dir, name, params)
        counts[name] = len(expected)
        for fmt, accept in (("json", "application/sparql-results+json"),
                            ("xml", "application/sparql-results+xml"),
                            ("tsv", "text/tab-separated-values")):
            r = server.sparql(text, accept)
            assert r.status == 200, (name, fmt, r.text)
            assert r.headers["content-type"].startswith(accept)
            parsed = ox.parse_query_results(r.body, format=getattr(ox.QueryResultsFormat, fmt.upper()))
            names = [v.value for v in parsed.variables]
            got = [{n: plain(s[n]) for n in names} for s in parsed]
            assert canonical(got) == canonical(expected), (name, fmt)
        r = server.sparql(text, "text/csv")  # CSV keeps only the lexical forms
        assert r.status == 200 and r.headers["content-type"].startswith("text/csv")
        got = list(csv.DictReader(io.StringIO(r.text)))
        as_text = [{k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                    for k, v in row.items()} for row in expected]
        assert canonical(got) == canonical(as_text), name
    # checked by hand on the sample corpus: the two 2024 plans (Kiên Giang's draft, TP Bắc Kạn's);
    # 33/CT-TTg carried out by the Kiên Giang draft (stated) and Quảng Bình's 80/KH-UBND (inferred,
    # parent-beside-basis); 80/KH-UBND carries out 33/CT-TTg and, through it, 25-NQ/TW
    assert counts["plans-of-year"] == 2 and counts["implementers"] == 2 and counts["chain-up"] == 2
    assert counts["gaps"] == 79


def _typed(value):
    from datetime import date

    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return date.fromisoformat(value)
    return value


def test_get_post_form_and_body_and_negotiation(server):
    q = 'SELECT ?n WHERE { ?i eli:number ?n FILTER(?n = "33/CT-TTg") } LIMIT 1'
    from urllib.parse import quote

    by_get = server.get("/sparql?query=" + quote(q), headers={"Accept": "application/json"})
    by_body = server.request("/sparql", data=q.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv;q=0.5, application/xml"})
    assert by_get.status == by_body.status == 200
    assert json.loads(by_get.body)["results"]["bindings"] == [{"n": {"type": "literal",
                                                                    "value": "33/CT-TTg"}}]
    assert by_body.headers["content-type"] == "application/sparql-results+xml"
    assert "<literal>33/CT-TTg</literal>" in by_body.text
    csv_link = server.get("/sparql?format=csv&query=" + quote(q))
    assert csv_link.text == "n\r\n33/CT-TTg\r\n"
    assert csv_link.headers["content-disposition"] == 'attachment; filename="query.csv"'
    ask = server.sparql('ASK { ?i eli:number "33/CT-TTg" }')
    assert json.loads(ask.body) == {"head": {}, "boolean": True}
    graph = server.sparql('CONSTRUCT { ?i eli:number ?n } WHERE { ?i eli:number ?n '
                          'FILTER(?n = "33/CT-TTg") }', "text/turtle")
    assert graph.headers["content-type"].startswith("text/turtle")
    assert graph.text.startswith("@prefix ") and 'eli:number "33/CT-TTg"' in graph.text
    refused = server.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png")
    assert refused.status == 406 and "application/sparql-results+json" in refused.text
    person = server.get("/sparql", headers={"Accept": "text/html"}, follow=False)
    assert person.status == 303 and person.headers["location"] == "/query"  # the query page


def test_updates_and_bad_queries_are_refused_with_a_clear_line(server, store_dir):
    generation = (store_dir / "generation").read_text()
    insert = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    for reply in (server.request("/sparql", data=f"update={insert}".encode(),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"}),
                  server.request("/sparql", data=insert.encode(),
                                 headers={"Content-Type": "application/sparql-update"}),
                  server.sparql(insert),
                  server.sparql("PREFIX x: <urn:x#>\n# a comment\nDELETE WHERE { ?s ?p ?o }"),
                  server.get("/sparql?update=CLEAR%20ALL")):
        assert reply.status == 403
        assert reply.text == ("SPARQL Update is refused: this endpoint is read-only "
                              "(use `kg load` to change the store)\n")
    bad = server.sparql("SELECT ?x WHERE { ?x eli:number }")
    assert bad.status == 400 and bad.text.startswith("SPARQL syntax error: ")
    assert bad.headers["content-type"].startswith("text/plain")
    empty = server.request("/sparql", data=b"query=", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    assert empty.status == 400 and "give exactly one SPARQL query" in empty.text
    wrong_type = server.request("/sparql", data=b"{}", headers={"Content-Type": "application/json"})
    assert wrong_type.status == 415
    assert server.request("/sparql", method="DELETE").status == 405
    assert (store_dir / "generation").read_text() == generation  # nothing was written
    assert server.sparql("ASK { GRAPH <urn:x> { ?s ?p ?o } }").body == b'{"head":{},"boolean":false}'


def test_time_limit_stops_a_query_and_the_server_goes_on(store_dir):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s ?q ?r . ?r ?x ?y }"
    with serve(store_dir, "--query-timeout", "1", "--row-limit", "5", "--query-workers", "1") as srv:
        import time

        t0 = time.monotonic()
        r = srv.sparql(heavy)
        took = time.monotonic() - t0
        assert r.status == 503 and took < 10
        assert r.text.startswith("the query ran longer than the time limit of 1 s and was stopped")
        # the one worker was replaced: the next query is answered
        ok = srv.sparql("SELECT ?n WHERE { ?i eli:number ?n } ORDER BY ?n LIMIT 5")
        assert ok.status == 200 and len(json.loads(ok.body)["results"]["bindings"]) == 5
        over = srv.sparql("SELECT ?n WHERE { ?i eli:number ?n } LIMIT 6")
        assert over.status == 400
        assert over.text.startswith("the result has more than 5 rows, the endpoint's row limit")


def test_beyond_loopback_a_token_is_required_and_never_printed(store_dir):
    secret = "s3cret-token-for-the-test-0123456789"
    refused = subprocess.run([*KG, "serve", "--host", "0.0.0.0", "--store", str(store_dir)],
                             capture_output=True, text=True, timeout=60,
                             env={**_env_without_token(), "PATH": "/usr/bin:/bin"})
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: refusing to serve on 0.0.0.0, which other machines "
                                     "can reach, without an access token: set KG_SERVE_TOKEN")
    with pytest.raises(UsageError, match="too short"):
        settings_for("0.0.0.0", 8080, None, QueryLimits(), 2, {"KG_SERVE_TOKEN": "short"})
    settings = settings_for("192.0.2.1", 8080, None, QueryLimits(), 2, {"KG_SERVE_TOKEN": secret})
    assert secret not in repr(settings) and "token=set" in repr(settings)
    # a server with a token asks for it (here on loopback: the same rule applies once it is set)
    with serve(store_dir, env={"KG_SERVE_TOKEN": secret}) as srv:
        assert srv.sparql("ASK {}").status == 401
        assert srv.sparql("ASK {}", headers={"Authorization": "Bearer wrong"}).status == 401
        assert srv.sparql("ASK {}", headers={"Authorization": f"Bearer {secret}"}).status == 200
        page = srv.get("/", headers={"Accept": "text/html"})
        assert page.status == 200 and "Access token" in page.text  # the login form
        login = srv.request("/login", data=f"token={secret}&next=//evil.example/".encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"}, follow=False)
        assert login.status == 303 and login.headers["location"] == "/"  # never to another host
        cookie = login.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        signed_in = srv.get("/", headers={"Cookie": cookie.split(";")[0], "Accept": "text/html"})
        assert signed_in.status == 200 and "Access token" not in signed_in.text
        wrong = srv.request("/login", data=b"token=nope&next=/",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert wrong.status == 401 and "Wrong token" in wrong.text
        assert srv.get("/static/app.css").status == 200  # shipped assets hold no data
        log = srv.log
    assert secret not in log.read_text(encoding="utf-8")


def _env_without_token() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "KG_SERVE_TOKEN"}


def test_serves_while_kg_load_writes_and_shows_the_new_generation(tmp_path, new_store):
    """A load while the server runs: the pages and the endpoint answer from the store as loaded
    (a read-only open is a view of the store as it was: the server opens it again)."""
    from directive_kg.kg.store.store import Store

    folder = tmp_path / "kg"
    s = new_store(folder)
    assert load_paths(s, [str(CORPUS / "000_40655633b93e473f.txt")]).ok
    del s
    gc.collect()
    ask = 'ASK { ?src dkg:file ?f FILTER(CONTAINS(?f, "000_40655633b93e473f")) }'
    plan = 'ASK { ?p dkg:hasSourceDocument ?src ; eli:title ?t FILTER(CONTAINS(?t, "Dân vận khéo")) }'
    with serve(folder, log_dir=tmp_path) as srv:
        before = srv.get("/query").text
        assert json.loads(srv.sparql(ask).body)["boolean"] is True
        assert json.loads(srv.sparql(plan).body)["boolean"] is False
        writer = Store.open(folder, write=True)  # `kg load` beside the running server
        assert load_paths(writer, [str(CORPUS / "004_d080e58fa20a04c9.txt")]).ok
        generation = (folder / "generation").read_text().strip()
        assert json.loads(srv.sparql(plan).body)["boolean"] is True  # TP Bắc Kạn's 2024 plan
        after = srv.get("/query").text
        assert f"store {generation[:8]}" in after and f"store {generation[:8]}" not in before
        del writer
        gc.collect()


def test_protocol_rules():
    assert is_update("PREFIX a: <urn:a#>\nBASE <urn:b>\n  insert data { <a:x> <a:y> <a:z> }")
    assert not is_update("# INSERT in a comment\nSELECT * WHERE { ?s ?p ?o }")
    assert not is_update('SELECT ?x WHERE { ?x <urn:p> "DELETE" }')
    assert negotiate("", None, RESULT_FORMATS).name == "json"
    assert negotiate("text/csv;q=0.2, text/tab-separated-values", None, RESULT_FORMATS).name == "tsv"
    assert negotiate("text/html, */*;q=0.1", None, RESULT_FORMATS).name == "json"
    assert negotiate("application/xml;q=0, text/csv", None, RESULT_FORMATS).name == "csv"
    with pytest.raises(ProtocolError, match="format=png"):
        negotiate("", "png", RESULT_FORMATS)
