"""Legacy Vietnamese text → Unicode: TCVN3 (ABC), VNI, and UTF-8 that was read as Latin-1/cp1252.

Documents typed in the .VnTime (TCVN3) or VNI-Times (VNI) fonts reach us as Latin-1 letters and
symbols ("Céng hoµ", "Coäng hoøa"), whether they come from a .txt, a .docx, a PDF or a web page.
The tables below were written from the published character charts (TCVN 5712:1993 VN3 and
VNI-Windows); conversion is decided per document, then applied line by line so that the Unicode
lines of a mixed document stay untouched."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# --- TCVN3 (ABC): one byte per letter; lower-case letters only, plus Ă Â Ê Ô Ơ Ư Đ ---------
# Read as Latin-1, each byte becomes the character with the same code. The five letters of each
# row are the base vowel with grave, hook, tilde, acute and dot below, in that order.
_TCVN3_ROWS = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # grave, hook, tilde, acute, dot
_TCVN3_PLAIN = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
                0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ"}


def _tcvn3_table() -> dict[int, str]:
    table = dict(_TCVN3_PLAIN)
    for base, codes in _TCVN3_ROWS.items():
        for code, tone in zip(codes, _TONES, strict=True):
            table[code] = unicodedata.normalize("NFC", base + tone)
    return table


TCVN3 = _tcvn3_table()

# --- VNI-Windows: a base letter followed by one mark letter; a few letters are one byte ------
_VNI_SINGLE = {"ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "æ": "ỉ", "Æ": "Ỉ",
               "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"}
# mark letter → combining marks it stands for (lower-case form; the upper-case letter is the same mark)
_VNI_TONE = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {"â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309",
            "ã": "\u0302\u0303", "ä": "\u0302\u0323"}
_VNI_BREVE = {"ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309",
              "ü": "\u0306\u0303", "ë": "\u0306\u0323"}
# which marks each base vowel takes (ơ and ư come from the single-letter step first)
_VNI_MARKS = {"a": {**_VNI_TONE, **_VNI_HAT, **_VNI_BREVE}, "e": {**_VNI_TONE, **_VNI_HAT},
              "o": {**_VNI_TONE, **_VNI_HAT}, "u": _VNI_TONE, "y": _VNI_TONE, "ơ": _VNI_TONE,
              "ư": _VNI_TONE}
_VNI_MARK_CHARS = "".join(sorted({c for m in _VNI_MARKS.values() for c in m}))
_VNI_PAIR = re.compile(
    "([aeouyơưAEOUYƠƯ])([" + _VNI_MARK_CHARS + _VNI_MARK_CHARS.upper() + "])")

# --- evidence ----------------------------------------------------------------------------------
# Unicode letters that only Vietnamese text has (beyond Latin-1): a line with them is Unicode.
_VN_ONLY = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
# Latin-1 characters that are not Vietnamese letters: symbols TCVN3 uses for letters.
_TCVN3_SIGNS = re.compile("[\u00a1-\u00ae\u00b5-\u00be\u00c6\u00c7\u00cb\u00ce\u00cf\u00d0\u00d1"
                          "\u00d6\u00d7\u00d8\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee\u00ef"
                          "\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe]")
# VNI marks that no Unicode Vietnamese text has after a vowel (old-style "hoà/hoá" excluded)
_VNI_SIGNS = re.compile("(?:[aeuyAEUY][" + _VNI_MARK_CHARS + _VNI_MARK_CHARS.upper() + "]|"
                        "[oO][ùøûõïâåäÙØÛÕÏÂÅÄ]|[ñÑöÖ](?=[a-zA-Z])|(?<=[a-zA-Z])[ñÑöÖôÔ])")
_LETTER_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Repair:
    text: str
    encoding: str | None  # "tcvn3" | "vni" | None when the text was already Unicode
    conversions: tuple[str, ...]  # e.g. ("tcvn3→unicode",)


def tcvn3_to_unicode(text: str) -> str:
    return "".join(TCVN3.get(ord(c), c) for c in text)


def vni_to_unicode(text: str) -> str:
    text = "".join(_VNI_SINGLE.get(c, c) for c in text)

    def combine(m: re.Match[str]) -> str:
        base, mark = m.group(1), m.group(2)
        marks = _VNI_MARKS[base.lower()].get(mark.lower())
        if marks is None:
            return m.group(0)
        return unicodedata.normalize("NFC", base + marks)

    return _VNI_PAIR.sub(combine, text)


def _recase_tcvn3(line: str) -> str:
    """TCVN3 has no accented capitals (headings used the .VnTimeH font with lower-case codes):
    'KÕ HO¹CH' converts to 'Kế HOạCH'. A word whose other letters are capitals, or whose
    neighbour across a space is such a word, is put in capitals ('ñY BAN' → 'ỦY BAN'); in running
    text typists wrote 'Uû ban' (old tone placement) precisely so that the capital stays ASCII."""
    words = list(re.finditer(r"\w+", line))

    def ascii_letters(w: str) -> list[str]:
        return [c for c in w if c.isascii() and c.isalpha()]

    def caps(w: str) -> bool:
        letters = ascii_letters(w)
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    flags = [caps(m.group()) for m in words]
    out, last = [], 0
    for i, m in enumerate(words):
        word = m.group()
        letters = ascii_letters(word)
        near = ((i > 0 and flags[i - 1] and line[words[i - 1].end():m.start()] == " ")
                or (i + 1 < len(words) and flags[i + 1] and line[m.end():words[i + 1].start()] == " "))
        if flags[i] or (near and letters and all(c.isupper() for c in letters)):
            word = word.upper()
        out.append(line[last:m.start()] + word)
        last = m.end()
    out.append(line[last:])
    return "".join(out)


def _convert_line(line: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return _recase_tcvn3(tcvn3_to_unicode(line))
    return vni_to_unicode(line)


def _unicode_line(line: str) -> bool:
    return bool(_VN_ONLY.search(unicodedata.normalize("NFC", line)))


def convert_legacy(text: str, encoding: str) -> str:
    """Convert the lines of ``text`` that are in ``encoding`` (tcvn3 | vni); Unicode lines stay.
    In a document that also has Unicode lines, only lines showing signs of the encoding move."""
    signs = _TCVN3_SIGNS if encoding == "tcvn3" else _VNI_SIGNS
    lines = text.split("\n")
    unicode_lines = sum(1 for ln in lines if _unicode_line(ln))
    sign_lines = sum(1 for ln in lines if signs.search(ln))
    mixed = unicode_lines > max(2, sign_lines // 10)
    out = []
    for ln in lines:
        if _unicode_line(ln) or not any(ord(c) > 0x7F for c in ln) or (mixed and not signs.search(ln)):
            out.append(ln)
        else:
            out.append(_convert_line(ln, encoding))
    return "\n".join(out)


def _strong_lines(text: str) -> tuple[str, str | None]:
    """A Unicode document with a few legacy lines (a pasted letterhead, a quoted paragraph):
    convert each line whose words are clearly in one legacy encoding."""
    out, found = [], {}
    for ln in text.split("\n"):
        if not _unicode_line(ln) and any(ord(c) > 0x7F for c in ln):
            _, tcvn3, vni = _signs(ln)
            words = max(1, len(_LETTER_WORD.findall(ln)))
            enc, count = ("tcvn3", tcvn3) if tcvn3 >= vni else ("vni", vni)
            if count >= 2 and count >= 0.3 * words:
                found[enc] = found.get(enc, 0) + 1
                ln = _convert_line(ln, enc)
        out.append(ln)
    return "\n".join(out), (max(found, key=found.get) if found else None)


def _signs(text: str) -> tuple[int, int, int]:
    """(Vietnamese-only Unicode letters, TCVN3 signs, VNI signs) in the text."""
    return (len(_VN_ONLY.findall(text)), len(_TCVN3_SIGNS.findall(text)),
            len(_VNI_SIGNS.findall(text)))


def legacy_signs(text: str) -> tuple[str | None, int]:
    """('tcvn3' | 'vni' | None, how many signs of it). Decided on the share of signs of each
    among the words: Vietnamese prose has a diacritic in most words, so a legacy text shows
    signs in many of them, and a Unicode text shows its own letters instead."""
    text = unicodedata.normalize("NFC", text)  # NFD and Windows-1258 text are Unicode, not VNI
    words = max(1, len(_LETTER_WORD.findall(text)))
    unicode_vn, tcvn3, vni = _signs(text)
    best, count = ("tcvn3", tcvn3) if tcvn3 >= vni else ("vni", vni)
    if count < 3 or count < words * 0.05 or count < unicode_vn:
        return None, 0
    return best, count


def legacy_encoding(text: str) -> str | None:
    return legacy_signs(text)[0]


# --- UTF-8 read as Latin-1 / cp1252 ------------------------------------------------------------
_CP1252_BYTE = {ch: b for b in range(0x80, 0xA0)
                if (ch := bytes([b]).decode("cp1252", errors="ignore"))}
_MOJIBAKE = re.compile("[\u00c2-\u00c6\u00e1][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
                       "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
                       "\u2030\u2039\u203a\u20ac\u2122]")


def _as_bytes(text: str) -> bytes | None:
    out = bytearray()
    for c in text:
        o = ord(c)
        if o < 0x100:
            out.append(o)
        elif c in _CP1252_BYTE:
            out.append(_CP1252_BYTE[c])
        else:
            return None
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """Text whose UTF-8 bytes were decoded as Latin-1 or cp1252 ('Nghá»‹ quyáº¿t') → the real
    text, line by line; None when there is nothing to repair."""
    if len(_MOJIBAKE.findall(text)) < 2:
        return None
    changed = False
    out = []
    for ln in text.split("\n"):
        raw = _as_bytes(ln) if _MOJIBAKE.search(ln) else None
        if raw is not None:
            try:
                fixed = raw.decode("utf-8")
            except UnicodeDecodeError:
                fixed = None
            if fixed is not None and fixed != ln:
                out.append(fixed)
                changed = True
                continue
        out.append(ln)
    return "\n".join(out) if changed else None


def repair(text: str) -> Repair:
    """Undo mojibake and legacy font encodings; text that needs neither comes back unchanged."""
    conversions: list[str] = []
    fixed = repair_mojibake(text)
    if fixed is not None:
        text = fixed
        conversions.append("utf-8 read as cp1252→unicode")
    encoding = legacy_encoding(text)
    if encoding is not None:
        text = convert_legacy(text, encoding)
    else:
        text, encoding = _strong_lines(text)
    if encoding is not None:
        conversions.append(f"{encoding}→unicode")
    return Repair(text, encoding, tuple(conversions))
