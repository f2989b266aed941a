"""Readers during a load, and loads that are stopped.

`kg gaps` run again and again while `kg load` writes a generated province (237 documents) answers
the whole state before the load or the whole state after it, never a mix and never a silent empty
answer. Ctrl-C and SIGTERM stop a load with one line and the exit code of the table (130, 143),
no worker traceback; temporary files a killed process left are removed by the next writer."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.generate import Options, generate
from directive_kg.kg.store import snapshots
from directive_kg.kg.store.store import Store

KG = [sys.executable, "-c", "from directive_kg.kg.cli.main import main; main()"]
GAPS = ["gaps", "--year", "2024", "--all", "--format", "json", "--as-of", "2024-12-31"]


def kg(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    out = tmp_path_factory.mktemp("bac-kan")
    generate(Options(year=2024, scale="province:Bắc Kạn", seed=1), out)
    dvcq = out / "corpus/06-bac-kan/dvcq"
    return out / "corpus", [dvcq / "province", dvcq / "district"], out / "roster.csv"


def answer(store: Path) -> tuple[int, str, str]:
    """(exit code, the rows as one canonical text, stderr) of `kg gaps`."""
    r = kg(*GAPS, "--store", str(store))
    rows = json.loads(r.stdout)["rows"] if r.returncode == 0 else []
    return r.returncode, json.dumps(sorted(json.dumps(x, sort_keys=True) for x in rows)), r.stderr


def first_write(store: Path, before: str, proc: subprocess.Popen, limit: float = 60) -> None:
    """Wait until the load wrote its first document (the store's generation changed)."""
    t0 = time.monotonic()
    while snapshots.read_generation(store) == before and proc.poll() is None:
        assert time.monotonic() - t0 < limit
        time.sleep(0.01)


def test_gaps_during_a_load_is_the_state_before_or_after(province, reference_store, tmp_path):
    corpus, head, roster = province
    store = tmp_path / "kg"
    shutil.copytree(reference_store, store)
    assert kg("load", "--store", str(store), *map(str, head)).returncode == 0
    assert kg("units", "load", "--store", str(store), str(roster)).returncode == 0
    code, before, err = answer(store)
    assert code == 0, err
    assert len(json.loads(before)) == 262  # the province's and districts' obligations
    load = subprocess.Popen([*KG, "load", "--store", str(store), str(corpus)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[tuple[int, str, str]] = []
    during = 0
    try:
        while load.poll() is None:
            seen.append(answer(store))
            during += load.poll() is None  # the load was still running when the answer came
            in_process = Store.open(store)  # the library path of `kg gaps`, many times faster
            from directive_kg.kg.answers.gaps import find_gaps

            rows = find_gaps(in_process, 2024, include_met=True).rows
            assert len(rows) == 262
            in_process.close()
            del in_process
    finally:
        out, errs = load.communicate(timeout=300)
    assert load.returncode == 0, errs
    assert out.strip() == "loaded 220, replaced 0, unchanged 17, skipped 0, failed 0"
    code, after, err = answer(store)
    assert code == 0, err
    assert after != before
    assert during >= 1, "no answer came while the load ran"
    for i, (code, rows, err) in enumerate(seen):
        assert code == 0 and err == "", (i, code, err)
        assert rows in (before, after), f"answer {i} during the load is neither before nor after"
    print(f"{len(seen)} answers during the load: {sum(r == before for _c, r, _e in seen)} before, "
          f"{sum(r == after for _c, r, _e in seen)} after")


def test_reader_of_a_first_load_is_told_the_store_is_being_written(tmp_path):
    """A store that has never been published (its first load is running) has no earlier state:
    a reader says so (exit 4) rather than answering from an empty or half-written store."""
    store = tmp_path / "kg"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        r = kg(*GAPS, "--store", str(store))
        assert r.returncode == 4
        assert r.stderr == (f"error: store {store} is being written by another kg process and has no "
                            "earlier state to read; wait for it to finish and retry\n")
        assert r.stdout == ""
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()


HOLD = """
import sys, time
from pyoxigraph import Literal, NamedNode, Quad
from directive_kg.kg.store.store import Store
s = Store.open(sys.argv[1], write=True)
s._s.add(Quad(NamedNode("urn:x"), NamedNode("urn:p"), Literal("half"), NamedNode("urn:g")))
print("ready", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_a_stopped_load_says_one_line(province, reference_store, tmp_path, how):
    corpus, _head, _roster = province
    store = tmp_path / "kg"
    shutil.copytree(reference_store, store)
    generation = snapshots.read_generation(store)
    # its own process group, as a terminal makes one: Ctrl-C reaches the workers too
    load = subprocess.Popen([*KG, "load", "--store", str(store), str(corpus)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    first_write(store, generation, load)
    time.sleep(0.3)  # a few documents in, the workers busy
    assert load.poll() is None, "the load ended before it could be stopped"
    if how == "SIGTERM":
        load.send_signal(signal.SIGTERM)
    else:
        os.killpg(load.pid, signal.SIGINT)
    out, err = load.communicate(timeout=60)
    what = "terminated (SIGTERM)" if how == "SIGTERM" else "interrupted (Ctrl-C)"
    assert load.returncode == (143 if how == "SIGTERM" else 130)
    assert err == (f"error: {what} during the load; what was written is kept whole, run the "
                   "command again to finish\n")
    assert out == ""
    # no worker left behind, and the next load finishes the job
    assert subprocess.run(["pgrep", "-g", str(load.pid)], capture_output=True).stdout == b""
    r = kg("load", "--store", str(store), str(corpus))
    assert r.returncode == 0, r.stderr
    loaded, _replaced, unchanged = (int(w) for w in r.stdout.replace(",", "").split()[1:6:2])
    assert loaded + unchanged == 237 and loaded < 237


def test_leftover_temporary_files_are_removed_by_the_next_writer(reference_store, tmp_path):
    store = tmp_path / "kg"
    shutil.copytree(reference_store, store)
    dead = 2 ** 22 + 12345  # above the default pid_max: no such process
    stale = [store / f"generation.{dead}.tmp", store / f"gaps-index.sqlite.{dead}.tmp",
             store / "snapshots" / f"current.{dead}.tmp"]
    for p in stale:
        p.write_text("x")
    half = store / "snapshots" / "0123456789abcdef-deadbeef.tmp"
    (half / "oxigraph").mkdir(parents=True)
    live = store / f"gaps-index.sqlite.{os.getpid()}.tmp"  # a process still at work keeps its own
    live.write_text("x")
    s = Store.open(store, write=True)
    try:
        assert [p for p in stale if p.exists()] == [] and not half.exists()
        assert live.exists()
    finally:
        s.close()
        del s


def test_old_snapshots_go_once_no_reader_holds_them(reference_store, tmp_path):
    """A publish deletes the snapshots no reader holds; one that a reader still reads stays until
    a later publish finds it free."""
    from pyoxigraph import Literal, NamedNode, Quad

    store = tmp_path / "kg"
    shutil.copytree(reference_store, store)
    reader = Store.open(store)
    first = reader.path.parent
    writer = Store.open(store, write=True)
    writer._s.add(Quad(NamedNode("urn:x"), NamedNode("urn:p"), Literal("1"), NamedNode("urn:g")))
    writer._new_generation()
    writer.publish()
    assert first.exists()  # still read
    assert reader.query("ASK { <urn:x> ?p ?o }") == [{"ask": False}]  # the state it opened
    newer = Store.open(store)
    assert newer.query("ASK { <urn:x> ?p ?o }") == [{"ask": True}]
    reader.close()
    del reader
    writer._new_generation()
    writer.publish()
    assert not first.exists()
    names = [p.name for p in (store / "snapshots").iterdir()]
    assert len(names) == 3 and "current" in names  # the one `newer` holds, and the current one
    newer.close()
    writer.close()
