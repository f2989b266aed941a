"""Query parameters: checked against what a query declares, bound as RDF terms at the places a
SPARQL tokenizer finds, and the limits a query must keep before it reaches the engine.

Where to bind. Oxigraph's own substitutions bind only variables of the outer projection, and
rdflib's SPARQL parser does not read our queries (gaps.rq uses LATERAL, SPARQL 1.2). So the query
is split into the terminals of the SPARQL grammar (IRIs, the four kinds of string literal,
comments, variables, prefixed names, keywords, punctuation): text inside a literal, an IRI or a
comment is never taken for syntax. On those tokens the group of each query form's WHERE clause is
found (the outer one and each sub-SELECT's: a sub-SELECT does not see outer bindings), and a
``VALUES (?a ?b) { (t1 t2) }`` clause of Oxigraph-serialised terms goes first in it. Oxigraph then
parses the result for real.

Limits. Oxigraph's parser recurses once per nested group: 3,000 nested ``{`` overflow the stack
and kill the process (measured: 1,600 pass, 3,000 segfault). A query may nest brackets
``{ ( [`` at most :data:`MAX_DEPTH` deep (the deepest named query nests 9) and hold at most
:data:`MAX_CHARS` characters (the largest named query, gaps.rq, has about 7,000)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from directive_kg import queries
from directive_kg.errors import QueryError, UsageError
from directive_kg.kg.graph.vocab import PREFIXES

MAX_DEPTH = 128
MAX_CHARS = 100_000
# Years a query may be asked about. The unit registry has no start date (its legacy map is the
# country's since reunification, as of 2025) and no end; documents plan a few years ahead.
FIRST_YEAR = 1976
YEARS_AHEAD = 10

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$]\w+)
  | (?P<bnode>_:[\w.\-]*\w)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w\-:%]|\\.)*(?:[\w\-:%]|\\.)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>\^\^|&&|\|\||!=|<=|>=|[^\s])
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def tokens(sparql: str) -> list[Token]:
    """The query as tokens of the SPARQL grammar (spaces and comments left out). An unclosed
    string or IRI is a QueryError naming its line."""
    out: list[Token] = []
    pos = 0
    while pos < len(sparql):
        m = _TOKEN.match(sparql, pos)
        assert m is not None  # `other` takes any single character
        kind = m.lastgroup or "other"
        if kind == "other" and m.group() in "'\"":
            line = sparql.count("\n", 0, pos) + 1
            raise QueryError(f"SPARQL syntax error: a string is not closed (line {line})")
        if kind not in ("space", "comment"):
            out.append(Token(kind, m.group(), pos))
        pos = m.end()
    return out


def check_limits(sparql: str) -> list[Token]:
    """The query's tokens, once its size and nesting are within the limits."""
    if len(sparql) > MAX_CHARS:
        raise QueryError(f"the query has {len(sparql):,} characters, more than the limit of "
                         f"{MAX_CHARS:,}")
    toks = tokens(sparql)
    depth = deepest = 0
    for t in toks:
        if t.kind == "open":
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                line = sparql.count("\n", 0, t.start) + 1
                raise QueryError(f"the query nests brackets more than {MAX_DEPTH} deep "
                                 f"(line {line})")
        elif t.kind == "close":
            depth -= 1
    return toks


def variables(toks: list[Token]) -> set[str]:
    return {t.text[1:] for t in toks if t.kind == "var"}


def where_groups(toks: list[Token]) -> tuple[list[int], bool]:
    """(offsets just inside the group of each WHERE clause, whether the outer query form has a
    WHERE group: a short CONSTRUCT WHERE or a DESCRIBE without one has not)."""
    forms = query_forms(toks)
    at = [toks[j].end for _i, j in forms if j is not None]
    return at, bool(forms) and forms[0][1] is not None


def query_forms(toks: list[Token]) -> list[tuple[int, int | None]]:
    """(index of the keyword, index of the ``{`` opening its WHERE group or None) of each query
    form, the outer one first, then each sub-SELECT in the order they start."""
    return [(i, _where_open(toks, i)) for i, t in enumerate(toks)
            if t.is_word("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")]


