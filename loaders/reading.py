"""Files → text. ``read_source`` is the single entry point for every format: it sniffs the
content (and looks at the extension), hands the bytes to the reader of that format, repairs
legacy encodings, and refuses what is not a document with one clear reason per file (never a
traceback).

Formats: plain text (UTF-8, UTF-8 with BOM, UTF-16, Windows-1258, TCVN3, VNI), .docx
(``formats_docx``), .pdf with a text layer (``formats_pdf``), .html pages (``formats_html``).
Legacy font encodings and mojibake are repaired in ``legacy``."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from directive_kg.errors import LoaderError

from .legacy import convert_legacy, legacy_signs, repair

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# .doc and .rtf are walked too, so that the user hears they must be saved as .docx first
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf", ".doc", ".rtf"}
MAX_BYTES = 20 * 1024 * 1024  # a plan is a few hundred KB of text; larger files are not plans
MAX_CONTAINER_BYTES = 60 * 1024 * 1024  # .docx/.pdf carry images and fonts besides the text
MAX_LINE = 200_000  # characters; a longer "line" is data, not a document


# Windows-1258: a vowel (a e i o u y, â ê ô ơ ư ă) followed by a tone byte (̀ ̉ ̃ ́ ̣)
_CP1258_TONES = re.compile(rb"[aeiouyAEIOUY\xe2\xea\xf4\xf5\xfd\xe3\xc2\xca\xd4\xd5\xdd\xc3]"
                           rb"[\xcc\xec\xd2\xde\xf2]")


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str
    sha256: str  # of the raw bytes: identifies the file version
    encoding: str  # how the characters were encoded: utf-8, utf-16, cp1258, tcvn3, vni, ...
    format: str = "text"  # text | docx | pdf | html
    conversions: tuple[str, ...] = field(default=())  # e.g. ("pdf→text (pypdfium2)", "tcvn3→unicode")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding). UTF-8 (with or without BOM), UTF-16 with BOM, TCVN3 or VNI bytes, else
    Windows-1258."""
    if not data.strip():
        raise LoaderError(path, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1] == 0 else "utf-16-be"
        return _strict(data, enc, path), enc
    if b"\x00" in data[:4096]:
        raise LoaderError(path, "binary file, not text (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # 8-bit: Windows-1258 writes a tone as its own byte after the vowel; an ABC (TCVN3) or VNI
    # file read as Latin-1 shows the signs of its font instead. The stronger evidence wins.
    latin = data.decode("latin-1")
    legacy, signs = legacy_signs(latin)
    if legacy and signs > len(_CP1258_TONES.findall(data)):
        return latin, legacy
    text = data.decode("cp1258", errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 200) or _control_chars(text) > len(text) // 100:
        raise LoaderError(path, "binary file, not text (not UTF-8, UTF-16 or a Vietnamese 8-bit encoding)")
    return text, "cp1258"


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of ASCII text is zero."""
    head = data[:2000]
    if len(head) < 4 or len(head) % 2:
        return False
    zeros_even = head[0::2].count(0) / (len(head) / 2)
    zeros_odd = head[1::2].count(0) / (len(head) / 2)
    return max(zeros_even, zeros_odd) > 0.6 and min(zeros_even, zeros_odd) < 0.05


def _control_chars(text: str) -> int:
    return sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f\v")


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoaderError(path, f"invalid {encoding} at byte {exc.start}") from None


def sniff(data: bytes, suffix: str) -> str:
    """text | docx | pdf | html | doc | rtf | zip | image: the content decides; the extension only
    breaks ties between text and HTML."""
    head = data[:1024]
    if head.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in head):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx" if suffix == ".docx" or b"word/" in data[:65536] else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    if suffix == ".docx":
        return "docx"  # not a ZIP: the reader says the file is damaged or truncated
    if suffix == ".pdf":
        return "pdf"
    probe = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    if suffix in HTML_SUFFIXES or probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
            b"<html" in probe and b"<body" in data[:65536].lower()):
        return "html"
    return "text"


_REFUSED = {
    "doc": "old Word .doc format: save it as .docx first",
    "rtf": "RTF document: save it as .docx first",
    "zip": "a ZIP archive, not a document: unpack it first",
    "image": "an image, not a document: it needs OCR first",
}


def _read_bytes(p: Path, name: str) -> bytes:
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            if not os.access(p, os.R_OK | os.X_OK):
                raise LoaderError(name, "folder cannot be read (permission denied)")
            raise LoaderError(name, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise LoaderError(name, "not a regular file (a device, FIFO or socket)")
        limit = MAX_CONTAINER_BYTES if p.suffix.lower() in (".docx", ".pdf") else MAX_BYTES
        if st.st_size > limit:
            raise LoaderError(name, f"too large for a plan document ({st.st_size / 1_048_576:.0f} MB; "
                                    f"the limit is {limit // 1_048_576} MB)")
        if not os.access(p, os.R_OK):
            raise LoaderError(name, "permission denied")
        with open(p, "rb") as fh:
            return fh.read(limit + 1)
    except LoaderError:
        raise
    except FileNotFoundError:
        if p.is_symlink():
            raise LoaderError(name, "broken symbolic link") from None
        raise LoaderError(name, "no such file") from None
    except PermissionError:
        raise LoaderError(name, "permission denied") from None
    except OSError as exc:
        raise LoaderError(name, f"cannot read ({exc.strerror or exc})") from None


def display_name(path: str | os.PathLike) -> str:
    """The path as text that can be printed and stored: bytes of a name that are not UTF-8
    (a name made on an old Windows or a zip from one) are shown as \\xNN."""
    name = os.fsdecode(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def read_source(path: str | os.PathLike) -> SourceText:
    """Read one file of any supported format as text. Raises LoaderError, never anything else."""
    name = display_name(path)
    p = Path(path)
    data = _read_bytes(p, name)
    digest = hashlib.sha256(data).hexdigest()
    kind = sniff(data, p.suffix.lower())
    conversions: list[str] = []
    if kind in _REFUSED:
        raise LoaderError(name, _REFUSED[kind])
    if not data.strip():
        raise LoaderError(name, "empty file")
    try:
        if kind == "docx":
            from .formats_docx import docx_text

            text, encoding = docx_text(data, name), "utf-8"
            conversions.append("docx→text")
        elif kind == "pdf":
            from .formats_pdf import pdf_text

            text, encoding = pdf_text(data, name), "unicode"
            conversions.append("pdf→text (pypdfium2)")
        elif kind == "html":
            from .formats_html import html_text

            markup, encoding = _decode_html(data, name)
            text = html_text(markup)
            conversions.append("html→text")
        else:
            text, encoding = decode(data, name)
    except LoaderError:
        raise
    except RecursionError as exc:
        raise LoaderError(name, f"{kind} too deeply nested to read") from exc
    except Exception as exc:  # noqa: BLE001 - a reader's own failure is this file's problem
        raise LoaderError(name, f"cannot read as {kind} ({type(exc).__name__}: "
                                f"{str(exc).splitlines()[0][:100] if str(exc) else ''})") from exc
    if encoding in ("tcvn3", "vni"):  # 8-bit legacy bytes, read as Latin-1 letters
        conversions.append(f"{encoding}→unicode")
        text = convert_legacy(text, encoding)
    else:
        fixed = repair(text)
        if fixed.conversions:
            text = fixed.text
            conversions.extend(fixed.conversions)
            encoding = fixed.encoding or encoding
    if not text.strip():
        raise LoaderError(name, "no text in the document" if kind != "text" else "empty file")
    if max((len(ln) for ln in text.split("\n")), default=0) > MAX_LINE:
        raise LoaderError(name, f"a line longer than {MAX_LINE:,} characters: data, not a document")
    return SourceText(name, text, digest, encoding, kind, tuple(conversions))


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    from .formats_html import declared_charset

    charset = declared_charset(data)
    if charset and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None
        if charset and charset.replace("_", "-") not in ("utf-8", "utf8"):
            try:
                return data.decode(charset), charset
            except (UnicodeDecodeError, LookupError):
                pass
    return decode(data, name)


def iter_files(paths: list[str]) -> list[str]:
    """Documents under ``paths``: folders are walked recursively (without recursion, so depth is
    no limit), symbolic links to folders are followed once (a link loop is visited once), and
    files with a document extension are kept; a path named explicitly is always kept. Sorted
    within each folder, deduplicated."""
    out: list[str] = []
    seen: set[str] = set()
    visited: set[tuple[int, int]] = set()
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            if raw not in seen:
                seen.add(raw)
                out.append(raw)
            continue
        stack = [str(p)]
        while stack:
            folder = stack.pop()
            try:
                st = os.stat(folder)
                if (st.st_dev, st.st_ino) in visited:
                    continue  # a symlink loop or a second link to the same folder
                visited.add((st.st_dev, st.st_ino))
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError:
                # unreadable folder: reported as a file would be, by read_source
                if folder not in seen:
                    seen.add(folder)
                    out.append(folder)
                continue
            subdirs = []
            for e in entries:
                try:
                    is_dir = e.is_dir()  # follows links; a broken or looping link is a file
                except OSError:
                    is_dir = False
                if is_dir:
                    subdirs.append(e.path)
                elif Path(e.name).suffix.lower() in DOCUMENT_SUFFIXES and e.path not in seen:
                    seen.add(e.path)
                    out.append(e.path)
            stack.extend(reversed(subdirs))
    return out
