"""What a new user meets in the first hour (issue 19), each with the exact output or message, and the
CLI's uniform parts (issue 14): exit codes from directive_kg/errors.py, one lookup for a body named
on the command line, one day parser."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from directive_kg.errors import (
    EXIT_BUSY,
    EXIT_CONNECTION,
    EXIT_NOT_FOUND,
    EXIT_PARTIAL,
    EXIT_STORE,
    EXIT_USAGE,
    KGError,
    LoaderError,
    Neo4jError,
    NotFoundError,
    QueryError,
    StoreBusyError,
    StoreError,
    UsageError,
)
from directive_kg.kg.answers.bodies import find_body
from directive_kg.kg.answers.sparql import is_update
from directive_kg.kg.cli.main import main
from directive_kg.kg.graph.gap_status import gap_status
from directive_kg.kg.store.store import Store
from directive_kg.loaders.dates import parse_day
from tests.conftest import CORPUS, ROOT, SEEDS

KG = [sys.executable, "-c", "from directive_kg.kg.cli.main import main; main()"]
ROSTER = ROOT / "samples" / "roster.csv"


@pytest.fixture(scope="module")
def sample(tmp_path_factory, reference_store):
    """The README's store: the sample corpus and the sample roster, loaded by the commands."""
    folder = tmp_path_factory.mktemp("first-hour") / "kg"
    shutil.copytree(reference_store, folder)
    runner = CliRunner()
    assert runner.invoke(main, ["load", "--store", str(folder), str(CORPUS)]).exit_code == 0
    assert runner.invoke(main, ["units", "load", "--store", str(folder), str(ROSTER)]).exit_code == 0
    return folder


def run(*args: str, env: dict | None = None):
    return CliRunner(env=env).invoke(main, list(args))


# --- 19.1: the README's own flow validates clean --------------------------------------------------

