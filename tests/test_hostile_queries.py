"""Hostile queries and parameters: parameters are bound at the WHERE groups a SPARQL tokenizer
finds (never inside a literal, an IRI or a comment), named queries refuse a missing, unknown or
ill-typed parameter with one line, years outside the registry's are refused, and deep or huge
queries get a clear error instead of crashing the process. Each case: exact message, exit 2."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from directive_kg import queries
from directive_kg.errors import QueryError, UsageError
from directive_kg.kg.cli.main import main
from directive_kg.kg.store.load import load_paths
from directive_kg.kg.store.sparql_params import MAX_DEPTH, bind_values, tokens, where_groups
from tests.conftest import CORPUS

KG = [sys.executable, "-c", "from directive_kg.kg.cli.main import main; main()"]
LAST_YEAR = date.today().year + 10


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, new_store):
    folder = tmp_path_factory.mktemp("hq") / "kg"
    s = new_store(folder)
    load_paths(s, [str(CORPUS)])
    s.close()
    del s
    return folder


def run(store_dir, *args: str):
    r = CliRunner().invoke(main, [*args, "--store", str(store_dir)])
    return r.exit_code, r.stdout, r.stderr


# --- where parameters go --------------------------------------------------------------------

def test_values_go_into_each_where_group_and_nowhere_else():
    q = ('SELECT ?a (EXISTS { ?a ?p ?o } AS ?e) WHERE { ?a <urn:p> "x WHERE { y" . # WHERE {\n'
         '  { SELECT ?a { ?a <urn:q> ?year } } }')
    out = bind_values(q, {"year": 2024})
    clause = ' VALUES (?year) { ("2024"^^<http://www.w3.org/2001/XMLSchema#integer>) } '
    assert out == q.replace("WHERE { ?a", "WHERE {" + clause + " ?a", 1).replace(
        "SELECT ?a { ?a", "SELECT ?a {" + clause + " ?a", 1)
    assert '"x WHERE { y"' in out and "# WHERE {\n" in out  # the literal and the comment as they were


def test_query_forms_without_a_where_group_get_a_trailing_values_clause():
    q = "CONSTRUCT WHERE { ?s <urn:p> ?year }"
    assert bind_values(q, {"year": 1}).startswith(q + "\n VALUES (?year)")
    assert where_groups(tokens("DESCRIBE ?x"))[1] is False
    assert where_groups(tokens("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))[1] is True


def test_long_strings_iris_and_escapes_are_one_token():
    toks = tokens('SELECT * { ?s ?p """a "quoted" WHERE { x""" , \'it\\\'s {\' , <urn:x#WHERE> }')
    assert [t.kind for t in toks if t.kind in ("string", "iri")] == ["string", "string", "iri"]
    assert [t.text for t in toks if t.kind == "open"] == ["{"]


def test_a_literal_holding_where_does_not_move_the_binding(store_dir):
    """The issue's injection: VALUES went inside the literal, the term's quote closed it, and
    `|| true) #` became code (55 rows instead of none)."""
    q = ('SELECT ?n WHERE { ?n eli:number ?x . FILTER(?x = ?number && "note: WHERE { x" != "") }')
    code, out, err = run(store_dir, "sparql", q, "--param", "number=|| true) #", "--format", "json")
    assert (code, err) == (0, "")
    assert out.strip() == "[]"
    code, out, _ = run(store_dir, "sparql", q, "--param", "number=80/KH-UBND", "--format", "json")
    assert code == 0 and out.count('"n"') == 1


# --- named queries declare their parameters -------------------------------------------------

def test_every_named_query_declares_its_parameters():
    expected = {"answers": [], "cited-not-loaded": [], "chain-down": ["number"], "chain-up": ["number"],
                "chain-up-stated": ["number"], "implementers": ["number"], "gaps": ["year", "asOf"],
                "parents-not-loaded": ["year"], "plans-of-year": ["year"]}
    for ext in (".rq", ".cypher"):
        found = {n: [p.name for p in queries.declared_params(queries.load(n, ext))]
                 for n in queries.available(ext)}
        assert found == expected, ext
    gaps = queries.declared_params(queries.load("gaps"))
    assert [(p.name, p.type, p.required) for p in gaps] == [("year", "year", True), ("asOf", "date", False)]


@pytest.mark.parametrize("args, message", [
    ([], "missing parameter year (year, required): --param year=VALUE"),
    (["--param", "year=abc"], "parameter year: 'abc' is not an integer"),
    (["--param", "year=2024", "--param", "asOf=someday"],
     "parameter asOf: 'someday' is not a date (YYYY-MM-DD)"),
    (["--param", "year=2024", "--param", "foo=1"], "unknown parameter 'foo'; this query takes year, asOf"),
    (["--param", "year=1800"],
     f"year 1800 is outside the years the unit registry can answer for (1976–{LAST_YEAR})"),
    (["--param", "year=99999"],
     f"year 99999 is outside the years the unit registry can answer for (1976–{LAST_YEAR})"),
    (["--param", "year=" + "9" * 40], f"parameter year: '{'9' * 40}' is not an integer"),
])
def test_named_query_parameters_are_checked(store_dir, args, message):
    code, out, err = run(store_dir, "query", "gaps", *args)
    assert (code, out, err) == (2, "", f"error: {message}\n")


def test_a_query_without_parameters_refuses_one(store_dir):
    code, _out, err = run(store_dir, "query", "answers", "--param", "year=2024")
    assert (code, err) == (2, "error: unknown parameter 'year'; this query takes no parameters\n")


@pytest.mark.parametrize("year", ["1800", "99999"])
def test_kg_gaps_refuses_a_year_outside_the_registry(store_dir, year):
    code, out, err = run(store_dir, "gaps", "--year", year)
    assert (code, out) == (2, "")
    assert err == (f"error: year {year} is outside the years the unit registry can answer for "
                   f"(1976–{LAST_YEAR})\n")


def test_library_errors_are_usage_errors(store_dir):
    from directive_kg.kg.answers.gaps import find_gaps
    from directive_kg.kg.store.store import Store

    s = Store.open(store_dir)
    with pytest.raises(UsageError, match="year 1800 is outside"):
        find_gaps(s, 1800)
    with pytest.raises(QueryError, match="missing parameter year"):
        s.query(queries.load("gaps"))
    rows = s.query(queries.load("gaps"), {"year": 2024, "asOf": date(2024, 12, 31)})
    # Kiên Giang: 15 districts and 2 classes nobody lists (no roster here), × plan and report, and
    # Sở Nội vụ's report: 35; TP Bắc Kạn: 8 communes and 1 class × plan and report: 18
    assert len(rows) == len(find_gaps(s, 2024, as_of=date(2024, 12, 31), include_met=True,
                                      use_index=False).rows) == 53


# --- limits: no crash -----------------------------------------------------------------------

def test_deep_nesting_is_refused_before_the_engine_sees_it(store_dir):
    """3,000 nested groups (10 KB) overflowed Oxigraph's parser and killed the process (exit
    139); now one line, exit 2, in a real process."""
    q = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    r = subprocess.run([*KG, "sparql", q, "--store", str(store_dir)], capture_output=True, text=True,
                       timeout=60)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"error: the query nests brackets more than {MAX_DEPTH} deep (line 1)\n"
    ok = "SELECT * WHERE " + "{" * 100 + "}" * 100  # deep but within the limit: runs
    assert run(store_dir, "sparql", ok, "--format", "json")[0] == 0


def test_an_oversized_query_is_refused(store_dir):
    q = "SELECT * WHERE { ?s ?p ?o }" + " " * 200_000
    code, _out, err = run(store_dir, "sparql", q)
    assert (code, err) == (2, "error: the query has 200,027 characters, more than the limit of 100,000\n")


def test_an_unclosed_string_names_its_line(store_dir):
    code, _out, err = run(store_dir, "sparql", 'SELECT * WHERE {\n ?s ?p "open }', "--param", "p=<urn:x>")
    assert (code, err) == (2, "error: SPARQL syntax error: a string is not closed (line 2)\n")


def test_a_syntax_error_is_one_line(store_dir):
    code, _out, err = run(store_dir, "sparql", "SELECT * WHERE {\n ?s ?p \n")
    assert code == 2 and err.startswith("error: SPARQL syntax error: ") and err.count("\n") == 1
