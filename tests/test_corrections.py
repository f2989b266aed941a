"""Corrections without editing the source (issue 13, item 7), end to end through the CLI: a
corrections file fixes what was read from the Kiên Giang 2024 plan (seed 003), `kg gaps` changes
and says "corrected", the corrections survive a reload of the changed document, a bad file is
refused whole with its line, and taking the file out restores the reading as written.

Hand-checked on seed 003: its "Tổ chức thực hiện" item 2 (line 77) obliges 25 units (the 15
district-level units of Kiên Giang in 2024, the 9 departments of samples/roster.csv and the
provincial office) to build a plan and to report; item 3 (line 79) obliges Sở Nội vụ to report.
With the 28 rows of TP Bắc Kạn's plan (seed 004: 14 units × plan and report), `kg gaps --year
2024` lists 79 rows."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner

from directive_kg.errors import InputFileError
from directive_kg.kg.cli.main import main
from directive_kg.loaders import parse_text
from directive_kg.loaders.corrections import apply_corrections, read_corrections
from tests.conftest import CORPUS, ROOT

SEED = "003_8f1432702b8498b4.txt"
HEADER = "document,field,target,value,who,why\n"
FIXES = HEADER + (
    f"docs/{SEED},number,,15/KH-UBND,Nguyễn Văn An,bản đã ký mang số 15/KH-UBND\n"
    f"docs/{SEED},obligation_deadline,77:plan,2024-04-30,Nguyễn Văn An,hạn ghi trong công văn kèm theo\n"
    f"docs/{SEED},obligation_remove,79:report,,Nguyễn Văn An,Sở Nội vụ chỉ tổng hợp giúp UBND tỉnh\n")


@pytest.fixture()
def workspace(tmp_path, new_store, monkeypatch):
    (tmp_path / "docs").mkdir()
    for f in CORPUS.iterdir():
        shutil.copy(f, tmp_path / "docs" / f.name)
    new_store(tmp_path / ".kg", open_store=False)
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke
    r = run(main, ["load", "docs"])
    assert r.exit_code == 0, r.output
    assert run(main, ["units", "load", str(ROOT / "samples" / "roster.csv")]).exit_code == 0
    return tmp_path


def gap_rows() -> list[dict]:
    r = CliRunner().invoke(main, ["gaps", "--year", "2024", "--as-of", "2024-06-01", "--format", "csv"])
    assert r.exit_code == 0, r.output
    text = r.stdout.lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def seed_rows(rows: list[dict]) -> Counter:
    return Counter((r["kind"], r["required_by"], r["evidence_line"], r["deadline"], r["status"],
                    r["corrected"]) for r in rows if r["evidence_source"].endswith(SEED))


BEFORE = Counter({("plan", "(draft, no number) Ủy ban nhân dân tỉnh Kiên Giang", "77", "", "not_due",
                   "False"): 25,
                  ("report", "(draft, no number) Ủy ban nhân dân tỉnh Kiên Giang", "77", "", "not_due",
                   "False"): 25,
                  ("report", "(draft, no number) Ủy ban nhân dân tỉnh Kiên Giang", "79", "", "not_due",
                   "False"): 1})
AFTER = Counter({("plan", "15/KH-UBND", "77", "2024-04-30", "overdue", "True"): 25,
                 ("report", "15/KH-UBND", "77", "", "not_due", "True"): 25})


def test_a_corrections_file_changes_the_gaps_and_says_so(workspace):
    before = gap_rows()
    assert len(before) == 79 and seed_rows(before) == BEFORE
    (workspace / "fixes.csv").write_text(FIXES, encoding="utf-8")
    r = CliRunner().invoke(main, ["corrections", "load", "fixes.csv"])
    assert r.exit_code == 0, r.output
    assert r.output == "corrections fixes.csv: 3 row(s) for 1 document(s), applied\n"
    after = gap_rows()
    assert len(after) == 78 and seed_rows(after) == AFTER
    # the other plan's rows are untouched
    assert [r for r in after if not r["evidence_source"].endswith(SEED)] == \
        [r for r in before if not r["evidence_source"].endswith(SEED)]


def test_corrections_survive_a_reload_of_the_changed_document(workspace):
    (workspace / "fixes.csv").write_text(FIXES, encoding="utf-8")
    assert CliRunner().invoke(main, ["corrections", "load", "fixes.csv"]).exit_code == 0
    r = CliRunner().invoke(main, ["load", "docs"])
    assert r.output.startswith("loaded 0, replaced 0, unchanged 4, failed 0")
    with open(workspace / "docs" / SEED, "a", encoding="utf-8") as fh:
        fh.write("\n")  # the file changes: it is read again, and corrected again
    r = CliRunner().invoke(main, ["load", "docs"])
    assert r.output.startswith("loaded 0, replaced 1, unchanged 3, failed 0")
    assert seed_rows(gap_rows()) == AFTER


def test_removing_the_corrections_restores_the_reading(workspace):
    (workspace / "fixes.csv").write_text(FIXES, encoding="utf-8")
    assert CliRunner().invoke(main, ["corrections", "load", "fixes.csv"]).exit_code == 0
    r = CliRunner().invoke(main, ["corrections", "remove", "fixes.csv"])
    assert r.output == "removed 3 correction(s); 1 document(s) read again\n"
    rows = gap_rows()
    assert len(rows) == 79 and seed_rows(rows) == BEFORE


@pytest.mark.parametrize("body, message", [
    (f"docs/{SEED},year,,2025,An,x\ndocs/004_d080e58fa20a04c9.txt,obligation_kind,12,plan,An,x\n",
     "line 3: no plan or report obligation is read on line 12 in {ws}/docs/004_d080e58fa20a04c9.txt"),
    ("docs/nothere.txt,year,,2025,An,x\n",
     "line 2: no loaded document is 'docs/nothere.txt' (give the file as it was loaded, or its sha256)"),
    (f"docs/{SEED},deadline,,2025-01-01,An,x\n",
     "line 2: unknown field 'deadline'; use one of number, issuer, date, year, parent_add, "
     "parent_remove, obligation_addressees, obligation_kind, obligation_deadline, obligation_remove"),
    (f"docs/{SEED},obligation_deadline,77,31/13/2024,An,x\n",
     "line 2: '31/13/2024' is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
    (f"docs/{SEED},number,,15/KH-UBND,,x\n", "line 2: who and why are required"),
])
def test_a_bad_row_refuses_the_whole_file(workspace, body, message):
    before = gap_rows()
    (workspace / "bad.csv").write_text(HEADER + body, encoding="utf-8")
    r = CliRunner().invoke(main, ["corrections", "load", "bad.csv"])
    assert r.exit_code == 2
    assert r.output == f"error: bad.csv: {message.format(ws=workspace)}\n"
    assert gap_rows() == before  # nothing half-applied


def test_corrections_are_stored_with_their_provenance(workspace):
    (workspace / "fixes.csv").write_text(FIXES, encoding="utf-8")
    assert CliRunner().invoke(main, ["corrections", "load", "fixes.csv"]).exit_code == 0
    r = CliRunner().invoke(main, ["sparql", """SELECT ?field ?who ?why ?when WHERE {
        ?c a dkg:Correction ; dkg:field ?field ; dkg:reason ?why ; prov:generatedAtTime ?when ;
           prov:wasAttributedTo/skos:prefLabel ?who } ORDER BY ?field""", "--format", "json"])
    rows = __import__("json").loads(r.output)
    assert [(x["field"], x["who"]) for x in rows] == [
        ("number", "Nguyễn Văn An"), ("obligation_deadline", "Nguyễn Văn An"),
        ("obligation_remove", "Nguyễn Văn An")]
    assert rows[0]["why"] == "bản đã ký mang số 15/KH-UBND" and rows[0]["when"].startswith("20")
    r = CliRunner().invoke(main, ["sparql", """SELECT (COUNT(*) AS ?n) WHERE {
        ?o a dkg:Obligation ; dkg:corrected true ; prov:wasInfluencedBy ?c . ?c a dkg:Correction }""",
                                  "--format", "json"])
    assert __import__("json").loads(r.output) == [{"n": 1}]  # the plan whose deadline was fixed


def test_reading_a_corrections_file_detects_its_dialect():
    text = HEADER.replace(",", ";") + f"docs/{SEED};year;;2025;An;Excel lưu bằng dấu chấm phẩy\n"
    [c] = read_corrections(text, "f.csv")
    assert (c.document, c.field, c.value, c.line) == (f"docs/{SEED}", "year", "2025", 2)
    with pytest.raises(InputFileError, match=r"^f\.csv: line 1: missing column\(s\) target, value"):
        read_corrections("document,field,who,why\nx,year,a,b\n", "f.csv")


def test_a_correction_that_no_longer_fits_warns_and_changes_nothing():
    doc = parse_text((CORPUS / SEED).read_text(encoding="utf-8"), SEED)
    [c] = read_corrections(HEADER + f"{SEED},obligation_kind,12,plan,An,x\n", "f.csv")
    fixed, misfits = apply_corrections(doc, [c])
    assert [m.problem for m in misfits] == ["no plan or report obligation is read on line 12"]
    assert fixed.obligations == doc.obligations and fixed.corrections == []
    assert [str(w) for w in fixed.warnings] == [
        "correction-unapplied: the correction of line 2 (obligation_kind) no longer fits: "
        "no plan or report obligation is read on line 12"]
