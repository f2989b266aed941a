"""Every seed in every form a real corpus has (.docx with a letterhead table, .pdf, a portal .html
page, TCVN3 and VNI bytes, Windows-1258, UTF-16, NFD, mojibake) gives the same record as its
clean text, and the record says how it was read."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from directive_kg.errors import LoaderError
from directive_kg.loaders import parse_file
from directive_kg.loaders.legacy import repair, tcvn3_to_unicode, vni_to_unicode
from directive_kg.loaders.reading import read_source
from directive_kg.loaders.text import new_tone_style

from .conftest import SEEDS
from .converters import mojibake, to_cp1258, to_docx, to_html, to_pdf, to_tcvn3, to_vni

# checked by hand against the seeds
ISSUER = {"000": "Văn phòng Ủy ban nhân dân tỉnh Quảng Bình",
          "001": "Trung tâm VHTT-TDTT huyện Hướng Hóa",
          "003": "Ủy ban nhân dân tỉnh Kiên Giang",
          "004": "Ủy ban nhân dân thành phố Bắc Kạn"}
YEAR = {"000": 2023, "001": 2025, "003": 2024, "004": 2024}
LETTERHEAD = {"000": ("UBND TỈNH QUẢNG BÌNH", "VĂN PHÒNG"),
              "001": ("UBND HUYỆN HƯỚNG HÓA", "TRUNG TÂM VHTT-TDTT"),
              "003": ("ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG"),
              "004": ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ BẮC KẠN")}
# form → (source_format, encoding, conversions)
FORMS = {
    "docx": ("docx", "utf-8", ["docx→text"]),
    "docx-letterhead": ("docx", "utf-8", ["docx→text"]),
    "pdf": ("pdf", "unicode", ["pdf→text (pypdfium2)"]),
    "html": ("html", "utf-8", ["html→text"]),
    "tcvn3": ("text", "tcvn3", ["tcvn3→unicode"]),
    "tcvn3-in-utf8": ("text", "tcvn3", ["tcvn3→unicode"]),
    "vni": ("text", "vni", ["vni→unicode"]),
    "cp1258": ("text", "cp1258", []),
    "utf-8-sig": ("text", "utf-8-sig", []),
    "utf-16": ("text", "utf-16", []),
    "nfd": ("text", "utf-8", []),
    "mojibake": ("text", "utf-8", ["utf-8 read as cp1252→unicode"]),
}


def make(form: str, key: str, text: str, folder: Path) -> Path:
    out = folder / f"{key}-{form}"
    if form == "docx":
        return to_docx(text, out.with_suffix(".docx"))
    if form == "docx-letterhead":
        return to_docx(text, out.with_suffix(".docx"), LETTERHEAD[key])
    if form == "pdf":
        return to_pdf(text, out.with_suffix(".pdf"), folder)
    data = {
        "html": lambda: to_html(text).encode("utf-8"),
        "tcvn3": lambda: to_tcvn3(text),
        # a .VnTime document copied into a UTF-8 file: Latin-1 letters, stored as UTF-8
        "tcvn3-in-utf8": lambda: to_tcvn3(text).decode("latin-1").encode("utf-8"),
        "vni": lambda: to_vni(text),
        "cp1258": lambda: to_cp1258(text),
        "utf-8-sig": lambda: codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16": lambda: text.encode("utf-16"),
        "nfd": lambda: unicodedata.normalize("NFD", text).encode("utf-8"),
        "mojibake": lambda: mojibake(text).encode("utf-8"),
    }[form]()
    path = out.with_suffix(".html" if form == "html" else ".txt")
    path.write_bytes(data)
    return path


def record(doc) -> dict:
    """What must not depend on the form: citations, issuer, year, obligations (addressees compared
    in new tone style: a TCVN3 file writes 'Uỷ ban', as typists of the time did)."""
    return {
        "citations": sorted(str((c.number or c.name, c.role, c.date, c.issuer.name if c.issuer else None))
                            for c in doc.citations),
        "issuer": doc.issuer.name if doc.issuer else None,
        "year": doc.year,
        "obligations": sorted(
            (str((o.kind, o.deadline, o.period, tuple(
                (new_tone_style(a.text), a.kind, a.unit_class, a.body.name if a.body else None)
                for a in o.addressees)))) for o in doc.obligations),
    }


@pytest.fixture(scope="module")
def forms_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("forms")


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("key", list(SEEDS))
def test_every_form_gives_the_same_record(form, key, seed_text, parsed, forms_dir):
    path = make(form, key, seed_text[key], forms_dir)
    doc = parse_file(path)
    assert record(doc) == record(parsed[key])
    assert doc.issuer.name == ISSUER[key]
    assert doc.year == YEAR[key]
    assert len(doc.citations) == len(parsed[key].citations) > 0
    assert (doc.source_format, doc.encoding, doc.conversions) == FORMS[form]


def test_letterhead_table_gives_issuer_number_date_and_place(seed_text, tmp_path):
    path = to_docx(seed_text["003"].replace("Số: /KH-UBND", "Số: 112/KH-UBND")
                   .replace("ngày tháng năm 2024", "ngày 17 tháng 5 năm 2024"),
                   tmp_path / "letterhead.docx", LETTERHEAD["003"])
    doc = parse_file(path)
    assert doc.issuer.name == "Ủy ban nhân dân tỉnh Kiên Giang"
    assert doc.evidence["issuer"].text == "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG"
    assert doc.number == "112/KH-UBND"
    assert doc.date.isoformat() == "2024-05-17"
    assert doc.place.name == "Tỉnh Kiên Giang"
    # the letterhead is read column by column: body, number, motto, date
    lines = read_source(path).text.split("\n")
    assert lines[:6] == ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG", "Số: 112/KH-UBND",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "Kiên Giang, ngày 17 tháng 5 năm 2024"]


def test_docx_task_table_rows_text_boxes_and_revisions(tmp_path):
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_paragraph("II. NHIỆM VỤ")
    table = d.add_table(rows=2, cols=3)
    for i, row in enumerate([("Nội dung", "Đơn vị thực hiện", "Thời gian"),
                             ("Xây dựng kế hoạch", "Sở Nội vụ", "Trước ngày 15/3/2024")]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    p = d.add_paragraph("Giữ lại ")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    p._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="x"><w:r><w:delText>đã xóa</w:delText>'
                          "</w:r></w:del>"))
    p._p.append(parse_xml(f'<w:r {w}><w:t>văn bản</w:t></w:r>'))
    path = tmp_path / "tasks.docx"
    d.save(str(path))
    assert read_source(path).text.split("\n") == [
        "II. NHIỆM VỤ", "Nội dung | Đơn vị thực hiện | Thời gian",
        "Xây dựng kế hoạch | Sở Nội vụ | Trước ngày 15/3/2024", "Giữ lại văn bản"]


def test_html_keeps_the_article_and_drops_the_portal(seed_text):
    from directive_kg.loaders.formats_html import html_text

    text = html_text(to_html(seed_text["003"]))
    for noise in ("Trang chủ", "Liên hệ", "Văn bản mới", "12/QĐ-UBND", "Bản quyền", "Lượt truy cập",
                  "function go", "font-family", "Bật JavaScript", "Cổng thông tin"):
        assert noise not in text, noise
    lines = text.split("\n")
    assert lines[:3] == ["Số: /KH-UBND", "Kiên Giang, ngày tháng năm 2024", "KẾ HOẠCH"]
    assert "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021" in lines[3]


def test_html_table_letterhead_and_declared_charset(tmp_path):
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1258'>"
            "</head><body><table><tr><td>UBND TỈNH KIÊN GIANG<br>Số: 80/KH-UBND</td>"
            "<td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Kiên Giang, ngày 17 tháng 01 năm 2024"
            "</p></td></tr></table><p>KẾ HOẠCH<p>Thực hiện công tác dân vận năm 2024</body></html>")
    path = tmp_path / "page.htm"
    path.write_bytes(to_cp1258(page))
    src = read_source(path)
    assert src.encoding == "windows-1258"
    # Windows-1258 writes tones as combining marks: the text is Unicode in decomposed form
    assert unicodedata.normalize("NFC", src.text).split("\n") == [
        "UBND TỈNH KIÊN GIANG", "Số: 80/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Kiên Giang, ngày 17 tháng 01 năm 2024", "KẾ HOẠCH", "Thực hiện công tác dân vận năm 2024"]
    doc = parse_file(path)
    assert (doc.number, doc.issuer.name, doc.year) == ("80/KH-UBND", "Ủy ban nhân dân tỉnh Kiên Giang", 2024)


def test_scanned_pdf_needs_ocr(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 170, 250, style="F")  # a page of picture, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(LoaderError, match=r"scan.pdf: PDF has no text layer .* it needs OCR first"):
        read_source(path)


@pytest.mark.parametrize("legacy,unicode", [
    # the samples of ../shared/docs/vn-document-conventions.md §4.3, checked by hand
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Uû ban nh©n d©n", "Uỷ ban nhân dân"),
    ("Sè: 80/KH-UBND", "Số: 80/KH-UBND"),
    ("Hµ Néi, ngµy 05 th¸ng 01 n¨m 2020", "Hà Nội, ngày 05 tháng 01 năm 2020"),
    ("N¬i nhËn:", "Nơi nhận:"),
    ("Th\xadêng trùc", "Thường trực"),
])
def test_tcvn3_table(legacy, unicode):
    assert tcvn3_to_unicode(legacy) == unicode


@pytest.mark.parametrize("legacy,unicode", [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Keá hoaïch", "Kế hoạch"),
    ("ngaøy 26 thaùng 11 naêm 2021", "ngày 26 tháng 11 năm 2021"),
    ("TRÖÔØNG", "TRƯỜNG"),
    ("Nôi nhaän", "Nơi nhận"),
])
def test_vni_table(legacy, unicode):
    assert vni_to_unicode(legacy) == unicode


def test_tcvn3_headings_come_back_in_capitals():
    text = "\n".join(["ñY BAN NH©N D©N TØNH KI£N GIANG", "Sè: 80/KH-UBND", "KÕ HO¹CH",
                      "Thùc hiÖn c«ng t¸c d©n vËn n¨m 2024 cña Uû ban nh©n d©n tØnh"])
    fixed = repair(text)
    assert fixed.encoding == "tcvn3" and fixed.conversions == ("tcvn3→unicode",)
    assert fixed.text.split("\n") == ["ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", "Số: 80/KH-UBND", "KẾ HOẠCH",
                                      "Thực hiện công tác dân vận năm 2024 của Uỷ ban nhân dân tỉnh"]


def test_unicode_text_is_left_alone(seed_text):
    for text in seed_text.values():
        assert repair(text).text == text and repair(text).conversions == ()
    # Latin-1 letters that Vietnamese shares ("Hoà Bình") are not taken for VNI or TCVN3
    assert repair("Hoà Bình, ngày 05 tháng 01 năm 2020\nHòa Bình").conversions == ()


def test_mixed_document_converts_only_its_legacy_lines():
    text = "Kế hoạch số 80/KH-UBND của Ủy ban nhân dân tỉnh\n" * 5 + "Céng hoµ x· héi chñ nghÜa ViÖt Nam"
    fixed = repair(text)
    assert fixed.text.split("\n")[-1] == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert fixed.text.split("\n")[0] == "Kế hoạch số 80/KH-UBND của Ủy ban nhân dân tỉnh"


def test_graph_records_format_and_conversion(seed_text, tmp_path, new_store):
    from directive_kg.kg.store.load import load_paths

    (tmp_path / "old.txt").write_bytes(to_tcvn3(seed_text["003"]))
    store = new_store(tmp_path / "kg")
    report = load_paths(store, [str(tmp_path / "old.txt")])
    assert report.loaded and report.ok
    rows = store.query("""SELECT ?enc ?fmt ?conv WHERE { ?s a dkg:SourceDocument ; dkg:encoding ?enc ;
        dkg:sourceFormat ?fmt ; dkg:conversion ?conv }""")
    assert rows == [{"enc": "tcvn3", "fmt": "text", "conv": "tcvn3→unicode"}]
