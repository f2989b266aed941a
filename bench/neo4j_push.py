"""Benchmark: `kg neo4j push` on the sample corpus against a running Neo4j (NEO4J_URI ...).

Measures a full push (into an empty database; the store holds the unit registry, ~340k quads), an
up-to-date push, an incremental push after one changed file, and each named query on both
engines. Prints a table and appends a dated record to
bench/RESULTS.md. Usage (wipes the projection in the target database):
    scripts/neo4j-local start && source .neo4j-local/env && python -m bench.neo4j_push"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

from directive_kg import queries
from directive_kg.kg.neo4j.conn import settings_from_env
from directive_kg.kg.neo4j.push import push, wipe
from directive_kg.kg.neo4j.query import run_cypher
from directive_kg.kg.store.load import load_paths
from directive_kg.kg.store.store import Store

ROOT = Path(__file__).resolve().parent.parent
PARAMS = {"chain-up": {"number": "80/KH-UBND"}, "chain-up-stated": {"number": "33/CT-TTg"},
          "chain-down": {"number": "33/CT-TTg"}, "implementers": {"number": "33/CT-TTg"},
          "plans-of-year": {"year": 2024}, "parents-not-loaded": {"year": 2024},
          "gaps": {"year": 2024}}


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    settings = settings_from_env()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "samples" / "corpus", corpus)
        store = Store.open(Path(tmp) / "kg", write=True)
        load_paths(store, [str(corpus)])
        rows.append(("store", f"{len(store)} quads, {len(store.named_graphs())} graphs", 0.0))
        _none, dt = timed(lambda: wipe(settings))
        rows.append(("wipe the projection", "", dt))
        report, dt = timed(lambda: push(store, settings))
        rows.append(("full push (empty database)",
                     f"{report.total_nodes} nodes, {report.total_rels} rels", dt))
        report, dt = timed(lambda: push(store, settings))
        rows.append(("push, nothing changed", report.summary().split(";")[0], dt))
        changed = sorted(corpus.glob("*.txt"))[-1]
        changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        load_paths(store, [str(changed)])
        report, dt = timed(lambda: push(store, settings))
        rows.append(("push, one file changed", f"{report.nodes_written} nodes, "
                     f"{report.rels_written} rels rewritten", dt))
        for name in queries.available(".cypher"):
            params = PARAMS.get(name, {})
            res, dt = timed(lambda: store.query(queries.load(name), params))  # noqa: B023
            rows.append((f"query {name} (oxigraph)", f"{len(res)} rows", dt))
            (_c, res), dt = timed(lambda: run_cypher(settings, queries.load(name, ".cypher"),  # noqa: B023
                                                     params, unbound_as_null=True))  # noqa: B023
            rows.append((f"query {name} (neo4j)", f"{len(res)} rows", dt))
    lines = [f"{'measure':<34} {'seconds':>8}  result"]
    lines += [f"{m:<34} {s:>8.2f}  {r}" for m, r, s in rows]
    print("\n".join(lines))
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write(f"\n## {datetime.now().isoformat(timespec='minutes')} — neo4j push, sample corpus; "
                 f"{machine}\n\n```\n" + "\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
