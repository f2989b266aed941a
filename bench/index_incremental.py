"""The gaps index after small writes to a loaded store: a day's documents added, changed documents
reloaded, documents removed. For each step: the seconds the write spent on the gaps index
(``LoadReport.seconds["index"]``, what `kg load` pays), the seconds of a full rebuild of the same
index (gaps.rq for every year, the reference), and whether the two give the same rows.

    python -m bench.index_incremental --corpus /tmp/generated --documents 50

The corpus is a folder written by bench/generate.py (its roster is loaded first). ``--documents``
files (a seeded sample) are held out of the first load, then added; as many other loaded files
are changed (their first written day moved) and reloaded; then the added ones are removed.
``--within TEXT`` takes them among the files whose path holds TEXT (a province's folder: a
province adding its week's documents to a store of several). Runs with the code of any commit
since the index exists (it uses only load_paths, remove_paths and gaps_index.build), so a
before/after pair is the same script on two trees."""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from datetime import date
from pathlib import Path

from bench.run import Bench, machine, timed

_DAY = re.compile(r"ngày (\d{1,2}) tháng")


def _one_day_later(text: str) -> str:
    """The document's first written day moved by one (a changed date: answers and deadlines move)."""
    m = _DAY.search(text)
    if m is None:
        return text + "\n"
    day = int(m.group(1))
    return text[:m.start(1)] + f"{day % 27 + 1:02d}" + text[m.end(1):]


def _rows(db: sqlite3.Connection, years: list[int], days: list[date]) -> list:
    from directive_kg.kg.store import gaps_index

    out = []
    for year in years:
        for day in days:
            out.append(sorted((tuple(sorted(r.items())) for r in gaps_index.duty_rows(db, year, day)),
                              key=repr))
        out.append(sorted((tuple(sorted(r.items())) for r in gaps_index.unloaded_parents(db, year)),
                          key=repr))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="a folder written by bench/generate.py")
    ap.add_argument("--documents", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--within", default="", help="take the documents among paths holding this")
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    ap.add_argument("--label", default="")
    a = ap.parse_args(argv)

    from directive_kg.kg.answers.units import load_roster
    from directive_kg.kg.store import gaps_index
    from directive_kg.kg.store.load import load_paths, remove_paths
    from directive_kg.kg.store.store import Store
    from directive_kg.loaders.reading import iter_files

    work = a.out or Path(tempfile.mkdtemp(prefix="dkg-index-"))
    if work.exists():
        shutil.rmtree(work)
    corpus = work / "corpus"
    shutil.copytree(a.corpus / "corpus", corpus)
    files = iter_files([str(corpus)])
    rng = random.Random(a.seed)
    among = [f for f in files if a.within in f]
    held = sorted(rng.sample(among, a.documents))
    rest = [f for f in files if f not in set(held)]
    changed = sorted(rng.sample([f for f in among if f not in set(held)], a.documents))
    b = Bench()
    store = Store.open(work / "kg", write=True)
    roster = a.corpus / "roster.csv"
    if roster.exists():
        load_roster(store, str(roster))
    report, dt = timed(lambda: load_paths(store, rest))
    b.add("full load (documents)", len(rest), dt, f"{len(report.failed)} failed")
    b.add("  of which gaps index", "", report.seconds["index"], "")
    years = sorted({int(r["year"]) for r in store.query(
        "SELECT DISTINCT ?year WHERE { GRAPH ?g { ?d dkg:hasSourceDocument ?s ; dkg:year ?year } }")})
    days = [date(y, m, 1) for y in years for m in (3, 7, 12)] + [date(max(years) + 1, 6, 1)]

    def step(name: str, n: int, write) -> None:
        t0 = time.perf_counter()
        seconds = write()
        total = time.perf_counter() - t0
        with closing(gaps_index.open_index(store)) as db:
            kept = _rows(db, years, days)
            made = dict(db.execute("SELECT key, value FROM meta")).get("made", "rebuilt")
        built, full = timed(lambda: gaps_index.build(store))
        with closing(built) as db:
            same = _rows(db, years, days) == kept
        b.add(f"{name}: end to end", n, total, "")
        b.add(f"{name}: of which gaps index", n, seconds, made + (
            ", same rows as a full rebuild" if same else ", ROWS DIFFER from a full rebuild"))
        b.add(f"{name}: full rebuild of the index (reference)", n, full, "")

    step(f"add {a.documents} new documents", a.documents,
         lambda: load_paths(store, held).seconds["index"])
    for f in changed:
        p = Path(f)
        p.write_text(_one_day_later(p.read_text(encoding="utf-8")), encoding="utf-8")
    step(f"reload {a.documents} changed documents", a.documents,
         lambda: load_paths(store, changed).seconds["index"])

    def remove():
        t0 = time.perf_counter()
        remove_paths(store, held)
        return time.perf_counter() - t0  # remove_paths reports no parts: its whole time

    step(f"remove {a.documents} documents (whole removal)", a.documents, remove)
    print(f"\n{a.label}\n{machine()}\n\n{b.table()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
