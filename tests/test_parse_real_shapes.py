"""Text as it really arrives (issue 13): portal banners and metadata, news-post headlines, flattened
two-column letterheads, hard-wrapped lines, Markdown cells, decisions that issue a plan. The texts in
tests/fixtures/shapes/ are written in the shapes real portals produce; the values were checked by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from directive_kg.loaders import parse_text
from directive_kg.loaders.layout import unwrap
from directive_kg.loaders.text import map_text

SHAPES = Path(__file__).parent / "fixtures" / "shapes"

PORTAL_DECISION = (SHAPES / "portal-decision.txt").read_text(encoding="utf-8")

NEWS_POST = (SHAPES / "news-post.txt").read_text(encoding="utf-8")

# Portal Markdown: letterhead cells between "|" lines, every paragraph hard-wrapped, a motto and a
# date broken over lines, a heading broken inside, bold marks.
WRAPPED_MARKDOWN = (SHAPES / "wrapped-plan.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def portal():
    return parse_text(PORTAL_DECISION, "portal.txt")


def test_portal_banner_and_flattened_letterhead(portal):
    d = portal
    assert (d.doc_type, d.number, d.date) == ("Quyết định", "3210/QĐ-UBND", date(2024, 3, 12))
    assert d.issuer.name == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert d.place.name == "Tỉnh Quảng Trị"
    assert d.year == 2024
    # the decision's own title, not its enacting authority line below it
    assert d.title == ("Ban hành Kế hoạch thực hiện Kế hoạch số 80/KH-UBND ngày 20/02/2024 của UBND "
                       "tỉnh về công tác dân vận năm 2024")
    # the columns are read apart: the number's evidence is its own column of the original line
    assert d.evidence["number"].text == "Số: 3210/QĐ - UBND"


def test_a_decision_issuing_a_plan_is_one_instrument_and_not_its_own_parent(portal):
    # "(Ban hành kèm theo Quyết định số 3210/QĐ-UBND …)" is the plan's own number, never a citation
    assert [(c.number, c.role) for c in portal.citations if c.number] == [("80/KH-UBND", "implements")]
    assert [c.name for c in portal.citations if c.number is None] == [
        "Luật Tổ chức chính quyền địa phương"]
    assert portal.signer.name == "Võ Văn Hưng"


def test_news_post_headline_names_the_document():
    d = parse_text(NEWS_POST, "news.txt")
    assert (d.doc_type, d.number, d.date, d.year) == ("Kế hoạch", "55-KH/BDVTW", date(2022, 6, 10), 2022)
    assert d.issuer.name == "Ban Dân vận Trung ương"
    assert d.title == "tổ chức Hội nghị sơ kết 5 năm thực hiện Chỉ thị số 16-CT/TW"
    assert "55-KH/BDVTW" not in {c.number for c in d.citations}
    assert [str(w) for w in d.warnings] == [
        "header-from-headline: line 3: number, date and issuer read from a headline, not a letterhead"]
    assert not d.warnings[0].incomplete


@pytest.fixture(scope="module")
def wrapped():
    return parse_text(WRAPPED_MARKDOWN, "wrapped.md")


def test_wrapped_markdown_header(wrapped):
    d = wrapped
    assert (d.number, d.date, d.year) == ("41/KH-UBND", date(2025, 11, 17), 2026)
    assert d.issuer.name == "Ủy ban nhân dân tỉnh Kiên Giang"
    assert d.title == "TRIỂN KHAI CÔNG TÁC DÂN VẬN CHÍNH QUYỀN TRÊN ĐỊA BÀN TỈNH NĂM 2026"
    # evidence is the original text, line breaks and marks included
    assert d.evidence["date"].text == "Kiên Giang, ngày 17\ntháng 11 năm 2025"


def test_direct_parent_only(wrapped):
    """The programme is the parent; what the programme carries out is its own link."""
    roles = {c.number: c.role for c in wrapped.citations}
    assert roles == {"17-CTr/TU": "implements", "25-NQ/TW": "cites"}
    programme = next(c for c in wrapped.citations if c.number == "17-CTr/TU")
    assert programme.implements == "25-NQ/TW"
    assert programme.issuer.name == "Tỉnh ủy Kiên Giang"


def test_wrapped_heading_and_obligation_are_read_whole(wrapped):
    plans = [o for o in wrapped.obligations if o.kind == "plan"]
    assert len(plans) == 1
    assert plans[0].section == "III.1"
    assert plans[0].evidence.text.startswith("1. Các sở, ban, ngành tỉnh; Ủy ban nhân dân các huyện,\n"
                                             "thành phố căn cứ")
    assert [a.unit_class for a in plans[0].addressees] == ["departments", "district_people_committees"]


@pytest.mark.parametrize("text, lines", [
    # a hard-wrapped text (many lines go on in lower case, blank lines between paragraphs): joined
    ("Các sở, ban, ngành căn cứ\nKế hoạch này xây dựng kế hoạch\nthực hiện, gửi\nvề Sở Nội vụ.\n\n"
     "Sở Nội vụ theo dõi,\ntổng hợp.\n\nTrên đây là\nKế hoạch.\n\n",
     ["Các sở, ban, ngành căn cứ Kế hoạch này xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ.",
      "Sở Nội vụ theo dõi, tổng hợp.", "Trên đây là Kế hoạch."]),
    # the same lines without blank lines between paragraphs (a page whose every line is one)
    ("Các sở, ban, ngành căn cứ\nKế hoạch này.\n", ["Các sở, ban, ngành căn cứ", "Kế hoạch này."]),
    # one paragraph per line (typed text, web pages): kept
    ("1. Sở Nội vụ tham mưu.\n2. Các sở xây dựng kế hoạch.\n",
     ["1. Sở Nội vụ tham mưu.", "2. Các sở xây dựng kế hoạch."]),
    # a numbered heading broken inside, in an otherwise unwrapped text
    ("III. TỔ CHỨC\nTHỰC HIỆN\n1. Sở Nội vụ tham mưu.\n",
     ["III. TỔ CHỨC THỰC HIỆN", "1. Sở Nội vụ tham mưu."]),
    # two columns side by side: split; a blank left for the number or date: kept
    ("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Số:     /KH-UBND      Hà Nội, ngày    tháng   năm 2024\nKẾ HOẠCH\n",
     ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số:     /KH-UBND",
      "Hà Nội, ngày    tháng   năm 2024", "KẾ HOẠCH"]),
])
def test_unwrap(text, lines):
    mt = unwrap(map_text(text))
    assert [ln.strip() for ln in mt.text.split("\n") if ln.strip()] == lines
    assert mt.original == text and len(mt.text) == len(text)  # one for one: offsets unchanged


_SPACED = ("ỦY BAN NHÂN DÂN\n\nTỈNH ĐẮK LẮK\n\n\nKẾ HOẠCH\n\n\nCác sở, ban, ngành căn cứ\n\n"
           "Kế hoạch này xây dựng kế hoạch\n\nthực hiện, gửi\n\nvề Sở Nội vụ.\n\n\n"
           "Sở Nội vụ theo dõi,\n\ntổng hợp.\n\n\nTrên đây là\n\nKế hoạch.\n")


@pytest.mark.parametrize("text, lines", [
    # every line a paragraph (one empty line between the lines of a paragraph, two between
    # paragraphs): the empty lines are the wrap, joined and left out of the view
    (_SPACED, ["ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "KẾ HOẠCH",
               "Các sở, ban, ngành căn cứ Kế hoạch này xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ.",
               "Sở Nội vụ theo dõi, tổng hợp.", "Trên đây là Kế hoạch."]),
    # indented lines (PDF text): the indentation is left out, so a joined line has one space
    ("    Các sở, ban, ngành căn cứ\n    kế hoạch này.\n\n    Sở Nội vụ theo dõi.\n\n    Sở Tài chính\n"
     "    bảo đảm.\n\n    Trên đây\n    là Kế hoạch.\n",
     ["Các sở, ban, ngành căn cứ kế hoạch này.", "Sở Nội vụ theo dõi.", "Sở Tài chính bảo đảm.",
      "Trên đây là Kế hoạch."]),
    # wrapped text without any blank line: a line that ends a sentence or a clause ends its
    # paragraph, a heading's number on its own line goes with it, the type heading stands alone
    ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\nSố: 12/KH-UBND\nĐắk Lắk, ngày\n19 tháng 11 năm 2025\nKẾ HOẠCH\n"
     "VỀ CÔNG TÁC\nDÂN VẬN NĂM 2026\nIII.\nTỔ CHỨC THỰC HIỆN\n1. Các sở, ban, ngành căn cứ\n"
     "Kế hoạch này, xây dựng kế hoạch\nthực hiện, gửi về\nSở Nội vụ trước ngày 15/12/2025;\n"
     "2. Sở Nội vụ theo dõi,\ntổng hợp, báo cáo\nkết quả về UBND tỉnh.\n",
     ["ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "Số: 12/KH-UBND", "Đắk Lắk, ngày 19 tháng 11 năm 2025", "KẾ HOẠCH",
      "VỀ CÔNG TÁC DÂN VẬN NĂM 2026", "III. TỔ CHỨC THỰC HIỆN",
      "1. Các sở, ban, ngành căn cứ Kế hoạch này, xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ "
      "trước ngày 15/12/2025;", "2. Sở Nội vụ theo dõi, tổng hợp, báo cáo kết quả về UBND tỉnh."]),
    # the same shape, a place name broken before its date, the motto broken inside
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 12/KH-UBND\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\nThành phố Hồ Chí\nMinh, ngày 21 tháng 11 năm 2025\nKẾ HOẠCH\n"
     "1. Các sở căn cứ\nkế hoạch này, xây dựng kế hoạch\nthực hiện, gửi về\nSở Nội vụ.\n"
     "2. Sở Nội vụ theo dõi,\ntổng hợp.\n",
     ["ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Số: 12/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "Thành phố Hồ Chí Minh, ngày 21 tháng 11 năm 2025", "KẾ HOẠCH",
      "1. Các sở căn cứ kế hoạch này, xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ.",
      "2. Sở Nội vụ theo dõi, tổng hợp."]),
    # a Party letterhead copied without its bold marks: the organ's line stays apart from the
    # committee above it (blank lines part the paragraphs, as in portal Markdown)
    ("BAN CHẤP HÀNH\nTRUNG ƯƠNG\nBAN TUYÊN GIÁO VÀ DÂN VẬN\n\nĐẢNG CỘNG SẢN\nVIỆT NAM\n\nSố 37-HD/BTGDVTW\n\n"
     "HƯỚNG DẪN\n\nCác cấp ủy căn cứ\nhướng dẫn này\nxây dựng kế hoạch\nthực hiện.\n\n"
     "Ban Tuyên giáo theo dõi,\ntổng hợp.\n\n",
     ["BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 37-HD/BTGDVTW",
      "HƯỚNG DẪN", "Các cấp ủy căn cứ hướng dẫn này xây dựng kế hoạch thực hiện.",
      "Ban Tuyên giáo theo dõi, tổng hợp."]),
])
def test_unwrap_other_spacings(text, lines):
    mt = unwrap(map_text(text))
    assert [ln.strip() for ln in mt.text.split("\n") if ln.strip()] == lines
    # every character of the view still maps to the same character of the original
    assert all(mt.original[mt.starts[i]] == ch for i, ch in enumerate(mt.text) if ch not in " \n")


def test_evidence_of_an_indented_spaced_obligation_quotes_the_original():
    text = ("    ỦY BAN NHÂN DÂN\n\n    TỈNH ĐẮK LẮK\n\n\n    KẾ HOẠCH\n\n\n    III. TỔ CHỨC THỰC HIỆN\n\n\n"
            "    1. Các sở, ban, ngành căn cứ\n\n    Kế hoạch này xây dựng kế hoạch\n\n"
            "    thực hiện, gửi về Sở Nội vụ.\n\n\n    2. Sở Nội vụ theo dõi,\n\n    tổng hợp.\n\n\n"
            "    Trên đây\n\n    là Kế hoạch.\n")
    doc = parse_text(text, "spaced.txt")
    plans = [o for o in doc.obligations if o.kind == "plan"]
    assert len(plans) == 1
    ev = plans[0].evidence
    assert text[ev.start:ev.end] == ev.text
    assert ev.text.startswith("1. Các sở, ban, ngành căn cứ\n\n    Kế hoạch này xây dựng kế hoạch")


def test_form_codes_and_dotted_numbers():
    text = ("KẾ HOẠCH\nCăn cứ Nghị quyết số 66.2/2025/NQ-CP ngày 30/6/2025 của Chính phủ;\n"
            "I. NỘI DUNG\nBiên bản hội nghị (Mẫu số 01 và 02/HNMT), biên bản mẫu 03/HNCT.\n")
    d = parse_text(text)
    assert [c.number for c in d.citations if c.number] == ["66.2/2025/NQ-CP"]


def _duties(name: str) -> list[tuple]:
    d = parse_text((SHAPES / name).read_text(encoding="utf-8"), name)
    return [(o.kind, o.evidence.line, o.addressee_text, tuple(a.unit_class for a in o.addressees),
             o.deadline, o.period, o.report_to_text)
            for o in d.obligations if o.kind in ("plan", "report")]


def test_obligations_written_body_by_body():
    """A wording the development set does not have: one numbered paragraph per body, the body
    followed by a colon; the closing difficulties sentence and the budget item are no duties; a
    report sent to Sở Nội vụ "để tổng hợp, báo cáo UBND tỉnh" adds no report of Sở Nội vụ, whose
    own report item 1 states."""
    assert _duties("province-plan-per-body.txt") == [
        ("report", 13, "Sở Nội vụ", (None,), date(2024, 12, 10), "once", "UBND tỉnh"),
        ("plan", 14, "Các sở, ban, ngành tỉnh, UBND các huyện, thành phố",
         ("departments", "district_people_committees"), date(2024, 4, 30), "once", None),
        ("report", 16, "Giám đốc các sở, Thủ trưởng các ban, ngành, Chủ tịch UBND các huyện, thành phố",
         ("departments", "departments", "district_people_committees"), date(2024, 11, 30), "once",
         "Sở Nội vụ"),
        ("plan", 18, "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh", (None, None), date(2024, 3, 31), "once",
         None),
        ("report", 19, "Ủy ban nhân dân các xã, phường, thị trấn", ("commune_people_committees",), None,
         "quarterly", "Ủy ban nhân dân cấp huyện")]


def test_obligations_under_body_headings_with_lettered_points():
    """A district division's plan: "Đề nghị …" bodies as headings, monthly and half-yearly reports
    with no date, a "(qua …)" channel, a section titled "Trách nhiệm thực hiện"."""
    assert _duties("division-plan-points.txt") == [
        ("report", 15, "Bộ phận Thi đua - Khen thưởng", (None,), None, "monthly", "Trưởng phòng"),
        ("plan", 17, "các cơ quan, đơn vị, trường học trên địa bàn huyện", (None,), date(2024, 2, 20),
         "once", None),
        ("report", 18, "các cơ quan, đơn vị, trường học trên địa bàn huyện", (None,), None, "half-yearly",
         "Phòng Nội vụ (qua Bộ phận Thi đua - Khen thưởng)"),
        ("report", 19, "UBND các xã, thị trấn", ("commune_people_committees",), date(2024, 11, 25), "once",
         "UBND huyện")]
