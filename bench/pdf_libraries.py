"""Which library reads the text layer of Vietnamese PDFs best? (issue 7 decision record)

Each seed is turned into PDFs by two generators (fpdf2 and reportlab, Noto Sans embedded as the
Word/LibreOffice exports embed their fonts), then read back by each candidate. Measured per
library: word recall against the seed's words (diacritics must survive), NFC output, whether the
parsed record (citations, issuer, year, obligations) equals the clean text's, and time per page.
Usage (needs the `test` extra plus the candidates: pip install pypdf pdfminer.six pymupdf
pypdfium2 reportlab):
    python -m bench.pdf_libraries"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

from directive_kg.loaders import parse_text
from directive_kg.loaders.formats_pdf import reflow
from tests.converters import noto_sans, plain_lines, to_pdf
from tests.test_formats import LETTERHEAD

ROOT = Path(__file__).resolve().parent.parent


def reportlab_pdf(text: str, font_dir: Path) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    font = font_dir / "NotoSans-Regular.ttf"
    if not font.exists():
        font.write_bytes(noto_sans())
    pdfmetrics.registerFont(TTFont("Noto", str(font)))
    style = ParagraphStyle("n", fontName="Noto", fontSize=11, leading=14)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    from xml.sax.saxutils import escape

    doc.build([Paragraph(escape(ln.strip()), style) for ln in plain_lines(text) if ln.strip()])
    return buf.getvalue()


def libreoffice_pdf(text: str, tmpd: Path, letterhead: tuple[str, ...]) -> bytes | None:
    """Word-like export: justified DejaVu Serif 13 pt through LibreOffice, when it is installed."""
    import shutil
    import subprocess

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from tests.converters import to_docx

    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    src = to_docx(text, tmpd / "lo.docx", letterhead)
    d = docx.Document(str(src))
    d.styles["Normal"].font.name = "DejaVu Serif"
    d.styles["Normal"].font.size = Pt(13)
    for para in d.paragraphs:
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    d.save(str(src))
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmpd), str(src)],
                   check=True, capture_output=True)
    return (tmpd / "lo.pdf").read_bytes()


def pypdf_pages(data: bytes) -> list[str]:
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdfminer_pages(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).split("\f")


def pymupdf_pages(data: bytes) -> list[str]:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [page.get_text() for page in doc]


def pdfium_pages(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n").replace("\ufffe", "-")
                for i in range(len(pdf))]
    finally:
        pdf.close()


LIBS = {"pypdf": pypdf_pages, "pdfminer.six": pdfminer_pages, "pymupdf": pymupdf_pages,
        "pypdfium2": pdfium_pages}


def words(text: str) -> Counter:
    return Counter(unicodedata.normalize("NFC", text).split())


def record(doc) -> tuple:
    """Citations, issuer, year and obligations (addressees whitespace-collapsed)."""
    return (sorted((c.number or c.name or "", c.role) for c in doc.citations),
            doc.issuer.name if doc.issuer else None, doc.year,
            sorted((o.kind, tuple(" ".join(a.text.split()) for a in o.addressees))
                   for o in doc.obligations))


def main() -> None:
    seeds = sorted((ROOT / "samples" / "corpus").glob("*.txt"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        pdfs = []
        for s in seeds:
            text = s.read_text(encoding="utf-8")
            p = to_pdf(text, tmpd / (s.stem + ".pdf"), tmpd)
            pdfs.append(("fpdf2", s.stem, text, p.read_bytes()))
            pdfs.append(("reportlab", s.stem, text, reportlab_pdf(text, tmpd)))
            lo = libreoffice_pdf(text, tmpd, LETTERHEAD[s.name[:3]])
            if lo:
                pdfs.append(("libreoffice", s.stem, text, lo))
        for name, fn in LIBS.items():
            try:
                fn(pdfs[0][3])
            except ImportError:
                print(f"{name}: not installed, skipped")
                continue
            recalls, same, nfc, times, pages = [], 0, 0, [], 0
            for gen, stem, text, data in pdfs:
                t0 = time.perf_counter()
                for _ in range(3):
                    page_texts = fn(data)
                times.append((time.perf_counter() - t0) / 3)
                pages += len(page_texts)
                out = reflow(page_texts)  # the loader's paragraph joining, the same for all
                want = words("\n".join(plain_lines(text)))
                got = words(out)
                recalls.append(sum((want & got).values()) / sum(want.values()))
                nfc += unicodedata.is_normalized("NFC", out)
                ok = record(parse_text(out, stem)) == record(parse_text(text, stem))
                same += ok
                if not ok and "-v" in sys.argv:
                    print(f"  {name}: {gen} {stem} differs")
            # damaged files: cut at 60 % and 95 % of their bytes; how much text is still read?
            salvaged = []
            for _gen, _stem, text, data in pdfs:
                for cut in (0.6, 0.95):
                    try:
                        out = "\n".join(fn(data[: int(len(data) * cut)]))
                    except Exception:  # noqa: BLE001 - a refusal counts as nothing read
                        out = ""
                    want = words("\n".join(plain_lines(text)))
                    salvaged.append(sum((want & words(out)).values()) / sum(want.values()))
            rows.append((name, statistics.mean(recalls), min(recalls), same, nfc, len(pdfs),
                         1000 * statistics.mean(times), statistics.mean(salvaged)))
    gens = sorted({g for g, *_ in pdfs})
    print(f"{len(pdfs)} PDFs ({', '.join(gens)}) of {len(seeds)} seeds")
    print("| library | word recall (mean) | worst | same record | NFC | ms per document "
          "| words read from truncated files |")
    print("|---|---|---|---|---|---|---|")
    for name, mean, worst, same, nfc, n, ms, salv in rows:
        print(f"| {name} | {mean:.3f} | {worst:.3f} | {same}/{n} | {nfc}/{n} | {ms:.0f} "
              f"| {salv:.2f} |")


if __name__ == "__main__":
    main()
