"""Letterheads, report headers and unit names that real plans use (found by the generated corpus)."""

from directive_kg.loaders import parse_text


def _doc(head: str, place_line: str, body: str = "", title: str = "KẾ HOẠCH\nThực hiện công tác "
         "dân vận chính quyền năm 2024", number: str = "Số: 12/KH-UBND"):
    return parse_text(f"{head}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
                      f"{number}\n\n{place_line}\n\n{title}\n\n{body}\n\nI. MỤC ĐÍCH\n\n1. Nội dung.\n",
                      "t.txt")


def test_place_names_in_capitals_are_not_acronyms():
    d = _doc("UBND TỈNH KIÊN GIANG\nUBND HUYỆN KIÊN LƯƠNG", "Kiên Lương, ngày 05 tháng 3 năm 2024")
    assert d.issuer.name == "Ủy ban nhân dân huyện Kiên Lương"
    assert d.parent_body.name == "Ủy ban nhân dân tỉnh Kiên Giang"  # was "Kiên GIANG"
    d = _doc("UBND TỈNH BẮC KẠN\nUBND HUYỆN NA RÌ", "Na Rì, ngày 05 tháng 3 năm 2024")
    assert d.issuer.name == "Ủy ban nhân dân huyện Na Rì"  # was "NA Rì"


def test_town_letterhead_on_two_lines():
    d = _doc("UBND HUYỆN CHỢ MỚI\nỦY BAN NHÂN DÂN\nTHỊ TRẤN ĐỒNG TÂM",
             "Đồng Tâm, ngày 05 tháng 3 năm 2024")
    assert d.issuer.name == "Ủy ban nhân dân thị trấn Đồng Tâm"
    assert d.issuer.level == "commune"
    assert d.parent_body.name == "Ủy ban nhân dân huyện Chợ Mới"


def test_commune_named_like_the_motto():
    d = _doc("UBND TỈNH CAO BẰNG\nỦY BAN NHÂN DÂN\nXÃ ĐỘC LẬP", "Độc Lập, ngày 03 tháng 11 năm 2026")
    assert d.issuer.name == "Ủy ban nhân dân xã Độc Lập"


def test_department_letterhead_keeps_its_field_names():
    d = _doc("UBND TỈNH BẮC KẠN\nSỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bắc Kạn, ngày 05 tháng 3 năm 2024")
    assert d.issuer.name == "Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Kạn"  # not "... tỉnh Bắc Kạn" twice
    assert d.issuer.kind == "department"
    assert d.parent_body.name == "Ủy ban nhân dân tỉnh Bắc Kạn"


def test_department_named_with_a_comma_in_a_portal_copy():
    d = _doc("", "Bắc Kạn, ngày 05 tháng 3 năm 2024",
             "Thực hiện Kế hoạch số 40/KH-UBND ngày 12/02/2024 của UBND tỉnh Bắc Kạn, Sở Văn hóa, "
             "Thể thao và Du lịch ban hành Kế hoạch thực hiện như sau:", number="Số: 30/KH-SVHTTDL")
    assert d.issuer.name == "Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Kạn"


def test_numbered_ward_in_the_date_line():
    d = _doc("UBND THÀNH PHỐ TUY HÒA\nỦY BAN NHÂN DÂN\nPHƯỜNG 1", "Phường 1, ngày 11 tháng 02 năm 2024")
    assert d.date.isoformat() == "2024-02-11"
    assert d.issuer.name == "Ủy ban nhân dân phường 1"


def test_parent_plan_with_the_same_number_as_the_document():
    d = _doc("UBND HUYỆN NA RÌ\nUBND XÃ DƯƠNG SƠN", "Dương Sơn, ngày 18 tháng 4 năm 2024",
             "Thực hiện Kế hoạch số 35/KH-UBND ngày 11/3/2024 của UBND huyện Na Rì về công tác dân "
             "vận chính quyền năm 2024, UBND xã Dương Sơn ban hành Kế hoạch thực hiện như sau:",
             number="Số: 35/KH-UBND")
    assert d.number == "35/KH-UBND"
    [c] = d.citations
    assert (c.number, c.role, c.issuer.name) == ("35/KH-UBND", "implements",
                                                 "Ủy ban nhân dân huyện Na Rì")


