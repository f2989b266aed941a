"""The four seed plans, field by field, against values checked by hand in the documents."""

from datetime import date


def cit(doc, number):
    return next(c for c in doc.citations if c.number == number)


def numbered(doc):
    return {c.number for c in doc.citations if c.number}


def test_seed_003_kien_giang_header(parsed):
    d = parsed["003"]
    assert (d.doc_type, d.doc_code) == ("Kế hoạch", "KH")
    assert d.number is None and d.is_draft and d.symbol == "/KH-UBND"
    assert d.issuer.name == "Ủy ban nhân dân tỉnh Kiên Giang"
    assert d.place.name == "Tỉnh Kiên Giang" and d.place.level == "province"
    assert d.date is None and d.date_text == "ngày tháng năm 2024" and d.year == 2024
    assert d.title.startswith("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021")
    assert d.title.endswith("trên địa bàn tỉnh Kiên Giang năm 2024")
    assert d.evidence["title"].line == 9
    assert (d.signer.name, d.signer.authority, d.signer.position) == (
        "Nguyễn Lưu Trung", "KT.", "PHÓ CHỦ TỊCH")


def test_seed_003_citations(parsed):
    d = parsed["003"]
    assert numbered(d) == {
        "33/CT-TTg", "25-NQ/TW", "114-KL/TW", "357-QĐ/TU", "13-CTr/TU", "250/KH-UBND",
        "1657/UBND-KGVX", "70-CV/TU", "700-CV/TU", "76/NQ-CP", "23/CT-TTg", "41-KH/TU",
        "39/KH-UBND", "06/QĐ-TTg", "26/CT-TTg", "2077/UBND-NCPC", "2160/UBND-NC", "1847/QĐ-TTg",
        "319/QĐ-BNV", "103/KH-UBND", "35-CT/TW", "11-QĐi/TW", "14/CT-TTg", "02/CT-UBND"}
    assert len(numbered(d)) == 24  # "1847/QĐ -TTg" and "1847/QĐ-TTg" are one
    assert [c.number for c in d.citations if c.role == "implements"] == ["33/CT-TTg"]
    c33 = cit(d, "33/CT-TTg")
    assert c33.date == date(2021, 11, 26) and c33.issuer.name == "Thủ tướng Chính phủ"
    assert c33.doc_type == "Chỉ thị" and c33.evidence.line == 9
    assert c33.mentions == [9, 11, 77, 79]
    c25 = cit(d, "25-NQ/TW")  # broken over a page break: "Trung\n\nương Đảng"
    assert c25.issuer.name == "Ban Chấp hành Trung ương Đảng" and c25.date == date(2013, 6, 3)
    assert cit(d, "11-QĐi/TW").doc_type == "Quy định"
    assert cit(d, "39/KH-UBND").issuer.name == "Ủy ban nhân dân tỉnh Kiên Giang"
    assert cit(d, "39/KH-UBND").date == date(2022, 2, 23)
    assert cit(d, "1657/UBND-KGVX").doc_type == "Công văn"
    assert cit(d, "13-CTr/TU").issuer.name == "Tỉnh ủy Kiên Giang"  # also "BCH Đảng bộ tỉnh"
    # chains stated inside a citation
    assert cit(d, "250/KH-UBND").implements == "13-CTr/TU"
    assert cit(d, "103/KH-UBND").implements == "1847/QĐ-TTg"
    assert cit(d, "1657/UBND-KGVX").implements is None  # a letter directs, it does not implement
    laws = {(c.name, c.year) for c in d.citations if c.number is None}
    assert laws == {("Luật Tiếp cận thông tin", 2016), ("Luật Tiếp công dân", 2013),
                    ("Luật Khiếu nại", 2011), ("Luật Tố cáo", 2018)}


def test_seed_003_obligations(parsed):
    d = parsed["003"]
    plan = [o for o in d.obligations if o.kind == "plan"]
    assert len(plan) == 1
    assert [(a.text, a.unit_class) for a in plan[0].addressees] == [
        ("Các sở, ban, ngành", "departments"),
        ("các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh", "public_service_units"),
        ("Ủy ban nhân dân các huyện, thành phố", "district_people_committees")]
    assert all(a.body.name == "Ủy ban nhân dân tỉnh Kiên Giang" for a in plan[0].addressees)
    assert plan[0].evidence.line == 77 and plan[0].section == "III.2"
    assert plan[0].evidence.text.startswith("2. Các sở, ban, ngành và các đơn vị sự nghiệp")
    report = [o for o in d.obligations if o.kind == "report" and o.section == "III.2"][0]
    # the period in the gold vocabulary, the words as written beside it
    assert (report.period, report.period_text, report.deadline) == ("yearly", "hằng năm", None)
    sni = [o for o in d.obligations if o.kind == "report" and o.section == "III.3"][0]
    assert sni.addressees[0].body.name == "Sở Nội vụ tỉnh Kiên Giang"
    assert [b.name for b in sni.report_to] == ["Bộ Nội vụ", "Chính phủ"]
    assert [t.section for t in d.tasks] == [f"II.{i}" for i in range(1, 8)]
    assert d.recipients[0] == "Bộ Nội vụ (b/c)" and d.recipients[-1] == "CVNC"
    assert not any(r.startswith("Lưu") for r in d.recipients)


