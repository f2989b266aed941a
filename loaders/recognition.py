"""Whether a parsed file is an administrative document at all.

A folder of plans often holds notes beside them (README.md, NOTES.md, SOURCES.md). Such a file can
mention instruments ("Chỉ thị 33/CT-TTg") and even open with a heading that names a type ("# Kế
hoạch các đơn vị"), but it has none of what identifies a document of its own: no issuing body, no
number or symbol, no date. Loading it would add an instrument that nobody issued."""

from __future__ import annotations

from .records import Document


def not_a_document(doc: Document) -> str | None:
    """Why ``doc`` is not an administrative document (None when it is one): nothing of its own
    identity was found — its issuer, its number or symbol, its date (even a blank "ngày … tháng
    … năm 2024")."""
    if doc.issuer is not None or doc.number or doc.symbol or doc.date or doc.date_text:
        return None
    return "nothing of an administrative document found (no issuer, number or date)"