def test_report_header_addressee_and_issuer_sentence():
    d = _doc("", "Vân Tùng, ngày 13 tháng 11 năm 2024",
             "Thực hiện Kế hoạch số 37/KH-UBND ngày 06/03/2024 của UBND huyện Ngân Sơn, Ủy ban nhân "
             "dân thị trấn Vân Tùng báo cáo kết quả thực hiện năm 2024 như sau:",
             title="BÁO CÁO\nKết quả thực hiện công tác dân vận chính quyền năm 2024\n\n"
                   "Kính gửi: Ủy ban nhân dân huyện Ngân Sơn", number="Số: 82/BC-UBND")
    assert d.title == "Kết quả thực hiện công tác dân vận chính quyền năm 2024"
    assert d.doc_code == "BC"
    assert d.issuer.name == "Ủy ban nhân dân thị trấn Vân Tùng"


def test_old_tone_marks_in_addressees():
    text = ("UBND HUYỆN NA RÌ\n\nSố: 12/KH-UBND\n\nNa Rì, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
            "Thực hiện công tác dân vận năm 2024\n\nI. TỔ CHỨC THỰC HIỆN\n\n1. Uỷ ban nhân dân các "
            "xã, thị trấn xây dựng kế hoạch thực hiện, hoàn thành trước ngày 31/3/2024.\n")
    d = parse_text(text, "old-tones.txt")
    [o] = d.obligations
    assert o.kind == "plan" and o.deadline.isoformat() == "2024-03-31"
    [a] = o.addressees
    assert (a.kind, a.unit_class, a.body.name) == ("class", "commune_people_committees",
                                                   "Ủy ban nhân dân huyện Na Rì")
    assert o.evidence.text.startswith("1. Uỷ ban")  # evidence keeps the original spelling


def test_special_zone_relative_name():
    d = _doc("", "Phú Quốc, ngày 20 tháng 01 năm 2026",
             "Thực hiện Kế hoạch số 10/KH-UBND ngày 6/1/2026 của UBND tỉnh An Giang, Ủy ban nhân dân "
             "đặc khu ban hành Kế hoạch thực hiện như sau:")
    assert d.issuer.name == "Ủy ban nhân dân đặc khu Phú Quốc"


def test_commune_named_like_the_national_name():
    d = _doc("UBND HUYỆN HƯNG HÀ\nUBND XÃ CỘNG HÒA", "Cộng Hòa, ngày 05 tháng 3 năm 2024")
    assert d.issuer.name == "Ủy ban nhân dân xã Cộng Hòa"


def test_minority_language_names_are_not_acronyms():
    d = _doc("UBND HUYỆN ĐAK PƠ\nUBND XÃ ĐAK SMAR", "Đak Smar, ngày 05 tháng 3 năm 2024")
    assert d.issuer.name == "Ủy ban nhân dân xã Đak Smar"


def test_hyphenated_place_in_a_citation_issuer():
    d = _doc("UBND TỈNH BÀ RỊA - VŨNG TÀU\nSỞ Y TẾ", "Bà Rịa - Vũng Tàu, ngày 05 tháng 3 năm 2024",
             "Căn cứ Kế hoạch số 56/KH-UBND ngày 22/2/2024 của Ủy ban nhân dân tỉnh Bà Rịa - Vũng "
             "Tàu về thực hiện công tác dân vận chính quyền năm 2024; Sở Y tế xây dựng Kế hoạch như sau:")
    [c] = d.citations
    assert c.issuer.name == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"
    assert c.role == "implements"


def test_relative_name_of_a_numbered_district():
    d = _doc("UBND QUẬN 1\nUBND PHƯỜNG BẾN NGHÉ", "Bến Nghé, ngày 05 tháng 3 năm 2024",
             "Thực hiện Kế hoạch số 20/KH-UBND ngày 12/02/2024 của UBND quận, Ủy ban nhân dân phường "
             "Bến Nghé ban hành Kế hoạch như sau:")
    [c] = d.citations
    assert c.issuer.name == "Ủy ban nhân dân quận 1"  # not "quận Quận 1"