def test_the_readme_flow_validates_clean(tmp_path, reference_store):
    """`kg load samples/corpus && kg units load samples/roster.csv && kg validate`, as written, in a
    fresh folder (its ./.kg seeded with the reference data, which the first load would add)."""
    shutil.copytree(reference_store, tmp_path / ".kg")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    outputs = []
    for command in (["load", "samples/corpus"], ["units", "load", "samples/roster.csv"], ["validate"]):
        r = subprocess.run([*KG, *command], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0 and r.stderr == "", (command, r.stdout, r.stderr)
        outputs.append(r.stdout)
    assert outputs == ["loaded 4, replaced 0, unchanged 0, skipped 0, failed 0\n",
                       "samples/roster.csv: 15 unit(s)\n",
                       "valid: the graph conforms to the shapes and has no implementation cycles\n"]
    r = subprocess.run([*KG, "validate", "--format", "json"], cwd=tmp_path, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0 and json.loads(r.stdout) == {"valid": True, "problems": []}


def test_a_document_source_still_needs_its_sha256(tmp_path, new_store):
    """The shapes say what is true: a roster file has no SHA-256 (it is not a document), the source
    of a loaded instrument must have one."""
    store = new_store(tmp_path / "kg")
    store.update("""INSERT DATA { GRAPH <urn:g> {
        <urn:plan> a dkg:Plan ; dkg:identityKey "k" ; eli:passed_by <urn:body> ;
                   dkg:hasSourceDocument <urn:src> .
        <urn:body> a dkg:Body ; skos:prefLabel "Sở X" .
        <urn:src> a dkg:SourceDocument ; dkg:file "/x.txt" .
        <urn:roster> a dkg:SourceDocument ; dkg:file "/roster.csv" . } }""")
    store.flush()
    store.publish()  # the end of a write session: readers see it (kg/store/snapshots.py)
    del store
    r = run("validate", "--store", str(tmp_path / "kg"), "--format", "json")
    assert r.exit_code == EXIT_PARTIAL
    assert json.loads(r.output)["problems"] == [{
        "kind": "shape", "focus": "urn:src", "label": None, "cycle": [],
        "message": "Source document must have one SHA-256 (dkg:sha256) of 64 lowercase hex digits.",
        "path": "<https://w3id.org/directive-kg/ontology#sha256>"}]


# --- 19.2: a folder's notes are not documents -------------------------------------------------------

NOTES = {
    "README.md": "# Kế hoạch các đơn vị tỉnh Kiên Giang 2024\n\nThư mục này chứa các kế hoạch thực hiện "
                 "Chỉ thị 33/CT-TTg do các sở gửi về.\nXem SOURCES.md để biết nguồn.\n",
    "NOTES.md": "Ghi chú\n- Cần hỏi lại Sở Nội vụ về kế hoạch còn thiếu.\n- File 003 là bản của UBND tỉnh.\n",
    "SOURCES.md": "# Nguồn\n- Kế hoạch 80/KH-UBND ngày 15/3/2024 của UBND tỉnh Kiên Giang: cổng thông "
                  "tin tỉnh\n- Chỉ thị 33/CT-TTg ngày 08/9/2021 của Thủ tướng Chính phủ\n",
}


def test_notes_beside_the_plans_are_reported_and_skipped(tmp_path, new_store):
    folder = tmp_path / "kho"
    shutil.copytree(CORPUS, folder)
    for name, body in NOTES.items():
        (folder / name).write_text(body, encoding="utf-8")
    new_store(tmp_path / "kg", open_store=False)
    r = CliRunner().invoke(main, ["load", "--store", str(tmp_path / "kg"), str(folder)])
    assert r.exit_code == 0, r.output
    why = "nothing of an administrative document found (no issuer, number or date)"
    assert r.output.splitlines() == [f"skipped: {folder / n}: {why}"
                                     for n in ("NOTES.md", "README.md", "SOURCES.md")] + [
        "loaded 4, replaced 0, unchanged 0, skipped 3, failed 0"]
    store = Store.open(tmp_path / "kg")
    files = {r["f"] for r in store.query("SELECT ?f WHERE { ?d dkg:hasSourceDocument/dkg:file ?f }")}
    assert files == {str(folder / p.name) for p in SEEDS.values()}
    del store
    r = CliRunner().invoke(main, ["load", "--store", str(tmp_path / "kg"), "--format", "json",
                                  str(folder / "NOTES.md"), str(folder / "003_8f1432702b8498b4.txt")])
    assert r.exit_code == 0
    assert json.loads(r.stdout) == {
        "loaded": [], "replaced": [], "unchanged": [str(folder / "003_8f1432702b8498b4.txt")],
        "skipped": [{"file": str(folder / "NOTES.md"), "reason": f"{folder / 'NOTES.md'}: {why}"}],
        "failed": [], "incomplete": []}


# --- 19.3: the first table fits the terminal --------------------------------------------------------

def test_the_first_gaps_table_is_one_line_per_row_in_80_columns(sample):
    from rich.cells import cell_len

    r = run("gaps", "--year", "2024", "--as-of", "2024-12-01", "--store", str(sample),
            env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    # seed 004's "Tham mưu xây dựng báo cáo của UBND thành phố …" is no report of Phòng Nội vụ (issue 13)
    assert lines[0] == "2024 as of 2024-12-01: 40 units owe 39 plans, 40 reports: 65 not_due, 14 overdue"
    assert max(cell_len(line) for line in lines) <= 80
    assert lines[1:5] == [
        "plan due 2024-12-31 for (draft) UBND thành phố Bắc Kạn: 14 units",
        "  004_d080e58fa20a04c9.txt:74: a) Xây dựng kế hoạch cụ thể hóa nội dung, giải p…",
        "  Phòng Giáo dục và Đào tạo thành phố Bắc Kạn   not_due",
        "  Phòng Lao động - Thương binh và xã hội thàn…  not_due"]
    assert "  UBND huyện Kiên Lương                         not_due" in lines
    assert lines[-3:] == ["not loaded (load them to check who owes them):",
                          "  209-KH/TU of Thành ủy Bắc Kạn, implemented by 1 loaded document",
                          "  89/KH-UBND of UBND tỉnh Bắc Kạn, implemented by 1 loaded document"]
    # 79 rows: each unit line is one row (5 obligations, each with a 2-line heading)
    assert len(lines) == 1 + 79 + 5 * 2 + 3
    # the whole sentence: --full on the table, or csv/json
    full = run("gaps", "--year", "2024", "--as-of", "2024-12-01", "--full", "--store", str(sample),
               env={"COLUMNS": "80"}).output
    assert all(word in full for word in ("nhằm", "triển", "hiệu", "khéo”"))  # folded in the cell
    sentence = ("a) Xây dựng kế hoạch cụ thể hóa nội dung, giải pháp nhằm triển khai thực hiện có "
                "hiệu quả phong trào “Dân vận khéo” năm 2024.")
    csv_text = run("gaps", "--year", "2024", "--as-of", "2024-12-01", "--format", "csv", "--store",
                   str(sample)).stdout
    assert csv_text.count(sentence) == 14  # the evidence_text column, whole
    rows = json.loads(run("gaps", "--year", "2024", "--as-of", "2024-12-01", "--format", "json",
                          "--store", str(sample)).output)["rows"]
    assert sum(1 for x in rows if x["evidence"]["text"].startswith(sentence)) == 14


# --- 19.4: messages that say what happened ----------------------------------------------------------

def test_a_filter_that_excludes_every_instrument_says_so(sample):
    r = run("chain", "39/KH-UBND", "--issuer", "Nowhere", "--store", str(sample))
    assert r.exit_code == EXIT_NOT_FOUND
    assert r.output == ("error: --issuer 'Nowhere' excluded the 2 instrument(s) numbered 39/KH-UBND: "
                        "39/KH-UBND · 2022-02-23 · Ủy ban nhân dân tỉnh Kiên Giang; "
                        "39/KH-UBND · 2025-01-20 · Ủy ban nhân dân huyện Hướng Hóa\n")
    r = run("chain", "39/KH-UBND", "--year", "2030", "--store", str(sample))
    assert r.exit_code == EXIT_NOT_FOUND and r.output.startswith(
        "error: --year 2030 excluded the 2 instrument(s) numbered 39/KH-UBND: ")
    r = run("chain", "1/KH-XYZ", "--store", str(sample))
    assert (r.exit_code, r.output) == (EXIT_NOT_FOUND,
                                       "error: no instrument numbered 1/KH-XYZ in the store\n")


def test_a_missing_query_file_is_no_such_file(sample, tmp_path):
    r = run("sparql", str(tmp_path / "typo.rq"), "--store", str(sample))
    assert (r.exit_code, r.output) == (EXIT_NOT_FOUND, f"error: no such file: {tmp_path / 'typo.rq'}\n")
    r = run("cypher", str(tmp_path / "typo.cypher"))
    assert (r.exit_code, r.output) == (EXIT_NOT_FOUND, f"error: no such file: {tmp_path / 'typo.cypher'}\n")
    r = run("query", "nope", "--store", str(sample))
    assert r.exit_code == EXIT_NOT_FOUND and r.output.startswith("error: no named query 'nope'; known: ")


def test_an_unreachable_neo4j_uri_is_one_line(tmp_path):
    """neo4j:// asks for routing first; the driver logs "Unable to retrieve routing information"
    on its way to failing. Only our one line reaches the terminal (a real process, real stderr)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = subprocess.run([*KG, "cypher", "RETURN 1", "--uri", f"neo4j://127.0.0.1:{port}"],
                       capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"})
    assert r.returncode == EXIT_CONNECTION and r.stdout == ""
    assert r.stderr.splitlines() == [
        f"error: cannot reach Neo4j at neo4j://127.0.0.1:{port} (no answer); is the server running? "
        "Locally: start it with scripts/neo4j-local start && source .neo4j-local/env"], r.stderr


# --- 19.5: output paths -----------------------------------------------------------------------------

def test_output_paths_are_refused_in_words(sample, tmp_path):
    r = run("viz", "--year", "2024", "-o", "/nonexistent/dir/x.html", "--store", str(sample))
    assert (r.exit_code, r.output) == (
        EXIT_USAGE, "error: cannot write /nonexistent/dir/x.html: no folder /nonexistent/dir "
                    "(create it first)\n")
    assert not (tmp_path / "nonexistent").exists()
    r = run("export", "-o", "/nonexistent/x.trig", "--store", str(sample))
    assert (r.exit_code, r.output) == (
        EXIT_USAGE, "error: cannot write /nonexistent/x.trig: no folder /nonexistent (create it first)\n")
    r = run("export", "-o", "/sys/x.trig", "--store", str(sample))  # a folder nobody may write to
    assert (r.exit_code, r.output) == (EXIT_USAGE, "error: cannot write /sys/x.trig: permission denied\n")
    r = run("viz", "--year", "2024", "-o", "/proc/x.html", "--store", str(sample))
    assert (r.exit_code, r.output) == (EXIT_USAGE, "error: cannot write /proc/x.html: "
                                                   "no such file or directory\n")
    assert "Error" not in r.output  # no exception names


# --- 19.6: JSON where rows are printed --------------------------------------------------------------

def test_chain_load_and_validate_speak_json(sample):
    r = run("chain", "39/KH-UBND", "--issuer", "Hướng Hóa", "--format", "json", "--store", str(sample))
    assert r.exit_code == 0, r.output
    tree = json.loads(r.output)
    node = {"iri": "https://w3id.org/directive-kg/id/instrument/ubnd-district-huong-hoa-legacy-465/kh/2025/39",
            "number": "39/KH-UBND", "symbol": None, "date": "2025-01-20", "year": 2025,
            "issuer": "Ủy ban nhân dân huyện Hướng Hóa", "title": None, "inferred": False, "rule": None}
    assert tree["up"] == dict(node, children=[])
    assert tree["down"] == dict(node, children=[{
        "iri": "https://w3id.org/directive-kg/id/instrument/draft/7c9eb87e72", "number": None,
        "symbol": "/KH-VHTT-TDTT", "date": None, "year": 2025,
        "issuer": "Trung tâm VHTT-TDTT huyện Hướng Hóa",
        "title": "Thực hiện công tác Dân vận chính quyền năm 2025", "inferred": False, "rule": None,
        "children": []}])
    r = run("chain", "39/KH-UBND", "--issuer", "Hướng Hóa", "--down", "--format", "csv",
            "--store", str(sample))
    assert r.output.splitlines()[0] == ("\ufeffdirection,depth,number,symbol,date,year,issuer,title,"
                                        "inferred,rule,iri")
    assert [x.split(",")[:3] for x in r.output.splitlines()[1:]] == [["down", "0", "39/KH-UBND"],
                                                                     ["down", "1", ""]]
    r = run("load", "--format", "json", "--store", str(sample), str(SEEDS["000"]))
    assert json.loads(r.output) == {"loaded": [], "replaced": [], "unchanged": [str(SEEDS["000"])],
                                    "skipped": [], "failed": [], "incomplete": []}
    r = run("validate", "--format", "json", "--store", str(sample))
    assert (r.exit_code, json.loads(r.output)) == (0, {"valid": True, "problems": []})


# --- 14.2: one body lookup, the same bodies in kg gaps and kg viz ------------------------------------

def test_under_finds_the_same_bodies_in_gaps_and_viz(sample):
    """Hand-checked on the sample: under UBND tỉnh Kiên Giang in 2024, 25 units owe the province
    plan a plan: its 15 district-level People's Committees (registry), the 9 departments of the
    roster (8 sở and the Văn phòng) and the class "các đơn vị sự nghiệp công lập" nobody lists."""
    from directive_kg.viz.select import select

    store = Store.open(sample)
    kg_iri = "https://w3id.org/directive-kg/id/body/ubnd/legacy-91"
    for name, why in (("UBND tỉnh Kiên Giang", "place"), ("Ủy ban nhân dân tỉnh Kiên Giang", "place"),
                      (kg_iri, "iri"), (f"<{kg_iri}>", "iri")):
        match = find_body(store, name, date(2024, 1, 1))
        assert (match.iris, match.names, match.why) == ((kg_iri,), ("Ủy ban nhân dân tỉnh Kiên Giang",), why)
        r = run("gaps", "--year", "2024", "--kind", "plan", "--as-of", "2024-12-01", "--under", name,
                "--format", "json", "--store", str(sample))
        report = json.loads(r.output)
        assert report["under"] == {"text": name, "iri": kg_iri, "name": "Ủy ban nhân dân tỉnh Kiên Giang",
                                   "found": why}
        gaps_units = {x["unit_iri"] for x in report["rows"]}
        view = select(store, year=2024, gaps=True, under=name, as_of=date(2024, 12, 1))
        viz_units = {n.id for n in view.nodes.values() if n.owes}
        assert len(gaps_units) == 25 and gaps_units == viz_units
    names = sorted(x["unit"] for x in report["rows"])
    assert sum(n.startswith("Ủy ban nhân dân") for n in names) == 15
    assert sum(n.startswith(("Sở ", "Văn phòng")) for n in names) == 9
    assert "các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh" in names
    # a unique part of a name, and an ambiguous one: the same answer in both commands
    match = find_body(store, "Phòng Nội vụ thành phố Bắc")
    assert (match.names, match.why) == (("Phòng Nội vụ thành phố Bắc Kạn",), "part")
    for command in (["gaps", "--year", "2024"], ["viz", "--year", "2024", "-o", "/tmp/unused.html"]):
        r = run(*command, "--under", "Ban Thường vụ Tỉnh ủy", "--store", str(sample))
        assert r.exit_code == EXIT_USAGE and r.output == (
            "error: --under: 'Ban Thường vụ Tỉnh ủy' names 3 bodies (Ban Thường vụ Tỉnh ủy Bắc Kạn; "
            "Ban Thường vụ Tỉnh ủy Kiên Giang; Ban Thường vụ Tỉnh ủy Quảng Bình); give more of the "
            "name (e.g. with its place) or the body's IRI\n")
        r = run(*command, "--under", "Sở Ngoại giao sao Hỏa", "--store", str(sample))
        assert (r.exit_code, r.output) == (EXIT_NOT_FOUND, "error: --under: no body named 'Sở Ngoại giao "
                                                           "sao Hỏa' in the store or the unit registry\n")
    r = run("units", "list", "--under", "Sở Ngoại giao sao Hỏa", "--store", str(sample))
    assert r.exit_code == EXIT_NOT_FOUND


def test_issuer_uses_the_same_lookup(sample):
    r = run("chain", "39/KH-UBND", "--issuer", "UBND tỉnh Kiên Giang", "--up", "--format", "json",
            "--store", str(sample))
    assert json.loads(r.output)["up"]["issuer"] == "Ủy ban nhân dân tỉnh Kiên Giang"
    r = run("chain", "39/KH-UBND", "--issuer", "https://w3id.org/directive-kg/id/body/ubnd/legacy-465",
            "--up", "--format", "json", "--store", str(sample))
    assert json.loads(r.output)["up"]["issuer"] == "Ủy ban nhân dân huyện Hướng Hóa"
    r = run("chain", "39/KH-UBND", "--issuer", "Ủy ban nhân dân", "--store", str(sample))
    assert r.exit_code == EXIT_USAGE and r.output.startswith("error: 39/KH-UBND is ambiguous (")


# --- 14.2: one gap-status function ------------------------------------------------------------------

@pytest.mark.parametrize(("first_dated", "undated", "due", "as_of", "status"), [
    (None, False, "2024-12-31", "2024-12-31", "not_due"),
    (None, False, "2024-12-31", "2025-01-01", "overdue"),
    ("2024-06-01", False, "2024-12-31", "2024-12-01", "done_on_time"),
    ("2024-06-01", False, "2024-12-31", "2024-05-31", "not_due"),  # not yet written on that day
    ("2025-02-01", False, "2024-12-31", "2025-03-01", "done_late"),
    ("2025-02-01", True, "2024-12-31", "2025-01-15", "done_on_time"),  # an undated draft counts
    ("2025-02-01", True, "2024-12-31", "2025-03-01", "done_late"),  # the earliest dated decides
])
def test_gap_status(first_dated, undated, due, as_of, status):
    assert gap_status(first_dated, undated, due, as_of) == status


# --- 14.5: exit codes and dates, everywhere the same ------------------------------------------------

def test_each_error_class_carries_its_exit_code():
    assert [c.exit_code for c in (UsageError, QueryError, NotFoundError, LoaderError, StoreBusyError,
                                  Neo4jError, StoreError, KGError)] == [
        EXIT_USAGE, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_PARTIAL, EXIT_BUSY, EXIT_CONNECTION, EXIT_STORE,
        EXIT_STORE]


def test_dates_are_read_in_the_same_forms_everywhere(sample, tmp_path):
    assert parse_day("2024-11-15") == parse_day("15/11/2024") == date(2024, 11, 15)
    for bad in ("2024/11/15", "31/02/2024", "15-11-2024", "2024"):
        with pytest.raises(ValueError, match=r"is not a date \(YYYY-MM-DD or DD/MM/YYYY\)"):
            parse_day(bad)
    iso = run("gaps", "--year", "2024", "--as-of", "2024-12-01", "--format", "json", "--store", str(sample))
    vn = run("gaps", "--year", "2024", "--as-of", "01/12/2024", "--format", "json", "--store", str(sample))
    assert iso.output == vn.output and json.loads(vn.output)["as_of"] == "2024-12-01"
    assert run("units", "list", "--under", "UBND tỉnh Kiên Giang", "--on", "30/06/2025", "--format", "json",
               "--store", str(sample)).output == run(
        "units", "list", "--under", "UBND tỉnh Kiên Giang", "--on", "2025-06-30", "--format", "json",
        "--store", str(sample)).output
    for command in (["gaps", "--year", "2024"], ["viz", "--year", "2024"], ["units", "list"]):
        option = "--on" if command[0] == "units" else "--as-of"
        r = run(*command, option, "2024-13-01", "--store", str(sample))
        assert r.exit_code == EXIT_USAGE
        assert (f"Invalid value for '{option}': '2024-13-01' is not a date (YYYY-MM-DD or DD/MM/YYYY)"
                in r.output)
    roster = tmp_path / "r.csv"
    roster.write_text("name,unit_class,parent,valid_from,valid_to\n"
                      "Sở Nội vụ,departments,UBND tỉnh Kiên Giang,01/01/2024,2024-13-01\n", encoding="utf-8")
    r = run("units", "load", str(roster), "--store", str(sample))
    assert (r.exit_code, r.output) == (EXIT_PARTIAL, f"error: {roster}: line 2: '2024-13-01' is not a date "
                                                     "(YYYY-MM-DD or DD/MM/YYYY)\n")


def test_update_detection_is_in_the_library():
    assert is_update("PREFIX x: <urn:x>\n# a comment\n INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert is_update("delete where { ?s ?p ?o }")
    assert not is_update("SELECT * WHERE { ?s ?p \"INSERT\" }")
    assert not is_update("# DELETE me\nASK { ?s ?p ?o }")
