"""Find every instrument a document mentions: numbered (state and Party shapes) and laws by name.

Works on the normalised text of :mod:`text` and reports spans that map back to the original."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .bodies import Context, resolve_body
from .dates import DATE_RE, date_from_match
from .doctypes import DocType, canonical_code, canonical_issuer_code, type_by_code, type_by_name

_S = r"[ \t]*\n?[ \t]*"  # stray spaces and one line break may sit inside a symbol
_GROUP = r"[^\W\d_][^\W_]*"
STATE_NUMBER = re.compile(  # (?=\d) first, as in PARTY_NUMBER below
    rf"(?=\d)(?<![\w/.-])(?P<n>\d{{1,5}}(?:\.\d{{1,3}})?){_S}/{_S}(?:(?P<y>(?:19|20)\d{{2}}){_S}/{_S})?"
    rf"(?P<g>{_GROUP}(?:{_S}-{_S}(?=[A-ZĐ]){_GROUP}|-{_GROUP})*)(?![\w/])")
PARTY_NUMBER = re.compile(  # (?=\d) first: the look-behind alone is tried at every position (2x slower)
    rf"(?=\d)(?<![\w/.-])(?P<n>\d{{1,4}}){_S}-{_S}(?P<t>[^\W\d_]{{1,5}}){_S}/{_S}"
    rf"(?P<g>{_GROUP}(?:-{_GROUP})*)(?![\w/])")
TYPE_WORDS = (r"Nghị quyết|Chỉ thị|Kết luận|Quyết định|Quy định|Quy chế|Kế hoạch|"
              r"Chương trình(?: hành động)?|Đề án|Hướng dẫn|Thông báo|Báo cáo|Công văn|Nghị định|"
              r"Thông tư(?: liên tịch)?|Thông tri|Tờ trình|Phương án|Luật|Pháp lệnh")
# A form's code, not an instrument: "Mẫu số 01/HNCT", "biên bản mẫu 03/HNMT", "Mẫu số 01 và 02/HNMT".
_FORM_BEFORE = re.compile(r"(?:\bmẫu|\bbiểu)\s*(?:số\s*)?:?\s*(?:\d{1,3}\s*(?:,|và|-)\s*)*$", re.IGNORECASE)
_TYPE_BEFORE = re.compile(rf"(?P<w>{TYPE_WORDS})\s*(?:số\s*:?\s*)?$", re.IGNORECASE)
LAW_NAME = re.compile(
    r"Luật(?<!\wLuật)\s+(?!số\b)(?P<name>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÓÚÝ][^\d,;.()“”\"\n]*?)"
    r"(?:\s+năm\s+(?P<y>(?:19|20)\d{2}))?(?=\s*[,;.)“”\"\n]|\s+(?:và|của|theo|số|đã|được|về|ngày)\s|$)")
# The issuer ends before the words that describe the instrument, at punctuation, or before "và"
# when the next instrument follows ("của Thủ tướng Chính phủ và Quyết định số …").
_ISSUER_RX = (r"^\s*(?:của|giữa)\s+(?P<iss>.+?)(?=\s+(?:về|thực hiện|triển khai|ban hành|phê duyệt|"
              r"đã đề ra|trên địa bàn|tại|tiếp tục|nâng cao|nhằm|đến năm|để)\b|\s*[,;:()“\"\n]|\s+-\s|"
              r"\s+(?:và|cùng)\s*$|$)")
_SUBJECT_RX = r"^\s*,?\s*(?:về việc|về|V/v)\s+(?P<s>.+?)\s*(?=;|\.(?:\s|$)|$)"
_DATE_AFTER_RX = r"\s*,?\s*(?:ban hành\s+)?ngày\s+"
_ISSUER_AFTER_DATE_RX = r"\s*,?\s*ngày\s+"
# (date, issuer, subject, date after the issuer) as written in sentence case; a title in capitals
# ("TRIỂN KHAI KẾ HOẠCH SỐ 35/KH-UBND NGÀY 11/3/2024 CỦA UBND HUYỆN NA RÌ VỀ …") says the same
# words in capitals.
_DESCRIBE = tuple(re.compile(rx, re.S) for rx in (_DATE_AFTER_RX, _ISSUER_RX, _SUBJECT_RX,
                                                   _ISSUER_AFTER_DATE_RX))
_DESCRIBE_CAPS = tuple(re.compile(rx, re.S | re.IGNORECASE) for rx in (
    _DATE_AFTER_RX, _ISSUER_RX, _SUBJECT_RX, _ISSUER_AFTER_DATE_RX))
_CHAIN_TAIL = re.compile(r"(?:thực hiện|triển khai)\s*$", re.IGNORECASE)


@dataclass
class Mention:
    start: int  # normalised offsets of the whole mention (type word … end of its clause)
    end: int
    number: str | None
    doc_type: DocType | None
    date: date | None
    year: int | None
    issuer_text: str | None
    subject: str | None
    name: str | None = None  # laws by name
    implements: str | None = None
    series_code: str | None = None  # issuer code of the symbol (TTg, UBND, TU, ...)
    number_start: int = 0

    @property
    def key(self) -> str:
        return self.number or f"Luật {self.name}"


_DASH = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")
_SENTENCE_STOP = re.compile(r"\.(?:\s|$)")


def canonical_number(m: re.Match[str], party: bool) -> tuple[str, DocType | None, str | None]:
    """(canonical printed number, type from the code, series issuer code)."""
    groups = [g for g in _DASH.split(_SPACES.sub(" ", m.group("g"))) if g]
    groups = [g.replace(" ", "") for g in groups]
    n = m.group("n")
    if party:
        code = canonical_code(m.group("t"))
        issuers = [canonical_issuer_code(g) for g in groups]
        return f"{n}-{code}/{'-'.join(issuers)}", type_by_code(code), issuers[0]
    first = groups[0]
    dtype = type_by_code(first)
    if dtype is not None and len(groups) > 1:
        parts = [dtype.code] + [canonical_issuer_code(g) for g in groups[1:]]
        series = parts[1]
    else:  # công văn (issuer-unit) or a law (QH15): no type code in the symbol
        parts = [canonical_issuer_code(g) for g in groups]
        series = parts[0]
        dtype = None
    year = m.group("y")
    body = "-".join(parts)
    return (f"{n}/{year}/{body}" if year else f"{n}/{body}"), dtype, series


def _window_end(text: str, start: int, limit: int) -> int:
    """End of the clause that describes a citation: the next ';', paragraph break or limit."""
    end = min(len(text), start + 400, limit)
    for stop in (";", "\n\n"):
        i = text.find(stop, start, end)
        if i != -1:
            end = i
    m = _SENTENCE_STOP.search(text[start:end])
    if m:
        end = start + m.start()
    return end


@dataclass(frozen=True)
class NumberMatch:
    """One instrument number found in a text: where, its canonical printed form, the type its
    code names (if any), the symbol's series issuer code, and the digits before the symbol."""

    start: int
    end: int
    number: str  # canonical, e.g. "33/CT-TTg", "25-NQ/TW", "59/2023/NĐ-CP"
    doc_type: DocType | None
    series: str | None  # the issuer code of the symbol: TTg, UBND, TU, ...
    serial: str  # the number's digits: "33", "66.2"
    year: int | None  # a year inside the symbol ("59/2023/NĐ-CP")


