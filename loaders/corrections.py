"""Corrections: fixes to what was read from a document, kept apart from the document itself.

A corrections file is a CSV file (UTF-8, with or without BOM; "," ";" or tab) with a header row:

    document,field,target,value,who,why
    kho/kh-41.md,number,,41/KH-UBND,Nguyễn Văn A,số bị nhòe trong bản quét
    kho/kh-41.md,parent_add,,17-CTr/TU,Nguyễn Văn A,"thực hiện Chương trình 17-CTr/TU"
    kho/kh-41.md,obligation_deadline,77,2025-12-15,Nguyễn Văn A,hạn ghi ở phụ lục

``document`` is the file as loaded (a path) or its sha256; ``field`` is one of :data:`FIELDS`;
``target`` names the obligation for the ``obligation_*`` fields: the line where it is read (as
`kg parse` and `kg gaps` show it), with ``:plan`` or ``:report`` when one line holds both; ``value``
is the new value (empty clears a deadline); ``who`` and ``why`` are required.

Reading the file and applying a correction to a parsed record are pure: the store keeps the rows in
their own graph (kg/store/corrections.py) and applies them every time the document is (re)loaded."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from directive_kg.errors import InputFileError

from .bodies import Context, resolve_body
from .citations import find_numbers
from .dates import parse_day
from .obligations import split_addressees
from .records import Citation, Document, Evidence, ReadingWarning

COLUMNS = ("document", "field", "target", "value", "who", "why")
HEADER_FIELDS = ("number", "issuer", "date", "year")
PARENT_FIELDS = ("parent_add", "parent_remove")
OBLIGATION_FIELDS = ("obligation_addressees", "obligation_kind", "obligation_deadline",
                     "obligation_remove")
FIELDS = HEADER_FIELDS + PARENT_FIELDS + OBLIGATION_FIELDS
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Correction:
    """One row of a corrections file."""

    id: str  # stable: the corrections file and the row's line
    line: int  # in the corrections file
    document: str  # a path as given, or a sha256
    field: str
    target: str | None
    value: str
    who: str
    why: str

    @property
    def by_sha256(self) -> bool:
        return _SHA256.fullmatch(self.document) is not None


def correction_id(file_label: str, line: int) -> str:
    return hashlib.sha1(f"{file_label}\n{line}".encode()).hexdigest()[:16] + f"-{line}"


def read_corrections(text: str, path: str, file_label: str | None = None) -> list[Correction]:
    """The rows of a corrections file, each checked on its own (field known, value well formed,
    who and why given); raises InputFileError naming the file, the line and the problem."""
    if not text.strip():
        raise InputFileError(path, "empty corrections file")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputFileError(path, f"line 1: missing column(s) {', '.join(missing)}; "
                                f"expected header {','.join(COLUMNS)}")
    col = {name: header.index(name) for name in COLUMNS}
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {k: (row[i].strip() if i < len(row) else "") for k, i in col.items()}
        problem = _row_problem(cell)
        if problem:
            raise InputFileError(path, f"line {n}: {problem}")
        out.append(Correction(correction_id(file_label or path, n), n, cell["document"],
                              cell["field"], cell["target"] or None, cell["value"], cell["who"],
                              cell["why"]))
    if not out:
        raise InputFileError(path, "no corrections in the file (only its header)")
    return out


def _row_problem(cell: dict[str, str]) -> str | None:
    field, value, target = cell["field"], cell["value"], cell["target"]
    if not cell["document"]:
        return "document is required (the file as loaded, or its sha256)"
    if field not in FIELDS:
        return f"unknown field {field!r}; use one of {', '.join(FIELDS)}"
    if not cell["who"] or not cell["why"]:
        return "who and why are required"
    if field in OBLIGATION_FIELDS:
        if not target or not re.fullmatch(r"\d+(?::(?:plan|report))?", target):
            return (f"target {target!r} must name the obligation's line, e.g. 77 or 77:report")
    elif target:
        return f"target is only for the obligation_* fields, not {field}"
    if field in ("date", "obligation_deadline") and value and parse_day(value) is None:
        return f"{value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)"
    if field == "date" and not value:
        return "date needs a value (YYYY-MM-DD or DD/MM/YYYY)"
    if field == "year" and not re.fullmatch(r"(?:19|20)\d{2}", value):
        return f"{value!r} is not a year"
    if field in ("number",) + PARENT_FIELDS and not _number(value):
        return f"{value!r} is not an instrument number (e.g. 80/KH-UBND, 25-NQ/TW)"
    if field in ("issuer", "obligation_addressees") and not value:
        return f"{field} needs a value"
    if field == "obligation_kind" and value not in ("plan", "report"):
        return f"obligation_kind is plan or report, not {value!r}"
    return None


def _number(value: str):
    found = find_numbers(value.strip())
    return found[0] if found and found[0].start == 0 and found[0].end == len(value.strip()) else None


def applies_to(c: Correction, doc_sha256: str, file_label: str) -> bool:
    return c.document == doc_sha256 if c.by_sha256 else c.document == file_label


@dataclass(frozen=True)
class Misfit:
    """A correction that does not fit the document as read (no obligation on its line, no such
    parent): `kg corrections load` refuses it; a later load of a changed document warns."""

    correction: Correction
    problem: str


def apply_corrections(doc: Document, corrections: Sequence[Correction]
                      ) -> tuple[Document, list[Misfit]]:
    """The document as corrected, and the corrections that did not fit. Each correction replaces
    what was read; the record keeps the ids of the corrections applied to it and to each
    obligation. A correction that does not fit changes nothing and is returned."""
    if not corrections:
        return doc, []
    ctx = Context(place=doc.place, issuer=doc.issuer)
    out = replace(doc, citations=list(doc.citations), obligations=list(doc.obligations),
                  corrections=list(doc.corrections), warnings=list(doc.warnings))
    misfits = []
    for c in corrections:
        if c.field in HEADER_FIELDS:
            problem = _header(out, c)
        elif c.field in PARENT_FIELDS:
            problem = _parent(out, c)
        else:
            problem = _obligation(out, c, ctx)
        if problem:
            misfits.append(Misfit(c, problem))
            out.warnings.append(ReadingWarning(
                "correction-unapplied", f"the correction of line {c.line} ({c.field}) no longer "
                f"fits: {problem}", None))
        else:
            out.corrections.append(c.id)
    return out, misfits


def _header(doc: Document, c: Correction) -> str | None:
    if c.field == "number":
        found = _number(c.value)
        doc.number, doc.is_draft = found.number, False
        doc.symbol = re.sub(r"^[\d.]+", "", found.number)
        if found.doc_type is not None:
            doc.doc_type, doc.doc_code = found.doc_type.name, found.doc_type.code
    elif c.field == "issuer":
        doc.issuer = resolve_body(c.value, Context(place=doc.place))
    elif c.field == "date":
        doc.date = parse_day(c.value)
        doc.is_draft = doc.is_draft and doc.number is None
    elif c.field == "year":
        doc.year, doc.horizon = int(c.value), None
    return None


def _parent(doc: Document, c: Correction) -> str | None:
    number = _number(c.value).number
    same = [i for i, cit in enumerate(doc.citations) if cit.number == number]
    if c.field == "parent_remove":
        if not same or all(doc.citations[i].role != "implements" for i in same):
            return f"{number} is not a parent read from this document"
        for i in same:
            doc.citations[i] = replace(doc.citations[i], role="cites")
        return None
    if same:
        for i in same:
            doc.citations[i] = replace(doc.citations[i], role="implements")
        return None
    found = _number(c.value)
    ev = Evidence(0, f"correction: {c.why}")
    doc.citations.append(Citation(
        number=number, doc_type=found.doc_type.name if found.doc_type else None,
        doc_code=found.doc_type.code if found.doc_type else None, date=None, year=None,
        issuer=None, issuer_text=None, subject=None, role="implements", evidence=ev, key=number))
    return None


def _obligation(doc: Document, c: Correction, ctx: Context) -> str | None:
    line, _, kind = (c.target or "").partition(":")
    # plans and reports only: the duties `kg gaps` tracks (not "monitor", "communicate", ...)
    hits = [i for i, o in enumerate(doc.obligations) if o.evidence.line == int(line)
            and o.kind in ("plan", "report") and (not kind or o.kind == kind)]
    if not hits:
        return f"no {kind or 'plan or report'} obligation is read on line {line}"
    if len({doc.obligations[i].kind for i in hits}) > 1:
        return f"line {line} holds a plan and a report; write the target as {line}:plan or {line}:report"
    if c.field == "obligation_remove":
        doc.obligations = [o for i, o in enumerate(doc.obligations) if i not in hits]
        return None
    for i in hits:
        o = doc.obligations[i]
        if c.field == "obligation_addressees":
            o = replace(o, addressees=split_addressees(c.value, ctx))
        elif c.field == "obligation_kind":
            o = replace(o, kind=c.value)
        else:
            o = replace(o, deadline=parse_day(c.value) if c.value else None)
        doc.obligations[i] = replace(o, corrections=[*o.corrections, c.id])
    return None


def for_document(corrections: Iterable[Correction], doc_sha256: str, file_label: str
                 ) -> list[Correction]:
    """The corrections of one document, in the order they were written."""
    return sorted((c for c in corrections if applies_to(c, doc_sha256, file_label)),
                  key=lambda c: (c.id.rsplit("-", 1)[0], c.line))


def digest(corrections: Sequence[Correction]) -> str | None:
    """What the applied corrections say, as one value (a document is re-read when it changes)."""
    if not corrections:
        return None
    text = "\n".join(f"{c.id}|{c.field}|{c.target}|{c.value}" for c in corrections)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
