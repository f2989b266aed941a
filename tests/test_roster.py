"""Rosters: what each file says stays its own (a second roster's dates never remove rows the
first implied), a bad row is refused with its line and nothing is written, the separator is
detected, loading a file again replaces it, and a stopped load leaves nothing behind."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad

from directive_kg.errors import LoaderError
from directive_kg.kg.answers.gaps import find_gaps
from directive_kg.kg.answers.units import list_units, load_roster
from directive_kg.kg.cli.main import main
from directive_kg.kg.graph.roster import read_roster, roster_graph
from directive_kg.kg.store.load import load_paths
from directive_kg.kg.store.roster_load import COMPLETE, versions
from directive_kg.kg.store.store import Store
from tests.conftest import SEEDS
from tests.gaps_setdiff import owed_minus_met

HEADER = "name,unit_class,parent,valid_from,valid_to\n"
NOI_VU = "Sở Nội vụ tỉnh Kiên Giang"
NAMED = [("report", "not_due")]  # line 79 of the plan names Sở Nội vụ itself: no roster needed


def write(folder, name: str, text: str, encoding: str = "utf-8"):
    path = folder / name
    path.write_text(text, encoding=encoding)
    return str(path)


@pytest.fixture
def kien_giang(tmp_path, new_store):
    """The Kiên Giang 2024 plan (it obliges 'các sở, ban, ngành' to make a plan and report)."""
    s = new_store(tmp_path / "kg")
    load_paths(s, [str(SEEDS["003"])])
    yield s
    s.close()


def noi_vu_rows(store) -> list[tuple[str, str]]:
    rows = find_gaps(store, 2024, as_of=date(2024, 12, 31), include_met=True).rows
    return sorted((r.kind, r.status) for r in rows if r.unit == NOI_VU)


def test_a_second_roster_does_not_change_what_the_first_says(kien_giang, tmp_path):
    store = kien_giang
    first = write(tmp_path, "first.csv", HEADER + "Sở Nội vụ,departments,UBND tỉnh Kiên Giang,,\n")
    second = write(tmp_path, "second.csv",
                   HEADER + "Sở Nội vụ,departments,UBND tỉnh Kiên Giang,2025-03-01,\n")
    load_roster(store, first)
    # a plan (line 77) and two reports (lines 77 and 79); the plan's deadlines are in 2025
    owed = [("plan", "not_due"), ("report", "not_due"), ("report", "not_due")]
    assert noi_vu_rows(store) == owed
    load_roster(store, second)  # says the department exists from March 2025 (a 2025 roster)
    assert noi_vu_rows(store) == owed  # the first roster's 2024 rows stay
    by_gaps_rq = find_gaps(store, 2024, as_of=date(2024, 12, 31), include_met=True, use_index=False)
    assert sorted((r.kind, r.status) for r in by_gaps_rq.rows if r.unit == NOI_VU) == owed
    oracle = owed_minus_met(store, 2024, date(2024, 12, 31))
    assert sum(1 for owner, _i, _k in oracle if owner.endswith("so-noi-vu-tinh-kien-giang")) == 2
    # each file's statement is listed on its own
    listed = [(r["name"], r["valid_from"] or "", r["source"]) for r in list_units(store)]
    assert sorted(listed) == [(NOI_VU, "", str((tmp_path / "first.csv").resolve())),
                              (NOI_VU, "2025-03-01", str((tmp_path / "second.csv").resolve()))]
    # only the second roster: the department is no member of the class in 2024; the report line
    # 79 asks of it by name stays
    store.drop_graph(versions(store, roster_graph(first))[0])
    assert noi_vu_rows(store) == NAMED


@pytest.mark.parametrize("rows, problem", [
    ("Sở Nội vụ,departments,UBND tỉnh Narnia,,\n",
     "line 2: unknown parent body 'UBND tỉnh Narnia' (no unit of the registry, or more than one, "
     "has that name)"),
    ("Sở Nội vụ,departments,UBND tỉnh Kiên Giang,2025-03-01,2024-01-01\n",
     "line 2: valid_from 2025-03-01 is after valid_to 2024-01-01"),
    ("Sở Nội vụ,departments,UBND tỉnh Kiên Giang,,\nSở Tư pháp,departments,UBND tỉnh Kiên Giang,,\n"
     "sở nội vụ,departments,UBND  tỉnh Kiên Giang,2024-01-01,\n",
     "line 4: the same unit as line 2 (sở nội vụ, departments, UBND  tỉnh Kiên Giang)"),
    ("Sở Nội vụ,departments,UBND tỉnh Kiên Giang,31/02/2024,\n",
     "line 2: '31/02/2024' is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
])
def test_a_bad_row_is_refused_with_its_line_and_nothing_is_written(kien_giang, tmp_path, rows, problem):
    store = kien_giang
    good = write(tmp_path, "good.csv", HEADER + "Sở Tài chính,departments,UBND tỉnh Kiên Giang,,\n")
    load_roster(store, good)
    before = (list_units(store), len(store), store.generation())
    # many good rows before the bad one: refused before anything is written
    many = "".join(f"Trường số {i},public_service_units,UBND tỉnh Kiên Giang,,\n" for i in range(300))
    bad = write(tmp_path, "bad.csv", HEADER + rows.replace("\n", "\n" + many, 1)
                if "Narnia" in rows else HEADER + rows)
    with pytest.raises(LoaderError) as err:
        load_roster(store, bad)
    line = problem if "Narnia" not in rows else problem
    assert str(err.value) == f"{bad}: {line}"
    assert (list_units(store), len(store), store.generation()) == before


def test_the_cli_names_the_file_and_line(kien_giang, tmp_path):
    folder = kien_giang.root
    kien_giang.close()
    bad = write(tmp_path, "bad.csv", HEADER + "Sở Nội vụ,departments,UBND tỉnh Narnia,,\n")
    r = CliRunner().invoke(main, ["units", "load", bad, "--store", str(folder)])
    assert r.exit_code == 1
    assert r.stderr == (f"error: {bad}: line 2: unknown parent body 'UBND tỉnh Narnia' (no unit of "
                        "the registry, or more than one, has that name)\n")


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_the_separator_is_detected(tmp_path, sep):
    text = (HEADER + "Sở Nội vụ,departments,UBND tỉnh Kiên Giang,,2025-06-30\n"
            "Phòng Nội vụ,divisions,UBND thành phố Bắc Kạn,01/01/2020,\n").replace(",", sep)
    path = write(tmp_path, "r.csv", "\ufeff" + text)  # Excel's BOM too
    entries = read_roster(path)
    assert [(e.line, e.name, e.unit_class, e.parent, e.valid_from, e.valid_to) for e in entries] == [
        (2, "Sở Nội vụ", "departments", "UBND tỉnh Kiên Giang", None, date(2025, 6, 30)),
        (3, "Phòng Nội vụ", "divisions", "UBND thành phố Bắc Kạn", date(2020, 1, 1), None)]


def test_a_file_without_separator_says_so(tmp_path):
    path = write(tmp_path, "r.csv", "name unit_class parent\nSở Nội vụ departments UBND\n")
    with pytest.raises(LoaderError) as err:
        read_roster(path)
    assert str(err.value) == (f"{path}: line 1: no column separator (',', ';' or tab); expected header "
                              "name,unit_class,parent,valid_from,valid_to")


def test_loading_a_file_again_replaces_it(kien_giang, tmp_path):
    store = kien_giang
    path = write(tmp_path, "r.csv", HEADER + "Sở Nội vụ,departments,UBND tỉnh Kiên Giang,,\n")
    load_roster(store, path)
    write(tmp_path, "r.csv", HEADER + "Sở Tư pháp,departments,UBND tỉnh Kiên Giang,,\n")
    load_roster(store, path)
    assert [r["name"] for r in list_units(store)] == ["Sở Tư pháp tỉnh Kiên Giang"]
    assert len(versions(store, roster_graph(path))) == 1
    assert noi_vu_rows(store) == NAMED


def test_a_stopped_roster_load_is_dropped_by_the_next_writer(kien_giang, tmp_path):
    store = kien_giang
    path = write(tmp_path, "r.csv", HEADER + "Sở Nội vụ,departments,UBND tỉnh Kiên Giang,,\n")
    load_roster(store, path)
    complete = versions(store, roster_graph(path))
    # what a kill during the next load of the file leaves: a version without its marker
    half = NamedNode(roster_graph(path).value + "/killed")
    store.add_quads([Quad(NamedNode("urn:half"), NamedNode("urn:p"), Literal("x"), half)])
    folder = store.root
    store.close()
    del store
    again = Store.open(folder, write=True)
    try:
        assert versions(again, roster_graph(path)) == complete
        assert again.graph_value(complete[0], COMPLETE) == "true"
    finally:
        again.close()
