"""How one document is laid out as a file, the way real copies come: typed text with the letterhead
stacked above the motto, a two-column letterhead flattened onto one line per row, portal Markdown
(letterhead cells between "|" lines, bold marks, every paragraph hard-wrapped at about 80
characters, titles and dates broken over lines), and a portal page around the document (a banner,
a metadata block, a footer).

A layout only places what the content says (``Page``): the words, their order and the facts are
the same in every layout, so the ground truth never depends on it. Written from the shapes of
tests/realdocs and tests/fixtures/shapes, in the generator's own words."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Block:
    """One unit of the document's text below its letterhead.

    kind: ``type`` (KẾ HOẠCH, QUYẾT ĐỊNH), ``title`` (its subject), ``authority`` (a decision's
    enacting body), ``attached`` ("(Ban hành kèm theo Quyết định số …)"), ``heading`` (a
    Roman-numbered section), ``item`` (a numbered item's or a body's heading line), ``para`` (a
    paragraph: an opening, an item, a point), ``lines`` (lines kept as they are: recipients, a
    signature)."""

    kind: str
    text: str = ""
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    above: tuple[str, ...]  # the letterhead's line(s) of the body above the issuer, in capitals
    own: tuple[str, ...]  # the issuer's line(s), in capitals
    rule: str  # the short rule under the issuer ("-------", "" for none)
    number: str  # "Số: 40/KH-UBND"
    date_line: str  # "Bắc Kạn, ngày 12 tháng 02 năm 2024"
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Portal:
    """What a portal page says about the document it shows."""

    site: str  # "Cổng thông tin điện tử tỉnh Bắc Kạn"
    number: str | None
    type_name: str  # "Kế hoạch", "Quyết định"
    issuer: str
    issued: date
    signer: str
    summary: str


LAYOUTS = ("typed", "flat", "markdown")


def lay_out(page: Page, layout: str, rng: random.Random, portal: Portal | None = None) -> list[str]:
    lines = {"typed": _typed, "flat": _flat, "markdown": _markdown}[layout](page, rng)
    if portal is not None:
        lines = _banner(portal, rng) + lines + _footer(portal, rng)
    return lines


# --- typed text ------------------------------------------------------------------------------------

def _typed(page: Page, rng: random.Random) -> list[str]:
    head = list(page.above + page.own) + ([page.rule] if page.rule else [])
    lines = head + ["", MOTTO[0], MOTTO[1], "---------------", "", page.number, "", page.date_line, ""]
    return lines + _plain_blocks(page.blocks)


def _plain_blocks(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        out += list(b.lines) if b.kind == "lines" else [b.text]
        out.append("")
    return out


def _flat(page: Page, rng: random.Random) -> list[str]:
    """The letterhead's two columns side by side, as text copied from a two-column table comes:
    the issuer on the left, the motto on the right, then the number and the date line."""
    left = list(page.above + page.own)
    left += [""] * (2 - len(left))
    right = [MOTTO[0], MOTTO[1]] + [""] * (len(left) - 2)
    rows = []
    width = max(len(x) for x in left + [page.number]) + rng.randrange(3, 12)
    for a, b in zip(left, right, strict=True):
        rows.append(f"{a:<{width}}{b}".rstrip() if b else a)
    if page.rule and rng.random() < 0.5:
        rows.append(f"{page.rule:<{width}}" + "-" * rng.randrange(10, 16))
    gap = " " * rng.randrange(4, 16)
    rows.append(f"{page.number:<{width}}{page.date_line}" if rng.random() < 0.7
                else page.number + gap + page.date_line)
    return rows + [""] + _plain_blocks(page.blocks)


# --- portal Markdown -------------------------------------------------------------------------------

def wrap(text: str, width: int, first: int | None = None) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` characters (``first`` for the
    first line, which portal copies start shorter), a word longer than a line kept whole."""
    words = text.split(" ")
    lines: list[str] = []
    limit = first if first is not None else width
    cur = ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > limit:
            lines.append(cur)
            cur, limit = w, width
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines


