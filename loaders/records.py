"""Plain records produced by the loaders. No store, no RDF: data classes that serialise to JSON.

Every extracted item carries an :class:`Evidence` (line number and the exact original text)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Evidence:
    line: int  # 1-based line in the original text
    text: str  # the original text, unaltered
    start: int = 0  # character offsets in the original text
    end: int = 0


@dataclass(frozen=True)
class Place:
    """An administrative unit as the document names it, resolved against the registry if possible."""

    as_written: str
    name: str  # official name, e.g. "Thành phố Bắc Kạn" (or as written when unresolved)
    short: str  # "Bắc Kạn"
    level: str | None  # province | district | commune
    unit_type: str | None = None  # Tỉnh, Thành phố, Huyện, ...
    province: str | None = None  # short name of the province
    district: str | None = None  # short name of the district-level unit
    code: str | None = None  # registry code
    province_type: str | None = None  # "Tỉnh" or "Thành phố" (a centrally-run city)
    district_type: str | None = None  # "Huyện", "Thị xã", "Thành phố", "Quận"


@dataclass(frozen=True)
class Body:
    """An issuing body or addressee: as written, and resolved to one canonical name."""

    as_written: str
    name: str  # canonical, e.g. "Ủy ban nhân dân tỉnh Kiên Giang"
    kind: str  # people_committee, party_committee, office, department, central, ...
    level: str | None = None  # central | province | district | commune | None
    place: str | None = None  # short place name the body belongs to
    parent: str | None = None  # canonical name of the parent body, when known


@dataclass
class Citation:
    number: str | None  # canonical printed form, e.g. "33/CT-TTg"; None for unnumbered laws
    doc_type: str | None  # Vietnamese type name, e.g. "Chỉ thị"
    doc_code: str | None  # "CT"
    date: date | None
    year: int | None
    issuer: Body | None
    issuer_text: str | None  # as written ("của UBND huyện Hướng Hoá" → "UBND huyện Hướng Hoá")
    subject: str | None
    role: str  # implements | based_on | cites
    evidence: Evidence
    name: str | None = None  # for laws cited by name: "Luật Tiếp công dân"
    implements: str | None = None  # a chain stated inside the citation: its own parent's number
    mentions: list[int] = field(default_factory=list)  # every line that mentions it
    key: str = ""  # identity inside one document (number or law name + year)


@dataclass(frozen=True)
class UnitKinds:
    """The kinds of administrative unit a class of People's Committees addresses (loaders/unit_kinds.py):
    "UBND các huyện" → huyện; "UBND các quận, huyện" → quận, huyện; "UBND cấp huyện" → every kind
    of the level, and then ``named`` is False (the wording names the level, not its kinds)."""

    level: str  # district | commune
    kinds: tuple[str, ...]  # type words as the registry writes them, lower case: "huyện", "thị xã"
    named: bool = True

    def describe(self) -> str:
        """What the evidence row says was taken: "huyện, thành phố", or for a loose wording
        "cấp huyện, every kind: quận, huyện, thị xã, thành phố"."""
        listed = ", ".join(self.kinds)
        if self.named:
            return listed
        return f"cấp {'huyện' if self.level == 'district' else 'xã'}, every kind: {listed}"


@dataclass(frozen=True)
class Addressee:
    text: str  # as written
    kind: str  # unit | class | self
    unit_class: str | None = None  # e.g. district_people_committees, departments (see obligations.py)
    body: Body | None = None  # resolved single unit, or the parent body of a class
    kinds: UnitKinds | None = None  # for a class of People's Committees: the kinds it names


@dataclass
class Obligation:
    kind: str  # plan | report | monitor | communicate | implement
    addressees: list[Addressee]
    deadline: date | None
    period: str | None  # once | monthly | quarterly | half-yearly | yearly | None (no fixed period)
    report_to: list[Body]
    evidence: Evidence
    section: str | None = None
    addressee_text: str | None = None  # the addressee phrase as written ("UBND các xã, phường")
    addressee_evidence: Evidence | None = None  # where that phrase is (a heading, a "chủ trì" field)
    period_text: str | None = None  # the period as written ("định kỳ hằng năm", "hằng quý")
    deadline_text: str | None = None  # the deadline as written ("trước ngày 15/11 hằng năm")
    report_to_text: str | None = None  # the recipient as written, "(qua …)" channel included
    report_via: Body | None = None  # the channel a report goes through ("qua Sở Nội vụ")
    derived: bool = False  # read from "gửi về X để tổng hợp báo cáo Y" (X's own report to Y)
    corrections: list[str] = field(default_factory=list)  # ids of the corrections applied


@dataclass
class Task:
    section: str  # e.g. "II.3"
    title: str
    evidence: Evidence


@dataclass(frozen=True)
class Signer:
    name: str | None
    authority: str | None  # "KT.", "TM. KT.", "T/M", ...
    position: str | None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class ReadingWarning:
    """Something the reading could not do, with the line it concerns. ``incomplete`` warnings
    say the record misses what `kg gaps` needs (an own number, an issuer, a date, obligations,
    an addressee nobody can expand): `kg load` counts such documents and `kg gaps` lists them."""

    code: str  # a stable word: no-number, no-issuer, no-date, obligations-unread, ...
    message: str
    line: int | None = None
    incomplete: bool = True

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{self.code}: {where}{self.message}"


@dataclass
class Document:
    source: str
    sha256: str
    doc_type: str | None
    doc_code: str | None
    number: str | None  # canonical; None for a draft
    symbol: str | None  # as normalised, e.g. "/KH-VPUBND" for a draft
    symbol_text: str | None  # as printed
    is_draft: bool
    issuer: Body | None
    parent_body: Body | None
    place: Place | None
    date: date | None
    date_text: str | None
    year: int | None  # the year the plan is for; None for a plan over several years
    title: str | None
    citations: list[Citation] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)
    encoding: str = "utf-8"  # how the bytes were decoded (provenance)
    source_format: str = "text"  # text | docx | pdf | html
    conversions: list[str] = field(default_factory=list)  # e.g. ["docx→text", "tcvn3→unicode"]
    warnings: list[ReadingWarning] = field(default_factory=list)
    parser_version: str = ""
    horizon: str | None = None  # a multi-year plan's horizon as written ("giai đoạn 2026 - 2030")
    corrections: list[str] = field(default_factory=list)  # ids of the corrections applied

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
