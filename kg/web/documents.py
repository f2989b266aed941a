"""A loaded document as a page: its text with what was read marked in place, and the record.

What was read comes from the store (the document's own named graph: its citations, obligations
and tasks with their evidence line and text; its warnings; its links to other instruments). The
text is the file read again the way `kg load` read it (loaders/reading.py), checked against the
sha256 the store keeps; the number, date, issuer and title lines are located by the parser on
that text (the store keeps their values, not where they are written). A mark is placed where
its evidence text stands on its line; when the text does not hold it there (the file changed),
the whole line is marked and the page says so."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from pyoxigraph import NamedNode

from directive_kg.errors import KGError, NotFoundError
from directive_kg.kg.graph.vocab import ID, KIND_CONCEPT, ROLE_CONCEPT
from directive_kg.kg.store.store import Store

KIND_NAMES = {c.value: k for k, c in KIND_CONCEPT.items()}
ROLE_NAMES = {c.value: r for r, c in ROLE_CONCEPT.items()}
KIND_LABELS = {"plan": "Xây dựng kế hoạch · plan", "report": "Báo cáo · report",
               "monitor": "Theo dõi · monitor", "communicate": "Tuyên truyền · communicate",
               "implement": "Thực hiện · implement"}
ROLE_LABELS = {"implements": "thực hiện · implements", "based_on": "căn cứ · based on",
               "cites": "dẫn chiếu · cites"}


@dataclass(frozen=True)
class Mark:
    id: str  # m1, m2, … in reading order
    kind: str  # number | date | issuer | title | citation | obligation | task
    line: int
    text: str  # the evidence as the store (or the parser) has it
    label: str  # what was read, for people
    details: tuple[str, ...] = ()
    role: str | None = None  # a citation's role
    target: str | None = None  # a numbered citation's chain page
    start: int | None = None  # where it stands in the text (None: not found there)
    end: int | None = None


@dataclass(frozen=True)
class Link:
    number: str
    issuer: str | None
    inferred: bool
    rule: str | None
    page: str | None  # /document/… when its text is loaded


@dataclass
class DocumentPage:
    doc_id: str
    file: str
    facts: dict[str, str]  # number, issuer, date, year, title, type, …
    warnings: list[str]
    incomplete: bool
    marks: list[Mark]
    implements: list[Link]
    implemented_by: list[Link]
    lines: list[list[tuple[str, tuple[str, ...]]]] = field(default_factory=list)  # segments
    text_note: str | None = None  # why the text is missing or may not match


def graph_of(doc_id: str) -> NamedNode:
    if not doc_id.isalnum() or len(doc_id) > 40:
        raise NotFoundError(f"no document {doc_id!r}")
    return NamedNode(f"{ID}graph/doc/{doc_id}")


def load_page(store: Store, doc_id: str) -> DocumentPage:
    graph = graph_of(doc_id)
    if not store.has_graph(graph):
        raise NotFoundError(f"no loaded document {doc_id!r} (was it removed?)")
    g = {"g": graph}
    src = store.query("""SELECT ?src ?file ?sha ?incomplete WHERE { GRAPH ?g {
        ?src a dkg:SourceDocument ; dkg:file ?file ; dkg:sha256 ?sha .
        OPTIONAL { ?src dkg:readingIncomplete ?incomplete } } } LIMIT 1""", g)
    if not src:
        raise NotFoundError(f"no source document in graph {graph.value}")
    src = src[0]
    warnings = [r["w"] for r in store.query("""SELECT ?w WHERE { GRAPH ?g { ?src dkg:readingWarning ?w } }
        ORDER BY ?w""", g)]
    me_rows = store.query("""SELECT ?i ?number ?symbol ?date ?year ?title ?issuer ?type ?place WHERE {
        GRAPH ?g { ?i dkg:hasSourceDocument ?src .
          OPTIONAL { ?i eli:number ?number } OPTIONAL { ?i dkg:symbol ?symbol }
          OPTIONAL { ?i eli:date_document ?date } OPTIONAL { ?i dkg:year ?year }
          OPTIONAL { ?i eli:title ?title } OPTIONAL { ?i dkg:place ?place }
          OPTIONAL { ?i eli:passed_by ?b . OPTIONAL { ?b skos:prefLabel ?issuer0 } }
          OPTIONAL { ?i dkg:documentType ?dt } }
        OPTIONAL { ?b skos:prefLabel ?issuer1 }
        OPTIONAL { GRAPH <https://w3id.org/directive-kg/id/graph/ontology> { ?dt skos:prefLabel ?type
                   FILTER(LANG(?type) = "vi") } }
        BIND(COALESCE(?issuer0, ?issuer1) AS ?issuer) } LIMIT 1""", g)
    me = me_rows[0] if me_rows else {}
    facts = {k: str(v) for k, v in me.items() if v is not None and k != "i"}
    facts["file"] = src["file"]
    marks = _stored_marks(store, graph)
    page = DocumentPage(doc_id, src["file"], facts, warnings, bool(src.get("incomplete")), marks,
                        *_links(store, me.get("i")))
    _place_text(page, src["sha"])
    return page


def _stored_marks(store: Store, graph: NamedNode) -> list[Mark]:
    g = {"g": graph}
    found: list[Mark] = []
    for r in store.query("""SELECT ?link ?line ?text ?role ?number ?name ?cited ?inferred WHERE {
            GRAPH ?g { ?link a dkg:CitationLink ; dkg:citedInstrument ?cited ; dkg:role ?role ;
                              dkg:evidenceLine ?line ; dkg:evidenceText ?text .
                       OPTIONAL { ?link dkg:inferred ?inferred }
                       OPTIONAL { ?cited eli:number ?number } OPTIONAL { ?cited skos:prefLabel ?name } } }
            ORDER BY ?line ?number""", g):
        if r.get("inferred"):
            continue  # an inferred link restates a stated citation's evidence
        role = ROLE_NAMES.get(r["role"], "cites")
        chain = f"/chain?{urlencode({'instrument': r['number']})}" if r.get("number") else None
        found.append(Mark("", "citation", r["line"], r["text"], r["number"] or r["name"] or "?",
                          (ROLE_LABELS[role],), role=role, target=chain))
    obligations: dict[str, dict] = {}
    for r in store.query("""SELECT ?o ?kind ?line ?text ?deadline ?period ?who ?to WHERE {
            GRAPH ?g { ?i dkg:imposes ?o . ?o dkg:obligationKind ?kind ; dkg:evidenceLine ?line ;
                                              dkg:evidenceText ?text .
                       OPTIONAL { ?o dkg:deadline ?deadline } OPTIONAL { ?o dkg:period ?period }
                       OPTIONAL { ?o dkg:addressee ?a . ?a skos:prefLabel ?who0 }
                       OPTIONAL { ?o dkg:reportTo ?r . OPTIONAL { ?r skos:prefLabel ?to0 } } }
            OPTIONAL { ?o dkg:addressee ?a1 . ?a1 skos:prefLabel ?who1 }
            OPTIONAL { ?o dkg:reportTo ?r1 . ?r1 skos:prefLabel ?to1 }
            BIND(COALESCE(?who0, ?who1) AS ?who) BIND(COALESCE(?to0, ?to1) AS ?to) }""", g):
        o = obligations.setdefault(r["o"], {**r, "who": set(), "to": set()})
        if r.get("who"):
            o["who"].add(r["who"])
        if r.get("to"):
            o["to"].add(r["to"])
    for o in sorted(obligations.values(), key=lambda o: (o["line"], o["o"])):
        kind = KIND_NAMES.get(o["kind"], "implement")
        details = []
        if o["who"]:
            details.append("Ai · Who: " + "; ".join(sorted(o["who"])))
        if o.get("deadline"):
            details.append(f"Hạn · Deadline: {o['deadline']}")
        if o.get("period"):
            details.append(f"Định kỳ · Period: {o['period']}")
        if o["to"]:
            details.append("Gửi · To: " + "; ".join(sorted(o["to"])))
        found.append(Mark("", "obligation", o["line"], o["text"], KIND_LABELS[kind], tuple(details)))
    for r in store.query("""SELECT ?line ?text ?section ?title WHERE { GRAPH ?g {
            ?i dkg:hasTask ?t . ?t dkg:evidenceLine ?line ; dkg:evidenceText ?text .
            OPTIONAL { ?t dkg:sectionPath ?section } OPTIONAL { ?t skos:prefLabel ?title } } }
            ORDER BY ?line""", g):
        found.append(Mark("", "task", r["line"], r["text"], f"{r.get('section') or ''} {r.get('title') or ''}"
                          .strip(), ("Nhiệm vụ · Task",)))
    return found


_LINKS = """SELECT DISTINCT ?other ?number ?name ?issuer ?inferred ?rule ?file WHERE {
    ?link a dkg:CitationLink ; dkg:%s ?me ; dkg:%s ?other ; dkg:role dkg:RoleImplements ;
          dkg:inferred ?inferred . OPTIONAL { ?link dkg:rule ?rule }
    OPTIONAL { ?other eli:number ?number } OPTIONAL { ?other skos:prefLabel ?name }
    OPTIONAL { ?other eli:passed_by/skos:prefLabel ?issuer }
    OPTIONAL { ?other dkg:hasSourceDocument/dkg:file ?file } } ORDER BY ?number"""


def _links(store: Store, me: str | None) -> tuple[list[Link], list[Link]]:
    if me is None:
        return [], []
    from .dashboard import document_id

    out = []
    for mine, other in (("citingInstrument", "citedInstrument"), ("citedInstrument", "citingInstrument")):
        seen: dict[str, Link] = {}
        for r in store.query(_LINKS % (mine, other), {"me": NamedNode(me)}):
            if r["other"] in seen and not r["inferred"]:
                continue
            seen[r["other"]] = Link(r["number"] or r["name"] or "(chưa có số · no number)",
                                    r.get("issuer"), bool(r["inferred"]), r.get("rule"),
                                    f"/document/{document_id(r['file'])}" if r.get("file") else None)
        out.append(sorted(seen.values(), key=lambda link: link.number))
    return out[0], out[1]


def _place_text(page: DocumentPage, sha256: str) -> None:
    """Read the file again, locate every mark in it and cut its lines into marked segments."""
    from directive_kg.loaders import parse_text
    from directive_kg.loaders.reading import read_source

    if not Path(page.file).is_file():
        page.text_note = (f"Không còn tệp {page.file} trên máy này: chỉ có những gì đã đọc. · The file "
                          "is no longer on this machine: only what was read is shown.")
        page.marks = _numbered(page.marks)
        return
    try:
        src = read_source(page.file)
    except KGError as err:
        page.text_note = f"Không đọc lại được tệp · The file cannot be read again: {err}"
        page.marks = _numbered(page.marks)
        return
    text = src.text
    if src.sha256 != sha256:
        page.text_note = ("Tệp đã thay đổi sau khi nạp: vị trí các đánh dấu có thể lệch; chạy `kg load` "
                          "lại. · The file changed since it was loaded: marks may be off; load it again.")
    doc = parse_text(text, src.path, sha256=src.sha256, encoding=src.encoding,
                     source_format=src.format, conversions=src.conversions)
    header = []
    for kind, label in (("number", "Số · Number"), ("date", "Ngày · Date"), ("issuer", "Cơ quan · Issuer"),
                        ("title", "Trích yếu · Title")):
        ev = doc.evidence.get(kind)
        if ev is not None and ev.end > ev.start:
            header.append(Mark("", kind, ev.line, ev.text, label, start=ev.start, end=ev.end))
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    placed = [*header, *(_locate(m, text, starts) for m in page.marks)]
    page.marks = _numbered(sorted(placed, key=lambda m: (m.line, m.start or 0, m.kind)))
    page.lines = _segments(text, starts, page.marks)


def _locate(mark: Mark, text: str, starts: list[int]) -> Mark:
    from dataclasses import replace

    if not 1 <= mark.line <= len(starts):
        return mark
    begin = starts[mark.line - 1]
    line_end = starts[mark.line] if mark.line < len(starts) else len(text)
    at = text.find(mark.text, begin, begin + (line_end - begin) + len(mark.text))
    if at == -1 or at >= line_end:
        return replace(mark, start=begin, end=line_end, details=(*mark.details, "(cả dòng · whole line)"))
    return replace(mark, start=at, end=at + len(mark.text))


def _numbered(marks: list[Mark]) -> list[Mark]:
    from dataclasses import replace

    return [replace(m, id=f"m{i}") for i, m in enumerate(marks, 1)]


def _segments(text: str, starts: list[int], marks: list[Mark]) -> list[list[tuple[str, tuple[str, ...]]]]:
    """Each line as (text, ids of the marks covering it) pieces; marks may nest or overlap."""
    spans = [(m.start, m.end, m.id) for m in marks if m.start is not None and m.end is not None]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans), *starts})
    lines: list[list[tuple[str, tuple[str, ...]]]] = [[] for _ in starts]
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        line = bisect.bisect_right(starts, a) - 1
        piece = text[a:b].rstrip("\r\n")
        ids = tuple(i for s, e, i in spans if s <= a and b <= e)
        if piece or ids:
            lines[line].append((piece, ids))
    return lines
