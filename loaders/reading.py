"""Files → text. Decides the encoding and refuses what is not a text document, with one clear
reason per file (never a traceback)."""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from directive_kg.kg.errors import LoaderError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
MAX_BYTES = 20 * 1024 * 1024  # a plan is a few hundred KB; larger files are not plans


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str
    sha256: str  # of the raw bytes: identifies the file version
    encoding: str


def decode(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding). UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258."""
    if not data.strip():
        raise LoaderError(path, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    if b"\x00" in data[:4096]:
        raise LoaderError(path, "binary file, not text (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1258", errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 200):
        raise LoaderError(path, "not valid UTF-8 and not Windows-1258 text")
    return text, "cp1258"


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoaderError(path, f"invalid {encoding} at byte {exc.start}") from None


def read_source(path: str | os.PathLike) -> SourceText:
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise LoaderError(name, "is a folder, not a file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise LoaderError(name, f"too large for a plan document ({size // 1_048_576} MB)")
        data = p.read_bytes()
    except LoaderError:
        raise
    except FileNotFoundError:
        raise LoaderError(name, "no such file") from None
    except PermissionError:
        raise LoaderError(name, "permission denied") from None
    except OSError as exc:
        raise LoaderError(name, f"cannot read ({exc.strerror or exc})") from None
    text, encoding = decode(data, name)
    if not text.strip():
        raise LoaderError(name, "empty file")
    return SourceText(name, text, hashlib.sha256(data).hexdigest(), encoding)


def iter_files(paths: list[str]) -> list[str]:
    """Files under ``paths`` (folders recursively, symlink loops skipped), sorted, deduplicated."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                for f in sorted(files):
                    fp = os.path.join(root, f)
                    if Path(f).suffix.lower() in TEXT_SUFFIXES and fp not in seen:
                        seen.add(fp)
                        out.append(fp)
        elif raw not in seen:
            seen.add(raw)
            out.append(raw)
    return out
