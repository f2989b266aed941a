"""Benchmark on a generated corpus: parse, load, store size, memory, gaps (cold CLI and warm
library), chain, and side by side in the same run: the embedded store against rdflib's in-memory
store on the gaps query, and the gaps SPARQL against the plain Python set difference.

    python -m bench.run --scale "province:Bắc Kạn"              # generate, then measure
    python -m bench.run --corpus bench/out/national             # a corpus bench/generate.py wrote
    python -m bench.run --scale national --programmes dvcq,qcdc,dvk --rdflib-timeout 900

Prints a table and appends a dated record to bench/RESULTS.md (cores, memory, versions).
Neo4j push time is measured when NEO4J_URI is set and `kg neo4j push` is installed; the viz
first paint when the viz benchmark and a Chromium are present; otherwise they read "n/a"."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    measure: str
    count: str  # documents, rows, quads: what the figure is about
    seconds: float | None
    result: str


@dataclass
class Bench:
    rows: list[Row] = field(default_factory=list)

    def add(self, measure: str, count: object, seconds: float | None, result: str) -> None:
        self.rows.append(Row(measure, str(count), seconds, result))
        print(f"  {measure}: {result}", flush=True)

    def table(self) -> str:
        width = max([44] + [len(r.measure) for r in self.rows])
        lines = [f"{'measure':<{width}} {'n':>9} {'seconds':>9}  result"]
        for r in self.rows:
            sec = f"{r.seconds:9.2f}" if r.seconds is not None else f"{'':>9}"
            lines.append(f"{r.measure:<{width}} {r.count:>9} {sec}  {r.result}")
        return "\n".join(lines)


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def corpus_folder(b: Bench, corpus: Path | None, work: Path, scale: str, seed: int, year: int,
                  programmes: str) -> Path:
    """The corpus to measure: ``corpus`` as given, else one generated into ``work`` (timed)."""
    work.mkdir(parents=True, exist_ok=True)
    if corpus:
        return corpus
    from bench.generate import Options
    from bench.generate import generate as run_generate

    gen = work / "generated"
    progs = tuple(p for p in programmes.split(",") if p)
    res, dt = timed(lambda: run_generate(Options(year=year, scale=scale, seed=seed, programmes=progs), gen))
    b.add("generate corpus", len(res.manifest), dt, f"{scale}, {len(res.manifest) / dt:.0f} docs/s")
    return gen


def machine() -> str:
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = ", ".join(f"{p} {_version(p)}" for p in ("pyoxigraph", "rdflib", "directive-kg"))
    return (f"{os.cpu_count()} cores ({cpu}), {mem}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {versions}")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "n/a"


def peak_mb() -> tuple[float, float]:
    """(this process, largest child) peak resident memory in MB."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def own_mb(path: Path, beside: Path) -> float:
    """Bytes under ``path`` in files that are not hard links to files under ``beside``."""
    shared = {f.stat().st_ino for f in beside.rglob("*") if f.is_file()}
    return sum(f.stat().st_size for f in path.rglob("*")
               if f.is_file() and f.stat().st_ino not in shared) / 1e6


# --- the measures --------------------------------------------------------------------------

