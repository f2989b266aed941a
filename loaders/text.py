"""Text normalisation that keeps a map back to the original characters.

Matching happens on a normalised copy (NFC, one dash, no markdown emphasis, no table bars);
evidence is always cut from the original text through the offset map, so it is never altered.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\t\u3000"), " ")
# Markdown emphasis/heading marks and portal "|" column bars carry no meaning for matching.
_DROP = dict.fromkeys(map(ord, "*#\r\u200b\u200c\u200d\ufeff\u00ad"), None)
_TRANSLATE = {**DASHES, **_SPACES, **_DROP, ord("|"): " ", ord("Ð"): "Đ", ord("ð"): "đ"}


def nfc(text: str) -> str:
    """NFC plus the eth→Đ repair that PDF extraction often needs."""
    return unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("ð", "đ")


@dataclass(frozen=True)
class MappedText:
    """A normalised view of ``original`` with ``starts[i]`` = original offset of ``text[i]``."""

    original: str
    text: str
    starts: Sequence[int]  # a range when nothing moved
    ends: Sequence[int] | None  # None: each character is its own cluster (end = start + 1)
    line_starts: tuple[int, ...] = field(repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) offsets of the normalised span [start, end)."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        last = self.ends[end - 1] if self.ends is not None else self.starts[end - 1] + 1
        return self.starts[start], last

    def line_of(self, norm_offset: int) -> int:
        """1-based line number in the original text of a normalised offset."""
        pos = self.starts[norm_offset] if norm_offset < len(self.starts) else len(self.original)
        return bisect.bisect_right(self.line_starts, pos)


# Characters that never carry a combining class: Latin (with Vietnamese), punctuation, symbols.
# Anything else sends a text down the exact per-cluster path.
_NOT_PLAIN = re.compile("[^\x00-\u02ff\u1e00-\u1eff\u2000-\u20cf\u2100-\u2bff\u3000-\u3029\u3030-\u303f"
                        "\ufeff\uff00-\uffef]")
_DROPPED = "".join(chr(k) for k, v in _TRANSLATE.items() if v is None)
_INDENT = " \t" + "".join(chr(k) for k in _SPACES)
# What the normalised view leaves out: the dropped characters, and a line's indentation (text
# converted from PDF or typed with leading spaces: a line's meaning never depends on it, while
# a wrapped line joined to the one before would carry its indentation into the sentence).
_GONE = re.compile(f"(?m)^[{re.escape(_INDENT)}]+|[{re.escape(_DROPPED)}]+")
_KEPT_RUN = re.compile(f"[^{re.escape(_DROPPED)}]+")
_TRANSLATED = re.compile(f"[{re.escape(''.join(map(chr, _TRANSLATE)))}]")


def _translate(text: str) -> str:
    """``text.translate(_TRANSLATE)``, skipped when none of its characters is there: translate with a
    dict is slow on non-ASCII text (7 µs for a body's name, where the search takes 1)."""
    return text.translate(_TRANSLATE) if _TRANSLATED.search(text) else text


def map_text(original: str) -> MappedText:
    """Normalise ``original`` cluster by cluster (a base character and its combining marks)."""
    line_starts = (0, *(m.end() for m in re.finditer("\n", original)))
    if unicodedata.is_normalized("NFC", original) and not _NOT_PLAIN.search(original):
        # The common case: NFC text without combining marks, so every character is its own
        # cluster and maps to one character or none; no per-character Python loop needed.
        # (str.translate with a dict is slow on non-ASCII text; the few characters to change
        # are found with one regex instead.)
        n = len(original)
        if not _indented(original):  # the common case: only single characters go
            text = _sub(original)
            if len(text) == n:
                return MappedText(original, text, range(n), None, line_starts)
            kept = list(chain.from_iterable(range(m.start(), m.end())
                                            for m in _KEPT_RUN.finditer(original)))
            return MappedText(original, text, kept, None, line_starts)
        gone = [(m.start(), m.end()) for m in _GONE.finditer(original)]
        kept_runs = [(a, b) for a, b in zip((0, *(e for _, e in gone)), (*(s for s, _ in gone), n),
                                            strict=True) if b > a]
        text = _sub("".join(original[a:b] for a, b in kept_runs))
        kept = list(chain.from_iterable(range(a, b) for a, b in kept_runs))
        return MappedText(original, text, kept, None, line_starts)
    return _map_clusters(original, line_starts)


def _indented(text: str) -> bool:
    return (text[:1] in _INDENT and text != "") or any(f"\n{c}" in text for c in _INDENT)


def _sub(text: str) -> str:
    """``text`` through _TRANSLATE: its one-for-one replacements, and its dropped characters out."""
    return _TRANSLATED.sub(lambda m: _TRANSLATE[ord(m.group())] or "", text)


def _map_clusters(original: str, line_starts: tuple[int, ...]) -> MappedText:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(original)
    line_start = True
    while i < n:
        if line_start and original[i] in _INDENT:  # a line's indentation: left out (see _GONE)
            i += 1
            continue
        line_start = original[i] == "\n"
        j = i + 1
        while j < n and unicodedata.combining(original[j]):
            j += 1
        piece = _translate(unicodedata.normalize("NFC", original[i:j]))
        for ch in piece:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return MappedText(original, "".join(out), starts, ends, line_starts)


# Old-style tone placement (hoà, uỷ) → new style (hòa, ủy): only open syllables ending in
# oa/oe/uy move the tone; "quý" keeps it because "qu" is a consonant.
_OLD_TONE = re.compile(r"(?=[oOuU])(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![\w])")


def _move_tone(m: re.Match[str]) -> str:
    first, second = m.group(1), m.group(2)
    base, *marks = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + "".join(marks)) + base


def new_tone_style(text: str) -> str:
    return _OLD_TONE.sub(_move_tone, nfc(text))


_SPACES_RUN = re.compile(r"\s+")
_NOT_KEY = re.compile(r"[^0-9a-z]+")


def clean(text: str) -> str:
    """NFC, new tone style, one dash, single spaces, no markdown marks. Case is kept."""
    text = _translate(new_tone_style(text))
    return _SPACES_RUN.sub(" ", text).strip()


def fold(text: str) -> str:
    """Accent-free key: 'Thanh Hoá' and 'THANH HOA' both give 'thanh hoa'."""
    decomposed = unicodedata.normalize("NFD", clean(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_KEY.sub(" ", bare.casefold()).strip()
