"""Reading, parsing and mapping documents in worker processes; the caller alone writes the store.

A worker turns one file into the N-Quads of its named graph (parsing is pure: text + registry →
records → quads), so the results can be computed on every core and applied in order by a single
writer. N-Quads travel between processes faster than pickled quads and the store can take them
as they are (measured: 0.1 + 0.3 ms a document against 0.4 + 0.6 ms)."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import traceback
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from directive_kg.errors import KGError
from directive_kg.kg.graph.identity import document_graph
from directive_kg.kg.graph.mapping import CatalogIndex, catalog_index, map_document
from directive_kg.kg.graph.vocab import GENERATED_AT, ID, XSD, dkg
from directive_kg.loaders.corrections import Correction, apply_corrections, for_document
from directive_kg.loaders.corrections import digest as corrections_digest
from directive_kg.loaders.document import parse_text
from directive_kg.loaders.reading import display_name, read_source
from directive_kg.loaders.recognition import not_a_document

from .merged import as_triples

# Below this many files the pool costs more than it saves (workers start and load the registry).
MIN_FILES_FOR_POOL = 200
_MARKERS = (dkg("sha256").value, dkg("parserVersion").value, dkg("correctionsDigest").value)


@dataclass(frozen=True)
class Prepared:
    """One file made ready for the store, or the reason it could not be."""

    path: str
    label: str  # the file's name in the graph (resolved path)
    sha256: str | None
    body: bytes = b""  # N-Quads of the document's graph, without the markers below
    markers: bytes = b""  # N-Quads of its sha256 and parser version: written last
    error: str | None = None
    trace: str | None = None  # the traceback of an unexpected error, for `kg --debug load`
    incomplete: tuple[str, ...] = ()  # the warnings that make its reading incomplete
    skipped: str | None = None  # why the file is not loaded although it reads fine (its notes)
    subjects: tuple[str, ...] = ()  # the subjects its graph states (kg/store/merged.py keeps them)
    # body and markers as N-Triples, for the merged default graph a bulk load appends to; made
    # here because the workers have time to spare while the single writer has none
    triples: bytes = b""


def file_label(path: str) -> str:
    """How a source file is named in the graph: its resolved path (shown with \\xNN escapes
    when the name is not UTF-8)."""
    from pathlib import Path

    try:
        resolved = str(Path(path).resolve())
    except (RuntimeError, OSError):  # a symlink loop: reading it will say so
        resolved = os.path.abspath(path)
    return display_name(resolved)


def prepare(path: str, catalog: CatalogIndex | None = None, loaded_at: str | None = None,
            corrections: Sequence[Correction] = ()) -> Prepared:
    """Read, parse, correct and map one file (no store involved). Never raises: a bad file
    comes back with its one-line error (and, for an unexpected exception, its traceback).
    ``corrections`` may hold those of any document: the file's own are picked here."""
    label = file_label(path)
    try:
        return _prepare(path, label, catalog, loaded_at, corrections)
    except KGError as err:
        return Prepared(path, label, None, error=str(err), trace=traceback.format_exc())
    except Exception as err:  # noqa: BLE001 - one odd file must not stop the batch
        return Prepared(path, label, None,
                        error=f"{display_name(path)}: unexpected {type(err).__name__}: {err} "
                              "(run `kg --debug load` for the traceback)",
                        trace=traceback.format_exc())