def _where_open(toks: list[Token], i: int) -> int | None:
    """The index of the ``{`` that opens the WHERE group of the query form at ``toks[i]``."""
    form = toks[i].text.upper()
    j = i + 1
    if form == "CONSTRUCT" and j < len(toks) and toks[j].text == "{":
        j = _after_group(toks, j)  # the template
    elif form == "CONSTRUCT":
        return None  # CONSTRUCT WHERE { triples }: its group may hold triples only
    parens = 0
    while j < len(toks):
        t = toks[j]
        if t.text == "(":
            parens += 1
        elif t.text == ")":
            parens -= 1
        elif t.text == "{" and parens == 0:
            return j
        elif parens == 0 and t.is_word("GROUP", "ORDER", "LIMIT", "OFFSET", "VALUES", "HAVING"):
            return None  # a DESCRIBE without a WHERE clause
        j += 1
    return None


def _after_group(toks: list[Token], j: int) -> int:
    depth = 0
    while j < len(toks):
        if toks[j].text == "{":
            depth += 1
        elif toks[j].text == "}":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return j


def bind_values(sparql: str, params: dict[str, object]) -> str:
    """Put ``VALUES (?a ?b) { (t1 t2) }`` first in every WHERE group (the outer one and each
    sub-SELECT), so the engine starts from them; after the query when its form has no group."""
    toks = check_limits(sparql)
    names = " ".join(f"?{k}" for k in params)
    terms = " ".join(str(to_term(v)) for v in params.values())
    clause = f" VALUES ({names}) {{ ({terms}) }} "
    at, outer = where_groups(toks)
    out, last = [], 0
    for end in at:
        out += [sparql[last:end], clause]
        last = end
    out.append(sparql[last:])
    if not outer:
        out.append(f"\n{clause}")
    return "".join(out)


def bind_rows(sparql: str, name: str, terms: list[ox.NamedNode | ox.Literal]) -> str:
    """Restrict a query to ``?name`` in ``terms``: ``VALUES ?name { t1 t2 … }`` first in the WHERE
    group of each query form (the outer one, each sub-SELECT) whose projection names ``?name``
    (and in its GRAPH groups that use it: :func:`_row_places`), so each is computed for those
    terms alone. A form that does not project it (a LATERAL
    lookup of labels) is left alone: a VALUES there would only multiply its rows. The terms are
    Oxigraph-serialised, never pasted text. The result must keep to :data:`MAX_CHARS`: callers
    with many terms bind them in chunks (:func:`rows_per_chunk`)."""
    toks = check_limits(sparql)
    clause = f" VALUES ?{name} {{ {' '.join(str(to_term(t)) for t in terms)} }} "
    out, last = [], 0
    for at in _row_places(toks, name):
        out += [sparql[last:toks[at].end], clause]
        last = toks[at].end
    out.append(sparql[last:])
    return "".join(out)


def _row_places(toks: list[Token], name: str) -> list[int]:
    """Indexes of the ``{`` after which :func:`bind_rows` puts its VALUES: the WHERE group of each
    form projecting ``?name``, and inside such a form each ``GRAPH … {`` group that uses ``?name``
    in its own triples (not only in a nested group, where a VALUES would change an OPTIONAL's
    meaning): Oxigraph joins a VALUES outside a GRAPH group only after evaluating the group whole
    (1.3 s against 0.01 s for ten instruments of an 8-province store)."""
    forms = [(i, j, _after_group(toks, j)) for i, j in query_forms(toks) if j is not None]
    projecting = {j for i, j, _end in forms
                  if any(t.kind == "var" and t.text[1:] == name for t in toks[i:j])}
    places = set(projecting)
    for k, t in enumerate(toks[:-2]):
        if not (t.is_word("GRAPH") and toks[k + 2].text == "{"):
            continue
        enclosing = max((j for _i, j, end in forms if j < k < end), default=None)
        if enclosing in projecting and _uses_directly(toks, k + 2, name):
            places.add(k + 2)
    return sorted(places)


