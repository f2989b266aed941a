"""parse_text: one document's text → a :class:`~.records.Document` with evidence.

The pipeline, one module per stage, each returning a value (nothing is filled in later):

    text.map_text, layout.unwrap   normalised view with offsets; one logical line per paragraph
    lines.logical_lines            the lines every stage reads
    citations.find_mentions        every instrument number and law named in the text
    closing.read_closing           recipients and signer
    header.read_header             number, date and place, type and title (banner, metadata, headline)
    issuer.read_issuer             the issuing body and its parent; the place settled with it
    roles.read_citations           citations with their role (the direct parent, bases, mentions)
    years.plan_year                the year the plan is for, or its multi-year horizon
    sections, assignments          tasks; obligations of "Tổ chức thực hiện" (who, what, by when)
"""

from __future__ import annotations

import hashlib

from .assignments import read_obligations
from .bodies import Context
from .citations import find_mentions
from .closing import read_closing
from .header import Header, read_header
from .issuer import read_issuer, unplaced_issuer
from .layout import unwrap
from .lines import evidence_of, logical_lines
from .records import Document, Evidence, ReadingWarning
from .roles import read_citations
from .sections import body_start, obligation_sections, read_tasks, split_sections
from .text import map_text
from .years import plan_year

PARSER_VERSION = "10"  # 5: classes carry the kinds they name (issue 20); 6: they do so from the parser;
# 7: places read with the units above them as they stood on the document's date; 8: and the province a
# citation names is compared with the one of that day; 9: indented lines, every line a paragraph, and
# wrapped text without blank lines (loaders/layout.py); 10: there, a letterhead's body lines, a place and
# date line broken in the place name, and a title over "Căn cứ"; old-style "HOÀ" in the motto


def parse_text(text: str, source: str = "<text>", *, sha256: str | None = None,
               encoding: str = "utf-8", registry=None, source_format: str = "text",
               conversions: tuple[str, ...] | list[str] = ()) -> Document:
    """Parse one document. Never raises on odd text: problems become ``warnings``."""
    mt = unwrap(map_text(text))
    lines = logical_lines(mt)
    start = body_start(lines)
    mentions = find_mentions(mt.text)
    closing = read_closing(lines, mt)
    header = read_header(mt, lines, start, registry)
    title_span = header.title.span
    opening_end = lines[start].start if start < len(lines) else len(mt.text)
    zone = header.zone
    opening_start = title_span[1] if title_span else (zone[-1].start if zone else 0)
    who = read_issuer(mt, header, (opening_start, opening_end), mentions, closing, registry)
    ctx = Context(place=who.place, issuer=who.issuer)
    citations = read_citations(mt, mentions, ctx, title_span, opening_start, opening_end,
                               own_number=header.number.number, title=header.title.title)
    issued = header.date.year or (header.date.date.year if header.date.date else None)
    year = plan_year(mt, mentions, title_span, opening_start, issued)
    sections = split_sections(lines[start:])
    read = read_obligations(obligation_sections(sections, lines), ctx, who.issuer, header.date.date,
                            issued, lambda a, b: evidence_of(mt, a, b))
    doc_type = header.doc_type
    doc = Document(
        source=source, sha256=sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        doc_type=doc_type.name if doc_type else None, doc_code=_doc_code(header),
        number=header.number.number, symbol=header.number.symbol,
        symbol_text=header.number.symbol_text, is_draft=header.is_draft, issuer=who.issuer,
        parent_body=who.parent_body, place=who.place, date=header.date.date,
        date_text=header.date.date_text, year=year.year, title=header.title.title,
        citations=citations, tasks=read_tasks(sections, mt), obligations=read.obligations,
        recipients=closing.recipients, signer=closing.signer, evidence=_evidence(header, who.evidence),
        encoding=encoding, source_format=source_format, conversions=list(conversions),
        warnings=[*header.warnings, *read.warnings], parser_version=PARSER_VERSION,
        horizon=year.horizon)
    doc.warnings.extend(header_warnings(doc))
    issuer_line = who.evidence.line if who.evidence is not None else None
    unplaced = unplaced_issuer(who.issuer, who.place, header.date.date, registry, issuer_line)
    if unplaced is not None:
        doc.warnings.append(unplaced)
    return doc


def _doc_code(header: Header) -> str | None:
    """The heading's type code ("KH"); a heading type without a code keeps the symbol's."""
    if header.title.doc_type is not None and header.title.doc_type.code:
        return header.title.doc_type.code
    return header.number.doc_type.code if header.number.doc_type else None


def _evidence(header: Header, issuer: Evidence | None) -> dict[str, Evidence]:
    found = {"number": header.number.evidence, "date": header.date.evidence,
             "title": header.title.evidence, "issuer": issuer}
    return {k: v for k, v in found.items() if v is not None}


def header_warnings(doc: Document) -> list[ReadingWarning]:
    """What the header reading misses. A draft's blank number and date are not misses (it is not
    signed yet); a dated document without its own number is."""
    out = []
    if doc.doc_type is None:
        out.append(ReadingWarning("no-doc-type", "no document type (Kế hoạch, Quyết định, …) found"))
    if doc.issuer is None:
        out.append(ReadingWarning("no-issuer", "no issuing body found (letterhead, signature)"))
    if doc.number is None and not doc.is_draft:
        line = doc.evidence["date"].line if "date" in doc.evidence else None
        out.append(ReadingWarning("no-number", "no number of its own found ('Số: …')", line))
    if doc.date is None and not doc.is_draft:
        out.append(ReadingWarning("no-date", "no date of issue found ('…, ngày … tháng … năm …')"))
    if doc.year is None and doc.horizon is None:
        out.append(ReadingWarning("no-year", "no year found"))
    return out
