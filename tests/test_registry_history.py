"""The registry as it stood on each day (issue 20): the 2023-2025 mergers, the kinds a class names,
and names of the day in `kg gaps`.

Values checked by hand: the GSO list of 2023-05-07 (vietnam-provinces 0.5.0) has 705 district-level
units and 10,598 communes; Hải Phòng's resolution 1232/NQ-UBTVQH15 took effect on 1 January 2025
(huyện Thủy Nguyên → thành phố, huyện An Dương → quận; Thủy Nguyên's 37 communes became 21, among
them xã Liên Xuân, which took in xã Lại Xuân; xã Đại Bản moved from An Dương to quận Hồng Bàng).
In March 2024 Hải Phòng had eight huyện: Thủy Nguyên, An Dương, An Lão, Kiến Thụy, Tiên Lãng,
Vĩnh Bảo, Cát Hải, Bạch Long Vĩ."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from directive_kg.kg.answers.gaps import find_gaps
from directive_kg.kg.cli.main import main
from directive_kg.kg.store.load import load_paths
from directive_kg.loaders.records import UnitKinds
from directive_kg.loaders.unit_kinds import unit_kinds
from directive_kg.reference.registry import HISTORY_FILE, load_registry
from tests.conftest import ROOT
from tests.gaps_setdiff import owed_minus_met

FIXTURES = ROOT / "tests" / "fixtures" / "registry20"
HAI_PHONG_2024 = FIXTURES / "hai_phong_2024.txt"  # 58/KH-UBND, 15/3/2024: "UBND các huyện"
HAI_PHONG_2025 = FIXTURES / "hai_phong_2025.txt"  # the same sentence, 12/02/2025
THUY_NGUYEN_2024 = FIXTURES / "thuy_nguyen_2024.txt"  # 112/KH-UBND, 10/4/2024: "UBND các xã, thị trấn"
AS_OF = date(2025, 8, 1)
EIGHT_HUYEN_2024 = {f"Ủy ban nhân dân huyện {n}" for n in (
    "Thủy Nguyên", "An Dương", "An Lão", "Kiến Thụy", "Tiên Lãng", "Vĩnh Bảo", "Cát Hải",
    "Bạch Long Vĩ")}
SIX_HUYEN_2025 = EIGHT_HUYEN_2024 - {"Ủy ban nhân dân huyện Thủy Nguyên",
                                     "Ủy ban nhân dân huyện An Dương"}


@pytest.fixture(scope="module")
def reg():
    return load_registry()


# --- the dated registry ----------------------------------------------------------------------


def test_counts_before_the_round(reg) -> None:
    on = date(2024, 6, 1)
    assert len(reg.units_on(on, "province")) == 63
    assert len(reg.units_on(on, "district")) == 705
    assert len(reg.units_on(on, "commune")) == 10_598
    after = date(2025, 3, 1)
    assert (len(reg.units_on(after, "district")), len(reg.units_on(after, "commune"))) == (696, 10_035)


def test_renamed_and_reranked_units_keep_one_code(reg) -> None:
    tn = reg.get("legacy:311")
    assert [(s.name, s.valid_from, s.valid_to, s.approximate) for s in tn.states()] == [
        ("Huyện Thủy Nguyên", None, date(2024, 12, 31), False),
        ("Thành phố Thủy Nguyên", date(2025, 1, 1), date(2025, 6, 30), False)]
    assert tn.on(date(2024, 3, 15)).name == "Huyện Thủy Nguyên"
    assert tn.on(date(2025, 2, 1)).name == "Thành phố Thủy Nguyên"
    # the 2024 name finds the unit on a 2024 date, as it stood then
    found = reg.find("huyện Thủy Nguyên", on=date(2024, 3, 15))
    assert [(u.code, u.unit_type) for u in found] == [("legacy:311", "Huyện")]


def test_hai_phong_districts_by_day(reg) -> None:
    def huyen(on):
        return {f"Ủy ban nhân dân huyện {u.short}" for u in reg.children("legacy:31", on=on)
                if u.kind == "huyện"}

    assert huyen(date(2024, 3, 15)) == EIGHT_HUYEN_2024
    assert huyen(date(2025, 2, 12)) == SIX_HUYEN_2025
    assert {u.name for u in reg.children("legacy:31", on=date(2025, 2, 12))
            if u.kind == "quận"} >= {"Quận An Dương"}


def test_merged_and_moved_communes(reg) -> None:
    assert len(reg.children("legacy:311", on=date(2024, 4, 10))) == 37
    assert len(reg.children("legacy:311", on=date(2025, 2, 1))) == 21
    lai_xuan = reg.get("legacy:11476")
    assert (lai_xuan.name, lai_xuan.valid_to) == ("Xã Lại Xuân", date(2024, 12, 31))
    assert [u.name for u in reg.successors(lai_xuan.code)] == ["Xã Liên Xuân"]
    assert reg.today(lai_xuan.code).code.startswith("2025:")
    dai_ban = reg.get("legacy:11587")  # An Dương → Hồng Bàng, xã → phường
    assert [(s.name, s.parent) for s in dai_ban.states()] == [
        ("Xã Đại Bản", "legacy:312"), ("Phường Đại Bản", "legacy:303")]
    assert "legacy:11587" in {u.code for u in reg.children("legacy:312", on=date(2024, 6, 1))}
    assert "legacy:11587" not in {u.code for u in reg.children("legacy:312", on=date(2025, 2, 1))}
    # a district-level unit's duties went to the new province on 1 July 2025
    assert reg.today("legacy:311").name == "Thành phố Hải Phòng"


def test_undated_boundaries_are_approximate(reg) -> None:
    # Bắc Giang's resolution date is not established: the default boundary, flagged
    yen_dung = reg.get("legacy:221")
    assert (yen_dung.valid_to, yen_dung.approximate) == (date(2024, 12, 31), True)
    assert [u.name for u in reg.successors("legacy:221")] == ["Thành phố Bắc Giang"]


def test_history_file_states_its_sources_and_dates() -> None:
    data = json.loads(HISTORY_FILE.read_text(encoding="utf-8"))
    assert data["source"]["date"] == "2023-05-07"
    assert "vietnam-provinces 0.5.0" in data["source"]["before"]
    assert data["boundaries"]["31"]["effective"] == "2025-01-01"
    assert data["default_boundary"]["effective"] == "2025-01-01"
    changes = {}
    for u in data["units"]:
        changes[u["change"]] = changes.get(u["change"], 0) + 1
    assert changes["ended"] == 577 and changes["new"] == 5
    assert all(u["approximate"] == (u["code"][:2] != "31" or u["level"] == "province")
               for u in data["units"] if u["change"] == "ended" and u["level"] == "district")


# --- the kinds a class names -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "unit_class", "kinds", "named"), [
    ("Ủy ban nhân dân các huyện", "district_people_committees", ("huyện",), True),
    ("UBND các quận, huyện", "district_people_committees", ("quận", "huyện"), True),
    ("Chủ tịch UBND các huyện, thị xã, thành phố", None, ("huyện", "thị xã", "thành phố"), True),
    ("Uỷ ban nhân dân các huyện, thành phố", "district_people_committees", ("huyện", "thành phố"),
     True),
    ("UBND các quận, huyện thuộc thành phố", None, ("quận", "huyện"), True),
    ("UBND cấp huyện", "district_people_committees", ("quận", "huyện", "thị xã", "thành phố"),
     False),
    ("các địa phương", "district_people_committees", ("quận", "huyện", "thị xã", "thành phố"),
     False),
    ("UBND các xã", "commune_people_committees", ("xã",), True),
    ("UBND các xã, phường, thị trấn", None, ("xã", "phường", "thị trấn"), True),
    ("UBND các xã, phường, đặc khu", "commune_people_committees", ("xã", "phường", "đặc khu"), True),
    ("UBND cấp xã", None, ("xã", "phường", "thị trấn", "đặc khu"), False),
])
def test_unit_kinds(text, unit_class, kinds, named) -> None:
    found = unit_kinds(text, unit_class)
    assert (found.kinds, found.named) == (kinds, named)


def test_unit_kinds_of_other_classes_and_wording() -> None:
    assert unit_kinds("Các sở, ban, ngành tỉnh", "departments") is None
    assert UnitKinds("district", ("huyện", "thành phố")).describe() == "huyện, thành phố"
    assert unit_kinds("UBND cấp huyện").describe() == \
        "cấp huyện, every kind: quận, huyện, thị xã, thành phố"


# --- gaps: names of the day ------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory, new_store):
    s = new_store(tmp_path_factory.mktemp("reg20") / "kg")
    assert load_paths(s, [str(HAI_PHONG_2024), str(THUY_NGUYEN_2024), str(HAI_PHONG_2025)]).ok
    return s


def _rows(store, year, number, use_index=True):
    report = find_gaps(store, year, as_of=AS_OF, include_met=True, use_index=use_index)
    return [r for r in report.rows if r.required_by == number]


@pytest.mark.parametrize("use_index", [True, False])
def test_hai_phong_2024_plan_owes_the_eight_huyen_of_march_2024(store, use_index) -> None:
    rows = [r for r in _rows(store, 2024, "58/KH-UBND", use_index) if r.kind == "plan"
            and r.unit.startswith("Ủy ban nhân dân huyện")]
    assert {r.unit for r in rows} == EIGHT_HUYEN_2024
    assert len(rows) == 8 and all(r.kinds == "huyện" and r.deadline == date(2024, 4, 30)
                                  for r in rows)
    by_unit = {r.unit: r for r in rows}
    # Thủy Nguyên answered with its own plan (112/KH-UBND implements 58/KH-UBND)
    assert by_unit["Ủy ban nhân dân huyện Thủy Nguyên"].status == "done_on_time"
    assert by_unit["Ủy ban nhân dân huyện An Lão"].status == "overdue"
    assert by_unit["Ủy ban nhân dân huyện Thủy Nguyên"].unit_now == "Ủy ban nhân dân thành phố Hải Phòng"
    # no quận: the sentence addresses the huyện only
    assert not [r for r in _rows(store, 2024, "58/KH-UBND", use_index) if "quận" in r.unit]


def test_the_same_sentence_in_february_2025_owes_six_huyen(store) -> None:
    rows = [r for r in _rows(store, 2025, "31/KH-UBND") if r.kind == "plan"
            and r.unit.startswith("Ủy ban nhân dân")]
    assert {r.unit for r in rows} == SIX_HUYEN_2025


def test_a_2024_commune_plan_expands_to_the_2024_communes(store) -> None:
    rows = [r for r in _rows(store, 2024, "112/KH-UBND") if r.kind == "plan"]
    assert len(rows) == 37 and {r.kinds for r in rows} == {"xã, thị trấn"}
    lai_xuan = next(r for r in rows if r.unit == "Ủy ban nhân dân xã Lại Xuân")
    assert lai_xuan.status == "overdue"  # merged into Liên Xuân on 1 January 2025, then in 2025 …
    assert lai_xuan.unit_now == "Ủy ban nhân dân phường Lưu Kiếm, Thành phố Hải Phòng"
    minh_duc = next(r for r in rows if r.unit == "Ủy ban nhân dân thị trấn Minh Đức")
    assert minh_duc.unit_iri.endswith("/body/ubnd/legacy-11473")  # phường Minh Đức from 2025


def test_index_and_query_agree_and_match_the_set_difference(store) -> None:
    for year in (2024, 2025):
        indexed = find_gaps(store, year, as_of=AS_OF, include_met=True).rows
        queried = find_gaps(store, year, as_of=AS_OF, include_met=True, use_index=False).rows
        assert [r.to_dict() for r in indexed] == [r.to_dict() for r in queried]
        owed = owed_minus_met(store, year, AS_OF)
        assert {(r.unit_iri, r.required_by_iri, r.kind) for r in indexed} == set(owed)


def test_cli_shows_the_name_of_the_day_and_today(store) -> None:
    out = CliRunner().invoke(main, ["gaps", "--year", "2024", "--store", str(store.path.parent),
                                    "--as-of", "2025-08-01", "--format", "csv"])
    assert out.exit_code == 0, out.output
    line = next(x for x in out.output.splitlines() if x.startswith("Ủy ban nhân dân xã Lại Xuân,"))
    assert "Ủy ban nhân dân phường Lưu Kiếm, Thành phố Hải Phòng" in line
    assert "xã, thị trấn" in line


def test_registry_graph_states_its_sources_and_dates(store) -> None:
    rows = store.query("""SELECT ?title ?date WHERE {
      GRAPH <https://w3id.org/directive-kg/id/graph/registry> {
        <https://w3id.org/directive-kg/id/graph/registry> prov:wasDerivedFrom ?s ; dct:source ?s .
        ?s dct:title ?title . OPTIONAL { ?s dct:date ?date } } } ORDER BY ?title""")
    dated = {r["title"].split(" ")[0]: r["date"] for r in rows}
    assert len(rows) == 4 and str(dated["GSO"]) == "2023-05-07"
    resolution = store.query("""SELECT ?effective WHERE { ?r dkg:effective ?effective ;
        dkg:province <https://w3id.org/directive-kg/id/unit/legacy-31> }""")
    assert [str(r["effective"]) for r in resolution] == ["2025-01-01"]
    # Bắc Giang's date is the default boundary: its ended district says so
    approx = store.query("""SELECT ?a WHERE { <https://w3id.org/directive-kg/id/unit/legacy-221>
        dkg:approximate ?a ; dkg:validTo ?to }""")
    assert [r["a"] for r in approx] == [True]


def test_viz_shows_the_name_of_the_day_and_who_carries_it_today(store) -> None:
    from directive_kg.viz.select import select

    sel = select(store, instrument="112/KH-UBND", gaps=True, as_of=AS_OF)
    lai_xuan = next(n for n in sel.nodes.values()
                    if n.kind == "unit" and n.issuer == "Ủy ban nhân dân xã Lại Xuân")
    assert lai_xuan.title.endswith("; today: Ủy ban nhân dân phường Lưu Kiếm, Thành phố Hải Phòng")


def test_table_shows_the_kinds_taken_and_brackets_as_text(store) -> None:
    out = CliRunner().invoke(main, ["gaps", "--year", "2024", "--store", str(store.path.parent),
                                    "--as-of", "2025-08-01", "--instrument", "58/KH-UBND"],
                             env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    # seven open rows (the eight huyện less Thủy Nguyên, which made its plan) under one heading that
    # quotes the sentence with the kinds it took
    lines = out.output.splitlines()
    [at] = [i for i, ln in enumerate(lines) if ln.startswith("  hai_phong_2024.txt:28 [kinds: huyện]: "
                                                            "1. Ủy ban nhân dân các")]
    assert lines[at - 1] == "plan due 2024-04-30 for 58/KH-UBND: 7 units"
    assert [ln.split("  ")[1] for ln in lines[at + 1: at + 8]] == [
        "UBND huyện An Dương", "UBND huyện An Lão", "UBND huyện Bạch Long Vĩ", "UBND huyện Cát Hải",
        "UBND huyện Kiến Thụy", "UBND huyện Tiên Lãng", "UBND huyện Vĩnh Bảo"]
