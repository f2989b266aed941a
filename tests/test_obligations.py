"""The obligation reader on short paragraphs shaped like the real plans of tests/realdocs: who
owes a plan or a report, by when, how often, to whom (values checked by hand)."""

from datetime import date

import pytest

from directive_kg.loaders import parse_text
from directive_kg.loaders.deadlines import deadline_mentions, field_deadline, period_mentions, timing_of

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 552/KH-UBND\n\n{date_line}\n\nKẾ HOẠCH\n"
        "Đổi mới công nghệ đến năm 2035\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Nâng cao năng lực.\n\n")
FOOT = ("\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\n"
        "PHÓ CHỦ TỊCH\nNguyễn Văn A\n")


def _doc(body: str, date_line: str = "Đồng Tháp, ngày 19 tháng 11 năm 2025"):
    return parse_text(HEAD.format(date_line=date_line) + body + FOOT, "t.txt")


def _duties(doc):
    """(kind, addressee as written, deadline, period, report-to as written) of plans and reports."""
    return [(o.kind, o.addressee_text, o.deadline, o.period, o.report_to_text)
            for o in doc.obligations if o.kind in ("plan", "report")]


# --- deadlines and periods ------------------------------------------------------------------------

ISSUED = date(2025, 11, 19)


@pytest.mark.parametrize("kind, text, issued, deadline, period", [
    # an explicit date, even one already passed at issue
    ("report", "báo cáo gửi Bộ Tài chính trước ngày 31/5/2026", ISSUED, date(2026, 5, 31), "once"),
    ("plan", "ban hành kế hoạch trước ngày 15/11/2025", date(2025, 11, 21), date(2025, 11, 15),
     "once"),
    ("report", "báo cáo chậm nhất ngày 03 tháng 02 năm 2026", ISSUED, date(2026, 2, 3), "once"),
    # a yearly date: the first such day strictly after the issue date
    ("report", "trước ngày 15/11 hằng năm", date(2025, 11, 24), date(2026, 11, 15), "yearly"),
    ("report", "định kỳ báo cáo kết quả trước ngày 20/11 về Sở", ISSUED, date(2025, 11, 20), "yearly"),
    ("report", "chậm nhất ngày 17 tháng 12", ISSUED, date(2025, 12, 17), "yearly"),
    ("report", "Định kỳ hằng năm (trước ngày 30 tháng 11) báo cáo", date(2025, 11, 27),
     date(2025, 11, 30), "yearly"),
    # a month, a quarter, a year: its last day
    ("report", "báo cáo trong tháng 11/2025", ISSUED, date(2025, 11, 30), "once"),
    ("plan", "hoàn thành trong quý IV/2025", ISSUED, date(2025, 12, 31), "once"),
    ("report", "Báo cáo giữa kỳ thực hiện Kế hoạch (năm 2030)", ISSUED, date(2030, 12, 31), "once"),
    # recurrences with no date
    ("report", "trước ngày 15 hằng tháng", ISSUED, None, "monthly"),
    ("report", "định kỳ hằng quý báo cáo", ISSUED, None, "quarterly"),
    ("report", "Định kỳ 06 tháng các cơ quan báo cáo", ISSUED, None, "half-yearly"),
    ("report", "định kỳ báo cáo theo quy định", ISSUED, None, None),
    ("report", "báo cáo UBND tỉnh trước 19h00’ hằng ngày", ISSUED, None, None),
    ("report", "báo cáo 02 lần/ngày (trước 9h00’ và 16h00’)", ISSUED, None, None),
    # relative to an event: once, no date
    ("report", "ngay sau khi kết thúc hội nghị", ISSUED, None, "once"),
    # no time at all: a plan is made once, a report's period is unknown
    ("plan", "xây dựng kế hoạch triển khai", ISSUED, None, "once"),
    ("report", "tổng hợp, báo cáo UBND tỉnh", ISSUED, None, None),
    # "hằng ngày" in a plan's words is about its content, not its cycle
    ("plan", "xây dựng kế hoạch tuyên truyền định kỳ hàng ngày", ISSUED, None, "once"),
])
def test_timing(kind, text, issued, deadline, period):
    t = timing_of(kind, deadline_mentions(text, issued), period_mentions(text))
    assert (t.deadline, t.period) == (deadline, period)