def find_numbers(text: str) -> list[NumberMatch]:
    found = []
    for rx, party in ((PARTY_NUMBER, True), (STATE_NUMBER, False)):
        for m in rx.finditer(text):
            number, dtype, series = canonical_number(m, party)
            y = m.groupdict().get("y")
            found.append(NumberMatch(m.start(), m.end(), number, dtype, series, m.group("n"),
                                     int(y) if y else None))
    found.sort(key=lambda f: f.start)
    # Drop overlaps (a state match inside a Party one cannot both be right).
    kept: list[NumberMatch] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


def find_mentions(text: str) -> list[Mention]:
    """All citations in ``text`` (normalised), in reading order."""
    raw: list[Mention] = []
    numbers = find_numbers(text)
    for found in numbers:
        n_start, n_end, number, code_type, series = (found.start, found.end, found.number,
                                                     found.doc_type, found.series)
        before = text[max(0, n_start - 60):n_start]
        if _FORM_BEFORE.search(before):
            continue
        tw = _TYPE_BEFORE.search(before)
        start = n_start - (len(before) - tw.start()) if tw else n_start
        word_type = type_by_name(tw.group("w")) if tw else None
        dtype = _choose_type(word_type, code_type, series)
        raw.append(Mention(start, n_end, number, dtype, None, found.year, None, None,
                           series_code=series, number_start=n_start))
    for m in LAW_NAME.finditer(text):
        if any(r.start <= m.start() < r.end for r in raw):
            continue
        name = re.sub(r"\s+", " ", m.group("name")).strip()
        if len(name.split()) > 10:
            continue
        y = int(m.group("y")) if m.group("y") else None
        raw.append(Mention(m.start(), m.end(), None, type_by_name("Luật"), None, y, None, None,
                           name=f"Luật {name}", number_start=m.start()))
    raw.sort(key=lambda r: r.start)
    for i, men in enumerate(raw):
        nxt = raw[i + 1].start if i + 1 < len(raw) else len(text)
        _describe(text, men, nxt, raw[i + 1] if i + 1 < len(raw) else None)
    _share_issuers(text, raw)
    return raw


def _choose_type(word_type: DocType | None, code_type: DocType | None, series: str | None
                 ) -> DocType | None:
    if word_type and code_type:
        # QĐ is both Quyết định and Quy định in Party symbols: the word decides.
        if code_type.code == "QĐ" and word_type.code == "QĐi":
            return word_type
        return code_type if word_type.code != code_type.code and code_type.code else word_type
    if word_type:
        return word_type
    if code_type:
        return code_type
    return type_by_name("Công văn") if series else None