def _uses_directly(toks: list[Token], j: int, name: str) -> bool:
    depth = 0
    for t in toks[j + 1:]:
        if t.text in "{([":
            depth += 1
        elif t.text in "})]":
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0 and t.kind == "var" and t.text[1:] == name:
            return True
    return False


def rows_per_chunk(sparql: str, name: str, longest: int) -> int:
    """How many terms of at most ``longest`` characters :func:`bind_rows` can bind at once and
    keep the query within :data:`MAX_CHARS` (with room for other parameters)."""
    toks = check_limits(sparql)
    places = len(_row_places(toks, name))
    room = MAX_CHARS - len(sparql) - 2_000
    return max(1, room // (max(1, places) * (longest + 3)))


def prepare(sparql: str, params: dict[str, object] | None) -> str:
    """The query to hand to the engine: within the limits, parameters checked against its
    declarations (when it has any: the named queries) and bound."""
    toks = check_limits(sparql)
    params = dict(params or {})
    declared = queries.declared_params(sparql)
    if declared is not None:
        params = check_declared(declared, params)
    present = variables(toks)
    for name in params:
        if name not in present:
            raise QueryError(f"the query has no variable ?{name} to bind")
    return bind_values(sparql, params) if params else sparql


def check_declared(declared: list[queries.Param], params: dict[str, object]) -> dict[str, object]:
    """Parameters as the query declares them: every required one given, none unknown, each of
    its type (a year within :func:`year_range`). Returns them converted (``80`` for a string
    parameter is the text "80")."""
    by_name = {p.name: p for p in declared}
    for name in params:
        if name not in by_name:
            takes = ", ".join(p.name for p in declared) or "no parameters"
            raise QueryError(f"unknown parameter {name!r}; this query takes {takes}")
    out: dict[str, object] = {}
    for p in declared:
        if p.name not in params or params[p.name] is None:
            if p.required:
                raise QueryError(f"missing parameter {p.name} ({p.type}, required): "
                                 f"--param {p.name}=VALUE")
            continue
        out[p.name] = convert(p, params[p.name])
    return out


def convert(p: queries.Param, value: object) -> object:
    kind = p.type
    if kind in ("integer", "year"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise QueryError(f"parameter {p.name}: {str(value)!r} is not an integer")
        if kind == "year":
            check_year(value)
        return value
    if kind == "date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise QueryError(f"parameter {p.name}: {str(value)!r} is not a date (YYYY-MM-DD)"
                             ) from None
    if kind == "iri":
        text = value.value if isinstance(value, ox.NamedNode) else str(value).strip("<>")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*", text):
            raise QueryError(f"parameter {p.name}: {str(value)!r} is not an IRI")
        return ox.NamedNode(text)
    return value if isinstance(value, ox.Literal) else ox.Literal(str(value))


def year_range(today: date | None = None) -> tuple[int, int]:
    return FIRST_YEAR, (today or date.today()).year + YEARS_AHEAD


def check_year(year: int) -> int:
    low, high = year_range()
    if not low <= year <= high:
        raise UsageError(f"year {year} is outside the years the unit registry can answer for "
                         f"({low}–{high})")
    return year


def to_term(value: object) -> ox.NamedNode | ox.Literal:
    """A CLI/API parameter as an RDF term: never pasted into query text."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(PREFIXES["xsd"] + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))
    text = str(value)
    if text.startswith("<") and text.endswith(">") and " " not in text:
        return ox.NamedNode(text[1:-1])
    return ox.Literal(text)


def parse_param(raw: str) -> tuple[str, object]:
    """'year=2024' → ('year', 2024); 'd=2024-11-15' → date; '<iri>' → IRI; else string."""
    if "=" not in raw:
        raise QueryError(f"parameter {raw!r} is not NAME=VALUE")
    name, value = raw.split("=", 1)
    name = name.strip().lstrip("?$")
    if re.fullmatch(r"-?[0-9]{1,18}", value):
        return name, int(value)
    try:
        return name, date.fromisoformat(value)
    except ValueError:
        return name, value
