"""Corrections in the store: each corrections file is its own named graph (the rows, with PROV:
who, when, why), and every load of a document applies the corrections that name it, so they
survive reloads; the document's graph then says which facts a correction changed.

`kg corrections load FILE` checks every row against the store and against the documents it
corrects (re-read and re-parsed), and only then writes: the file's graph, then each affected
document's graph. A file with a bad row is refused whole, naming its line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from directive_kg.errors import InputFileError, NotFoundError
from directive_kg.kg.graph.vocab import (
    ATTRIBUTED_TO,
    CORRECTIONS_PREFIX,
    DERIVED,
    GENERATED_AT,
    ID,
    LABEL,
    TYPE,
    XSD,
    correction_iri,
    dkg,
    lit,
)
from directive_kg.loaders.corrections import (
    Correction,
    applies_to,
    apply_corrections,
    for_document,
    read_corrections,
)
from directive_kg.loaders.document import parse_text
from directive_kg.loaders.reading import read_source

from .parallel import file_label, parse_quads, prepare
from .store import Store


@dataclass
class CorrectionsReport:
    file: str
    rows: int = 0
    documents: list[str] = field(default_factory=list)  # files re-read with the corrections
    seconds: dict[str, float] = field(default_factory=dict)


def corrections_graph(path: str) -> NamedNode:
    label = file_label(path)
    return NamedNode(CORRECTIONS_PREFIX + hashlib.sha1(label.encode()).hexdigest()[:16])


def stored_corrections(store: Store, *, without: NamedNode | None = None) -> list[Correction]:
    """Every correction in the store (but those of the graph ``without``), in file and line order."""
    rows = store.query("""
        SELECT ?g ?c ?document ?field ?target ?value ?who ?why ?line WHERE {
          GRAPH ?g { ?c a dkg:Correction ; dkg:correctsDocument ?document ; dkg:field ?field ;
                        dkg:value ?value ; dkg:reason ?why ; dkg:evidenceLine ?line ;
                        prov:wasAttributedTo ?agent .
                     ?agent skos:prefLabel ?who .
                     OPTIONAL { ?c dkg:target ?target } }
        } ORDER BY ?g ?line""")
    out = []
    for r in rows:
        if without is not None and r["g"] == without.value:
            continue
        out.append(Correction(r["c"].rsplit("/", 1)[-1], int(r["line"]), r["document"], r["field"],
                              r.get("target"), r["value"], r["who"], r["why"]))
    return out


def correction_quads(path: str, corrections: list[Correction], sha256: str) -> list[Quad]:
    graph = corrections_graph(path)
    source = NamedNode(graph.value.replace("/graph/corrections/", "/source/corrections/"))
    now = Literal(datetime.now(UTC).replace(microsecond=0).isoformat(),
                  datatype=NamedNode(XSD + "dateTime"))
    quads = [Quad(source, TYPE, dkg("SourceDocument"), graph),
             Quad(source, dkg("file"), Literal(file_label(path)), graph),
             Quad(source, dkg("sha256"), Literal(sha256), graph)]
    for c in corrections:
        node = correction_iri(c.id)
        agent = NamedNode(f"{ID}agent/{hashlib.sha1(c.who.encode()).hexdigest()[:16]}")
        quads += [Quad(node, TYPE, dkg("Correction"), graph),
                  Quad(node, dkg("correctsDocument"), Literal(c.document), graph),
                  Quad(node, dkg("field"), Literal(c.field), graph),
                  Quad(node, dkg("value"), Literal(c.value), graph),
                  Quad(node, dkg("reason"), Literal(c.why), graph),
                  Quad(node, dkg("evidenceLine"), Literal(str(c.line), datatype=NamedNode(XSD + "integer")),
                       graph),
                  Quad(node, ATTRIBUTED_TO, agent, graph),
                  Quad(node, GENERATED_AT, now, graph),
                  Quad(node, DERIVED, source, graph),
                  Quad(agent, TYPE, NamedNode("http://www.w3.org/ns/prov#Agent"), graph),
                  Quad(agent, LABEL, Literal(c.who), graph)]
        if c.target:
            quads.append(Quad(node, dkg("target"), Literal(c.target), graph))
    return quads


def _loaded_documents(store: Store) -> list[tuple[str, str, NamedNode]]:
    """(file label, sha256, graph) of every loaded document."""
    rows = store.query("""SELECT ?g ?file ?sha WHERE { GRAPH ?g { ?s a dkg:SourceDocument ;
        dkg:file ?file ; dkg:sha256 ?sha ; dkg:parserVersion ?v } }""")
    return [(r["file"], r["sha"], NamedNode(r["g"])) for r in rows]


def load_corrections(store: Store, path: str) -> CorrectionsReport:
    """Check, then store one corrections file and re-apply the corrections of every document it
    names (loading the file again replaces what it said before)."""
    from .load import settle

    src = read_source(path)
    label = file_label(path)
    documents = _loaded_documents(store)
    rows = [_as_loaded(c, path, documents) for c in read_corrections(src.text, path, label)]
    report = CorrectionsReport(path, len(rows))
    graph = corrections_graph(path)
    every = stored_corrections(store, without=graph) + rows
    previous = [c for c in stored_corrections(store) if c.id in _ids_of(store, graph)]
    affected = [(file, sha, g) for file, sha, g in documents
                if any(applies_to(c, sha, file) for c in rows + previous)]
    prepared = []
    for file, sha, g in affected:
        if not Path(file).is_file():
            raise InputFileError(path, f"{file} is no longer there to apply the corrections; "
                                       "load it again from where it is now, then the corrections")
        _check_fit(path, file, sha, rows)
        prep = prepare(file, corrections=every)
        if prep.error is not None:
            raise InputFileError(path, prep.error)
        prepared.append((g, prep))
        report.documents.append(file)
    store.replace_graph(graph, correction_quads(path, rows, src.sha256))
    for g, prep in prepared:
        store.replace_graph(g, parse_quads(prep.body) + parse_quads(prep.markers))
    report.seconds.update(settle(store, changed=True))
    return report


def _check_fit(path: str, file: str, sha: str, rows: list[Correction]) -> None:
    """Refuse the file when one of its rows does not fit the document as it reads now."""
    src = read_source(file)
    doc = parse_text(src.text, src.path, sha256=src.sha256, encoding=src.encoding,
                     source_format=src.format, conversions=src.conversions)
    _doc, misfits = apply_corrections(doc, for_document(rows, sha, file_label(file)))
    if misfits:
        m = misfits[0]
        raise InputFileError(path, f"line {m.correction.line}: {m.problem} in {file}")


def _as_loaded(c: Correction, path: str, documents: list[tuple[str, str, NamedNode]]) -> Correction:
    """The row with its document named as the store names it: a sha256 as is, a path as the
    file was loaded (relative paths from the current folder, else from the corrections file's)."""
    if c.by_sha256:
        if any(sha == c.document for _f, sha, _g in documents):
            return c
    else:
        for candidate in (file_label(c.document), file_label(str(Path(path).parent / c.document))):
            if any(file == candidate for file, _s, _g in documents):
                return replace(c, document=candidate)
    raise InputFileError(path, f"line {c.line}: no loaded document is {c.document!r} "
                               "(give the file as it was loaded, or its sha256)")


def _ids_of(store: Store, graph: NamedNode) -> set[str]:
    """Ids of the corrections a graph held before (a document they no longer name is re-read)."""
    return {q.subject.value.rsplit("/", 1)[-1]
            for q in store.quads_for(None, TYPE, dkg("Correction"), graph=graph)}


def remove_corrections(store: Store, path: str) -> CorrectionsReport:
    """Take a corrections file out and re-read the documents it corrected."""
    from .load import settle

    graph = corrections_graph(path)
    if not store.has_graph(graph):
        raise NotFoundError(f"no corrections were loaded from {file_label(path)}")
    old = {c.id: c for c in stored_corrections(store)}
    mine = [old[i] for i in _ids_of(store, graph) if i in old]
    rest = stored_corrections(store, without=graph)
    report = CorrectionsReport(path, len(mine))
    prepared = []
    for file, sha, g in _loaded_documents(store):
        if any(applies_to(c, sha, file) for c in mine) and Path(file).is_file():
            prep = prepare(file, corrections=rest)
            if prep.error is None:
                prepared.append((g, prep))
                report.documents.append(file)
    store.drop_graph(graph)
    for g, prep in prepared:
        store.replace_graph(g, parse_quads(prep.body) + parse_quads(prep.markers))
    report.seconds.update(settle(store, changed=True))
    return report


def corrections_table(store: Store) -> list[dict]:
    """The stored corrections as rows (for `kg corrections list`)."""
    return [{"document": c.document, "field": c.field, "target": c.target, "value": c.value,
             "who": c.who, "why": c.why, "line": c.line} for c in stored_corrections(store)]


def corrected_marks(store: Store) -> tuple[set[str], set[tuple[str, int]]]:
    """(IRIs of instruments a correction changed, (file, line) of corrected obligations): a gap
    row whose obliging instrument, obligation or answer is among them says "corrected"."""
    # on the store's indexes from the few corrected nodes (as a SPARQL query over every graph it
    # took 16 s on a country's store that held no correction at all)
    instruments, obligations = set(), set()
    for q in store.quads_for(None, dkg("corrected"), lit(True)):
        x, g = q.subject, q.graph_name
        line = src = file = None
        if next(iter(store.quads_for(x, TYPE, dkg("Obligation"), g)), None) is not None:
            line = next((o.object.value for o in store.quads_for(x, dkg("evidenceLine"), None, g)), None)
            src = next((o.object for o in store.quads_for(x, DERIVED, None, g)), None)
            if src is not None:
                file = next((o.object.value for o in store.quads_for(src, dkg("file"), None, g)), None)
        if line is not None and file is not None:
            obligations.add((file, int(line)))
        else:
            instruments.add(x.value)
    return instruments, obligations

