"""Messy variants of the seeds must give the same citations as the clean text."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from directive_kg.loaders import parse_text
from directive_kg.loaders.text import new_tone_style


def citation_set(doc):
    return {(c.number or c.name, c.role, c.date, c.issuer.name if c.issuer else None)
            for c in doc.citations}


def test_nfd_text_gives_same_citations(seed_text, parsed):
    for key, text in seed_text.items():
        doc = parse_text(unicodedata.normalize("NFD", text), key)
        assert citation_set(doc) == citation_set(parsed[key]), key
        assert doc.issuer.name == parsed[key].issuer.name
        # evidence is cut from the original (NFD) text, never altered
        c = doc.citations[0]
        assert c.evidence.text == unicodedata.normalize("NFD", text)[c.evidence.start:c.evidence.end]


def test_old_tone_placement(seed_text, parsed):
    old = seed_text["003"].replace("hóa", "hoá").replace("Ủy", "Uỷ").replace("ủy", "uỷ")
    assert "Uỷ ban nhân dân" in old
    doc = parse_text(old, "old-tones")
    assert citation_set(doc) == citation_set(parsed["003"])
    assert doc.issuer.name == "Ủy ban nhân dân tỉnh Kiên Giang"
    assert new_tone_style("Hướng Hoá") == "Hướng Hóa"


def test_citations_broken_across_lines(seed_text, parsed):
    text = seed_text["003"].replace("Chỉ thị số 26/CT-TTg", "Chỉ thị số 26/\nCT-TTg")
    text = text.replace("Quyết định số 06/QĐ-TTg", "Quyết định số\n06/QĐ -\nTTg")
    text = text.replace("Quy định số 11-QĐi/TW", "Quy định số 11-QĐi/\nTW")
    doc = parse_text(text, "broken")
    assert citation_set(doc) == citation_set(parsed["003"])


PORTAL = """Số hiệu: 17-CTR/TU | Loại văn bản: Chương trình
Nơi ban hành: Tỉnh ủy Kiên Giang | Người ký: Nguyễn Văn A
Ngày ban hành: 03/08/2021 | Tình trạng: Còn hiệu lực
ĐẢNG BỘ TỈNH KIÊN GIANG | ĐẢNG CỘNG SẢN VIỆT NAM
TỈNH ỦY |
*
Số 17-CTR/TU | Kiên Giang, ngày 03 tháng 8 năm 2021
CHƯƠNG TRÌNH HÀNH ĐỘNG
thực hiện Nghị quyết số
25-NQ/TW về công tác dân vận
CHƯƠNG TRÌNH HÀNH ĐỘNG
Căn cứ Nghị quyết số 25–NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng (khóa XI);
Ban Thường vụ Tỉnh ủy ban hành Chương trình hành động như sau:
I. NHIỆM VỤ
1. Các cấp ủy quán triệt Nghị quyết.
"""


def test_portal_copy_with_metadata_and_bars():
    doc = parse_text(PORTAL, "portal.txt")
    assert doc.number == "17-CTr/TU"  # upper-cased code canonicalised
    assert doc.doc_type == "Chương trình" and doc.doc_code == "CTr"
    assert doc.date.isoformat() == "2021-08-03" and doc.year == 2021
    assert doc.place.name == "Tỉnh Kiên Giang"
    assert doc.title == "thực hiện Nghị quyết số 25-NQ/TW về công tác dân vận"
    c = {x.number: x for x in doc.citations}
    assert set(c) == {"25-NQ/TW"}
    assert c["25-NQ/TW"].role == "implements"  # named in the title "thực hiện ..."
    assert c["25-NQ/TW"].issuer.name == "Ban Chấp hành Trung ương Đảng"


LETTERHEAD = """UBND TỈNH QUẢNG BÌNH
VĂN PHÒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/KH-VPUBND
Quảng Bình, ngày 05 tháng 02 năm 2024
KẾ HOẠCH
Thực hiện công tác dân vận chính quyền
năm 2024
Căn cứ Kế hoạch số 15/KH-UBND ngày 20/01/2024 của UBND tỉnh;
I. NHIỆM VỤ
1. Tuyên truyền.
"""


def test_letterhead_gives_issuer_and_parent():
    doc = parse_text(LETTERHEAD, "letterhead.txt")
    assert doc.issuer.name == "Văn phòng Ủy ban nhân dân tỉnh Quảng Bình"
    assert doc.parent_body.name == "Ủy ban nhân dân tỉnh Quảng Bình"
    assert doc.number == "12/KH-VPUBND" and not doc.is_draft
    assert doc.title == "Thực hiện công tác dân vận chính quyền năm 2024"  # split over two lines
    assert doc.year == 2024 and doc.date.isoformat() == "2024-02-05"
    [c] = doc.citations
    assert (c.number, c.role, c.issuer.name) == (
        "15/KH-UBND", "implements", "Ủy ban nhân dân tỉnh Quảng Bình")


def test_chain_inside_one_citation_and_dash_variants():
    text = ("KẾ HOẠCH\nThực hiện công tác dân vận\nThực hiện Chương trình số 17‐CTR/TU ngày "
            "03-8-2021 của Tỉnh ủy thực hiện Nghị quyết số 25‑NQ/TW ngày 26 tháng 11 năm 2021, "
            "UBND huyện ban hành kế hoạch.\nI. NHIỆM VỤ\n1. Làm.\n")
    doc = parse_text(text, "chain.txt")
    c = {x.number: x for x in doc.citations}
    assert c["17-CTr/TU"].implements == "25-NQ/TW"
    assert c["17-CTr/TU"].date.isoformat() == "2021-08-03"
    assert c["25-NQ/TW"].date.isoformat() == "2021-11-26"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_parser_never_raises_on_arbitrary_text(text):
    doc = parse_text(text, "random")
    assert doc.source == "random"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "Số: /KH-UBND", "KẾ HOẠCH", "I. TỔ CHỨC THỰC HIỆN", "1. ", "a) ", "Căn cứ ", "ngày tháng năm",
    "25-NQ/TW", "33/CT-TTg", "Nơi nhận:", "- Lưu: VT", "KT. CHỦ TỊCH", "của UBND tỉnh", ";", "\n",
    "UBND các xã, phường", "trước ngày 31/02/2024", "Luật ", "Hà Nội, ngày 1 tháng 13 năm 2024"]),
    max_size=40))
def test_parser_never_raises_on_shuffled_fragments(parts):
    parse_text("".join(parts), "fragments")
