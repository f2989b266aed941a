"""The development set as other sources would deliver the same documents.

The hidden real documents are scored like the development set, but they come through other
portals and converters: decomposed accents, Windows line ends, old-style tones ("hoá"), other wrap
widths, no Markdown, a portal's banner and footer, non-breaking spaces, every line a paragraph
(blank lines between all lines, as PDF and web converters give), no blank lines at all, indented
lines (PDF text), headings in sentence case; and three combinations (PDF text, old software, a
web copy). Scoring the development set under each of these
(`python -m bench.accuracy tests/realdocs --variants`) tells a rule that holds on the text from
one written for how one file happens to look. Each variant is a pure function of the text.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Callable

_NEW_TO_OLD_TONE = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé",
                    "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ",
                    "ụy": "uỵ"}


def old_tones(text: str) -> str:
    for new, old in _NEW_TO_OLD_TONE.items():
        for a, b in ((new, old), (new.capitalize(), old.capitalize()), (new.upper(), old.upper())):
            text = text.replace(a, b)
    return text


def wrap(width: int) -> Callable[[str], str]:
    def wrapped(text: str) -> str:
        out = []
        for line in text.split("\n"):
            if len(line) <= width or line.lstrip().startswith("|"):
                out.append(line)
            else:
                out.extend(textwrap.wrap(line, width, break_long_words=False,
                                         break_on_hyphens=False) or [""])
        return "\n".join(out)
    return wrapped


def without_markdown(text: str) -> str:
    return text.replace("**", "").replace("__", "")


def in_a_portal_page(text: str) -> str:
    return ("Trang chủ | Văn bản pháp luật | Tin tức\nCổng thông tin điện tử\n"
            "Lượt xem: 1.234\nChia sẻ Facebook Zalo\n\n" + text +
            "\n\nBài viết liên quan\n- Kế hoạch khác của tỉnh\n"
            "Bản quyền thuộc Cổng thông tin điện tử. Ghi rõ nguồn khi trích dẫn.\n")


def some_nbsp(text: str) -> str:
    return re.sub(r"(?<=\w) (?=\w)", lambda m: "\u00a0" if m.start() % 7 == 0 else " ", text)


def every_line_a_paragraph(text: str) -> str:
    return re.sub(r"\n(?=\S)", "\n\n", text)


def no_blank_lines(text: str) -> str:
    return re.sub(r"\n\s*\n", "\n", text)


def indented(text: str) -> str:
    return "\n".join("    " + ln if ln.strip() and not ln.startswith("|") else ln
                     for ln in text.split("\n"))


def headings_in_sentence_case(text: str) -> str:
    return re.sub(r"(?m)^([IVX]+\.\s+)([^\n]+)$", lambda m: m.group(1) + m.group(2).capitalize(), text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


VARIANTS: dict[str, Callable[[str], str]] = {
    "nfd": nfd,
    "crlf": crlf,
    "old-tones": old_tones,
    "wrap-72": wrap(72),
    "wrap-50": wrap(50),
    "no-markdown": without_markdown,
    "portal-page": in_a_portal_page,
    "nbsp": some_nbsp,
    "every-line-a-paragraph": every_line_a_paragraph,
    "no-blank-lines": no_blank_lines,
    "indented": indented,
    "sentence-case-headings": headings_in_sentence_case,
}
# Deliveries that combine several of the above, as real converters do.
VARIANTS |= {
    "pdf-text": lambda t: indented(every_line_a_paragraph(wrap(50)(t))),
    "old-software": lambda t: crlf(nfd(old_tones(t))),
    "web-copy": lambda t: in_a_portal_page(some_nbsp(no_blank_lines(without_markdown(t)))),
}
