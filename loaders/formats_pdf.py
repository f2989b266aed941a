"""PDF with a text layer → text, with paragraphs put back together.

The text layer is read with pypdfium2 (PDFium, the engine of Chrome's viewer): on the seeds it read
every Vietnamese word as well as pypdf, pdfminer.six and PyMuPDF did, about 15 times faster than
the pure-Python readers, under a permissive licence (PyMuPDF is AGPL). See bench/pdf_libraries.py.

A PDF breaks every paragraph into visual lines. The parser reads a paragraph per line, so
wrapped lines are joined again: a line that runs (nearly) to the right margin continues on the
next one, unless the next line starts a heading, a numbered item or a bullet. Page numbers alone
on a line at the top or bottom of a page are dropped. A PDF without text (a scan) is refused with
a message that it needs OCR first."""

from __future__ import annotations

import re
import threading

from directive_kg.errors import LoaderError

# PDFium is not thread-safe (pypdfium2's documentation says so; two loads in threads of one
# process crashed it here with a segmentation fault): one PDF is read at a time per process.
_PDFIUM = threading.Lock()

# a line that starts a new block: headings (I., 1., 1.2., a), bullets, letterhead and closing lines
_STARTS_BLOCK = re.compile(
    r"^(?:[IVXLC]{1,6}\s*[.:-]|\d{1,2}(?:\.\d{1,2})*\s*[.)/]|[a-zđ]\s*\)|[-+•*–—]\s|"
    r"Căn cứ|Thực hiện|Triển khai|Nơi nhận|TM\.|KT\.|TL\.|T/M|K/T|Số\s*:?\s*[\d/]|Kính gửi|"
    r"CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐẢNG CỘNG SẢN)")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–]\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–])?\s*$",
                          re.I)
MIN_CHARS_PER_PAGE = 20  # fewer letters than this on average: a scan without a text layer


def pdf_pages(data: bytes, path: str) -> list[str]:
    """The text of each page. Raises LoaderError for damaged, encrypted or image-only PDFs."""
    with _PDFIUM:
        pages = _read_pages(data, path)
    letters = sum(1 for t in pages for c in t if c.isalpha())
    if not pages:
        raise LoaderError(path, "PDF has no pages")
    if letters < MIN_CHARS_PER_PAGE * len(pages):
        raise LoaderError(path, f"PDF has no text layer ({len(pages)} page(s) of images, a scan?): "
                                "it needs OCR first")
    return pages


def _read_pages(data: bytes, path: str) -> list[str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise LoaderError(path, _pdfium_problem(str(exc))) from exc
    except Exception as exc:  # noqa: BLE001 - anything else from the reader: a bad file
        raise LoaderError(path, f"damaged PDF ({type(exc).__name__})") from exc
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            # PDFium marks a hyphen that ends a line as U+FFFE; in a symbol ("1847/QĐ-TTg") it is
            # a real hyphen (Vietnamese words are not hyphenated)
            pages.append(text.replace("\ufffe", "-"))
            textpage.close()
            page.close()
    except Exception as exc:  # noqa: BLE001
        raise LoaderError(path, f"damaged PDF: cannot read page {len(pages) + 1} "
                                f"({type(exc).__name__})") from exc
    finally:
        pdf.close()
    return pages


def _pdfium_problem(message: str) -> str:
    low = message.lower()
    if "password" in low:
        return "encrypted PDF (needs a password)"
    if "format" in low or "file" in low:
        return "damaged or truncated PDF (PDFium cannot open it)"
    return f"damaged PDF ({message.splitlines()[0][:100]})"


def _strip_page_numbers(lines: list[str]) -> list[str]:
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    drop = {i for i in (idx[:1] + idx[-1:]) if _PAGE_NUMBER.match(lines[i])}
    return [ln for i, ln in enumerate(lines) if i not in drop]


def reflow(pages: list[str]) -> str:
    """Join the visual lines of each paragraph; pages are joined the same way."""
    lines: list[str] = []
    for page in pages:
        lines.extend(ln.rstrip() for ln in _strip_page_numbers(page.split("\n")))
    lengths = sorted(len(ln) for ln in lines if len(ln) >= 20)
    if not lengths:
        return "\n".join(lines)
    full = lengths[int(len(lengths) * 0.9)]  # the width of a full line, in characters
    out: list[str] = []
    joining = False
    for ln in lines:
        text = ln.strip()
        if not text:
            continue
        if joining and not _STARTS_BLOCK.match(text):
            # a symbol broken after its hyphen or slash ("1847/QĐ-" / "TTg") is one word again
            glue = "" if re.search(r"[^\s][-/]$", out[-1]) else " "
            out[-1] = out[-1] + glue + text
        else:
            out.append(text)
        joining = len(ln) >= 0.8 * full and not text.endswith(":")
    return "\n".join(out)


def pdf_text(data: bytes, path: str) -> str:
    return reflow(pdf_pages(data, path))
