"""The gaps index (kg/store/gaps_index.py) gives exactly the rows gaps.rq gives, on any day asked
about, and is rebuilt whenever the store changed since it was built."""

import json
import os
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner

from directive_kg.kg.answers.gaps import find_gaps
from directive_kg.kg.answers.units import load_roster
from directive_kg.kg.cli.main import main
from directive_kg.kg.store import gaps_index
from directive_kg.kg.store.load import _ensure_ontology, load_file, load_paths, remove_paths
from directive_kg.kg.store.store import Store
from tests.conftest import CORPUS
from tests.test_gaps import KIEN_LUONG, ROSTER

BINH_AN = "UBND HUYỆN KIÊN LƯƠNG\nỦY BAN NHÂN DÂN XÃ BÌNH AN"
TO_DISTRICT_PLAN = ("Thực hiện Kế hoạch số 52/KH-UBND ngày 20/3/2024 của Ủy ban nhân dân huyện "
                    "Kiên Lương")


def _commune_plan(number: str, date_line: str) -> str:
    """Xã Bình An's plan carrying out Kiên Lương's 52/KH-UBND (deadline 15/4/2024)."""
    return (KIEN_LUONG.read_text(encoding="utf-8")
            .replace("ỦY BAN NHÂN DÂN\nHUYỆN KIÊN LƯƠNG", BINH_AN)
            .replace("Số: 52/KH-UBND", f"Số: {number}/KH-UBND")
            .replace("Kiên Lương, ngày 20 tháng 3 năm 2024", date_line)
            .replace("Thực hiện Kế hoạch số 45/KH-UBND ngày 05/3/2024 của Ủy ban nhân dân tỉnh"
                     " Kiên Giang", TO_DISTRICT_PLAN))


@pytest.fixture(scope="module")
def store(tmp_path_factory, new_store):
    """The sample corpus, the roster, Kiên Lương's plan, and Bình An's plan twice: an unsigned
    draft (no number, no date) and the signed version of 2 May 2024, after the deadline."""
    folder = tmp_path_factory.mktemp("gaps-index")
    (folder / "binh_an_draft.txt").write_text(
        _commune_plan("", "Bình An, ngày      tháng      năm 2024"), encoding="utf-8")
    (folder / "binh_an_signed.txt").write_text(
        _commune_plan("7", "Bình An, ngày 02 tháng 5 năm 2024"), encoding="utf-8")
    s = new_store(folder / "kg")
    assert load_paths(s, [str(CORPUS), str(KIEN_LUONG), str(folder / "binh_an_draft.txt"),
                          str(folder / "binh_an_signed.txt")]).ok
    load_roster(s, str(ROSTER))
    return s


def _comparable(rows):
    # gaps.rq samples any answer; the index names the lowest IRI: compare that one is there.
    return sorted((replace(r, response_iri=r.response_iri is not None) for r in rows), key=repr)


@pytest.mark.parametrize("year, as_of", [
    (2024, date(2024, 3, 10)), (2024, date(2024, 4, 1)), (2024, date(2024, 12, 1)),
    (2024, date(2026, 1, 1)), (2023, date(2024, 1, 1)), (2025, date(2025, 6, 1))])
def test_the_index_gives_the_rows_of_gaps_rq(store, year, as_of):
    from_index = find_gaps(store, year, as_of=as_of, include_met=True)
    from_query = find_gaps(store, year, as_of=as_of, include_met=True, use_index=False)
    assert _comparable(from_index.rows) == _comparable(from_query.rows)
    assert [r.unit for r in from_index.rows] == [r.unit for r in from_query.rows]  # same order
    assert from_index.unloaded_parents == from_query.unloaded_parents


def test_a_draft_counts_until_the_signed_plan_is_dated(store):
    def binh_an(as_of):
        rows = find_gaps(store, 2024, as_of=as_of, include_met=True, kind="plan",
                         instrument="52/KH-UBND").rows
        return {(r.status, r.response_date) for r in rows if r.unit == "Ủy ban nhân dân xã Bình An"}

    # On 1 April only the undated draft is there: done, on time.
    assert binh_an(date(2024, 4, 1)) == {("done_on_time", None)}
    # From 2 May the signed plan counts too, dated after the deadline of 15 April.
    assert binh_an(date(2024, 12, 1)) == {("done_late", date(2024, 5, 2))}


