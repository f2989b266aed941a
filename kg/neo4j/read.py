"""Every quad of a read snapshot, for a full push: read by a second process.

Reading the store is the largest part of a full push on a country (~10 µs a quad in Oxigraph,
11 million quads, whether the quads come to Python or are dumped in Rust). A child process opens
the snapshot read-only (nobody writes a snapshot, and this process holds its pin) and dumps it
as N-Quads into a pipe; this process parses the stream (~2 µs a quad) and projects it while the
child reads on, so the two halves run on two cores. The pipe holds a few pages: memory stays as
it was. The stream counts only when the child ended well (a truncated dump would be a smaller
projection, not an error).

A writer's own database, or a store in memory, is read in this process as before."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from directive_kg.errors import StoreError
from directive_kg.kg.store.store import Store


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def all_quads(store: Store) -> Iterable[ox.Quad]:
    """Every quad of ``store``, the default graph's included (the projection leaves it out)."""
    if store.writable or store.path is None or _cores() < 2:
        return store.quads()
    return _dumped(str(store.path))


def _dumped(database: str) -> Iterator[ox.Quad]:
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    read_end, write_end = os.pipe()
    # The child starts with SIGINT and SIGTERM blocked and sets its own handlers before
    # unblocking them (kg/store/interrupts.py): this process alone decides about a Ctrl-C.
    stop = {signal.SIGINT, signal.SIGTERM}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, stop)
    try:
        child = ctx.Process(target=_dump, args=(database, write_end, read_end), daemon=True,
                            name="kg-neo4j-read")
        child.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(write_end)
    try:
        with os.fdopen(read_end, "rb", buffering=1 << 20) as stream:
            yield from ox.parse(stream, format=ox.RdfFormat.N_QUADS)
        child.join()
        if child.exitcode != 0:
            raise StoreError(f"reading the store {database} for the push failed "
                             f"(reader process exit code {child.exitcode})")
    finally:
        if child.is_alive():  # the push stopped before the end: the dump is not needed
            child.terminate()
            child.join()


def _dump(database: str, write_end: int, read_end: int) -> None:
    from directive_kg.kg.store.interrupts import quiet_worker

    quiet_worker()
    os.close(read_end)
    with os.fdopen(write_end, "wb", buffering=1 << 20) as out:
        ox.Store.read_only(database).dump(out, format=ox.RdfFormat.N_QUADS)
