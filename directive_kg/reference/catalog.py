"""The catalog of central instruments shipped with the ontology (``central-instruments.json``:
25-NQ/TW, 33/CT-TTg, the Law on Grassroots Democracy, …), read as plain entries. kg/graph/mapping.py
turns them into identity keys and the catalog graph."""

from __future__ import annotations

import json
from importlib import resources


def load_catalog_entries() -> list[dict]:
    data = resources.files("directive_kg.ontology").joinpath("central-instruments.json")
    return json.loads(data.read_text(encoding="utf-8"))["instruments"]