@pytest.mark.parametrize("value, deadline, kind", [
    ("Quý IV/2025;", date(2025, 12, 31), "quarter"),
    ("Quý I/2026;", date(2026, 3, 31), "quarter"),
    ("Tháng 11/2025 (sau khi Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh ban hành Hướng dẫn).",
     date(2025, 11, 30), "month"),
    ("Trước ngày 15/11/2025.", date(2025, 11, 15), "date"),
    ("Từ tháng 12/2025 đến quý I/2026.", None, "window"),
    ("Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.", None, "window"),
])
def test_timing_field_values(value, deadline, kind):
    t = field_deadline(value, ISSUED)
    assert (t.deadline, t.kind) == (deadline, kind)


def test_period_words_are_kept_beside_the_code():
    t = timing_of("report", [], period_mentions("báo cáo kết quả (định kỳ hằng năm)"))
    assert (t.period, t.period_text) == ("yearly", "định kỳ hằng năm")
    assert period_mentions("hoàn thành trong 6 tháng") == []  # a span of time, not a period


# --- who owes what --------------------------------------------------------------------------------

def test_numbered_paragraph_per_body_with_plan_and_monthly_report():
    d = _doc("II. TỔ CHỨC THỰC HIỆN\n\n2. Các Sở, ban, ngành, UBND xã, phường căn cứ Kế hoạch này, "
             "xây dựng Kế hoạch thực hiện; báo cáo UBND Thành phố kết quả thực hiện thông qua Sở "
             "Khoa học và Công nghệ trước ngày 15 hằng tháng.")
    assert _duties(d) == [
        ("plan", "Các Sở, ban, ngành, UBND xã, phường", None, "once", None),
        ("report", "Các Sở, ban, ngành, UBND xã, phường", None, "monthly", "UBND Thành phố")]
    plan, report = [o for o in d.obligations if o.kind in ("plan", "report")]
    assert [(a.text, a.unit_class) for a in plan.addressees] == [
        ("Các Sở, ban, ngành", "departments"), ("UBND xã, phường", "commune_people_committees")]
    assert report.report_via.name == "Sở Khoa học và Công nghệ tỉnh Đồng Tháp"
    assert report.period_text == "hằng tháng" and plan.section == "II.2"


def test_body_heading_with_its_duties_in_points():
    d = _doc("II. TỔ CHỨC THỰC HIỆN\n\n1. Sở Giáo dục và Đào tạo\n\n"
             "a) Chủ trì, phối hợp với các sở, ngành, địa phương xây dựng kế hoạch, triển khai thực "
             "hiện Chương trình; hướng dẫn, kiểm tra, giám sát.\n\n"
             "b) Đôn đốc các sở, ban, ngành; định kỳ sơ kết, tổng kết, tổng hợp báo cáo Ủy ban nhân "
             "dân tỉnh.\n\n"
             "2. Ủy ban nhân dân các xã, phường\n\n"
             "Hằng năm, tổ chức đánh giá sơ kết và tổng kết để tổng hợp, báo cáo UBND tỉnh và Bộ Giáo "
             "dục và Đào tạo.")
    assert _duties(d) == [
        ("plan", "Sở Giáo dục và Đào tạo", None, "once", None),
        ("report", "Sở Giáo dục và Đào tạo", None, None, "Ủy ban nhân dân tỉnh"),
        ("report", "Ủy ban nhân dân các xã, phường", None, "yearly",
         "UBND tỉnh và Bộ Giáo dục và Đào tạo")]
    assert [o.section for o in d.obligations if o.kind in ("plan", "report")] == [
        "II.1.a", "II.1.b", "II.2"]
    rep = d.obligations[-1]
    assert [b.name for b in rep.report_to] == ["Ủy ban nhân dân tỉnh Đồng Tháp",
                                               "Bộ Giáo dục và Đào tạo"]


