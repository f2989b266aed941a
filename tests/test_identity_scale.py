"""Identity at national scale: names of communes and districts repeat across the country, so an
instrument's issuer is its registry unit, and a citation finds the same unit as the cited text."""

from datetime import date

from pyoxigraph import NamedNode

from directive_kg.kg.answers.gaps import find_gaps
from directive_kg.kg.graph.mapping import catalog_index, map_document
from directive_kg.kg.graph.vocab import ID, dkg, eli
from directive_kg.kg.store.load import load_paths
from directive_kg.loaders import parse_text

HEAD = "\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
INST = ID + "instrument/"


def _text(letterhead: str, number: str, date_line: str, opening: str, duties: str = "") -> str:
    return (f"{letterhead}{HEAD}Số: {number}\n\n{date_line}\n\nKẾ HOẠCH\nThực hiện công tác dân vận "
            f"chính quyền năm 2024\n\n{opening}\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Nâng cao nhận thức.\n\n"
            f"II. TỔ CHỨC THỰC HIỆN\n\n{duties or '1. Các cơ quan triển khai thực hiện.'}\n")


def _commune(district: str, number: str = "25/KH-UBND", parent: str = "15/KH-UBND",
             commune: str = "Đông Xuân", basis: str = "", day: str = "20 tháng 3") -> str:
    return _text(f"UBND HUYỆN {district.upper()}\nUBND XÃ {commune.upper()}", number,
                 f"{commune}, ngày {day} năm 2024",
                 f"{basis}Thực hiện Kế hoạch số {parent} ngày 05/3/2024 của UBND huyện {district} về "
                 f"công tác dân vận chính quyền năm 2024, UBND xã {commune} ban hành Kế hoạch thực "
                 "hiện như sau:")


def _district(district: str, number: str = "15/KH-UBND") -> str:
    return _text(f"UBND THÀNH PHỐ HÀ NỘI\nUBND HUYỆN {district.upper()}", number,
                 f"{district}, ngày 05 tháng 3 năm 2024",
                 "Thực hiện Kế hoạch số 42/KH-UBND ngày 19/02/2024 của UBND thành phố Hà Nội về công "
                 f"tác dân vận chính quyền năm 2024, UBND huyện {district} ban hành Kế hoạch như sau:",
                 "1. Ủy ban nhân dân các xã, thị trấn xây dựng kế hoạch thực hiện, hoàn thành trước "
                 "ngày 31/3/2024.")


def _mapped(text: str, name: str) -> tuple[NamedNode, list]:
    doc = parse_text(text, name)
    quads = map_document(doc, NamedNode(ID + "graph/t/" + name), NamedNode(ID + "doc/" + name),
                         name, catalog_index())
    [me] = {q.subject for q in quads if q.predicate == dkg("hasSourceDocument")}
    return me, quads


def _implements(me: NamedNode, quads: list) -> set[str]:
    return {q.object.value for q in quads
            if q.subject == me and q.predicate == eli("ensures_implementation_of")}


def test_same_named_communes_of_two_districts_are_two_instruments():
    # Xã Đông Xuân of Huyện Sóc Sơn (legacy:00436) and of Huyện Quốc Oai (legacy:04939), both in Hà
    # Nội, both issue 25/KH-UBND in 2024: one key per commune, not one per name.
    soc_son, q1 = _mapped(_commune("Sóc Sơn"), "ss.txt")
    quoc_oai, q2 = _mapped(_commune("Quốc Oai"), "qo.txt")
    assert soc_son.value == INST + "ubnd-commune-dong-xuan-legacy-00436/kh/2024/25"
    assert quoc_oai.value == INST + "ubnd-commune-dong-xuan-legacy-04939/kh/2024/25"
    keys = {q.object.value for q in q1 + q2 if q.predicate == dkg("identityKey")
            and q.subject in (soc_son, quoc_oai)}
    assert keys == {"UBND@commune:dong xuan:legacy-00436|KH|25|2024",
                    "UBND@commune:dong xuan:legacy-04939|KH|25|2024"}
    # each cites the plan 15/KH-UBND of its own district
    assert _implements(soc_son, q1) == {INST + "ubnd-district-soc-son-legacy-016/kh/2024/15"}
    assert _implements(quoc_oai, q2) == {INST + "ubnd-district-quoc-oai-legacy-275/kh/2024/15"}


def test_a_commune_plan_cites_its_district_plan_by_the_key_of_that_plan():
    district, _ = _mapped(_district("Sóc Sơn"), "d.txt")
    commune, quads = _mapped(_commune("Sóc Sơn"), "c.txt")
    assert district.value == INST + "ubnd-district-soc-son-legacy-016/kh/2024/15"
    assert _implements(commune, quads) == {district.value}
    # the cited plan's issuer is the registry's People's Committee of that district
    assert {q.object.value for q in quads if q.subject == district
            and q.predicate == eli("passed_by")} == {ID + "body/ubnd/legacy-016"}


def test_party_and_central_keys_are_unchanged():
    _me, quads = _mapped(_text("UBND TỈNH KIÊN GIANG", "45/KH-UBND", "Kiên Giang, ngày 10 tháng 01 năm 2024",
                               "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ và "
                               "Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư, UBND tỉnh ban hành "
                               "Kế hoạch như sau:"), "kg.txt")
    keys = {q.object.value for q in quads if q.predicate == dkg("identityKey")}
    assert keys == {"UBND@province:kien giang:legacy-91|KH|45|2024", "TTg|CT|33|2021",
                    "TW|KL|114|2015"}


