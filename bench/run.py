"""Benchmark: parse and load throughput on the sample corpus, repeated with distinct file paths.

Prints a table and appends a dated record to bench/RESULTS.md. Usage:
    python bench/run.py [--copies N]
(The national-scale generator of issue 8 is still to come; this measures the hot paths we have.)"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

from directive_kg.kg.api import load_paths
from directive_kg.kg.store import Store
from directive_kg.loaders import parse_text

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=50)
    args = ap.parse_args()
    seeds = sorted((ROOT / "samples" / "corpus").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    rows = []
    t0 = time.perf_counter()
    n = 0
    for _ in range(args.copies):
        for i, t in enumerate(texts):
            parse_text(t, f"s{i}")
            n += 1
    dt = time.perf_counter() - t0
    rows.append(("parse (in process)", n, dt, f"{n / dt:.1f} docs/s"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        for c in range(args.copies):
            d = corpus / f"copy{c:04d}"
            d.mkdir(parents=True)
            for p in seeds:
                shutil.copy(p, d / p.name)
        store = Store.open(Path(tmp) / "kg", write=True)
        t0 = time.perf_counter()
        report = load_paths(store, [str(corpus)])
        dt = time.perf_counter() - t0
        docs = len(report.loaded)
        triples = len(store)
        rows.append(("load (parse+map+store)", docs, dt,
                     f"{docs / dt:.1f} docs/s, {triples / dt:.0f} triples/s"))
        size = sum(f.stat().st_size for f in (Path(tmp) / "kg").rglob("*") if f.is_file())
        rows.append(("store size on disk", docs, 0.0, f"{size / 1e6:.1f} MB"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory", 0, 0.0, f"{peak:.0f} MB"))
    header = f"{'measure':<26} {'docs':>6} {'seconds':>8}  result"
    lines = [header] + [f"{m:<26} {k:>6} {s:>8.2f}  {r}" for m, k, s, r in rows]
    print("\n".join(lines))
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write(f"\n## {datetime.now().isoformat(timespec='minutes')} — copies={args.copies}; "
                 f"{machine}\n\n```\n" + "\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