def test_ambiguous_date_line_place_settled_by_the_letterhead():
    # "Chợ Mới" is a district of Bắc Kạn, one of An Giang, and a town: the parent line decides.
    d = _doc("UBND TỈNH BẮC KẠN\nUBND HUYỆN CHỢ MỚI", "Chợ Mới, ngày 05 tháng 3 năm 2024")
    assert (d.place.code, d.place.name) == ("legacy:065", "Huyện Chợ Mới")
    # Huyện Long Phú has both Thị trấn Long Phú and Xã Long Phú: the issuer's type word decides.
    d = _doc("UBND HUYỆN LONG PHÚ\nUBND THỊ TRẤN LONG PHÚ", "Long Phú, ngày 05 tháng 3 năm 2024")
    assert (d.place.code, d.place.name) == ("legacy:31639", "Thị trấn Long Phú")
    d = _doc("UBND HUYỆN LONG PHÚ\nUBND XÃ LONG PHÚ", "Long Phú, ngày 05 tháng 3 năm 2024")
    assert d.place.code == "legacy:31669"
    # Xã Tân Thành lies in Huyện Tân Châu (Tây Ninh) and elsewhere; the thị xã Tân Châu of An
    # Giang does not count because the parent line says "huyện".
    d = _doc("UBND HUYỆN TÂN CHÂU\nUBND XÃ TÂN THÀNH", "Tân Thành, ngày 05 tháng 3 năm 2024")
    assert d.place.code == "legacy:25543"
    assert d.issuer.name == "Ủy ban nhân dân xã Tân Thành"  # not "Tân thành"


def test_same_district_name_in_two_provinces_spelling_and_type_decide():
    # Huyện Phú Tân is in An Giang (with Thị trấn Phú Mỹ) and in Cà Mau (with Xã Phú Mỹ).
    d = _doc("UBND HUYỆN PHÚ TÂN\nUBND THỊ TRẤN PHÚ MỸ", "Phú Mỹ, ngày 10 tháng 3 năm 2024")
    assert d.place.code == "legacy:30406"
    d = _doc("UBND HUYỆN PHÚ TÂN\nUBND XÃ PHÚ MỸ", "Phú Mỹ, ngày 10 tháng 3 năm 2024")
    assert d.place.code == "legacy:32215"
    # Huyện Châu Thành of Hậu Giang has Xã Phú Hữu; the one of Đồng Tháp has Xã Phú Hựu.
    d = _doc("UBND HUYỆN CHÂU THÀNH\nUBND XÃ PHÚ HỮU", "Phú Hữu, ngày 10 tháng 3 năm 2024")
    assert d.place.code == "legacy:31378"


def test_addressee_and_issuer_end_where_the_clause_does():
    from directive_kg.loaders.citations import find_mentions
    from directive_kg.loaders.obligations import addressee_phrase

    assert addressee_phrase("Phòng Nội vụ là cơ quan thường trực, có trách nhiệm theo dõi") == \
        "Phòng Nội vụ"
    [m] = find_mentions("Đã ban hành Kế hoạch số 25/KH-UBND ngày 09/4/2024 của Ủy ban nhân dân xã "
                        "Châu Bình để triển khai thực hiện.")
    assert m.issuer_text == "Ủy ban nhân dân xã Châu Bình"


def test_centrally_run_city_cited_from_one_of_its_districts():
    d = _doc("UBND THÀNH PHỐ CẦN THƠ\nUBND QUẬN NINH KIỀU", "Ninh Kiều, ngày 05 tháng 3 năm 2024",
             "Thực hiện Kế hoạch số 05/KH-UBND ngày 12/01/2024 của UBND thành phố Cần Thơ, Ủy ban "
             "nhân dân quận Ninh Kiều ban hành Kế hoạch như sau:")
    [c] = d.citations
    assert (c.issuer.name, c.issuer.level) == ("Ủy ban nhân dân thành phố Cần Thơ", "province")
    # ... but Thành phố Bắc Kạn, cited from one of its wards, is the district-level city
    d = _doc("UBND THÀNH PHỐ BẮC KẠN\nUBND PHƯỜNG SÔNG CẦU", "Sông Cầu, ngày 05 tháng 3 năm 2024",
             "Thực hiện Kế hoạch số 51/KH-UBND ngày 21/02/2024 của UBND thành phố Bắc Kạn, Ủy ban "
             "nhân dân phường Sông Cầu ban hành Kế hoạch như sau:")
    [c] = d.citations
    assert (c.issuer.name, c.issuer.level) == ("Ủy ban nhân dân thành phố Bắc Kạn", "district")