def test_ambiguous_letterhead_told_apart_by_the_province_plan_it_cites():
    # Thị trấn Châu Thành of Huyện Châu Thành exists in Tây Ninh, Bến Tre, Trà Vinh and Sóc Trăng:
    # the letterhead alone cannot say which.
    def town(basis: str) -> str:
        return _text("UBND HUYỆN CHÂU THÀNH\nUBND THỊ TRẤN CHÂU THÀNH", "30/KH-UBND",
                     "Châu Thành, ngày 20 tháng 3 năm 2024",
                     f"{basis}Thực hiện Kế hoạch số 15/KH-UBND ngày 05/3/2024 của UBND huyện Châu "
                     "Thành về công tác dân vận chính quyền năm 2024, UBND thị trấn Châu Thành ban "
                     "hành Kế hoạch thực hiện như sau:")

    assert parse_text(town(""), "t.txt").place.code is None
    tay_ninh = parse_text(town("Căn cứ Kế hoạch số 80/KH-UBND ngày 15/01/2024 của UBND tỉnh Tây "
                               "Ninh về công tác dân vận chính quyền năm 2024; "), "t.txt")
    assert tay_ninh.place.code == "legacy:25585"
    soc_trang = parse_text(town("Căn cứ Kế hoạch số 80/KH-UBND ngày 15/01/2024 của Ủy ban nhân dân "
                                "tỉnh Sóc Trăng về công tác dân vận chính quyền năm 2024; "), "t.txt")
    assert soc_trang.place.code == "legacy:31569"
    roles = {(c.number, c.issuer.name): c.role for c in soc_trang.citations}
    assert roles == {("80/KH-UBND", "Ủy ban nhân dân tỉnh Sóc Trăng"): "based_on",
                     ("15/KH-UBND", "Ủy ban nhân dân huyện Châu Thành"): "implements"}
    me, quads = _mapped(town("Căn cứ Kế hoạch số 80/KH-UBND ngày 15/01/2024 của UBND tỉnh Sóc Trăng "
                             "về công tác dân vận chính quyền năm 2024; "), "st.txt")
    assert me.value == INST + "ubnd-commune-chau-thanh-legacy-31569/kh/2024/30"
    # Huyện Châu Thành of Sóc Trăng is legacy:942
    assert _implements(me, quads) == {INST + "ubnd-district-chau-thanh-legacy-942/kh/2024/15"}


def test_two_plans_with_one_number_from_two_issuers_stay_two_citations():
    doc = parse_text(_commune("Sóc Sơn", parent="42/KH-UBND",
                              basis="Căn cứ Kế hoạch số 42/KH-UBND ngày 19/02/2024 của UBND thành phố "
                                    "Hà Nội về công tác dân vận chính quyền năm 2024; "), "c.txt")
    found = sorted((c.number, c.issuer.name, c.role) for c in doc.citations)
    assert found == [("42/KH-UBND", "Ủy ban nhân dân huyện Sóc Sơn", "implements"),
                     ("42/KH-UBND", "Ủy ban nhân dân thành phố Hà Nội", "based_on")]


def test_gaps_of_same_named_communes_in_two_districts(tmp_path, new_store):
    # Both districts oblige their communes to make a plan by 31/3/2024 with a plan 15/KH-UBND.
    # Both Đông Xuân answer with a plan 25/KH-UBND: Sóc Sơn's on 20/3, Quốc Oai's late, on 10/4.
    # One node for the two plans would carry both dates and make the late one look on time.
    files = {"d-ss.txt": _district("Sóc Sơn"), "d-qo.txt": _district("Quốc Oai"),
             "c-ss.txt": _commune("Sóc Sơn"), "c-qo.txt": _commune("Quốc Oai", day="10 tháng 4")}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = new_store(tmp_path / "kg")
    assert load_paths(store, [str(tmp_path / n) for n in files]).ok
    rows = find_gaps(store, 2024, as_of=date(2024, 12, 31), include_met=True).rows
    dong_xuan = sorted((r.unit_iri, r.required_by_iri, r.status) for r in rows
                       if r.unit == "Ủy ban nhân dân xã Đông Xuân")
    assert dong_xuan == [
        (ID + "body/ubnd/legacy-00436", INST + "ubnd-district-soc-son-legacy-016/kh/2024/15",
         "done_on_time"),
        (ID + "body/ubnd/legacy-04939", INST + "ubnd-district-quoc-oai-legacy-275/kh/2024/15",
         "done_late")]
    late = [r for r in rows if r.status == "done_late"]
    assert [(r.response_iri, r.response_date) for r in late] == [
        (INST + "ubnd-commune-dong-xuan-legacy-04939/kh/2024/25", date(2024, 4, 10))]
    # every other commune of the two districts owes its plan and has not made it
    assert {r.status for r in rows if r.unit != "Ủy ban nhân dân xã Đông Xuân"} == {"overdue"}
    # the communes of Sóc Sơn and of Quốc Oai in 2024: 26 and 21 in the GSO list of 2023-05-07
    # (Quốc Oai had 17 after Hà Nội's mergers of 1 January 2025, which a 2024 plan does not see)
    assert len(rows) == 26 + 21
