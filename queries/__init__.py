"""Named SPARQL (.rq) and Cypher (.cypher) queries. Each file starts with a comment saying what it
answers and which parameters it takes."""

from __future__ import annotations

from importlib import resources

from directive_kg.errors import NotFoundError


def available(ext: str = ".rq") -> list[str]:
    return sorted(p.name[: -len(ext)] for p in resources.files(__name__).iterdir()
                  if p.name.endswith(ext))


def load(name: str, ext: str = ".rq") -> str:
    path = resources.files(__name__).joinpath(name + ext)
    if not path.is_file():
        raise NotFoundError(f"no named query {name!r}; known: {', '.join(available(ext))}")
    return path.read_text(encoding="utf-8")


def describe(name: str, ext: str = ".rq") -> str:
    lines = [ln.lstrip("#/").strip() for ln in load(name, ext).splitlines()
             if ln.startswith(("#", "//"))]
    return " ".join(lines)
