"""Tests for the administrative-unit registry (facts checked by hand against the package data)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from datetime import date

import pytest

from directive_kg.reference.registry import AdminUnit, Registry, fold, load_registry

BEFORE = date(2025, 3, 1)  # the legacy table: after the 2023-2025 round, before 1 July 2025
EARLIER = date(2024, 6, 1)  # before the 2023-2025 round (data/registry-history.json)
AFTER = date(2026, 1, 1)


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry()


def one(units: list[AdminUnit]) -> AdminUnit:
    assert len(units) == 1, units
    return units[0]


def names(units: list[AdminUnit]) -> list[str]:
    return [u.name for u in units]


def test_loading_does_not_import_the_heavy_parser() -> None:
    # The package's __init__ pulls numpy/shapely/geopy; the registry must read only its data files.
    code = (
        "import sys; from directive_kg.reference.registry import load_registry; load_registry(); "
        "print(sorted(m for m in ('numpy', 'shapely', 'geopy', 'vietnamadminunits') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cached(reg: Registry) -> None:
    assert load_registry() is reg


def test_counts_before_and_after_the_reform(reg: Registry) -> None:
    assert len(reg.units_on(BEFORE, "province")) == 63
    assert len(reg.units_on(BEFORE, "district")) == 696
    assert len(reg.units_on(BEFORE, "commune")) == 10_035
    assert len(reg.units_on(AFTER, "province")) == 34
    assert len(reg.units_on(AFTER, "district")) == 0
    communes = reg.units_on(AFTER, "commune")
    assert len(communes) == 3_321
    by_type = {t: sum(u.unit_type == t for u in communes) for t in ("Xã", "Phường", "Đặc khu")}
    assert by_type == {"Xã": 2_621, "Phường": 687, "Đặc khu": 13}
    # The switch is a single day: the old map ends 2025-06-30, the new one starts 2025-07-01.
    assert len(reg.units_on(date(2025, 6, 30), "province")) == 63
    assert len(reg.units_on(date(2025, 7, 1), "province")) == 34


def test_codes_carry_the_era(reg: Registry) -> None:
    # GSO 91 was Kiên Giang; the merged An Giang took that number.
    kien_giang, an_giang = reg.get("legacy:91"), reg.get("2025:91")
    assert (kien_giang.name, an_giang.name) == ("Tỉnh Kiên Giang", "Tỉnh An Giang")
    assert kien_giang.gso == an_giang.gso == "91"
    assert (kien_giang.valid_from, kien_giang.valid_to) == (None, date(2025, 6, 30))
    assert (an_giang.valid_from, an_giang.valid_to) == (date(2025, 7, 1), None)
    with pytest.raises(KeyError):
        reg.get("91")


def test_kien_giang_districts_in_2024(reg: Registry) -> None:
    kg = one(reg.find("Kiên Giang", level="province", on=BEFORE))
    assert kg.code == "legacy:91" and kg.unit_type == "Tỉnh"
    districts = reg.children(kg.code, on=BEFORE)
    assert sorted(names(districts)) == sorted(
        [
            "Thành phố Rạch Giá",
            "Thành phố Hà Tiên",
            "Thành phố Phú Quốc",
            "Huyện Kiên Lương",
            "Huyện Hòn Đất",
            "Huyện Tân Hiệp",
            "Huyện Châu Thành",
            "Huyện Giồng Riềng",
            "Huyện Gò Quao",
            "Huyện An Biên",
            "Huyện An Minh",
            "Huyện Vĩnh Thuận",
            "Huyện Kiên Hải",
            "Huyện U Minh Thượng",
            "Huyện Giang Thành",
        ]
    )
    assert len(districts) == 15
    assert all(d.level == "district" and d.parent == kg.code for d in districts)
    assert reg.children(kg.code, on=AFTER) == []


def test_bac_kan_city_communes_in_2024(reg: Registry) -> None:
    city = one(reg.find("TP. Bắc Kạn", on=BEFORE))
    assert city.code == "legacy:058"
    # The dataset writes "Thành Phố Bắc Kạn"; the type word is normalised.
    assert (city.name, city.short, city.unit_type) == ("Thành phố Bắc Kạn", "Bắc Kạn", "Thành phố")
    assert reg.province_of(city.code).name == "Tỉnh Bắc Kạn"
    assert sorted(names(reg.children(city.code, on=BEFORE))) == sorted(
        [
            "Phường Nguyễn Thị Minh Khai",
            "Phường Sông Cầu",
            "Phường Đức Xuân",
            "Phường Phùng Chí Kiên",
            "Phường Huyền Tụng",
            "Phường Xuất Hóa",
            "Xã Dương Quang",
            "Xã Nông Thượng",
        ]
    )


@pytest.mark.parametrize(
    "query",
    [
        "Hướng Hoá",  # old tone placement
        "Hướng Hóa",
        unicodedata.normalize("NFD", "Hướng Hóa"),
        "huyện Hướng Hóa",
        "HUYỆN HƯỚNG HOÁ",
        "H. Hướng Hoá",
    ],
)
def test_huong_hoa_spellings(reg: Registry, query: str) -> None:
    unit = one(reg.find(query))
    assert unit.name == "Huyện Hướng Hóa"
    assert reg.province_of(unit.code).name == "Tỉnh Quảng Trị"


def test_unaccented_query_matches_loosely(reg: Registry) -> None:
    # Without accents "Hương Hóa" (a xã) is as good a match as "Hướng Hóa"; with them it is not.
    assert set(names(reg.find("huong hoa"))) == {"Huyện Hướng Hóa", "Xã Hương Hóa"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tỉnh Kiên Giang", "legacy:91"),
        ("Kiên Giang", "legacy:91"),
        ("kien giang", "legacy:91"),
        ("Thanh Hoá", "legacy:38"),
        ("Hoà Bình", "legacy:17"),
        ("Đăk Lăk", "legacy:66"),
        ("Dak Lak", "legacy:66"),
        ("Bà Rịa – Vũng Tàu", "legacy:77"),
        ("Tỉnh Thừa Thiên Huế", "legacy:46"),  # renamed Thành phố Huế on 2025-01-01
        ("TP.HCM", "legacy:79"),
        ("Tỉnh Hà Nội", "legacy:01"),  # wrong type word: fall back to the name
    ],
)
def test_find_legacy_provinces(reg: Registry, query: str, expected: str) -> None:
    assert one(reg.find(query, level="province", on=BEFORE)).code == expected


def test_type_word_disambiguates(reg: Registry) -> None:
    assert names(reg.find("thành phố Bắc Kạn")) == ["Thành phố Bắc Kạn"]
    assert names(reg.find("tỉnh Bắc Kạn")) == ["Tỉnh Bắc Kạn"]
    assert set(names(reg.find("Bắc Kạn", on=BEFORE))) == {"Tỉnh Bắc Kạn", "Thành phố Bắc Kạn"}
    # After the reform the name lives on only as a ward of Thái Nguyên.
    after = one(reg.find("Bắc Kạn", on=AFTER))
    assert (after.name, reg.province_of(after.code).name) == ("Phường Bắc Kạn", "Tỉnh Thái Nguyên")
    assert names(reg.find("TX. Kỳ Anh")) == ["Thị xã Kỳ Anh"]
    assert set(names(reg.find("Kỳ Anh", level="district"))) == {"Huyện Kỳ Anh", "Thị xã Kỳ Anh"}
    # "Quan" is not always "Quận": the whole query is tried as a name too.
    assert names(reg.find("Quan Hóa")) == ["Huyện Quan Hóa"]
    assert names(reg.find("Q.1")) == ["Quận 1"]


def test_accented_query_prefers_exact_accents(reg: Registry) -> None:
    found = reg.find("Hòa Bình", level="province")
    assert names(found) == ["Tỉnh Hòa Bình"]
    assert all(fold(u.short) == "hoabinh" for u in reg.find("Hoa Binh"))


def test_former_names_from_the_dataset(reg: Registry) -> None:
    # Thành phố Ninh Bình and Huyện Hoa Lư were merged into Thành phố Hoa Lư (2025-01): after the
    # merger the former name finds Hoa Lư; before it, the city itself (it existed in 2024).
    assert names(reg.find("Thành phố Ninh Bình", on=BEFORE)) == ["Thành phố Hoa Lư"]
    assert [u.code for u in reg.find("Thành phố Ninh Bình", on=EARLIER)] == ["legacy:369"]


def test_find_within_and_on(reg: Registry) -> None:
    chau_thanh = one(reg.find("Huyện Châu Thành", within="legacy:91"))
    assert chau_thanh.code == "legacy:905"
    assert len(reg.find("Huyện Châu Thành")) > 5
    assert reg.find("Kiên Giang", level="province", on=AFTER) == []
    assert one(reg.find("Kiên Giang", level="province")).code == "legacy:91"
    assert names(reg.find("An Giang", level="province", on=AFTER)) == ["Tỉnh An Giang"]


def test_every_name_finds_its_unit(reg: Registry) -> None:
    for unit in reg.units_on(BEFORE) + reg.units_on(AFTER):
        assert unit in reg.find(unicodedata.normalize("NFD", unit.name).upper()), unit
        assert unit in reg.find(unit.short), unit
    # names of 2024 find their unit on their day, as it stood then
    for unit in reg.units_on(EARLIER):
        assert unit in reg.find(unit.name, on=EARLIER), unit


def test_dataset_quirks_are_normalised(reg: Registry) -> None:
    # The type column says "Xã" for these two; all wards of Quận Phú Nhuận are phường.
    wards = reg.children(one(reg.find("Quận Phú Nhuận")).code)
    assert {u.unit_type for u in wards} == {"Phường"}
    assert one(reg.find("Phường 5", within="legacy:768")).unit_type == "Phường"
    # Short names lose the dataset's "(Thị xã)" disambiguator.
    assert one(reg.find("Thị xã Kỳ Anh")).short == "Kỳ Anh"
    # Numeric names keep the type word in short form.
    assert one(reg.find("Quận 1")).short == "Quận 1"


def test_province_successors(reg: Registry) -> None:
    assert names(reg.successors("legacy:91")) == ["Tỉnh An Giang"]
    quang_binh = one(reg.find("Quảng Bình", level="province"))
    assert names(reg.successors(quang_binh.code)) == ["Tỉnh Quảng Trị"]
    assert {u.code for u in reg.predecessors("2025:91")} == {"legacy:89", "legacy:91"}
    assert reg.successors("2025:91") == []


def test_commune_successor_in_kien_giang(reg: Registry) -> None:
    vinh_thanh = one(reg.find("Phường Vĩnh Thanh", within="legacy:91"))
    new = one(reg.successors(vinh_thanh.code))
    assert (new.code, new.name) == ("2025:30742", "Phường Rạch Giá")
    assert reg.province_of(new.code).name == "Tỉnh An Giang"
    assert vinh_thanh in reg.predecessors(new.code)


def test_split_commune_default_first(reg: Registry) -> None:
    # Xã Phước Hưng (An Phú, An Giang) was split; the converter marks Nhơn Hội as the default.
    phuoc_hung = one(reg.find("Xã Phước Hưng", within="legacy:886"))
    assert names(reg.successors(phuoc_hung.code)) == ["Xã Nhơn Hội", "Xã An Phú", "Xã Phú Hữu"]


def test_district_successors(reg: Registry) -> None:
    rach_gia = one(reg.find("Thành phố Rạch Giá"))
    assert names(reg.successors(rach_gia.code)) == [
        "Phường Rạch Giá",
        "Phường Vĩnh Thông",
        "Tỉnh An Giang",
    ]
    # Island districts had no communes and became special zones directly.
    bach_long_vi = one(reg.find("Huyện Bạch Long Vĩ"))
    assert reg.children(bach_long_vi.code) == []
    assert names(reg.successors(bach_long_vi.code)) == [
        "Đặc khu Bạch Long Vĩ",
        "Thành phố Hải Phòng",
    ]


def test_every_legacy_unit_has_successors_in_its_new_province(reg: Registry) -> None:
    for unit in reg.units_on(BEFORE):
        new = reg.successors(unit.code)
        assert new, unit
        province = reg.successors(reg.province_of(unit.code).code)
        assert all(reg.province_of(n.code) == province[0] for n in new), unit
        assert all(n.valid_from == date(2025, 7, 1) for n in new)


def test_children_by_level(reg: Registry) -> None:
    an_giang = reg.get("2025:91")
    communes = reg.children(an_giang.code)
    assert len(communes) == 102 and {u.level for u in communes} == {"commune"}
    assert len(reg.children("legacy:91", level="commune")) == sum(
        len(reg.children(d.code)) for d in reg.children("legacy:91")
    )
    with pytest.raises(ValueError):
        reg.children("legacy:91", level="ward")
