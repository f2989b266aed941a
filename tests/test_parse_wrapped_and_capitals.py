"""Hard-wrapped lines that begin with a date, a number or an opening word, and citations in a title
written in capitals (issue 13, item 8: shapes the generator renders that real copies have too, e.g.
tests/realdocs 02, 03, 05 start lines with "26/12/2024 của …", 09 and 16 name their parents in
capitals). Values checked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from directive_kg.loaders import parse_text
from directive_kg.loaders.bodies import from_capitals, resolve_body
from directive_kg.loaders.citations import find_mentions
from directive_kg.loaders.layout import unwrap
from directive_kg.loaders.text import map_text

# A portal copy below its title: paragraphs hard-wrapped, blank lines between them.
_WRAPPED = ("KẾ HOẠCH\n\nĐoạn mở đầu được\nngắt dòng ở giữa\ncâu như bản\nsao trên cổng thông tin.\n\n"
            "Đoạn thứ hai cũng\nngắt dòng.\n\nĐoạn thứ ba cũng\nvậy.\n\n")


@pytest.mark.parametrize("text, joined", [
    # a date or a document number wrapped onto the start of a line goes on the sentence
    ("Các sở xây dựng kế hoạch, gửi về Sở Nội vụ trước ngày\n15/12/2025.\n\n",
     "Các sở xây dựng kế hoạch, gửi về Sở Nội vụ trước ngày 15/12/2025."),
    ("Thực hiện Kế hoạch số\n35/KH-UBND ngày 11/3/2024 của UBND huyện Na Rì.\n\n",
     "Thực hiện Kế hoạch số 35/KH-UBND ngày 11/3/2024 của UBND huyện Na Rì."),
    # an opening word inside a sentence: "của Luật⏎Thực hiện dân chủ ở cơ sở"
    ("Căn cứ Nghị định số 59/2023/NĐ-CP quy định chi tiết một số điều của Luật\n"
     "Thực hiện dân chủ ở cơ sở; Căn cứ Kế hoạch số 33/KH-UBND của UBND huyện.\n\n",
     "Căn cứ Nghị định số 59/2023/NĐ-CP quy định chi tiết một số điều của Luật Thực hiện dân chủ ở "
     "cơ sở; Căn cứ Kế hoạch số 33/KH-UBND của UBND huyện."),
])
def test_wrapped_lines_that_begin_with_a_date_a_number_or_an_opening_word(text, joined):
    mt = unwrap(map_text(_WRAPPED + text))
    assert joined in [ln.strip() for ln in mt.text.split("\n")]
    assert len(mt.text) == len(_WRAPPED + text)  # one for one: offsets unchanged


@pytest.mark.parametrize("text, lines", [
    # a new paragraph after one that ends a clause, in a wrapped document: kept apart
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19\ntháng 6 năm 2015;\n"
     "Căn cứ Kế hoạch số 40/KH-UBND của UBND tỉnh;\n\n",
     ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
      "Căn cứ Kế hoạch số 40/KH-UBND của UBND tỉnh;"]),
    # "1/ …" items (a space after the slash) still start a line
    ("Nội dung gồm các\nphần sau:\n1/ Tuyên truyền.\n2/ Kiểm tra.\n\n",
     ["Nội dung gồm các phần sau:", "1/ Tuyên truyền.", "2/ Kiểm tra."]),
    # typed text (not wrapped): an opening word starts its own line as before
    ("Căn cứ Kế hoạch số 40/KH-UBND của UBND tỉnh về công tác dân vận của\n"
     "Thực hiện Chỉ thị số 33/CT-TTg.\n",
     ["Căn cứ Kế hoạch số 40/KH-UBND của UBND tỉnh về công tác dân vận của",
      "Thực hiện Chỉ thị số 33/CT-TTg."]),
])
def test_lines_that_stay_apart(text, lines):
    mt = unwrap(map_text((_WRAPPED if text.endswith("\n\n") else "") + text))
    got = [ln.strip() for ln in mt.text.split("\n") if ln.strip()]
    assert got[-len(lines):] == lines


def test_a_citation_in_a_title_in_capitals_has_its_date_and_issuer():
    title = ("TRIỂN KHAI THỰC HIỆN KẾ HOẠCH SỐ 35/KH-UBND NGÀY 11/3/2024 CỦA UBND THÀNH PHỐ PHAN RANG - "
             "THÁP CHÀM VỀ CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2024\n\n")
    (m,) = find_mentions(title)
    assert (m.number, m.date, m.issuer_text) == ("35/KH-UBND", date(2024, 3, 11),
                                                  "UBND THÀNH PHỐ PHAN RANG - THÁP CHÀM")
    assert m.subject == "CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2024"
    assert resolve_body(m.issuer_text).name == "Ủy ban nhân dân thành phố Phan Rang - Tháp Chàm"
    # realdocs 16: two decisions in one title; the first issuer ends before "VÀ"
    both = find_mentions("TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG "
                         "CHÍNH PHỦ VÀ QUYẾT ĐỊNH SỐ 3103/QĐ-BTC NGÀY 05 THÁNG 9 NĂM 2025 CỦA BỘ TÀI "
                         "CHÍNH\n\n")
    assert [(m.number, m.date, resolve_body(m.issuer_text).name) for m in both] == [
        ("06/QĐ-TTg", date(2025, 1, 2), "Thủ tướng Chính phủ"),
        ("3103/QĐ-BTC", date(2025, 9, 5), "Bộ Tài chính")]
    # the same words in sentence case are read as before
    (m,) = find_mentions("Kế hoạch số 35/KH-UBND ngày 11/3/2024 của UBND huyện Na Rì về công tác dân vận.")
    assert (m.date, m.issuer_text, m.subject) == (date(2024, 3, 11), "UBND huyện Na Rì", "công tác dân vận")


@pytest.mark.parametrize("caps, prose", [
    ("UBND HUYỆN NA RÌ", "UBND huyện Na Rì"),
    ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("ỦY BAN NHÂN DÂN THỊ XÃ LA GI", "Ủy ban nhân dân thị xã La Gi"),
    ("SỞ NỘI VỤ", "Sở Nội vụ"),
])
def test_names_in_capitals(caps, prose):
    assert from_capitals(caps) == prose


def test_a_commune_plan_naming_its_parent_in_a_capitals_title():
    text = ("UBND HUYỆN NA RÌ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "UBND XÃ ĐỔNG XÁ       Độc lập - Tự do - Hạnh phúc\n"
            "Số: 40/KH-UBND        Đổng Xá, ngày 20 tháng 4 năm 2024\n\nKẾ HOẠCH\n\n"
            "TRIỂN KHAI THỰC HIỆN KẾ HOẠCH SỐ 35/KH-UBND NGÀY 11/3/2024 CỦA UBND HUYỆN NA RÌ VỀ THỰC "
            "HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2024\n\n"
            "Để triển khai thực hiện có hiệu quả công tác dân vận chính quyền năm 2024, Ủy ban nhân dân "
            "xã ban hành Kế hoạch thực hiện với các nội dung sau:\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n"
            "1. Nâng cao nhận thức.\n")
    d = parse_text(text, "dong-xa.txt")
    (parent,) = [c for c in d.citations if c.role == "implements"]
    assert (parent.number, parent.date, parent.issuer.name) == (
        "35/KH-UBND", date(2024, 3, 11), "Ủy ban nhân dân huyện Na Rì")
    assert d.issuer.name == "Ủy ban nhân dân xã Đổng Xá" and d.year == 2024
