"""Benchmark: `kg units load` of a large roster (default 100,000 rows), its time and peak memory.

    python -m bench.roster_scale                 # 100,000 rows, recorded in bench/RESULTS.md
    python -m bench.roster_scale --rows 20000 --no-record

The roster lists public service units (schools, health stations) under every province and
every district-level People's Committee whose name no other unit shares (a roster's parent must
name one registry unit), as many per parent as needed. A store holding the reference data is
made first; then `kg units load` runs in a process of its own, twice: a first load, and the same
file again (which replaces the first version). Peak memory is that process's maximum resident
set (getrusage of the waited child)."""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from bench.run import ROOT, Bench, folder_mb, machine

KG = [sys.executable, "-c", "from directive_kg.kg.cli.main import main; main()"]
KINDS = ("Trường Tiểu học", "Trường Trung học cơ sở", "Trạm Y tế", "Trường Mầm non")


def parents() -> list[str]:
    """Parents a roster can name: the provinces, and the district-level units of 2024 whose
    name is theirs alone."""
    from directive_kg.reference.registry import load_registry

    reg = load_registry()
    on = date(2024, 6, 1)
    out = [f"Ủy ban nhân dân {u.name[0].lower()}{u.name[1:]}" for u in reg.units_on(on, "province")]
    for u in reg.units_on(on, "district"):
        if len(reg.find(u.name, on=on)) == 1:
            out.append(f"Ủy ban nhân dân {u.name[0].lower()}{u.name[1:]}")
    return list(dict.fromkeys(out))


def write_roster(path: Path, rows: int) -> int:
    names = parents()
    per = -(-rows // len(names))
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "unit_class", "parent", "valid_from", "valid_to"])
        for parent in names:
            for i in range(per):
                if n == rows:
                    return len(names)
                w.writerow([f"{KINDS[i % len(KINDS)]} số {i + 1}", "public_service_units", parent,
                            "2024-01-01", ""])
                n += 1
    return len(names)


def run_kg(*args: str) -> tuple[float, float, str]:
    """(seconds, peak MB of that process, stdout) of one `kg` command in its own process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*KG, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.stdout.read(), proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"kg {' '.join(args)} failed: {err.strip()[-500:]}")
    return seconds, usage.ru_maxrss / 1024, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--no-record", action="store_true", help="do not append to bench/RESULTS.md")
    a = ap.parse_args(argv)
    b = Bench()
    with tempfile.TemporaryDirectory(prefix="dkg-roster-") as tmp:
        work = Path(tmp)
        roster = work / "roster.csv"
        n_parents = write_roster(roster, a.rows)
        b.add("roster file", a.rows, None,
              f"{roster.stat().st_size / 1e6:.1f} MB, {n_parents} parent bodies")
        store = work / "kg"
        # the reference data first (its own peak: the registry's bulk load), in a process of its own
        seconds, _mb, _ = run_kg("load", "--store", str(store), str(ROOT / "samples" / "corpus"))
        b.add("store with the reference data and the sample corpus", "", seconds, "")
        for what in ("first load", "same file again (replaces it)"):
            seconds, mb, out = run_kg("units", "load", "--store", str(store), str(roster))
            b.add(f"kg units load, {what}", a.rows, seconds,
                  f"{a.rows / seconds:,.0f} rows/s, peak {mb:,.0f} MB ({out.strip().rsplit(': ', 1)[-1]})")
        b.add("store size on disk", "", None, f"{folder_mb(store / 'oxigraph'):.0f} MB")
    table = b.table()
    print("\n" + table)
    if not a.no_record:
        head = (f"\n## {datetime.now().isoformat(timespec='minutes')} — roster of {a.rows:,} rows "
                f"(`python -m bench.roster_scale`)\n\n{machine()}\n\n")
        with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
            fh.write(head + "```\n" + table + "\n```\n")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
