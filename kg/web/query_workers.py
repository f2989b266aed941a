"""SPARQL queries in worker processes, so that a query past its time limit can be stopped.

pyoxigraph cannot cancel a running query, and a thread cannot be killed: the endpoint hands each
query to one of a few worker processes (each holding the store open read-only) and waits for the
answer up to the time limit; past it the worker is killed and a fresh one takes its place. The row
limit is applied while the solutions are read (the engine stops producing them), and a result
over it is refused, not cut short: a silently truncated answer would be read as complete.

Results are serialised in the worker with Oxigraph's writers: the solutions read so far are
handed to Oxigraph again as SPARQL JSON (``parse_query_results``) and written in the format the
client asked for, so every format is Oxigraph's own."""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import signal
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from directive_kg.errors import KGError
from directive_kg.kg.graph.vocab import PREFIXES

from .settings import QueryLimits
from .sparql import GRAPH_FORMATS, RESULT_FORMATS, ProtocolError, negotiate
from .store_access import StoreHolder

_XSD_STRING = PREFIXES["xsd"] + "string"


@dataclass(frozen=True)
class QueryJob:
    text: str
    accept: str
    format: str | None  # format= of the request, overriding Accept


@dataclass(frozen=True)
class QueryAnswer:
    status: int
    media_type: str
    body: bytes
    rows: int | None = None  # solutions or triples returned

    @classmethod
    def error(cls, status: int, message: str) -> QueryAnswer:
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def evaluate(holder: StoreHolder, job: QueryJob, row_limit: int) -> QueryAnswer:
    """Run one query and serialise its result (in a worker process)."""
    try:
        result = holder.get().results(job.text)
        if isinstance(result, ox.QueryBoolean):
            fmt = negotiate(job.accept, job.format, RESULT_FORMATS)
            return QueryAnswer(200, fmt.media_type, result.serialize(format=fmt.results), 1)
        if isinstance(result, ox.QuerySolutions):
            fmt = negotiate(job.accept, job.format, RESULT_FORMATS)
            names = [v.value for v in result.variables]
            rows = list(islice(result, row_limit + 1))
            _check_rows(len(rows), row_limit)
            data = {"head": {"vars": names}, "results": {"bindings": [
                {n: _term_json(t) for n in names if (t := sol[n]) is not None} for sol in rows]}}
            solutions = ox.parse_query_results(json.dumps(data).encode("utf-8"),
                                               format=ox.QueryResultsFormat.JSON)
            return QueryAnswer(200, fmt.media_type, solutions.serialize(format=fmt.results), len(rows))
        fmt = negotiate(job.accept, job.format, GRAPH_FORMATS)
        triples = list(islice(result, row_limit + 1))
        _check_rows(len(triples), row_limit)
        body = ox.serialize(triples, format=fmt.rdf, prefixes=PREFIXES) or b""
        return QueryAnswer(200, fmt.media_type, body, len(triples))
    except ProtocolError as err:
        return QueryAnswer.error(err.status, err.message)
    except KGError as err:  # a syntax error (QueryError), or no store to read (StoreError)
        return QueryAnswer.error(400 if err.exit_code == 2 else 503, str(err))
    except (OSError, SyntaxError, ValueError, RuntimeError) as err:  # the engine failed while reading
        return QueryAnswer.error(500, f"the query failed: {err}")


def _check_rows(count: int, limit: int) -> None:
    if count > limit:
        raise ProtocolError(400, f"the result has more than {limit} rows, the endpoint's row limit: "
                                 "narrow the query or page through it with LIMIT and OFFSET "
                                 "(kg serve --row-limit N raises the limit)")


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                        "predicate": _term_json(term.predicate),
                                        "object": _term_json(term.object)}}


def _worker_main(conn, store_dir: str | None, row_limit: int) -> None:
    """A worker's life: answer jobs until the pipe closes or None arrives."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the terminal: the server decides
    holder = StoreHolder(store_dir)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(evaluate(holder, job, row_limit))


class _Worker:
    def __init__(self, ctx, store_dir: str | None, row_limit: int):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, store_dir, row_limit),
                                name="kg-serve-query", daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


class QueryPool:
    """A few query worker processes; each query goes to an idle one (or waits for one)."""

    def __init__(self, store_dir: str | None, limits: QueryLimits, size: int):
        self.store_dir, self.limits, self.size = store_dir, limits, size
        # spawn, not fork: the server process runs threads (a forked copy of a lock held by
        # another thread never unlocks)
        self._ctx = mp.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.store_dir, self.limits.rows)
        self._all.add(w)
        return w

    def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(self._spawn())

    def close(self) -> None:
        for w in list(self._all):
            w.stop()
        self._all.clear()

    async def run(self, job: QueryJob) -> QueryAnswer:
        assert self._idle is not None, "QueryPool.start() first"
        worker = await self._idle.get()
        answered = False
        try:
            worker.conn.send(job)
            ready = await asyncio.to_thread(worker.conn.poll, self.limits.seconds)
            if not ready:
                return QueryAnswer.error(503, f"the query ran longer than the time limit of "
                                              f"{self.limits.seconds:g} s and was stopped: narrow it "
                                              "(kg serve --query-timeout SECONDS raises the limit)")
            try:
                answer = worker.conn.recv()
            except (EOFError, OSError):
                return QueryAnswer.error(500, "the query worker ended without an answer "
                                              "(out of memory?); it has been replaced")
            answered = True
            return answer
        finally:
            if not answered:  # stopped, dead, or the request was cancelled mid-way: replace it
                worker.kill()
                self._all.discard(worker)
                worker = self._spawn()
            self._idle.put_nowait(worker)