def _markdown(page: Page, rng: random.Random) -> list[str]:
    width = rng.randrange(74, 86)
    own = [f"**{page.own[0]}**"] + list(page.own[1:])
    if rng.random() < 0.4:
        own = [f"**{x}**" for x in page.own]
    lines = ["|"] + list(page.above) + own + ([page.rule] if page.rule else []) + ["|"]
    cut = rng.choice((2, 3, 4))  # "**CỘNG HÒA XÃ HỘI⏎CHỦ NGHĨA VIỆT NAM**", "**CỘNG⏎HÒA …"
    words = MOTTO[0].split()
    lines += [f"**{' '.join(words[:cut])}", f"{' '.join(words[cut:])}**", MOTTO[1], "---------------",
              "|", "|", page.number, "|"]
    place, _, when = page.date_line.partition(", ")
    date_words = f"{place}, {when}".split(" ")
    at = len(place.split(" ")) + rng.randrange(1, 4)  # "*Bắc Kạn, ngày 12⏎tháng 02 năm 2024*"
    lines += [f"*{' '.join(date_words[:at])}", f"{' '.join(date_words[at:])}*", "|", ""]
    if rng.random() < 0.5:
        lines += ["** **", ""]
    for b in page.blocks:
        lines += _md_block(b, width, rng) + [""]
    return lines


def _md_block(b: Block, width: int, rng: random.Random) -> list[str]:
    if b.kind == "type":
        return [f"**{b.text}**"]
    if b.kind == "title":
        return wrap(b.text.upper(), width, rng.randrange(8, 40))
    if b.kind == "authority":
        return [f"**{b.text}**"]
    if b.kind == "attached":
        return _emphasis(wrap(b.text, width, rng.randrange(40, 70)), "*")
    if b.kind == "heading":
        # "**III. TỔ CHỨC⏎THỰC HIỆN**": the copy's first line is short
        return _emphasis(wrap(b.text, width, rng.randrange(12, 40)), "**")
    if b.kind == "item":
        return _emphasis(wrap(b.text, width, rng.randrange(30, 70)), "**")
    if b.kind == "lines":
        return ["|"] + list(b.lines) + ["|"]
    return wrap(b.text, width, rng.randrange(28, 64))


def _emphasis(lines: list[str], mark: str) -> list[str]:
    out = list(lines)
    out[0] = mark + out[0]
    out[-1] = out[-1] + mark
    return out


# --- a portal page around the document -------------------------------------------------------------

_MENUS = ("Trang chủ | Giới thiệu | Tin tức | Văn bản | Liên hệ",
          "Trang chủ | Tin tức - Sự kiện | Chỉ đạo điều hành | Văn bản pháp quy | Thủ tục hành chính")
_WHERE = ("Bạn đang ở: Trang chủ > Văn bản chỉ đạo điều hành", "Trang chủ > Văn bản > Văn bản chỉ đạo",
          "Bạn đang ở: Trang chủ > Hệ thống văn bản")


def _banner(p: Portal, rng: random.Random) -> list[str]:
    lines = [p.site, rng.choice(_MENUS), rng.choice(_WHERE), ""]
    fields = [("Số hiệu", p.number or ""), ("Loại văn bản", p.type_name), ("Cơ quan ban hành", p.issuer),
              ("Ngày ban hành", f"{p.issued.day:02d}/{p.issued.month:02d}/{p.issued.year}"),
              ("Người ký", p.signer)]
    if rng.random() < 0.5:
        fields.append(("Trích yếu", p.summary))
    lines += [f"{k}: {v}" for k, v in fields]
    lines += [f"Lượt xem: {rng.randrange(40, 3000)}", ""]
    return lines


def _footer(p: Portal, rng: random.Random) -> list[str]:
    return ["", rng.choice(("Bình luận (0) | In trang | Chia sẻ", "In trang | Gửi email | Về đầu trang")),
            f"© {p.issued.year} {p.site}. Địa chỉ: {rng.randrange(1, 200)} đường "
            f"{rng.choice(('Hùng Vương', 'Trần Hưng Đạo', 'Lê Lợi', 'Nguyễn Huệ'))}."]