def _describe(text: str, men: Mention, next_start: int, nxt: Mention | None) -> None:
    pos = men.end
    end = _window_end(text, pos, next_start)
    window = text[pos:end]
    consumed = 0
    date_rx, issuer_rx, subject_rx, date2_rx = _DESCRIBE_CAPS if _in_capitals(window) else _DESCRIBE
    dm = date_rx.match(window)
    if dm:
        d = DATE_RE.match(window, dm.end())
        if d and date_from_match(d):
            men.date = date_from_match(d)
            men.year = men.date.year
            consumed = d.end()
    im = issuer_rx.match(window[consumed:])
    if im:
        men.issuer_text = im.group("iss").strip()
        consumed += im.end()
        tail = _proper_name_tail(window[consumed:], men.issuer_text)
        if tail:
            men.issuer_text += " - " + tail[0]
            consumed += tail[1]
        # A date may follow the issuer: "của Tỉnh ủy ngày 03/8/2021".
        dm2 = date2_rx.match(window[consumed:])
        if dm2 and men.date is None:
            d = DATE_RE.match(window, consumed + dm2.end())
            if d and date_from_match(d):
                men.date = date_from_match(d)
                men.year = men.date.year
                consumed = d.end()
    sm = subject_rx.match(window[consumed:])
    if sm:
        men.subject = sm.group("s").strip(" “”\"'")
        men.subject = re.sub(r"\s+", " ", men.subject) or None
    men.end = pos + (len(window.rstrip()) if (sm or im) else consumed)
    letter = men.doc_type is not None and men.doc_type.name == "Công văn"
    if nxt is not None and end == next_start and nxt.number and not letter:
        gap = text[pos + consumed:next_start]
        if _CHAIN_TAIL.search(gap) and len(gap) < 160:
            men.implements = nxt.number
            men.end = pos + consumed + len(gap.rstrip())


def _in_capitals(window: str) -> bool:
    """Whether the words after a number are written in capitals (a title)."""
    letters = [c for c in window[:80] if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


_DESCRIBING = re.compile(r"(?:về|thực|triển|ban|phê|đã|trên|tại|tiếp|nâng|nhằm|đến|để|và)$", re.IGNORECASE)


def _proper_name_tail(rest: str, issuer: str) -> tuple[str, int] | None:
    """'… tỉnh Bà Rịa - Vũng Tàu về …': a dash between capitalised words joins one place name
    (Bà Rịa - Vũng Tàu, Phan Rang - Tháp Chàm), it does not end the issuer."""
    m = re.match(r"\s+-\s+", rest)
    if not m or not issuer.split()[-1][:1].isupper():
        return None
    words = []
    for w in re.finditer(r"\S+", rest[m.end():]):
        if not w.group(0)[:1].isupper() or not w.group(0).rstrip(",;.").isalpha():
            break
        if _DESCRIBING.match(w.group(0)):
            break  # a title in capitals: "PHAN RANG - THÁP CHÀM VỀ …"
        words.append(w)
        if w.group(0)[-1] in ",;." or len(words) == 3:
            break
    if not words:
        return None
    name = rest[m.end() + words[0].start(): m.end() + words[-1].end()].rstrip(",;.")
    return name, m.end() + words[-1].start() + len(words[-1].group(0).rstrip(",;."))


def _share_issuers(text: str, mentions: list[Mention]) -> None:
    """'Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW của Bộ Chính trị': both are BCT's."""
    for i in range(len(mentions) - 2, -1, -1):
        cur, nxt = mentions[i], mentions[i + 1]
        if cur.issuer_text or cur.date or not nxt.issuer_text or not cur.number:
            continue
        if cur.series_code != nxt.series_code:
            continue
        gap = text[cur.end:nxt.start]
        if re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", gap):
            cur.issuer_text = nxt.issuer_text


SERIES_DEFAULTS = {
    "TTg": "Thủ tướng Chính phủ", "CP": "Chính phủ", "TW": "Ban Chấp hành Trung ương Đảng",
    "BNV": "Bộ Nội vụ", "BDVTW": "Ban Dân vận Trung ương", "QH": "Quốc hội",
    "TU": "Tỉnh ủy", "HU": "Huyện ủy", "ThU": "Thành ủy", "QU": "Quận ủy", "ĐU": "Đảng ủy",
    "UBND": "Ủy ban nhân dân", "VPUBND": "Văn phòng Ủy ban nhân dân",
    "BDVTU": "Ban Dân vận Tỉnh ủy", "BDVHU": "Ban Dân vận Huyện ủy",
}


def issuer_from_series(series: str | None, ctx: Context):
    """Best guess of the issuer from the symbol when the text does not name it."""
    if not series:
        return None
    base = re.sub(r"\d+$", "", series)  # QH15 → QH
    name = SERIES_DEFAULTS.get(base)
    return resolve_body(name, ctx) if name else None