def test_heading_roles_and_lead_in_sentences():
    d = _doc("IV. NHIỆM VỤ CỤ THỂ\n\n1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo\n\n"
             "- Tổng hợp kết quả kiểm kê, báo cáo kết quả kiểm kê gửi Bộ Tài chính. Thời gian hoàn "
             "thành: Trước ngày 31/5/2026.\n\n"
             "1.5. Trách nhiệm của đối tượng thực hiện kiểm kê:\n\n"
             "- Báo cáo kết quả kiểm kê cho cơ quan quản lý cấp trên.\n\n"
             "Thời hạn hoàn thành: Trước ngày 31/3/2026.\n\n"
             "V. TỔ CHỨC THỰC HIỆN\n\n"
             "1. Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối, chủ trì; tổ chức thực hiện "
             "các nhiệm vụ sau:\n\n"
             "- Tổ chức đánh giá, báo cáo kết quả thực hiện Đề án hàng năm.\n\n"
             "2. Sở Tài chính (cơ quan chủ trì)\n\n"
             "- Xây dựng và trình Ủy ban nhân dân Thành phố phê duyệt Kế hoạch sao lưu dữ liệu hằng "
             "năm.", "Quảng Ngãi, ngày 21 tháng 11 năm 2025")
    assert _duties(d) == [
        ("report", "Sở Tài chính", date(2026, 5, 31), "once", "Bộ Tài chính"),
        ("report", "đối tượng thực hiện kiểm kê", date(2026, 3, 31), "once",
         "cơ quan quản lý cấp trên"),
        ("report", "Sở Nông nghiệp và Môi trường", None, "yearly", None),
        ("plan", "Sở Tài chính", None, "yearly", None)]


def test_task_blocks_with_a_chairing_unit():
    d = _doc("II. NỘI DUNG, TIẾN ĐỘ, PHÂN CÔNG TRÁCH NHIỆM THỰC HIỆN\n\n"
             "1. Xây dựng các văn bản\n\n"
             "1.3 Xây dựng, ban hành kế hoạch, lịch trình thực hiện công tác bầu cử.\n\n"
             "- Thời gian hoàn thành: Tháng 11/2025 (sau khi Ban Thường trực tỉnh ban hành "
             "Hướng dẫn).\n\n"
             "- Đơn vị chủ trì: Đồng chí Phó chủ tịch Thường trực\n\n"
             "- Kết quả: Dự thảo Kế hoạch trình Ban Thường trực ban hành; báo cáo.\n\n"
             "2. Hội nghị hiệp thương lần thứ nhất.\n\n"
             "2.1. Nội dung: Hiệp thương về cơ cấu, thành phần.\n\n"
             "- Đơn vị chủ trì: Ban Công tác mặt trận thôn.\n\n"
             "2.2. Báo cáo kết quả Hội nghị\n\n"
             "- Gửi biên bản Hội nghị đến Ban Thường trực Ủy ban MTTQ xã ngay sau khi kết thúc hội "
             "nghị.\n\n"
             "2.3. Theo dõi, tổng hợp, báo cáo về công tác bầu cử.\n\n"
             "- Thời gian thực hiện: Từ tháng 12/2025 đến quý I/2026.\n\n"
             "- Đơn vị chủ trì: Ban Thường trực Ủy ban MTTQ xã\n",
             "Lương Minh, ngày 18 tháng 11 năm 2025")
    assert _duties(d) == [
        ("plan", "Đồng chí Phó chủ tịch Thường trực", date(2025, 11, 30), "once", None),
        ("report", "Ban Công tác mặt trận thôn", None, "once", "Ban Thường trực Ủy ban MTTQ xã"),
        ("report", "Ban Thường trực Ủy ban MTTQ xã", None, None, None)]


