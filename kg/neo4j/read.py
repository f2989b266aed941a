"""Every quad of a read snapshot's named graphs, for a full push: read by a second process.

Reading the store is the largest part of a full push on a country (~10 µs a quad in Oxigraph,
11 million quads, whether the quads come to Python or are dumped in Rust). A child process opens
the snapshot read-only (nobody writes a snapshot, and this process holds its pin) and dumps its
named graphs as N-Quads into a pipe; this process parses the stream (~2 µs a quad) and projects
it while the child reads on, so the two halves run on two cores. The pipe holds a few pages: memory stays as
it was. The stream counts only when the child ended well (a truncated dump would be a smaller
projection, not an error).

The child is a fresh interpreter that imports only pyoxigraph (not a fork: this process holds
RocksDB's threads and the driver's sockets), in a session of its own so that a Ctrl-C reaches
only this process, which ends the child. A writer's own database, or a store in memory, is read
in this process as before."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from directive_kg.errors import StoreError
from directive_kg.kg.store.store import Store

# The named graphs only: the merged default graph (kg/store/merged.py) repeats their facts once more
# and the projection leaves it out, so dumping it doubled the reading. Each graph is dumped as
# N-Triples and its name put before each line's closing " ." (N-Triples escapes newlines inside
# literals, so " .\n" ends a statement and nothing else).
_DUMP = """
import sys, pyoxigraph as ox
store, out = ox.Store.read_only(sys.argv[1]), sys.stdout.buffer
for g in store.named_graphs():
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)
    out.write(data.replace(b" .\\n", b" " + str(g).encode() + b" .\\n"))
"""


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def all_quads(store: Store) -> Iterable[ox.Quad]:
    """Every quad of ``store``'s named graphs (read in this process: the default graph's too, which
    the projection leaves out)."""
    if store.writable or store.path is None or _cores() < 2:
        return store.quads()
    return _dumped(str(store.path))


def _dumped(database: str) -> Iterator[ox.Quad]:
    child = subprocess.Popen([sys.executable, "-c", _DUMP, database], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True, bufsize=1 << 20)
    try:
        yield from ox.parse(child.stdout, format=ox.RdfFormat.N_QUADS)
        child.stdout.close()
        problem = child.stderr.read().decode("utf-8", "replace").strip().splitlines()
        if child.wait() != 0:
            raise StoreError(f"reading the store {database} for the push failed"
                             f"{': ' + problem[-1] if problem else ''}")
    finally:
        if child.poll() is None:  # the push stopped before the end: the dump is not needed
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            stream.close()
