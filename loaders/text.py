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
        text = _TRANSLATED.sub(lambda m: _TRANSLATE[ord(m.group())] or "", original)
        n = len(original)
        if len(text) == n:
            return MappedText(original, text, range(n), None, line_starts)
        kept = list(chain.from_iterable(range(m.start(), m.end())
                                        for m in _KEPT_RUN.finditer(original)))
        return MappedText(original, text, kept, None, line_starts)
    return _map_clusters(original, line_starts)


def _map_clusters(original: str, line_starts: tuple[int, ...]) -> MappedText:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(original)
    while i < n:
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


# A blank line between a word and a letter. Found from its first line break (a literal the engine
# looks for at once) and then checked backwards: a pattern that starts with the look-behind on the
# word's last character is tried at every position of the text (7x slower, the same matches).
_BLANK_LINE = re.compile(r"\n[ \t]*\n[ \t]*(?=[^\W\d_](?![)]))")
_JOINS_AFTER = re.compile(r"[^\s.;:!?/]")


def join_page_breaks(mt: MappedText) -> MappedText:
    """PDF text breaks sentences at page ends ("Trung\\n\\nương Đảng"): when a blank line
    falls between a word and a lower-case word, blank it out in the normalised view only."""
    text = mt.text
    pieces, last = [], 0
    for m in _BLANK_LINE.finditer(text):
        end = m.end()
        if not text[end].islower():
            continue
        start = m.start()
        while start > 0 and text[start - 1] in " \t":  # the spaces ending the word's line
            start -= 1
        if start == 0 or not _JOINS_AFTER.match(text, start - 1):
            continue
        pieces += (text[last:start], " " * (end - start))
        last = end
    joined = "".join((*pieces, text[last:])) if pieces else text
    return MappedText(mt.original, joined, mt.starts, mt.ends, mt.line_starts)


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