def test_a_subject_goes_on_to_the_next_sentence_and_reports_through_a_receiver():
    d = _doc("V. TỔ CHỨC THỰC HIỆN\n\n1. Sở Xây dựng\n\n- Hướng dẫn triển khai.\n\n"
             "Trên đây là Kế hoạch Chuyển đổi số. Đề nghị các cơ quan, đơn vị nghiêm túc triển khai "
             "thực hiện. Định kỳ hằng năm (trước ngày 30 tháng 11) báo cáo kết quả thực hiện về Sở "
             "Xây dựng, để tổng hợp báo cáo Ủy ban nhân dân Tỉnh và Ban Chỉ đạo về phát triển khoa "
             "học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Đồng Tháp. Trong quá trình tổ "
             "chức thực hiện, nếu thấy cần sửa đổi, bổ sung các sở, ngành, địa phương chủ động đề "
             "xuất gửi Sở Xây dựng tổng hợp và báo cáo Ủy ban nhân dân Tỉnh xem xét, quyết định./.",
             "Đồng Tháp, ngày 27 tháng 11 năm 2025")
    assert _duties(d) == [
        ("report", "các cơ quan, đơn vị", date(2025, 11, 30), "yearly", "Sở Xây dựng"),
        ("report", "Sở Xây dựng", None, "yearly",
         "Ủy ban nhân dân Tỉnh và Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo "
         "và chuyển đổi số tỉnh Đồng Tháp")]
    assert [o.derived for o in d.obligations if o.kind == "report"] == [False, True]
    assert any(str(w).startswith("addressee-unresolved: line ") and "'các cơ quan, đơn vị'" in str(w)
               and w.incomplete for w in d.warnings)


def test_report_to_keeps_a_channel_that_follows_it():
    d = _doc("V. TỔ CHỨC THỰC HIỆN\n\n1. Các cơ quan, đơn vị, địa phương, doanh nghiệp\n\n"
             "- Báo cáo Ủy ban nhân dân tỉnh về kết quả Đợt thi đua (qua Sở Nội vụ) khi tổng kết "
             "Đợt thi đua.\n\n"
             "Ủy ban nhân dân Thành phố yêu cầu các Sở, ban, ngành Thành phố, UBND phường, xã nghiêm "
             "túc triển khai thực hiện; định kỳ trước ngày 30 tháng 11 hàng năm báo cáo kết quả thực "
             "hiện về UBND Thành phố (qua Ban Quản lý các khu công nghệ cao và khu công nghiệp).",
             "Hà Nội, ngày 24 tháng 11 năm 2025")
    assert _duties(d) == [
        ("report", "Các cơ quan, đơn vị, địa phương, doanh nghiệp", None, "once",
         "Ủy ban nhân dân tỉnh"),
        ("report", "các Sở, ban, ngành Thành phố, UBND phường, xã", date(2025, 11, 30), "yearly",
         "UBND Thành phố (qua Ban Quản lý các khu công nghệ cao và khu công nghiệp)")]
    first, second = [o for o in d.obligations if o.kind == "report"]
    assert first.report_via.name.startswith("Sở Nội vụ")  # written apart from the recipient
    assert second.report_via.as_written == "Ban Quản lý các khu công nghệ cao và khu công nghiệp"


def test_two_reports_of_one_sentence_each_with_its_own_time():
    d = _doc("VI. CHẾ ĐỘ BÁO CÁO\n\n- Sở Khoa học và Công nghệ tổng hợp, báo cáo Ủy ban nhân dân Tỉnh "
             "trước ngày 30/11 hằng năm. Báo cáo giữa kỳ thực hiện Kế hoạch (năm 2030) và báo cáo tổng "
             "kết thực hiện Kế hoạch (năm 2035), gửi Ủy ban nhân dân Tỉnh và Bộ Khoa học và Công nghệ.\n"
             "- Ban Thường trực Ủy ban MTTQ xã: báo cáo tình hình sau mỗi đợt và báo cáo tổng kết gửi "
             "về Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh trước ngày 18/3/2026.")
    to = "Ủy ban nhân dân Tỉnh và Bộ Khoa học và Công nghệ"
    province = "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"
    assert _duties(d) == [
        ("report", "Sở Khoa học và Công nghệ", date(2025, 11, 30), "yearly", "Ủy ban nhân dân Tỉnh"),
        ("report", "Sở Khoa học và Công nghệ", date(2030, 12, 31), "once", to),
        ("report", "Sở Khoa học và Công nghệ", date(2035, 12, 31), "once", to),
        ("report", "Ban Thường trực Ủy ban MTTQ xã", None, None, province),
        ("report", "Ban Thường trực Ủy ban MTTQ xã", date(2026, 3, 18), "once", province)]