def measure_parse(b: Bench, files: list[str], workers: int, sample: int) -> None:
    from directive_kg.loaders import parse_file

    some = files[:: max(1, len(files) // sample)] if sample and len(files) > sample else files

    def parse_all() -> None:
        for f in some:  # results dropped: memory stays flat on 100,000 files
            parse_file(f)

    _, dt = timed(parse_all)
    b.add("parse, in process" + (" (sample)" if len(some) < len(files) else ""), len(some), dt,
          f"{len(some) / dt:.0f} docs/s")
    try:
        from directive_kg.kg.store.parallel import parse_files
    except ImportError:
        return

    def parse_parallel() -> None:
        for _ in parse_files(some, workers=workers):
            pass

    _, dt = timed(parse_parallel)
    b.add(f"parse+map, {workers} worker processes" + (" (sample)" if len(some) < len(files) else ""),
          len(some), dt, f"{len(some) / dt:.0f} docs/s")


LOAD_SCRIPT = """
import inspect, json, resource, sys, time
from directive_kg.kg.store.load import ensure_reference_data, load_paths
from directive_kg.kg.store.store import Store
store_dir, corpus, roster, workers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
store = Store.open(store_dir, write=True)
t = time.perf_counter(); ensure_reference_data(store); ref = time.perf_counter() - t
base = len(store)
out = {"ref": ref, "base": base}
if roster:  # first, so that the load's own gaps index already knows the departments
    from directive_kg.kg.answers.units import load_roster
    t = time.perf_counter(); load_roster(store, roster); out["roster"] = time.perf_counter() - t
    base = len(store)
takes_workers = "workers" in inspect.signature(load_paths).parameters
kwargs = {"workers": int(workers)} if workers and takes_workers else {}
import os
def kids_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
c, k, before = time.process_time(), kids_cpu(), os.getloadavg()[0]
t = time.perf_counter(); report = load_paths(store, [corpus], **kwargs); load = time.perf_counter() - t
out.update({"cpu_writer": time.process_time() - c, "cpu_workers": kids_cpu() - k,
            "loadavg": (before, os.getloadavg()[0])})
quads = len(store) - base
out.update({"load": load, "docs": len(report.loaded) + len(report.replaced),
            "failed": len(report.failed), "quads": quads,
            "parts": getattr(report, "seconds", {})})
store.flush()
out["self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["child_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(out))
"""


def measure_load(b: Bench, corpus: Path, store_dir: Path, roster: Path | None, workers: int | None):
    """The load in a process of its own, as `kg load` runs: its time and its memory alone."""
    args = [sys.executable, "-c", LOAD_SCRIPT, str(store_dir), str(corpus),
            str(roster) if roster is not None and roster.exists() else "", str(workers or "")]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"load failed: {proc.stderr.strip()[-500:]}")
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    b.add("reference data (catalog, registry) on first use", r["base"], r["ref"], f"{r['base']:,} quads")
    if "roster" in r:
        b.add("roster load (before the documents)", sum(1 for _ in roster.open(encoding="utf-8")) - 1,
              r["roster"], "departments")
    b.add("load (read+parse+map+store+rules+merged+index), end to end", r["docs"], r["load"],
          f"{r['docs'] / r['load']:.0f} docs/s, {r['quads'] / r['load']:,.0f} quads/s "
          f"({r['quads']:,} quads, {r['failed']} failed)")
    parts = r.get("parts") or {}
    if "documents" in parts:
        b.add("  of which documents (read, parse, map, write)", r["docs"], parts["documents"],
              f"{r['docs'] / parts['documents']:.0f} docs/s")
    for key, what in (("rules", "cross-document rules (reconcile)"),
                      ("merged", "merged default graph (kg/store/merged.py)"), ("index", "gaps index build"),
                      ("publish", "read snapshot published (Store.backup)")):
        if key in parts:
            b.add(f"  of which {what}", "", parts[key], "")
    if "cpu_writer" in r:  # the machine is shared: CPU time says more than the wall clock
        cpu = r["cpu_writer"] + r["cpu_workers"]
        b.add("  CPU time of the load (writer with RocksDB's threads / workers)", r["docs"], cpu,
              f"{r['docs'] / cpu:.0f} docs per CPU-second; writer {r['cpu_writer']:.1f} s, "
              f"workers {r['cpu_workers']:.1f} s; load average {r['loadavg'][0]:.1f} → "
              f"{r['loadavg'][1]:.1f} on {os.cpu_count()} cores")
    b.add("peak memory of the load (writer / largest worker)", "", None,
          f"{r['self_mb']:.0f} MB / {r['child_mb']:.0f} MB")


STEP_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
from directive_kg.kg.store.load import load_paths, remove_paths
from directive_kg.kg.store.store import Store
store_dir, op, listing = sys.argv[1], sys.argv[2], sys.argv[3]
files = open(listing, encoding="utf-8").read().splitlines()
store = Store.open(store_dir, write=True)
t = time.perf_counter()
if op == "remove":
    done, parts = len(remove_paths(store, files)), {}
else:
    report = load_paths(store, files)
    done, parts = len(report.loaded) + len(report.replaced), report.seconds
    if report.failed:
        raise SystemExit(f"{len(report.failed)} failed: {report.failed[0]}")
out = {"done": done, "call": time.perf_counter() - t, "parts": parts}
store.close()
out["process"] = time.perf_counter() - t0
print(json.dumps(out))
"""


def pick_files(files: list[str], n: int, offset: int) -> list[str]:
    """``n`` files spread evenly over the corpus (every k-th from ``offset``)."""
    step = max(1, len(files) // n)
    return [files[i] for i in range(offset % step, len(files), step)][:n]


def _step(b: Bench, store_dir: Path, op: str, files: list[str], work: Path, what: str) -> None:
    """One write as `kg load` / `kg remove` run it: a process of its own, timed from its start
    (imports, opening the store, the work, rules, gaps index, snapshot)."""
    listing = work / f"{op}-files.txt"
    listing.write_text("\n".join(files), encoding="utf-8")
    proc, dt = timed(lambda: subprocess.run([sys.executable, "-c", STEP_SCRIPT, str(store_dir), op,
                                             str(listing)], capture_output=True, text=True))
    if proc.returncode != 0:
        b.add(what, len(files), None, f"failed: {proc.stderr.strip()[-200:]}")
        return
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    parts = ", ".join(f"{k} {v:.2f} s" for k, v in (r["parts"] or {}).items())
    b.add(what, r["done"], dt, f"cold process end to end; {parts}" if parts else "cold process end to end")


def measure_incremental(b: Bench, store_dir: Path, files: list[str], work: Path, n: int) -> None:
    """A day's documents into the loaded store: ``n`` documents taken out and loaded again as
    new ones, then ``n`` others changed (a line added at the end: their bytes change, what they
    say does not, so the ground truth still holds) and loaded again."""
    new = pick_files(files, n, 0)
    _step(b, store_dir, "remove", new, work, f"remove {len(new)} documents (kg remove)")
    _step(b, store_dir, "load", new, work, f"add {len(new)} new documents (kg load)")
    changed = pick_files(files, n, max(1, len(files) // n) // 2)
    for f in changed:
        with open(f, "a", encoding="utf-8") as fh:
            fh.write("\n")
    _step(b, store_dir, "load", changed, work, f"reload {len(changed)} changed documents (kg load)")


def measure_after_changes(b: Bench, store_dir: Path, year: int, as_of: date, truth: Path | None
                          ) -> None:
    """After the incremental steps: the index (updated in place of a rebuild) against gaps.rq on
    the store, and against the ground truth."""
    from directive_kg.kg.answers.gaps import find_gaps
    from directive_kg.kg.store.store import Store

    store = Store.open(store_dir)
    report = find_gaps(store, year, as_of=as_of, include_met=True)
    direct, dt = timed(lambda: find_gaps(store, year, as_of=as_of, include_met=True, use_index=False))
    same = sorted(map(_gap_key, direct.rows)) == sorted(map(_gap_key, report.rows))
    b.add("after the changes: index = gaps.rq on the store", len(direct.rows), dt,
          "same rows" if same else "ROWS DIFFER")
    against_truth(b, "after the changes: gaps = ground truth", truth, report.rows)
    store.close()


def against_truth(b: Bench, what: str, truth: Path | None, rows) -> None:
    """A row of the table: the gap rows against the generator's ground truth, when there is one."""
    if truth is None or not truth.exists():
        return
    from bench.check import compare_gaps
    from bench.truth import read_truth

    check = compare_gaps(read_truth(truth), [_truth_row(r) for r in rows])
    b.add(what, check.expected, None,
          f"precision {check.precision:.4f}, recall {check.recall:.4f} ({len(check.missing)} "
          f"missing, {len(check.extra)} extra, {len(check.differ)} differ)")


def _truth_row(r) -> dict:
    return {"unit": r.unit, "unit_iri": r.unit_iri, "kind": r.kind, "required_by": r.required_by,
            "required_by_issuer": r.required_by_issuer,
            "deadline": r.deadline.isoformat() if r.deadline else None, "status": r.status}


def measure_gaps(b: Bench, store, store_dir: Path, year: int, as_of: date, truth: Path | None):
    from directive_kg.kg.answers.gaps import find_gaps

    env = {**os.environ, "KG_STORE": str(store_dir)}
    kg = shutil.which("kg") or str(Path(sys.executable).parent / "kg")
    # As staff run it: what is still owed, printed as a table (a pipe, not a terminal).
    cmd = [kg, "gaps", "--year", str(year), "--as-of", as_of.isoformat()]
    proc, dt = timed(lambda: subprocess.run(cmd, env=env, capture_output=True, text=True))
    shown = re.search(r"(\d+) plans?, (\d+) reports?:", proc.stdout)  # the table's summary line
    b.add("kg gaps --year (open rows, table), cold CLI process",
          int(shown.group(1)) + int(shown.group(2)) if shown else "?", dt,
          "ok" if proc.returncode == 0 else f"exit {proc.returncode}: {proc.stderr.strip()[:80]}")
    cmd = [kg, "gaps", "--year", str(year), "--all", "--as-of", as_of.isoformat(), "--format", "json"]
    proc, dt = timed(lambda: subprocess.run(cmd, env=env, capture_output=True, text=True))
    ok = proc.returncode == 0
    n = len(json.loads(proc.stdout).get("rows", [])) if ok else "?"
    b.add("kg gaps --year --all --format json, cold CLI process", n, dt,
          "ok" if ok else f"exit {proc.returncode}: {proc.stderr.strip()[:80]}")
    times = []
    for _ in range(3):
        report, dt = timed(lambda: find_gaps(store, year, as_of=as_of, include_met=True))
        times.append(dt)
        if dt > 30:
            break  # slow enough to be sure; do not repeat
    b.add(f"find_gaps --all (library, gaps index, warm), best of {len(times)}", len(report.rows),
          min(times),
          f"{len(report.rows)} rows, {sum(r.status in ('not_due', 'overdue') for r in report.rows)} open")
    direct, dt = timed(lambda: find_gaps(store, year, as_of=as_of, include_met=True, use_index=False))
    same = sorted(map(_gap_key, direct.rows)) == sorted(map(_gap_key, report.rows))
    b.add("find_gaps --all running gaps.rq on the store (no index)", len(direct.rows), dt,
          "same rows as the index" if same else "ROWS DIFFER from the index")
    against_truth(b, "gaps = ground truth", truth, report.rows)
    return report


def _gap_key(r) -> tuple:
    return (r.unit_iri, r.required_by_iri, r.kind, r.evidence.line, r.status, r.response_date,
            r.response_iri is not None)


def measure_setdiff(b: Bench, store, year: int, as_of: date, sparql_rows: int) -> None:
    try:
        from tests.gaps_setdiff import owed_minus_met
    except ImportError:
        b.add("gaps, plain Python set difference", "", None, "n/a")
        return
    result, dt = timed(lambda: owed_minus_met(store, year, as_of))
    b.add("gaps, plain Python set difference", len(result), dt,
          f"{len(result)} (unit, obligation) pairs, {sum(not v for v in result.values())} open "
          f"(SPARQL: {sparql_rows} rows)")


def measure_chain(b: Bench, store, store_dir: Path) -> None:
    from directive_kg.kg.answers.chain import build_tree, find_instruments

    # a loaded plan that implements a central instrument of the catalog: a province plan
    rows = store.query("""SELECT ?n WHERE { ?n eli:ensures_implementation_of ?c ;
        dkg:hasSourceDocument ?s . ?c dkg:inCatalog true } LIMIT 1""")
    if rows:
        tree, dt = timed(lambda: build_tree(store, rows[0]["n"], "down"))
        b.add("chain down from a province plan (library)", _count(tree), dt, f"{_count(tree)} nodes")
    leaf = store.query("""SELECT ?n WHERE { ?n eli:ensures_implementation_of ?p ;
        dkg:hasSourceDocument ?s . ?p eli:ensures_implementation_of ?q } LIMIT 1""")
    if leaf:
        tree, dt = timed(lambda: build_tree(store, leaf[0]["n"], "up"))
        b.add("chain up from a commune plan (library)", _count(tree), dt, f"{_count(tree)} nodes")
    env = {**os.environ, "KG_STORE": str(store_dir)}
    kg = shutil.which("kg") or str(Path(sys.executable).parent / "kg")
    found = find_instruments(store, "33/CT-TTg")
    if found:
        proc, dt = timed(lambda: subprocess.run([kg, "chain", "33/CT-TTg", "--up"], env=env,
                                                capture_output=True, text=True))
        b.add("kg chain 33/CT-TTg --up, cold CLI process", "", dt,
              "ok" if proc.returncode == 0 else f"exit {proc.returncode}")
    proc, dt = timed(lambda: subprocess.run([kg, "--help"], capture_output=True, text=True))
    b.add("kg --help, cold CLI process", "", dt, "ok" if proc.returncode == 0 else "failed")


def _count(node) -> int:
    return 1 + sum(_count(c) for c in node.children)


RDFLIB_SCRIPT = """
import sys, time, json
from datetime import date
import rdflib
from directive_kg import queries
from directive_kg.kg.store.store import bind_values
from directive_kg.kg.graph.vocab import PREFIXES
path, year, as_of = sys.argv[1], int(sys.argv[2]), date.fromisoformat(sys.argv[3])
t = time.perf_counter()
ds = rdflib.Dataset(default_union=True)
ds.parse(path, format="nquads")
load = time.perf_counter() - t
def portable(text):
    # lines marked "# portable: X" become X (gaps.rq uses LATERAL, which rdflib lacks)
    out = []
    for line in text.splitlines():
        code, sep, alt = line.partition("# portable:")
        out.append(code[: len(code) - len(code.lstrip())] + alt.strip() if sep else line)
    return chr(10).join(out)
q = bind_values(portable(queries.load("gaps")), {"year": year, "asOf": as_of})
t = time.perf_counter()
rows = list(ds.query(q, initNs=PREFIXES))
print(json.dumps({"load": load, "query": time.perf_counter() - t, "rows": len(rows)}))
"""


def measure_rdflib(b: Bench, store, year: int, as_of: date, timeout: float, oxigraph_s: float):
    """The same quads in rdflib's in-memory Dataset, the same gaps.rq, in a child process with a
    time limit (rdflib may take much longer)."""
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "all.nq"
        dump.write_bytes(store.dump(ox.RdfFormat.N_QUADS))
        try:
            proc = subprocess.run([sys.executable, "-c", RDFLIB_SCRIPT, str(dump), str(year),
                                   as_of.isoformat()], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            b.add("gaps on rdflib in-memory Dataset (same quads)", "", None,
                  f"did not finish within {timeout:.0f} s (oxigraph {oxigraph_s:.2f} s)")
            return
    if proc.returncode != 0:
        b.add("gaps on rdflib in-memory Dataset (same quads)", "", None,
              f"failed: {proc.stderr.strip().splitlines()[-1][:100] if proc.stderr else '?'}")
        return
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    b.add("rdflib: parse the N-Quads dump into a Dataset", "", r["load"], f"{len(store):,} quads")
    b.add("gaps on rdflib in-memory Dataset (same quads)", r["rows"], r["query"],
          f"{r['rows']} rows; oxigraph {r['query'] / oxigraph_s:.0f}× faster (gaps.rq without "
          "LATERAL, which rdflib lacks)")


def measure_neo4j(b: Bench, store, year: int, as_of: date, truth: Path | None) -> None:
    """Full push into an empty projection, then gaps.cypher: its latency, the ground truth, and
    row for row the rows of gaps.rq on the embedded store."""
    if not os.environ.get("NEO4J_URI"):
        b.add("kg neo4j push (full)", "", None, "n/a (NEO4J_URI not set)")
        return
    try:
        from directive_kg import queries
        from directive_kg.kg.neo4j.conn import settings_from_env
        from directive_kg.kg.neo4j.push import push, wipe
        from directive_kg.kg.neo4j.query import run_cypher
    except ImportError:
        b.add("kg neo4j push (full)", "", None, "n/a (not installed)")
        return
    settings = settings_from_env()
    _none, dt = timed(lambda: wipe(settings))
    b.add("wipe the Neo4j projection", "", dt, "")
    def kids_cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    c, k, before = time.process_time(), kids_cpu(), os.getloadavg()[0]
    report, dt = timed(lambda: push(store, settings))
    b.add("kg neo4j push (full, empty database)", report.total_nodes + report.total_rels, dt,
          f"{(report.total_nodes + report.total_rels) / dt:,.0f} nodes+rels/s; {report.summary()}")
    mine, reader = time.process_time() - c, kids_cpu() - k
    b.add("  CPU time of the push (this process + its store reader; not Neo4j's)", "", mine + reader,
          f"{mine:.1f} s + {reader:.1f} s; load average {before:.1f} → {os.getloadavg()[0]:.1f}")
    (_cols, rows), dt = timed(lambda: run_cypher(settings, queries.load("gaps", ".cypher"),
                                                 {"year": year, "asOf": as_of}, unbound_as_null=True))
    b.add("gaps.cypher on Neo4j (all statuses)", len(rows), dt, f"{len(rows)} rows")
    if truth is not None and truth.exists():
        from bench.check import compare_gaps
        from bench.truth import read_truth

        check = compare_gaps(read_truth(truth), rows)
        b.add("Neo4j gaps = ground truth", check.expected, None,
              f"precision {check.precision:.4f}, recall {check.recall:.4f} ({len(check.missing)} "
              f"missing, {len(check.extra)} extra, {len(check.differ)} differ)")
    embedded, dt = timed(lambda: store.query(queries.load("gaps"), {"year": year, "asOf": as_of}))
    b.add("gaps.rq on the embedded store (for the comparison)", len(embedded), dt, "")
    mine = Counter(_cypher_gap_key(r) for r in rows)
    theirs = Counter(_cypher_gap_key(r) for r in embedded)
    b.add("Neo4j gaps = embedded store, row for row", len(theirs), None,
          "identical" if mine == theirs else f"{sum((mine - theirs).values())} rows only on Neo4j, "
          f"{sum((theirs - mine).values())} only embedded")


_GAP_COLUMNS = ("unit", "unit_iri", "area", "kind", "required_by", "required_by_issuer",
                "required_by_title", "required_by_iri", "deadline", "due", "status", "expanded",
                "response", "response_date", "source", "line", "text")


def _cypher_gap_key(row: dict) -> tuple:
    return tuple(None if row.get(c) is None else str(row[c]) for c in _GAP_COLUMNS)


def measure_neo4j_incremental(b: Bench, store_dir: Path) -> None:
    """The push after the incremental steps: only what changed since the full push."""
    if not os.environ.get("NEO4J_URI"):
        return
    from directive_kg.kg.neo4j.conn import settings_from_env
    from directive_kg.kg.neo4j.push import push
    from directive_kg.kg.store.store import Store

    store = Store.open(store_dir)
    report, dt = timed(lambda: push(store, settings_from_env()))
    b.add("kg neo4j push (incremental, after the changes)", report.nodes_written + report.rels_written,
          dt, report.summary())
    store.close()


def measure_viz(b: Bench) -> None:
    try:
        from bench.viz_paint import measure
        from tests.headless import find_chromium
    except ImportError:
        b.add("viz first paint, 2,000 nodes", "", None, "n/a (not installed)")
        return
    if find_chromium() is None:
        b.add("viz first paint, 2,000 nodes", "", None, "n/a (no Chromium)")
        return
    r = measure(2000)
    b.add("viz first paint, 2,000 nodes", r["nodes"], r["open_to_ready_s"],
          f"first paint {r['first_paint_ms']:.0f} ms")


def record(title: str, label: str, table: str) -> None:
    """Append a dated record (title, label, machine, table) to bench/RESULTS.md."""
    head = (f"\n## {datetime.now().isoformat(timespec='minutes')} — {title}"
            f"{'; ' + label if label else ''}\n\n{machine()}\n\n")
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write(head + "```\n" + table + "\n```\n")


# --- driver --------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--corpus", type=Path, help="a folder written by bench/generate.py")
    src.add_argument("--scale", default="province:Bắc Kạn", help="generate at this scale first")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--programmes", default="dvcq")
    ap.add_argument("--workers", type=int, default=None, help="parse processes (default: cores)")
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    ap.add_argument("--rdflib-timeout", type=float, default=600.0)
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument("--skip-setdiff", action="store_true",
                    help="leave out the plain Python set difference (minutes on a country)")
    ap.add_argument("--incremental", type=int, default=100,
                    help="documents removed, added and changed after the full load (0: none)")
    ap.add_argument("--parse-sample", type=int, default=10000,
                    help="parse throughput on at most this many files (evenly spread)")
    ap.add_argument("--no-record", action="store_true", help="do not append to bench/RESULTS.md")
    ap.add_argument("--label", default="", help="a note for the record (e.g. 'before parallel load')")
    a = ap.parse_args(argv)
    b = Bench()
    work = a.out or Path(tempfile.mkdtemp(prefix="dkg-bench-"))
    gen = corpus_folder(b, a.corpus, work, a.scale, a.seed, a.year, a.programmes)
    summary = json.loads((gen / "summary.json").read_text(encoding="utf-8"))
    year, as_of = summary["year"], date.fromisoformat(summary["as_of"])
    from directive_kg.loaders.reading import iter_files

    files = iter_files([str(gen / "corpus")])
    workers = a.workers or os.cpu_count() or 1
    print(f"corpus {gen}: {len(files)} documents ({summary['scale']}, {year})", flush=True)
    measure_parse(b, files, workers, a.parse_sample)
    store_dir = work / "kg"
    if store_dir.exists():
        shutil.rmtree(store_dir)
    measure_load(b, gen / "corpus", store_dir, gen / "roster.csv", a.workers)
    b.add("store size on disk", "", None, f"{folder_mb(store_dir / 'oxigraph'):.0f} MB")
    if (store_dir / "snapshots").is_dir():
        b.add("read snapshots on disk (not shared with the store)", "", None,
              f"{own_mb(store_dir / 'snapshots', store_dir / 'oxigraph'):.1f} MB")
    from directive_kg.kg.store.store import Store

    store = Store.open(store_dir)
    report = measure_gaps(b, store, store_dir, year, as_of, gen / "ground_truth.csv")
    warm = next(r.seconds for r in b.rows if r.measure.startswith("find_gaps --all running gaps.rq"))
    if not a.skip_setdiff:
        measure_setdiff(b, store, year, as_of, len(report.rows))
    measure_chain(b, store, store_dir)
    if not a.skip_rdflib:
        measure_rdflib(b, store, year, as_of, a.rdflib_timeout, warm)
    measure_neo4j(b, store, year, as_of, gen / "ground_truth.csv")
    store.close()
    if a.incremental:
        measure_incremental(b, store_dir, files, work, a.incremental)
        measure_neo4j_incremental(b, store_dir)
        measure_after_changes(b, store_dir, year, as_of, gen / "ground_truth.csv")
    measure_viz(b)
    me, kids = peak_mb()
    b.add("peak memory (this process / largest child)", "", None, f"{me:.0f} MB / {kids:.0f} MB")
    table = b.table()
    print("\n" + table)
    if not a.no_record:
        record(f"{summary['scale']}, {year}, {len(files)} documents, programmes "
               f"{','.join(summary['programmes'])}", a.label, table)
    if not a.out:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
