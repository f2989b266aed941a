"""The store as a long-running reader sees it: opened read-only (as every `kg` reader opens it)
and opened again when its generation changes, i.e. when a `kg load` has written since. A
read-only RocksDB open is a view of the store as it was when opened, so a server that never
reopened would keep answering from the store of the day it started."""

from __future__ import annotations

import threading
from pathlib import Path

from directive_kg.kg.store.store import GENERATION_FILE, Store, store_path


class StoreHolder:
    def __init__(self, store_dir: str | None):
        self.store_dir = store_dir
        self._generation_file = store_path(store_dir).parent / GENERATION_FILE
        self._store: Store | None = None
        self._generation: str | None = None
        self._lock = threading.Lock()

    def generation(self) -> str:
        """The store's generation as written now (changes with every write)."""
        try:
            return Path(self._generation_file).read_text(encoding="ascii").strip()
        except OSError:
            return "none"

    def get(self) -> Store:
        """The store, opened again if it was written since it was last opened. Raises StoreError
        when there is no store (the page says to run `kg load`)."""
        now = self.generation()
        with self._lock:
            if self._store is None or now != self._generation:
                self._store = None  # release the old view before opening the new one
                self._store = Store.open(self.store_dir)
                self._generation = now
            return self._store
