"""Text from documents is data in every output (issue 17, item 1): rich markup is never read
(`[/x]` must not crash, `[bold]Sở[/bold]` prints as written), ANSI escape sequences and control
characters are shown escaped in terminal tables, errors and warnings, and CSV/JSON/HTML carry the
text exactly. A property test runs random text through `kg parse --format table`, `kg gaps` (table,
CSV, JSON) and `kg viz`."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_kg.kg.cli.main import main
from directive_kg.kg.cli.output import visible
from directive_kg.kg.store.load import _ensure_ontology
from tests.conftest import SEEDS, docs_store

HOSTILE = "[/x] [bold]Sở[/bold] \x1b[31mĐỎ\x1b[0m\x07\x08 [link=file:///etc]l[/link] \u202eabc"
SHOWN = "[/x] [bold]Sở[/bold] \\x1b[31mĐỎ\\x1b[0m\\x07\\x08 [link=file:///etc]l[/link] \\u202eabc"
OBLIGATION = "a) Xây dựng kế hoạch cụ thể hóa nội dung, giải pháp"
TITLE = "**Thực hiện phong trào “Dân vận khéo” năm 2024**"


def hostile_document(folder, inserted: str, name: str = "kế hoạch.txt"):
    """Seed 004 (TP Bắc Kạn, 2024) with ``inserted`` in its title and in its plan obligation."""
    text = SEEDS["004"].read_text(encoding="utf-8")
    assert text.count(OBLIGATION) == 1 and text.count(TITLE) == 1
    text = text.replace(OBLIGATION, f"a) Xây dựng kế hoạch {inserted} cụ thể hóa nội dung, giải pháp")
    text = text.replace(TITLE, f"**Thực hiện phong trào {inserted} “Dân vận khéo” năm 2024**")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("a) Xây dựng kế hoạch"))
    return path, line


def small_store(folder, files) -> None:
    """The documents, the catalog and the ontology (its code lists name the kinds of obligation),
    without the unit registry: classes of units stay one row each, which is all these tests need."""
    store = docs_store(folder, files)
    _ensure_ontology(store)
    store.flush()
    store.publish()  # the end of the write session: readers see the ontology too


def test_visible_escapes_controls_and_keeps_everything_else():
    assert visible(HOSTILE) == SHOWN
    assert visible("Sở Nội vụ\ttỉnh\r\n") == "Sở Nội vụ\\ttỉnh\\r\\n"
    assert visible("\x7f\x9b\u2066") == "\\x7f\\x9b\\u2066"


def test_hostile_text_in_every_output(tmp_path):
    name = "kế hoạch [bold]B[red]x \x1b[31m\x07.txt"  # a file name cannot hold "/"
    path, line = hostile_document(tmp_path / "kho", HOSTILE, name)
    small_store(tmp_path / "kg", [path])
    store = ["--store", str(tmp_path / "kg")]
    runner = CliRunner()

    r = runner.invoke(main, ["parse", "--format", "table", str(path)], env={"COLUMNS": "400"})
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\x07" not in r.output
    assert SHOWN in r.output  # the title, as written, controls escaped
    assert visible(name) in r.output
    parsed = json.loads(runner.invoke(main, ["parse", str(path)]).output)
    assert HOSTILE in parsed["title"] and parsed["source"].endswith(name)

    gaps = ["gaps", "--year", "2024", "--as-of", "2024-12-01", *store]
    rows = json.loads(runner.invoke(main, [*gaps, "--format", "json"]).output)["rows"]
    plan = [x for x in rows if x["kind"] == "plan"]
    assert plan and all(x["evidence"]["text"] == line for x in plan)  # exact, in JSON
    assert all(x["evidence"]["source"].endswith(name) for x in rows)
    csv_text = runner.invoke(main, [*gaps, "--format", "csv"]).stdout
    table = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    assert {x["evidence_text"] for x in table if x["kind"] == "plan"} == {line}  # exact, in CSV
    for extra, cols in (([], "80"), (["--full"], "400")):
        r = runner.invoke(main, [*gaps, *extra], env={"COLUMNS": cols})
        assert r.exit_code == 0, r.output
        assert "\x1b" not in r.output and "\x07" not in r.output and "\u202e" not in r.output
    r = runner.invoke(main, [*gaps, "--full"], env={"COLUMNS": "1000"})
    assert visible(line) in r.output  # the whole sentence, markup-like text as written
    compact = runner.invoke(main, gaps, env={"COLUMNS": "200"}).output
    assert f"  {visible(name)}:" in compact and "[bold]Sở[/bold] \\x1b[31mĐỎ" in compact

    chain = runner.invoke(main, ["chain", "209-KH/TU", "--down", *store], env={"COLUMNS": "400"})
    assert chain.exit_code == 0, chain.output
    title = f"Thực hiện phong trào {HOSTILE} “Dân vận khéo” năm 2024"
    assert f"— {visible(title[:80])}\n" in chain.output and "\x1b" not in chain.output  # tree: 80 chars
    tree = json.loads(runner.invoke(main, ["chain", "209-KH/TU", "--down", "--format", "json",
                                           *store]).output)
    assert HOSTILE in tree["down"]["children"][0]["title"]

    out = tmp_path / "v.html"
    r = runner.invoke(main, ["viz", "--year", "2024", "--gaps", "--as-of", "2024-12-01", "-o", str(out),
                             *store])
    assert r.exit_code == 0, r.output
    assert f"{line} ({name}:74)" in tips(out)  # the evidence, exact, with file:line

    # an error line naming a hostile file: escaped, one line
    bad = tmp_path / "kho" / "rỗng [bold] \x1b[2J.txt"
    bad.write_bytes(b"")
    r = runner.invoke(main, ["parse", str(bad)])
    assert r.exit_code == 1 and r.output == f"error: {visible(str(bad))}: empty file\n"


def tips(path) -> set[str]:
    """The tooltip texts of a view's nodes, from the page's JSON data block."""
    html = path.read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="dkg-data">(.*?)</script>', html, re.S).group(1)
    return {row[1] for n in json.loads(raw)["nodes"] for row in n["tip"]}


# Text a document may hold on one line: markup-like punctuation, Vietnamese letters, and control
# characters that do not end a line (no NUL either: that makes the file binary). No digits, so that
# the sentence keeps its meaning (no new date or number).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
ALPHABET = st.one_of(
    st.sampled_from(list("[]/\\=#*_`<>&'\"{}()| ") + list("aSởđĐêƯ") + ["\x1b", "\x07", "\x08", "\x7f",
                                                                      "\x9b", "\t", "\u202e", "\u2066"]),
    st.characters(codec="utf-8", exclude_characters=LINE_BREAKS + "\x00",
                  exclude_categories=("Nd", "Cs")),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inserted=st.text(ALPHABET, min_size=1, max_size=16).filter(lambda t: t.strip() == t and t))
def test_random_text_passes_through_unchanged(tmp_path_factory, inserted):
    """Whatever the parser made of the text (a "|" or ":" may change where a sentence or title
    ends), every output shows what it holds: exactly in JSON, CSV and HTML, with controls
    escaped in terminal tables."""
    folder = tmp_path_factory.mktemp("prop")
    path, _line = hostile_document(folder / "kho", inserted)
    small_store(folder / "kg", [path])
    store = ["--store", str(folder / "kg")]
    runner = CliRunner()

    record = json.loads(runner.invoke(main, ["parse", str(path)]).output)
    r = runner.invoke(main, ["parse", "--format", "table", str(path)], env={"COLUMNS": "3000"})
    assert r.exit_code == 0, r.output
    assert visible(record["title"]) in r.output
    for o in record["obligations"]:
        assert visible("; ".join(a["text"] for a in o["addressees"])) in r.output
    evidence = [o["evidence"]["text"] for o in record["obligations"] if o["kind"] == "plan"]
    assert len(evidence) == 1 and inserted in evidence[0]

    gaps = ["gaps", "--year", "2024", "--kind", "plan", "--as-of", "2024-12-01", *store]
    report = json.loads(runner.invoke(main, [*gaps, "--format", "json"]).output)
    assert {x["evidence"]["text"] for x in report["rows"]} == set(evidence) and report["rows"]
    table = list(csv.DictReader(io.StringIO(
        runner.invoke(main, [*gaps, "--format", "csv"]).stdout.lstrip("\ufeff"))))
    assert {x["evidence_text"] for x in table} == set(evidence)
    full = runner.invoke(main, [*gaps, "--full"], env={"COLUMNS": "3000"}).output
    assert visible(evidence[0]) in full
    for output in (full, runner.invoke(main, gaps, env={"COLUMNS": "80"}).output):
        assert not re.search("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", output)

    out = folder / "v.html"
    r = runner.invoke(main, ["viz", "--year", "2024", "--gaps", "--as-of", "2024-12-01", "-o", str(out),
                             *store])
    assert r.exit_code == 0, r.output
    assert f"{evidence[0]} (kế hoạch.txt:74)" in tips(out)


@pytest.mark.parametrize("inserted", ["[/x]", "[bold]Sở[/bold]", "\x1b[2J\x1b[H"])
def test_markup_in_a_roster_error_is_shown_as_written(tmp_path, new_store, inserted):
    roster = tmp_path / "r.csv"
    roster.write_text(f"name,unit_class,parent\nSở {inserted},sở,UBND tỉnh Kiên Giang\n", encoding="utf-8")
    new_store(tmp_path / "kg", open_store=False)
    r = CliRunner().invoke(main, ["units", "load", "--store", str(tmp_path / "kg"), str(roster)])
    assert r.exit_code == 1
    assert r.output.startswith(f"error: {roster}: line 2: unknown unit_class 'sở'")