def test_seed_004_bac_kan(parsed):
    d = parsed["004"]
    assert d.issuer.name == "Ủy ban nhân dân thành phố Bắc Kạn"
    assert d.place.name == "Thành phố Bắc Kạn" and d.place.province == "Bắc Kạn"
    assert d.year == 2024 and d.date is None and d.date_text == "ngày tháng 3 năm 2024"
    impl = {c.number: c.issuer.name for c in d.citations if c.role == "implements"}
    assert impl == {"209-KH/TU": "Thành ủy Bắc Kạn", "89/KH-UBND": "Ủy ban nhân dân tỉnh Bắc Kạn"}
    deadlines = sorted({o.deadline for o in d.obligations if o.deadline})
    # III.1.c "Tham mưu xây dựng báo cáo của UBND thành phố … trước ngày 20/11/2024" is Phòng Nội
    # vụ drafting the city's own report: the city's duty, not one this plan imposes (issue 13)
    assert deadlines == [date(2024, 11, 15)]
    plan = [o for o in d.obligations if o.kind == "plan"][0]
    assert [(a.text, a.unit_class) for a in plan.addressees] == [
        ("Các phòng, ban, ngành, đoàn thể cấp thành phố", "divisions"),
        ("UBND các xã, phường", "commune_people_committees")]
    rep = [o for o in d.obligations if o.deadline == date(2024, 11, 15)][0]
    assert rep.kind == "report" and rep.section == "III.2.c"
    assert [b.name for b in rep.report_to] == ["Ủy ban nhân dân thành phố Bắc Kạn"]
    assert not [o for o in d.obligations if o.kind in ("plan", "report") and o.section == "III.1.c"]
    assert (d.signer.authority, d.signer.name) == ("TM. KT.", "Nguyễn Thị Huệ")
    assert cit(d, "01-KL/TW").implements == "05-CT/TW"


def test_seed_001_huong_hoa(parsed):
    d = parsed["001"]
    assert d.issuer.name == "Trung tâm VHTT-TDTT huyện Hướng Hóa"
    assert d.parent_body.name == "Ủy ban nhân dân huyện Hướng Hóa"
    assert d.place.province == "Quảng Trị" and d.place.level == "district"
    assert d.year == 2025 and d.is_draft and d.symbol == "/KH-VHTT-TDTT"
    c39 = cit(d, "39/KH-UBND")  # written "Hướng Hoá" in the opening, "Hướng Hóa" later
    assert c39.role == "implements" and c39.date == date(2025, 1, 20)
    assert c39.issuer.name == "Ủy ban nhân dân huyện Hướng Hóa"
    assert c39.mentions == [9, 89]
    assert cit(d, "28-CTr/HU").implements == "01-NQ/TU"
    assert cit(d, "01-NQ/TU").issuer.name == "Tỉnh ủy Quảng Trị"
    assert cit(d, "59/NĐ-CP").date == date(2023, 8, 14)
    assert any(c.name == "Luật Thực hiện dân chủ ở cơ sở" for c in d.citations)


def test_seed_000_quang_binh_office(parsed):
    d = parsed["000"]
    assert d.issuer.name == "Văn phòng Ủy ban nhân dân tỉnh Quảng Bình"
    assert d.parent_body.name == "Ủy ban nhân dân tỉnh Quảng Bình"
    assert d.symbol == "/KH-VPUBND" and d.number is None and d.date is None and d.year == 2023
    roles = {c.number: c.role for c in d.citations if c.role != "cites"}
    assert roles == {"25-NQ/TW": "based_on", "23-QĐ/TW": "based_on", "33/CT-TTg": "based_on",
                     "412-QĐ/TU": "based_on", "3140/QĐ-UBND": "based_on",
                     "80/KH-UBND": "implements"}
    assert cit(d, "80/KH-UBND").issuer.name == "Ủy ban nhân dân tỉnh Quảng Bình"
    assert cit(d, "19-NQ/TW").evidence.text.endswith("19- NQ/TW")  # evidence keeps the stray space
    assert cit(d, "412-QĐ/TU").issuer.name == "Ban Thường vụ Tỉnh ủy Quảng Bình"
    assert cit(d, "217-QĐ/TW").issuer.name == "Bộ Chính trị"  # shared "… và … của Bộ Chính trị"
    assert cit(d, "180/KH-VPUBND").implements == "03-CTr/TU"
    assert (d.signer.authority, d.signer.position, d.signer.name) == (
        "KT.", "PHÓ CHÁNH VĂN PHÒNG", "Phạm Thị Hồng Lê")
