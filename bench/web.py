"""Benchmark of `kg serve` on a generated store: the dashboard's first page (cold and warm), the
downloads, 20 concurrent SPARQL clients running the named queries through /sparql, what running a
query in a worker process costs against running it in the caller, and how fast a query past its
time limit is stopped.

    python -m bench.web --scale "provinces:5"            # generate, load, serve, measure
    python -m bench.web --corpus bench/out/national       # a corpus bench/generate.py wrote
    python -m bench.web --corpus bench/out/national --store bench/out/run/kg  # loaded by bench.run --out

Prints a table and appends a dated record to bench/RESULTS.md (like bench/run.py)."""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from bench.run import Bench, corpus_folder, folder_mb, record, timed


def load(b: Bench, corpus: Path, store_dir: Path) -> None:
    from directive_kg.kg.answers.units import load_roster
    from directive_kg.kg.store.load import ensure_reference_data, load_paths
    from directive_kg.kg.store.store import Store

    store = Store.open(store_dir, write=True)
    ensure_reference_data(store)
    if (corpus / "roster.csv").is_file():
        load_roster(store, str(corpus / "roster.csv"))
    t0 = time.perf_counter()
    report = load_paths(store, [str(corpus / "corpus")])
    dt = time.perf_counter() - t0
    docs = len(report.loaded) + len(report.replaced)
    b.add("load (documents, rules, merged default graph, index)", docs, dt,
          f"{docs / dt:.0f} docs/s, {len(report.failed)} failed")
    for key in ("documents", "rules", "merged", "index"):
        b.add(f"  of which {key}", "", report.seconds.get(key), "")
    b.add("store size on disk (oxigraph / merged-state.sqlite)", "", None,
          f"{folder_mb(store_dir / 'oxigraph'):.0f} MB / "
          f"{(store_dir / 'merged-state.sqlite').stat().st_size / 1e6:.1f} MB")
    del store
    gc.collect()


def measure_pages(b: Bench, srv, year: int, as_of: date, province: str | None) -> None:
    base = {"year": year, "as_of": as_of.isoformat()}
    first, dt = timed(lambda: srv.get("/?" + urlencode(base)))
    rows = first.text.count('class="kg-row ')
    b.add("dashboard first page, first request (a new question)", rows, dt,
          f"HTTP {first.status}, {len(first.body) / 1e3:.0f} kB")
    time.sleep(10)  # the server warms the front page after it starts
    front, dt = timed(lambda: srv.get("/"))
    b.add("front page as opened (latest year, today; warmed at start)", front.text.count('class="kg-row '),
          dt, f"HTTP {front.status}")
    times = [timed(lambda: srv.get("/?" + urlencode(base)))[1] for _ in range(5)]
    b.add("dashboard first page, asked again (best / median of 5)", rows, min(times),
          f"median {statistics.median(times):.3f} s; under 1 s: {max(times) < 1.0}")
    second, dt = timed(lambda: srv.get("/?" + urlencode({**base, "page": 2, "show": "all"})))
    b.add("dashboard page 2, every status (same report)", second.text.count('class="kg-row '), dt,
          f"HTTP {second.status}")
    if province:
        q = {**base, "under": province}
        r, dt = timed(lambda: srv.get("/?" + urlencode(q)))
        b.add(f"dashboard under {province}", r.text.count('class="kg-row '), dt, f"HTTP {r.status}")
    for ext in ("csv", "xlsx"):
        r, dt = timed(lambda ext=ext: srv.get(f"/gaps.{ext}?" + urlencode({**base, "show": "all"})))
        b.add(f"download /gaps.{ext} (every status)", "", dt, f"HTTP {r.status}, {len(r.body) / 1e6:.2f} MB")


def measure_clients(b: Bench, srv, year: int, clients: int, rounds: int) -> None:
    from directive_kg.kg.web.query_page import named_queries

    named = named_queries(year)
    latencies: list[float] = []
    errors: list[str] = []

    def client(i: int) -> None:
        for k in range(rounds):
            q = named[(i + k) % len(named)]
            r, dt = timed(lambda q=q: srv.sparql(q.text, timeout=600))
            latencies.append(dt)
            if r.status != 200:
                errors.append(f"{q.name}: HTTP {r.status} {r.text[:100]}")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    total = time.perf_counter() - t0
    lat = sorted(latencies)
    b.add(f"{clients} concurrent clients × {rounds} named queries on /sparql", len(lat), total,
          f"{len(errors)} errors; latency median {statistics.median(lat):.2f} s, "
          f"p95 {lat[int(len(lat) * 0.95) - 1]:.2f} s, max {lat[-1]:.2f} s")
    for e in errors[:5]:
        print("   error:", e)
    by_name = {}
    for q in named:
        r, dt = timed(lambda q=q: srv.sparql(q.text, timeout=600))
        by_name[q.name] = (dt, r.status, len(json.loads(r.body)["results"]["bindings"])
                           if r.status == 200 else r.text[:60])
    for name, (dt, status, n) in by_name.items():
        b.add(f"  /sparql {name}, alone", n, dt, f"HTTP {status}")