def test_the_index_is_saved_beside_the_store_and_read_as_it_is(store):
    path = gaps_index.index_path(store)
    assert path == store.path.parent / "gaps-index.sqlite" and path.exists()
    assert gaps_index.is_current(store)
    with closing(sqlite3.connect(path)) as db:
        years = dict(db.execute("SELECT year, COUNT(*) FROM duty GROUP BY year"))
        meta = dict(db.execute("SELECT key, value FROM meta"))
    assert meta == {"format": gaps_index.FORMAT, "generation": store.generation(), "made": "rebuilt"}
    assert years[2024] == len(find_gaps(store, 2024, include_met=True, as_of=date(2024, 12, 1)).rows)
    before = os.stat(path).st_mtime_ns
    result = CliRunner().invoke(main, ["gaps", "--year", "2024", "--store", str(store.path.parent)])
    assert result.exit_code == 0, result.output
    assert os.stat(path).st_mtime_ns == before  # read, not rebuilt


def test_any_write_makes_the_index_stale_and_the_next_read_rebuilds_it(tmp_path, new_store):
    s = new_store(tmp_path / "kg")
    load_paths(s, [str(CORPUS), str(KIEN_LUONG)])
    assert gaps_index.is_current(s)
    owed = {r.unit for r in find_gaps(s, 2024, as_of=date(2024, 12, 1), kind="plan").rows}
    assert "Ủy ban nhân dân huyện Kiên Lương" not in owed
    generation = s.generation()
    # Remove Kiên Lương's plan behind the library's back: a SPARQL update.
    graph = s.source_graph_for(next(iter(
        q.object.value for q in s.match(None, None, None) if q.object.value.endswith(KIEN_LUONG.name))))
    s.update(f"DROP GRAPH {graph}")
    assert s.generation() != generation and not gaps_index.is_current(s)
    owed = {r.unit for r in find_gaps(s, 2024, as_of=date(2024, 12, 1), kind="plan").rows}
    assert "Ủy ban nhân dân huyện Kiên Lương" in owed
    assert gaps_index.is_current(s)


def test_removing_a_document_refreshes_the_index(tmp_path, new_store):
    s = new_store(tmp_path / "kg")
    load_paths(s, [str(CORPUS), str(KIEN_LUONG)])

    def answered():
        with closing(sqlite3.connect(gaps_index.index_path(s))) as db:
            return {o for (o,) in db.execute("SELECT owner FROM answer WHERE kind = 'plan'")}

    kien_luong = next(r.unit_iri for r in find_gaps(s, 2024, include_met=True).rows
                      if r.unit == "Ủy ban nhân dân huyện Kiên Lương")
    assert answered() == {kien_luong}
    assert remove_paths(s, [str(KIEN_LUONG)]) == [str(KIEN_LUONG)]
    assert gaps_index.is_current(s) and answered() == set()
    owed = {r.unit for r in find_gaps(s, 2024, as_of=date(2024, 12, 1), kind="plan").rows}
    assert "Ủy ban nhân dân huyện Kiên Lương" in owed


def test_a_store_in_memory_gets_an_index_in_memory():
    s = Store.memory()
    _ensure_ontology(s)  # the code lists; no registry: its class of communes stays one row
    load_file(s, str(KIEN_LUONG))
    rows = find_gaps(s, 2024, as_of=date(2024, 12, 1)).rows
    assert [(r.required_by, r.kind, r.expanded, r.status) for r in rows] == [
        ("52/KH-UBND", "plan", False, "overdue"), ("52/KH-UBND", "report", False, "overdue")]
    assert gaps_index.index_path(s) is None


def test_a_damaged_index_file_is_rebuilt(tmp_path, new_store):
    s = new_store(tmp_path / "kg")
    load_paths(s, [str(CORPUS), str(KIEN_LUONG)])
    expected = find_gaps(s, 2024, as_of=date(2024, 12, 1), include_met=True).rows
    gaps_index.index_path(s).write_bytes(b"not a database")
    assert not gaps_index.is_current(s)
    assert find_gaps(s, 2024, as_of=date(2024, 12, 1), include_met=True).rows == expected
    assert gaps_index.is_current(s)


def test_cli_no_index_runs_gaps_rq_with_the_same_rows(store):
    def cli_rows(*extra):
        result = CliRunner().invoke(main, ["gaps", "--year", "2024", "--as-of", "2024-12-01", "--all",
                                           "--format", "json", "--store", str(store.path.parent),
                                           *extra])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)["rows"]
        return sorted((r["unit_iri"], r["required_by_iri"], r["kind"], r["status"]) for r in rows)

    from_index = cli_rows()
    assert len(from_index) == len(find_gaps(store, 2024, as_of=date(2024, 12, 1), include_met=True).rows)
    assert "done_late" in {status for *_, status in from_index}  # Bình An's signed plan
    assert cli_rows("--no-index") == from_index