def _prepare(path: str, label: str, catalog: CatalogIndex | None, loaded_at: str | None,
             corrections: Sequence[Correction]) -> Prepared:
    src = read_source(path)
    graph = document_graph(label)
    doc = parse_text(src.text, src.path, sha256=src.sha256, encoding=src.encoding,
                     source_format=src.format, conversions=src.conversions)
    why = not_a_document(doc)
    if why is not None:  # a folder's notes (README.md beside the plans): reported, not loaded
        return Prepared(path, label, src.sha256, skipped=f"{display_name(path)}: {why}")
    mine = for_document(corrections, src.sha256, label)
    doc, _misfits = apply_corrections(doc, mine)  # a misfit becomes a warning of the document
    source_iri = ox.NamedNode(f"{ID}source/{graph.value.rsplit('/', 1)[-1]}")
    quads = map_document(doc, graph, source_iri, label, catalog or catalog_index())
    fixes = corrections_digest(mine)
    if fixes:
        quads.append(ox.Quad(source_iri, dkg("correctionsDigest"), ox.Literal(fixes), graph))
    stamp = loaded_at or datetime.now(UTC).replace(microsecond=0).isoformat()
    quads.append(ox.Quad(source_iri, GENERATED_AT,
                         ox.Literal(stamp, datatype=ox.NamedNode(XSD + "dateTime")), graph))
    body = [q for q in quads if q.predicate.value not in _MARKERS]
    markers = [q for q in quads if q.predicate.value in _MARKERS]
    body_nq = ox.serialize(body, format=ox.RdfFormat.N_QUADS) or b""
    markers_nq = ox.serialize(markers, format=ox.RdfFormat.N_QUADS) or b""
    return Prepared(path, label, src.sha256, body_nq, markers_nq,
                    incomplete=tuple(str(w) for w in doc.warnings if w.incomplete),
                    subjects=tuple(sorted({str(q.subject) for q in quads})),
                    triples=as_triples(body_nq + markers_nq, graph))


def parse_quads(data: bytes) -> list[ox.Quad]:
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS)) if data else []


@dataclass
class _WorkerState:
    """What each worker process reads once, before its first document (set by _init_worker)."""

    catalog: CatalogIndex | None = None
    corrections: Sequence[Correction] = ()


_WORKER = _WorkerState()  # one per worker process, written only by its initializer


def _init_worker(corrections: Sequence[Correction]) -> None:
    from directive_kg.reference.registry import load_registry

    from .interrupts import quiet_worker

    quiet_worker()
    _WORKER.catalog = catalog_index()
    _WORKER.corrections = corrections
    load_registry()  # once per worker, before the first document


def _prepare_in_worker(task: tuple[str, str]) -> Prepared:
    path, stamp = task
    return prepare(path, _WORKER.catalog, stamp, _WORKER.corrections)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def prepare_all(paths: Iterable[str], workers: int | None = None,
                corrections: Sequence[Correction] = ()) -> Iterator[Prepared]:
    """Prepared files in the order given, computed on ``workers`` processes (default: the cores
    this process may use); in this process when there are few files or one worker."""
    paths = list(paths)
    workers = default_workers() if workers is None else workers
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    if workers <= 1 or len(paths) < MIN_FILES_FOR_POOL:
        catalog = catalog_index()
        for p in paths:
            yield prepare(p, catalog, stamp, corrections)
        return
    # fork where there is one: workers start at once with the registry this process has loaded,
    # and a caller's script is not imported again in each worker (spawn and forkserver do that,
    # which loops when the script has no `if __name__ == "__main__"` guard). Workers never touch
    # the store, so the RocksDB threads of this process do not matter to them.
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    # An executor, not multiprocessing.Pool: Pool.terminate on Ctrl-C could hang for ever (its
    # result thread stops reading while a worker, holding the result pipe's lock, is still
    # writing a large result; seen under load). Stopping an executor cancels what has not started
    # and lets each worker finish the few files in hand (well under a second), then they exit.
    executor = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                   initargs=(list(corrections),))
    # Workers start with SIGINT and SIGTERM blocked and unblock them once their handlers are
    # set (kg/store/interrupts.py): a signal in between would run the writer's handler there.
    # With fork, the executor starts every worker at the first submission, inside map().
    stop = {signal.SIGINT, signal.SIGTERM}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, stop)
    try:
        results = executor.map(_prepare_in_worker, [(p, stamp) for p in paths], chunksize=16)
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    try:
        yield from results
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def parse_files(paths: Iterable[str], workers: int | None = None) -> Iterator[Prepared]:
    """For the benchmark: parse and map only."""
    return prepare_all(paths, workers)