def measure_overhead(b: Bench, srv, store_dir: Path) -> None:
    from directive_kg.kg.store.store import Store

    store = Store.open(store_dir)
    small = 'SELECT ?i WHERE { ?i eli:number "33/CT-TTg" }'
    direct = [timed(lambda: list(store.results(small)))[1] for _ in range(30)]
    http = [timed(lambda: srv.sparql(small))[1] for _ in range(30)]
    b.add("small query in the caller (Store.results), median of 30", "", statistics.median(direct), "")
    b.add("same query through /sparql (HTTP + worker process), median", "", statistics.median(http),
          f"overhead {1000 * (statistics.median(http) - statistics.median(direct)):.1f} ms")


def measure_time_limit(b: Bench, store_dir: Path) -> None:
    from tests.webserver import serve

    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s ?q ?r . ?r ?x ?y }"
    with serve(store_dir, "--query-timeout", "2", "--query-workers", "1") as srv:
        r, dt = timed(lambda: srv.sparql(heavy))
        after, dt2 = timed(lambda: srv.sparql("ASK { ?s ?p ?o }"))
    b.add("a heavy query with --query-timeout 2: stopped after", "", dt, f"HTTP {r.status}")
    b.add("  the next query (a fresh worker)", "", dt2, f"HTTP {after.status}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--corpus", type=Path, help="a folder written by bench/generate.py")
    src.add_argument("--scale", default="provinces:5", help="generate at this scale first")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--programmes", default="dvcq,qcdc,dvk,kl120,qd23")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3, help="named queries per client")
    ap.add_argument("--row-limit", type=int, default=1_000_000, help="kg serve --row-limit")
    ap.add_argument("--query-timeout", type=float, default=30.0,
                    help="kg serve --query-timeout for the clients (its default: 30 s; gaps.rq alone takes "
                         "minutes on a country)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--store", type=Path, default=None,
                    help="a store already loaded from --corpus (e.g. bench.run --out DIR leaves DIR/kg): "
                         "measured as it is, not loaded again")
    ap.add_argument("--no-record", action="store_true")
    ap.add_argument("--label", default="")
    a = ap.parse_args(argv)
    b = Bench()
    work = a.out or Path(tempfile.mkdtemp(prefix="dkg-bench-web-"))
    gen = corpus_folder(b, a.corpus, work, a.scale, a.seed, 2024, a.programmes)
    summary = json.loads((gen / "summary.json").read_text(encoding="utf-8"))
    year, as_of = summary["year"], date.fromisoformat(summary["as_of"])
    if a.store:
        if not (a.store / "oxigraph").is_dir():
            ap.error(f"--store {a.store}: not a directive-kg store (no oxigraph/ in it)")
        store_dir = a.store
        b.add("store (loaded before, not measured here)", "", None,
              f"{folder_mb(store_dir / 'oxigraph'):.0f} MB")
    else:
        store_dir = work / "kg"
        if store_dir.exists():
            shutil.rmtree(store_dir)
        load(b, gen, store_dir)
    from tests.webserver import serve

    province = _a_province(store_dir)
    # the named queries' whole results (gaps.rq has more rows than the default row limit of
    # 10,000 from a few provinces on): the row limit is raised; the time limit too on a country
    with serve(store_dir, "--row-limit", str(a.row_limit), "--query-timeout", str(a.query_timeout),
               log_dir=work) as srv:
        measure_pages(b, srv, year, as_of, province)
        measure_clients(b, srv, year, a.clients, a.rounds)
        measure_overhead(b, srv, store_dir)
    measure_time_limit(b, store_dir)
    table = b.table()
    print("\n" + table)
    if not a.no_record:
        docs = len(list((gen / "corpus").rglob("*.*")))
        record(f"kg serve (bench/web.py), {summary['scale']}, {year}, {docs} documents", a.label, table)
    if not a.out:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _a_province(store_dir: Path) -> str | None:
    from directive_kg.kg.store.store import Store

    rows = Store.open(store_dir).query("""SELECT ?name (COUNT(?x) AS ?n) WHERE {
        ?b a dkg:PeopleCommittee ; dkg:level "province" ; skos:prefLabel ?name .
        ?i eli:passed_by ?b ; dkg:hasSourceDocument ?x } GROUP BY ?name ORDER BY DESC(?n) LIMIT 1""")
    return rows[0]["name"] if rows else None


if __name__ == "__main__":
    sys.exit(main())
