"""The document as logical lines (after the layout stage), and evidence cut from the original.

Every stage reads :class:`Line` records; :func:`evidence_of` turns a span of the normalised text
into an :class:`~.records.Evidence` that quotes the original exactly (``original[start:end]``)."""

from __future__ import annotations

from dataclasses import dataclass

from .records import Evidence
from .text import MappedText


@dataclass(frozen=True, slots=True)
class Line:
    no: int  # 1-based original line
    start: int  # offset in the normalised text
    text: str  # normalised, stripped


def logical_lines(mt: MappedText) -> list[Line]:
    """The non-blank lines of the normalised view (one per paragraph after the layout stage)."""
    out, pos = [], 0
    for raw in mt.text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(mt.line_of(pos + lead), pos + lead, stripped))
        pos += len(raw) + 1
    return out


def evidence_of(mt: MappedText, start: int, end: int) -> Evidence:
    """The original text of the normalised span [start, end), trimmed of surrounding spaces, with
    offsets that point at exactly the quoted text."""
    a, b = mt.span(start, end)
    raw = mt.original[a:b]
    a += len(raw) - len(raw.lstrip())
    b -= len(raw) - len(raw.rstrip())
    return Evidence(mt.line_of(start), mt.original[a:b], a, max(a, b))


def line_evidence(mt: MappedText, ln: Line) -> Evidence:
    return evidence_of(mt, ln.start, ln.start + len(ln.text))