def test_requested_and_encouraged_bodies_and_units_listed_by_name():
    d = _doc("VI. TỔ CHỨC THỰC HIỆN\n\n"
             "15. Báo và Phát thanh, Truyền hình Đồng Nai chủ động phối hợp với Sở Khoa học và Công "
             "nghệ xây dựng và phê duyệt kế hoạch tổ chức tuyên truyền.\n\n"
             "17. Khuyến khích Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh xây dựng kế hoạch hành "
             "động.\n\n"
             "18. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội: "
             "Xây dựng kế hoạch cụ thể phân phối hàng cứu trợ.\n\n"
             "12. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền\n\n"
             "- Xây dựng kế hoạch cụ thể hóa các nhiệm vụ.")
    assert [(k, who) for k, who, *_ in _duties(d)] == [
        ("plan", "Báo và Phát thanh, Truyền hình Đồng Nai"),
        ("plan", "Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh"),
        ("plan", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội"),
        ("plan", "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền")]
    mttq, listed = [o for o in d.obligations if o.kind == "plan"][2:]
    assert [(a.text, a.unit_class) for a in mttq.addressees] == [
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", None),
        ("các tổ chức chính trị - xã hội", "mass_organisations")]
    assert [a.body.name for a in listed.addressees] == ["Ủy ban nhân dân xã Gia Thuận",
                                                       "Ủy ban nhân dân xã Tân Điền"]


@pytest.mark.parametrize("paragraph", [
    # the generic sentence about difficulties, and its variants
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị báo cáo về Sở Y tế "
    "để xem xét giải quyết.",
    "Sở Y tế tổng hợp, tham mưu, báo cáo UBND tỉnh các nội dung cần sửa đổi, bổ sung.",
    "Các cơ quan, đơn vị khẩn trương triển khai thực hiện Kế hoạch này; kịp thời báo cáo UBND tỉnh "
    "(qua Sở Công Thương) để xem xét, chỉ đạo giải quyết.",
    "Ban Công tác Mặt trận các thôn kịp thời phát hiện những sai sót, vi phạm để báo cáo Ban Thường "
    "trực xử lý.",
    # advising the issuer: drafting its plan, or its report
    "Sở Nông nghiệp và Môi trường tham mưu Ủy ban nhân dân tỉnh ban hành Kế hoạch hằng năm.",
    "Sở Khoa học và Công nghệ tổng hợp, tham mưu Ủy ban nhân dân tỉnh báo cáo Bộ Khoa học và "
    "Công nghệ.",
    # a "phương án", a programme without a plan, carrying the plan out
    "Sở Công Thương xây dựng phương án xuất - luân chuyển hàng hóa.",
    "Sở Khoa học và Công nghệ xây dựng và tổ chức các chương trình, đề án hỗ trợ doanh nghiệp.",
    "Ủy ban nhân dân cấp xã tổ chức triển khai thực hiện kế hoạch chuyển đổi số.",
    "Sở Tài chính chủ trì xây dựng, tổ chức thực hiện, theo dõi, đôn đốc thực hiện Kế hoạch.",
    # budget reporting
    "Sở Tài chính tổng hợp nhu cầu kinh phí, báo cáo cấp có thẩm quyền xem xét bố trí kinh phí.",
    # a plan a cited instrument issued; plans of the units the addressee guides
    "Sở Nông nghiệp và Môi trường tiếp tục thực hiện Nghị quyết số 26/NQ-CP ngày 05/3/2020 của "
    "Chính phủ ban hành kế hoạch tổng thể.",
    "Sở Nội vụ hướng dẫn các cơ quan, đơn vị xây dựng kế hoạch.",
    # a published report, a report listened to
    "Sở Khoa học và Công nghệ công bố báo cáo dự báo nhu cầu nhân lực.",
])
def test_not_obligations(paragraph):
    d = _doc(f"V. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế\n\n- Hướng dẫn chuyên môn.\n\n2. {paragraph}")
    assert _duties(d) == []


def test_a_report_sent_to_its_own_sender_is_no_duty():
    d = _doc("II. PHÂN CÔNG NHIỆM VỤ\n\n2. Hội nghị lần thứ hai\n\n2.1. Nội dung: Hiệp thương.\n\n"
             "- Đơn vị chủ trì: Ban Thường trực Ủy ban MTTQ Việt Nam xã.\n\n2.2. Báo cáo kết quả\n\n"
             "- Gửi Biên bản và báo cáo tình hình hiệp thương về Ban Thường trực Ủy ban MTTQ xã ngay "
             "sau khi kết thúc hội nghị. Báo cáo Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh chậm nhất "
             "ngày 03/02/2026.", "Lương Minh, ngày 25 tháng 11 năm 2025")
    assert _duties(d) == [("report", "Ban Thường trực Ủy ban MTTQ Việt Nam xã", date(2026, 2, 3),
                           "once", "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh")]


def test_which_sections_count():
    d = _doc("III. NHIỆM VỤ VÀ GIẢI PHÁP\n\n1. Sở Nội vụ xây dựng kế hoạch đào tạo cán bộ.\n\n"
             "2. Công tác giám sát, kiểm tra, báo cáo\n\n- Sở Y tế chủ trì kiểm tra.\n\n"
             "- Các Trung tâm y tế giám sát tuyến xã và báo cáo hằng ngày.\n\n"
             "- Báo cáo tổng hợp hàng ngày gửi UBND tỉnh.\n\n"
             "IV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế: tổng hợp báo cáo UBND tỉnh.\n\n"
             "PHỤ LỤC\n\nI. NHIỆM VỤ\n\n1. Các sở, ngành xây dựng kế hoạch năm 2026.")
    assert _duties(d) == [("report", "Các Trung tâm y tế", None, None, None),
                          ("report", "Sở Y tế", None, None, "UBND tỉnh")]
    # the reporting line with no stated subject is not an obligation, and says so
    assert any(str(w).startswith("obligation-unassigned: line ") and "Báo cáo tổng hợp hàng ngày"
               in str(w) and not w.incomplete for w in d.warnings)


def test_unread_sections_are_reported_with_their_line():
    d = _doc("II. TỔ CHỨC THỰC HIỆN\n\n1. Kinh phí thực hiện từ nguồn ngân sách nhà nước năm 2025.\n")
    [w] = [w for w in d.warnings if w.code == "obligations-unread"]
    assert str(w) == "obligations-unread: line 18: 'TỔ CHỨC THỰC HIỆN' has no obligation that could be read"
    assert w.incomplete


def test_a_section_of_duties_that_owe_no_plan_is_read():
    """A commune's plan assigns monitoring and informing, and no plan further down: read, no warning."""
    d = _doc("II. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế\n\n- Hướng dẫn chuyên môn.\n")
    assert [o.kind for o in d.obligations] == ["monitor"]
    assert not [w for w in d.warnings if w.code == "obligations-unread"]


def test_a_report_nobody_is_named_for_is_no_obligation_and_says_so():
    """The issuer restating its own duty to the body above (seed 001, item 5) obliges nobody this
    plan could track: it is warned as unassigned, and the section counts as read."""
    d = _doc("II. TỔ CHỨC THỰC HIỆN\n\n1. Thực hiện tốt chế độ báo cáo định kỳ theo quy định.\n")
    assert [o for o in d.obligations if o.kind == "report"] == []
    assert [(w.code, w.incomplete) for w in d.warnings] == [("obligation-unassigned", False)]


def test_evidence_is_cut_from_the_original_text():
    text = HEAD.format(date_line="Đồng Tháp, ngày 19 tháng 11 năm 2025") + (
        "II. TỔ CHỨC THỰC HIỆN\n\n**1. Sở Giáo dục\nvà Đào tạo**\n\n"
        "a) Xây dựng kế hoạch triển khai;\nbáo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2025.\n"
        "2. Các Sở, ban, ngành\ncăn cứ Kế hoạch này xây dựng kế hoạch.") + FOOT
    d = parse_text(text, "t.txt")
    found = [o for o in d.obligations if o.kind in ("plan", "report")]
    assert [(o.kind, o.addressee_text) for o in found] == [
        ("plan", "Sở Giáo dục và Đào tạo"), ("report", "Sở Giáo dục và Đào tạo"),
        ("plan", "Các Sở, ban, ngành")]
    for o in found:
        for ev in (o.evidence, o.addressee_evidence):
            assert ev.text == text[ev.start:ev.end]
            assert text.count("\n", 0, ev.start) + 1 == ev.line
    assert found[0].addressee_evidence.text == "Sở Giáo dục\nvà Đào tạo"
