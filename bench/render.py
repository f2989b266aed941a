"""One intended document (scenario.Doc) → plain text in the formats of the real seeds.

Layouts vary the way real files do: a letterhead with the parent body above the issuer, or a
portal copy with markdown marks and no letterhead (like samples/corpus); different openings
("Thực hiện …", "Căn cứ …; Căn cứ …", a title naming the parent plan); obligations written as one
sentence or under one heading per addressee. A share of the documents takes the shapes of real
copies instead (``Shape``, issue 13): a decision that issues the plan, duties assigned body by
body, under body headings with lettered points or in task blocks, deadlines by month, quarter or
yearly day, periodic reports, laid out by pages.py. The choices only change the wording: every
variant says the same thing, so the ground truth does not depend on them. Noise (stray spaces in
symbols, line breaks inside citations, old tone marks, NFD, page breaks) is added last."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from directive_kg.reference.registry import Registry

from . import pages
from . import phrases as ph
from . import timing as tm
from .pages import Block, Page, Portal
from .scenario import Doc, Obligation, Scenario, Unit, is_numbered

NOISE_KINDS = ("symbol_space", "line_break", "old_tones", "nfd", "page_break", "nbsp")


@dataclass(frozen=True)
class Ctx:
    """What the renderer needs to know about one document's surroundings."""

    doc: Doc
    unit: Unit
    parent_unit: Unit | None  # the body above the issuer
    parent_doc: Doc | None  # the document it implements
    province: Unit
    unique_place: bool  # the issuer's place name denotes one unit only (relative names resolve)
    markdown: bool
    rng: random.Random
    scenario: Scenario
    # The province plan a commune document names among its bases ("Căn cứ Kế hoạch số 80/KH-UBND
    # … của UBND tỉnh Tây Ninh"), as real commune plans do: None when it names only its district's.
    basis: Doc | None = None


@dataclass(frozen=True)
class Shape:
    """How a document is written when it takes the shapes of real copies (see pages.py)."""

    layout: str  # typed | flat | markdown (pages.LAYOUTS)
    portal: bool  # shown on a portal page: banner, metadata block, footer
    duties: str  # how "Tổ chức thực hiện" assigns the obligations (DUTY_STYLES)
    caps_title: bool  # the title's subject in capitals


DUTY_STYLES = ("together", "per_body", "points", "blocks", "classic")


def shape_of(doc: Doc, scenario: Scenario, rate: float) -> Shape | None:
    """The real-copy shape of a document, or None for the seeds' layouts. A decision that issues a
    plan always has one; the others with probability ``rate``. Drawn from the document's own
    random stream, so every other choice of every document stays as it was."""
    rng = random.Random(f"{scenario.seed}|shape|{doc.id}")
    if not doc.decision and rng.random() >= rate:
        return None
    layout = rng.choices(pages.LAYOUTS, weights=(2, 3, 5))[0]
    portal = doc.date is not None and rng.random() < 0.3
    return Shape(layout, portal, rng.choice(DUTY_STYLES), rng.random() < 0.5)


def render(doc: Doc, scenario: Scenario, registry: Registry, rng: random.Random,
           noise_rate: float, shape: Shape | None = None) -> tuple[str, tuple[str, ...]]:
    """(text, noise kinds applied)."""
    unit = scenario.units[doc.issuer]
    parent_unit = scenario.units[unit.parent] if unit.parent else None
    province = unit if unit.level == "province" and not unit.is_department else \
        scenario.units[_province_key(unit, scenario)]
    unique = _unique_place(unit, registry, scenario.year)
    # A portal copy has no letterhead: the text must then name the issuer unambiguously.
    markdown = unique and rng.random() < 0.3 and shape is None
    ctx = Ctx(doc, unit, parent_unit, scenario.docs[doc.parent] if doc.parent else None, province,
              unique, markdown, rng, scenario, province_basis(doc, scenario))
    if shape is None:
        lines = _header(ctx) + _body(ctx) + _closing(ctx)
    else:
        lines = _shaped(ctx, shape)
    text = "\n".join(lines) + "\n"
    applied: list[str] = []
    if rng.random() < noise_rate:
        kinds = rng.sample(NOISE_KINDS, rng.choice((1, 1, 2, 3)))
        for kind in NOISE_KINDS:  # a fixed order: NFD last so that the others see NFC text
            if kind in kinds:
                text = _NOISE[kind](text, ctx)
                applied.append(kind)
    return text, tuple(applied)


def province_basis(doc: Doc, scenario: Scenario) -> Doc | None:
    """The province plan a commune's document also cites: always when the commune's letterhead
    (its name under its district's) fits units in more than one province, since that citation is
    then what tells the reader which commune wrote it; otherwise for half of them. Decided by its
    own random stream, so the other wording choices of every document stay as they were."""
    if doc.parent is None:
        return None
    parent = scenario.docs[doc.parent]
    if parent.parent is None:
        return None  # the parent is already the province's plan (departments, districts)
    top = scenario.docs[parent.parent]
    if top.number is None or top.date is None:
        return None
    if doc.issuer in scenario.ambiguous or random.Random(
            f"{scenario.seed}|basis|{doc.id}").random() < 0.5:
        return top
    return None


def _province_key(unit: Unit, scenario: Scenario) -> str:
    key = unit.key
    while scenario.units[key].parent is not None:
        key = scenario.units[key].parent  # type: ignore[assignment]
    return key


def _unique_place(unit: Unit, registry: Registry, year: int) -> bool:
    if unit.is_department or unit.code is None:
        return True
    if is_numbered(unit.place_name):
        return False
    me = registry.get(unit.code)
    found = registry.find(unit.place_name, on=date(year, 1, 1))
    return [u.code for u in found] == [me.code]


# --- header ----------------------------------------------------------------------------------

def _caps_unit(unit: Unit, abbreviated: bool) -> list[str]:
    if unit.is_department:
        return [unit.short_name.upper()]
    where = f"{unit.place_word} {unit.place_name}".upper()
    return [f"UBND {where}"] if abbreviated else ["ỦY BAN NHÂN DÂN", where]


def _letterhead(c: Ctx) -> list[str]:
    u, parent = c.unit, c.parent_unit
    style = c.rng.random()
    if u.level == "province" and not u.is_department:
        own = _caps_unit(u, abbreviated=style < 0.2)
        above: list[str] = []
    elif u.is_department:
        own = _caps_unit(u, False)
        above = [] if style < 0.15 else _caps_unit(parent, True) if style < 0.75 else \
            [f"ỦY BAN NHÂN DÂN {parent.place_word.upper()} {parent.place_name.upper()}"]
    else:
        own = _caps_unit(u, abbreviated=style < 0.6)
        # The parent line names the unit unambiguously; without it the name must be unique.
        above = [] if (c.unique_place and style > 0.85) else _caps_unit(parent, True)
    rule = c.rng.choice(("-------", "--------------", "*", ""))
    lines = above + own + ([rule] if rule else [])
    motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"]
    return lines + [""] + motto + [""]


def _date_text(d: date) -> str:
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def _place_line_name(c: Ctx) -> str:
    u = c.unit
    if u.is_department:
        return c.province.place_name if c.province.place_word == "tỉnh" else \
            f"{c.province.place_word.capitalize()} {c.province.place_name}"
    if u.place_word == "thành phố":
        return c.rng.choice(("TP. ", "Thành phố ")) + u.place_name
    if is_numbered(u.place_name):  # numbered units are written with their type word
        return f"{u.place_word.capitalize()} {u.place_name}"
    if u.place_word == "thị xã" and c.rng.random() < 0.5:
        return f"TX. {u.place_name}"
    return u.place_name


def _number_line(c: Ctx) -> str:
    code = "KH" if c.doc.kind == "plan" else "BC"
    if c.doc.number is None:
        return f"Số: {' ' * c.rng.randrange(3, 9)}/{code}-{c.unit.series}"
    return c.rng.choice(("Số: ", "Số: ", "Số ")) + c.doc.number


def _date_line(c: Ctx) -> str:
    place = _place_line_name(c)
    d = c.doc
    if d.date is None:
        month = str(d.month) if d.month and c.rng.random() < 0.6 else ""
        return f"{place}, ngày     tháng {month or '    '} năm {d.year}"
    return f"{place}, {_date_text(d.date)}"


def _where(u: Unit) -> str:
    return f"{u.place_word} {u.place_name}"


def _title(c: Ctx) -> tuple[list[str], bool]:
    """(title lines, whether the title names the parent plan)."""
    d, prog = c.doc, ph.PROGRAMMES[c.doc.programme]
    word = "KẾ HOẠCH" if d.kind == "plan" else "BÁO CÁO"
    if d.kind == "report":
        return [word, f"{prog.report_theme[0].upper()}{prog.report_theme[1:]} năm {d.year}"], False
    if c.parent_doc is None:
        return [word, prog.province_title.format(where=_where(c.unit), year=d.year)], False
    if c.rng.random() < 0.25:
        return [word, f"Triển khai thực hiện {_cite_parent(c)}"], True
    return [word, f"Thực hiện {prog.theme} năm {d.year}"], False


def _header(c: Ctx) -> list[str]:
    lines = [] if c.markdown else _letterhead(c)
    if c.markdown:
        lines += ["", ""]
    lines += [_number_line(c), "", _date_line(c), ""]
    title, names_parent = _title(c)
    if c.markdown:
        lines += [f"**{title[0]}**  ", f"**{title[1]}**"]
    else:
        lines += title
    lines.append("")
    if c.doc.kind == "report" and c.parent_unit is not None and c.rng.random() < 0.5:
        lines += [f"Kính gửi: {c.parent_unit.name}", ""]
    lines += [_opening(c, names_parent), ""]
    return lines


# --- citations and openings ------------------------------------------------------------------

def _num_date(c: Ctx, d: date) -> str:
    style = c.rng.randrange(3)
    if style == 0:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == 1:
        return f"{d.day}/{d.month}/{d.year}"
    return f"{d.day:02d}/{d.month}/{d.year}"


def _issuer_ref(c: Ctx, body: Unit, relative_ok: bool) -> str:
    """How a document names a body above it: full, abbreviated or relative ('UBND tỉnh')."""
    r = c.rng.random()
    word = body.place_word
    if relative_ok and word in ("tỉnh", "huyện", "quận", "thị xã") and r < 0.3:
        return c.rng.choice(("UBND ", "Ủy ban nhân dân ")) + word
    if r < 0.65:
        return f"UBND {word} {body.place_name}"
    return body.name


def _cite_parent(c: Ctx) -> str:
    p = c.parent_doc
    assert p is not None and p.number is not None and p.date is not None
    pu = c.parent_unit if c.parent_unit and c.parent_unit.key == p.issuer else None
    assert pu is not None, "a document implements the plan of the body above it"
    prog = ph.PROGRAMMES[p.programme]
    relative_ok = c.unique_place or c.unit.is_department
    who = _issuer_ref(c, pu, relative_ok)
    subject = c.rng.choice((f"thực hiện {prog.theme} năm {p.year}",
                            f"triển khai thực hiện {prog.theme} năm {p.year}",
                            f"{prog.theme} năm {p.year}"))
    number = p.number
    if p.decision:  # the plan a decision issued is cited by the decision's number
        return c.rng.choice((
            f"Quyết định số {number} ngày {_num_date(c, p.date)} của {who} ban hành Kế hoạch {subject}",
            f"Kế hoạch {subject} ban hành kèm theo Quyết định số {number} ngày {_num_date(c, p.date)} "
            f"của {who}",
            f"Quyết định số {number} ngày {_num_date(c, p.date)} của {who} về việc ban hành Kế hoạch "
            f"{subject}"))
    return f"Kế hoạch số {number} ngày {_num_date(c, p.date)} của {who} về {subject}"


def _cite_basis(c: Ctx) -> str:
    """'Căn cứ Kế hoạch số 80/KH-UBND ngày … của UBND tỉnh Tây Ninh về …; ' (or ''), worded with
    its own random stream."""
    top = c.basis
    if top is None:
        return ""
    assert top.number is not None and top.date is not None
    side = replace(c, rng=random.Random(f"{c.scenario.seed}|basis-text|{c.doc.id}"))
    prog = ph.PROGRAMMES[top.programme]
    who = _issuer_ref(side, c.province, relative_ok=False)
    subject = side.rng.choice((f"thực hiện {prog.theme} năm {top.year}", f"{prog.theme} năm {top.year}"))
    if top.decision:
        return (f"Căn cứ Quyết định số {top.number} ngày {_num_date(side, top.date)} của {who} ban hành "
                f"Kế hoạch {subject}; ")
    return f"Căn cứ Kế hoạch số {top.number} ngày {_num_date(side, top.date)} của {who} về {subject}; "


def _self_ref(c: Ctx) -> str:
    u = c.unit
    if u.is_department:
        return u.short_name
    if c.unique_place and c.rng.random() < 0.4:
        return f"Ủy ban nhân dân {u.place_word}"
    return c.rng.choice((u.name, f"UBND {u.place_word} {u.place_name}"))


def _opening(c: Ctx, title_names_parent: bool) -> str:
    d, prog, me = c.doc, ph.PROGRAMMES[c.doc.programme], _self_ref(c)
    r = c.rng.random()
    basis = _cite_basis(c)
    if d.kind == "report":
        return (f"{basis}Thực hiện {_cite_parent(c)}, {me} báo cáo kết quả thực hiện năm {d.year} "
                "như sau:")
    if c.parent_doc is None:
        if r < 0.5:
            return (f"Thực hiện {prog.central}, {me} ban hành Kế hoạch triển khai thực hiện năm "
                    f"{d.year} như sau:")
        base = c.rng.choice(ph.EXTRA_BASES)
        return (f"Căn cứ {base}; Thực hiện {prog.central}; {me} ban hành Kế hoạch thực hiện trên "
                f"địa bàn {c.unit.place_word} năm {d.year}, cụ thể như sau:")
    if title_names_parent:
        purpose = f"triển khai thực hiện có hiệu quả {prog.theme} năm {d.year}"
        if basis:
            return f"{basis}để {purpose}, {me} ban hành Kế hoạch thực hiện với các nội dung sau:"
        return f"Để {purpose}, {me} ban hành Kế hoạch thực hiện với các nội dung sau:"
    if r < 0.45:
        return f"{basis}Thực hiện {_cite_parent(c)}, {me} ban hành Kế hoạch thực hiện như sau:"
    if r < 0.8:
        # With the province plan among the bases, the district's plan is introduced by "Thực
        # hiện": two plans under "Căn cứ" alone would leave the reader to guess which is the parent.
        # A plan issued by a decision is too: named among "Căn cứ" bases by the decision's number,
        # the parser reads it as a basis (a decision), not as the plan carried out (issue 13).
        assert c.parent_doc is not None
        parent = f"Thực hiện {_cite_parent(c)}," if basis or c.parent_doc.decision else \
            f"Căn cứ {_cite_parent(c)};"
        return (f"Căn cứ {prog.central}; {basis}{parent} {me} xây dựng Kế hoạch thực "
                f"hiện năm {d.year} với những nội dung sau:")
    return f"{basis}Triển khai {_cite_parent(c)}; {me} ban hành Kế hoạch thực hiện, cụ thể như sau:"


# --- body ------------------------------------------------------------------------------------

def _heading(c: Ctx, roman: str, title: str) -> str:
    if c.markdown:
        return c.rng.choice(("### ", "## ", "")) + f"**{roman}. {title}**"
    return f"{roman}. {title}"


def _body(c: Ctx) -> list[str]:
    if c.doc.kind == "report":
        return _report_body(c)
    prog = ph.PROGRAMMES[c.doc.programme]
    lines = [_heading(c, "I", c.rng.choice(ph.PURPOSE_HEADINGS)), ""]
    for i, p in enumerate(c.rng.sample(ph.PURPOSES, c.rng.randrange(2, 4)), 1):
        lines += [f"{i}. {p.format(theme=prog.theme)}", ""]
    lines += [_heading(c, "II", c.rng.choice(ph.TASK_HEADINGS)), ""]
    for i, (head, text) in enumerate(c.rng.sample(ph.TASKS, c.rng.randrange(3, 7)), 1):
        item = f"{i}. {head}"
        lines += [f"**{item}**" if c.markdown else item, "", text.format(theme=prog.theme), ""]
    lines += [_heading(c, "III", c.rng.choice(ph.ORG_HEADINGS)), ""]
    lines += _organisation(c)
    lines += ["", _ending(c), ""]
    return lines


def _ending(c: Ctx) -> str:
    u = c.unit
    who = "Ủy ban nhân dân" if not u.is_department else u.short_name
    if c.rng.random() < 0.5:
        return (f"Trên đây là Kế hoạch thực hiện {ph.PROGRAMMES[c.doc.programme].theme} năm "
                f"{c.doc.year} của {who} {'' if u.is_department else u.place_word}".rstrip()
                + "; yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    return "Trên đây là Kế hoạch triển khai thực hiện, đề nghị các cơ quan, đơn vị, địa phương " \
           "nghiêm túc thực hiện./."


def _class_phrase(c: Ctx, ob: Obligation) -> str:
    u = c.unit
    if ob.unit_class == "departments":
        where = "tỉnh" if u.place_word == "tỉnh" else "thành phố"
        return c.rng.choice((f"Các sở, ban, ngành {where}", f"Thủ trưởng các sở, ban, ngành {where}",
                             f"Các sở, ban, ngành thuộc Ủy ban nhân dân {where}"))
    return _committees_of(c, ob)



def _committees_of(c: Ctx, ob: Obligation) -> str:
    """The People's Committees an obligation names, by the kinds of its units: 'UBND các huyện,
    thành phố'."""
    words: list[str] = []
    for key in ob.owners:
        w = c.scenario.units[key].place_word
        if w not in words:
            words.append(w)
    order = ("quận", "huyện", "thị xã", "thành phố", "xã", "phường", "thị trấn", "đặc khu")
    listed = ", ".join(sorted(words, key=order.index))
    head = c.rng.choice(("Ủy ban nhân dân", "UBND", "Chủ tịch Ủy ban nhân dân", "Chủ tịch UBND"))
    return f"{head} các {listed}"

def _deadline_text(c: Ctx, d: date) -> str:
    if c.rng.random() < 0.2:
        return f"trước ngày {d.day} tháng {d.month} năm {d.year}"
    return c.rng.choice(("trước ngày ", "trước ngày ", "chậm nhất ngày ")) + _num_date(c, d)


def _plan_clause(c: Ctx, ob: Obligation) -> str:
    clause = c.rng.choice((
        "căn cứ chức năng, nhiệm vụ được giao xây dựng kế hoạch triển khai thực hiện Kế hoạch này",
        "xây dựng kế hoạch cụ thể để triển khai thực hiện phù hợp với tình hình thực tế",
        "chủ động xây dựng kế hoạch thực hiện của cơ quan, đơn vị, địa phương mình"))
    if ob.deadline is None:
        return clause
    return clause + ", " + c.rng.choice(("hoàn thành ", "gửi về cơ quan thường trực ", "")) + \
        _deadline_text(c, ob.deadline)


def _report_clause(c: Ctx, ob: Obligation) -> str:
    to = f"Ủy ban nhân dân {c.unit.place_word}" if not c.unit.is_department else c.unit.short_name
    via = " (qua Sở Nội vụ)" if c.unit.level == "province" else " (qua Phòng Nội vụ)"
    clause = c.rng.choice((f"báo cáo kết quả thực hiện về {to}{via}",
                           f"báo cáo kết quả thực hiện hằng năm gửi {to}{via}",
                           f"tổng hợp, báo cáo kết quả thực hiện về {to}{via}"))
    if ob.deadline is None:
        return clause
    return f"{clause} {_deadline_text(c, ob.deadline)}"


def _organisation(c: Ctx) -> list[str]:
    """'Tổ chức thực hiện': the obligations of the scenario, then duties that owe nothing."""
    obs = c.doc.obligations
    classes: list[str] = []
    for ob in obs:
        if ob.unit_class not in classes:
            classes.append(ob.unit_class)
    phrases = {cls: _class_phrase(c, next(o for o in obs if o.unit_class == cls))
               for cls in classes}
    plans = {o.unit_class: o for o in obs if o.kind == "plan"}
    reports = {o.unit_class: o for o in obs if o.kind == "report"}
    items: list[list[str]] = []
    layout = c.rng.random() if obs else 1.0
    if layout < 0.4:  # one sentence per kind, all classes together
        if plans:
            who = "; ".join(phrases[k] for k in plans)
            items.append([f"{who} {_plan_clause(c, _one(plans))}."])
        if reports:
            who = " và ".join(phrases[k] for k in reports)
            items.append([f"{who} {_report_clause(c, _one(reports))}."])
    elif layout < 0.75:  # a heading per class, lettered points under it
        for cls in classes:
            plan = _plan_clause(c, plans[cls]) if cls in plans else None
            report = _report_clause(c, reports[cls]) if cls in reports else None
            items.append([phrases[cls]] + _lettered_points(plan, report))
    else:  # one sentence per class with both duties
        for cls in classes:
            parts = []
            if cls in plans:
                parts.append(_plan_clause(c, plans[cls]))
            if cls in reports:
                parts.append(_report_clause(c, reports[cls]))
            items.append([f"{phrases[cls]} {'; '.join(parts)}."])
    items += _duties(c)
    out: list[str] = []
    for i, item in enumerate(items, 1):
        head = f"{i}. {item[0]}"
        out += [f"**{head}**" if c.markdown and len(item) > 1 else head, ""]
        for point in item[1:]:
            out += [point, ""]
    return out


def _one(by_class: dict[str, Obligation]) -> Obligation:
    """The classes of one sentence share its deadline (the scenario gives them the same one)."""
    deadlines = {o.deadline for o in by_class.values()}
    assert len(deadlines) == 1, deadlines
    return next(iter(by_class.values()))



def _lettered_points(plan: str | None, report: str | None) -> list[str]:
    """A body's duties as lettered points: its plan, the task every body has, its report."""
    points = ([_cap(plan) + "."] if plan else []) + [
        "Tổ chức quán triệt, triển khai thực hiện nghiêm túc các nhiệm vụ, giải pháp nêu tại Kế hoạch này."]
    points += [_cap(report) + "."] if report else []
    return [f"{'abcd'[i]}) {p}" for i, p in enumerate(points)]

def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _duties(c: Ctx) -> list[list[str]]:
    """Duties that are not a plan or a report: they must not add rows to the ground truth."""
    u = c.unit
    if u.is_department:
        return [["Văn phòng Sở có trách nhiệm theo dõi, đôn đốc các phòng, đơn vị triển khai thực "
                 "hiện Kế hoạch này."],
                ["Trưởng các phòng, đơn vị thuộc Sở căn cứ nội dung Kế hoạch tổ chức triển khai "
                 "thực hiện nghiêm túc, hiệu quả."]]
    if u.level == "commune":
        return [[f"Giao công chức Văn hóa - Xã hội tham mưu Ủy ban nhân dân {u.place_word} theo "
                 "dõi, đôn đốc việc triển khai thực hiện Kế hoạch này."],
                [f"Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam {u.place_word} và các đoàn thể chính "
                 "trị - xã hội phối hợp tuyên truyền, vận động Nhân dân tham gia thực hiện."]]
    office = "Sở Nội vụ" if u.level == "province" else "Phòng Nội vụ"
    out = [[f"{office} là cơ quan thường trực, có trách nhiệm theo dõi, đôn đốc, kiểm tra việc "
            "triển khai thực hiện Kế hoạch này."]]
    if c.rng.random() < 0.6:
        media = "Sở Thông tin và Truyền thông" if u.level == "province" else \
            "Trung tâm Văn hóa, Thể thao và Truyền thông"
        out.append([f"{media} chủ trì, phối hợp với các cơ quan liên quan đẩy mạnh tuyên truyền về "
                    f"{ph.PROGRAMMES[c.doc.programme].theme} trên các phương tiện thông tin đại "
                    "chúng."])
    return out


def _report_body(c: Ctx) -> list[str]:
    lines: list[str] = []
    own_plan = c.scenario.responses.get((c.unit.key, c.doc.parent or "", "plan"))
    plan = c.scenario.docs[own_plan] if own_plan else None
    romans = ("I", "II", "III", "IV")
    for roman, (title, paras) in zip(romans, ph.REPORT_SECTIONS, strict=True):
        lines += [_heading(c, roman, title.format(next_year=c.doc.year + 1)), ""]
        for i, p in enumerate(paras, 1):
            text = p.format(n=c.rng.randrange(3, 40), m=c.rng.randrange(100, 3000),
                            p=c.rng.randrange(85, 100))
            if roman == "I" and i == 1 and plan is not None and plan.number and plan.date:
                what = "Quyết định" if plan.decision else "Kế hoạch"
                text = (f"Đã ban hành {what} số {plan.number} ngày {_num_date(c, plan.date)} của "
                        f"{c.unit.name} để triển khai thực hiện. " + text)
            lines += [f"{i}. {text}", ""]
    return lines


# --- closing ---------------------------------------------------------------------------------

def _recipients(c: Ctx) -> list[str]:
    u = c.unit
    up = c.parent_unit
    if c.doc.kind == "report":
        items = ["Như trên", f"UBND {up.place_word} {up.place_name} (b/c)" if up else "Bộ Nội vụ",
                 "Sở Nội vụ" if u.level in ("district", "province") else "Phòng Nội vụ huyện"]
    elif u.is_department:
        items = ["UBND tỉnh (b/c)", "Sở Nội vụ", "Giám đốc, các Phó Giám đốc Sở",
                 "Các phòng, đơn vị thuộc Sở"]
    elif u.level == "province":
        items = ["Bộ Nội vụ (b/c)", "TT. Tỉnh ủy, TT. HĐND tỉnh (b/c)", "CT, các PCT UBND tỉnh",
                 "Ban Dân vận Tỉnh ủy", "Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố",
                 "LĐVP UBND tỉnh"]
    elif u.level == "district":
        items = ["UBND tỉnh (b/c)", "Sở Nội vụ", "TT. Huyện ủy, TT. HĐND huyện",
                 "CT, các PCT UBND huyện", "Các cơ quan, đơn vị thuộc UBND huyện",
                 "UBND các xã, thị trấn"]
    else:
        items = ["UBND huyện (b/c)", "Phòng Nội vụ huyện", "TT. Đảng ủy, TT. HĐND xã",
                 "Các ban, ngành, đoàn thể xã"]
    store = c.rng.choice(("Lưu: VT.", "Lưu: VT, NV.", "Lưu: VT, VP."))
    head = "***Nơi nhận:***" if c.markdown else "Nơi nhận:"
    return [head] + [f"- {i};" for i in items] + [f"- {store}"]


def _signature(c: Ctx) -> list[str]:
    u = c.unit
    name = " ".join((c.rng.choice(ph.SURNAMES), c.rng.choice(ph.MIDDLES), c.rng.choice(ph.GIVEN)))
    if u.is_department:
        block = c.rng.choice((["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], ["GIÁM ĐỐC"]))
    else:
        block = c.rng.choice((["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
                              ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]))
    if c.markdown:
        block = [f"**{line}**" for line in block]
        name = f"**{name}**"
    return block + ["", "", name]


def _closing(c: Ctx) -> list[str]:
    return _recipients(c) + [""] + _signature(c)


# --- the shapes of real copies (issue 13) -----------------------------------------------------
# Decisions that issue a plan, obligations assigned body by body in the wordings real plans use,
# deadlines by month, quarter or yearly day, periodic reports; laid out by pages.py. Everything
# says what the scenario says: only the words and the layout differ.

def _shaped(c: Ctx, shape: Shape) -> list[str]:
    above, own, rule = _letterhead_rows(c)
    title, names_parent = _title(c)
    subject = title[1]
    blocks: list[Block] = []
    if c.doc.decision:
        blocks += _decision(c, subject)
        blocks += [Block("type", title[0]), Block("title", _caps(subject, shape)),
                   Block("attached", _attached(c))]
        blocks.append(Block("para", _attached_opening(c, names_parent)))
    else:
        blocks += [Block("type", title[0]), Block("title", _caps(subject, shape))]
        if c.doc.kind == "report" and c.parent_unit is not None and c.rng.random() < 0.5:
            blocks.append(Block("para", f"Kính gửi: {c.parent_unit.name}"))
        blocks.append(Block("para", _opening(c, names_parent)))
    if c.doc.kind == "report":
        blocks += _paragraph_blocks(_report_body(c))
    else:
        blocks += _shaped_plan_body(c, shape)
    if not c.doc.decision:  # the plan a decision issues is signed in the decision
        blocks += [Block("lines", lines=tuple(_recipients(c))), Block("lines", lines=tuple(_sign(c)))]
    page = Page(tuple(above), tuple(own), rule, _number_line(c), _date_line(c), tuple(blocks))
    return pages.lay_out(page, shape.layout, c.rng, _portal(c, subject) if shape.portal else None)


def _caps(text: str, shape: Shape) -> str:
    return text.upper() if shape.caps_title and shape.layout != "markdown" else text


def _letterhead_rows(c: Ctx) -> tuple[list[str], list[str], str]:
    """(the body above, the issuer, the rule): as _letterhead, in rows for a layout."""
    u, parent = c.unit, c.parent_unit
    style = c.rng.random()
    above: list[str] = []
    if u.level == "province" and not u.is_department:
        own = _caps_unit(u, abbreviated=style < 0.2)
    elif u.is_department:
        assert parent is not None
        own = _caps_unit(u, False)
        above = [] if style < 0.15 else _caps_unit(parent, True)
    else:
        assert parent is not None
        own = _caps_unit(u, abbreviated=style < 0.5)
        above = [] if (c.unique_place and style > 0.85) else _caps_unit(parent, True)
    return above, own, c.rng.choice(("-------", "--------------", ""))


def _sign(c: Ctx) -> list[str]:
    return [line for line in _signature(c) if line]


def _paragraph_blocks(lines: list[str]) -> list[Block]:
    """Lines of the seeds' renderer (headings and items, blank lines between) as blocks."""
    out = []
    for line in lines:
        if not line:
            continue
        kind = "heading" if re.match(r"^(?:#+ )?\**[IVX]+\. ", line) else "para"
        out.append(Block(kind, line.replace("**", "").lstrip("# ")))
    return out


# --- a decision that issues a plan ---------------------------------------------------------------

_LGOV_2015 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
_LGOV_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"


def _authority(c: Ctx) -> str:
    u = c.unit
    if u.is_department:
        return f"GIÁM ĐỐC {u.short_name.upper()}"
    where = f"{u.place_word} {u.place_name}".upper()
    return c.rng.choice((f"ỦY BAN NHÂN DÂN {where}", f"CHỦ TỊCH ỦY BAN NHÂN DÂN {where}"))


def _decision(c: Ctx, plan_subject: str) -> list[Block]:
    """'QUYẾT ĐỊNH Ban hành Kế hoạch …': its bases, its articles, its recipients and signature."""
    u, d = c.unit, c.doc
    assert d.date is not None
    plan = plan_subject[:1].lower() + plan_subject[1:]
    paras = [_LGOV_2025 if d.date >= date(2025, 7, 1) else _LGOV_2015]
    if c.parent_doc is None:
        paras.append(f"Căn cứ {ph.PROGRAMMES[d.programme].central};")
    if u.is_department:
        proposer, executors = "Chánh Văn phòng Sở", "Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở"
    elif u.level == "province":
        proposer = "Giám đốc Sở Nội vụ"
        executors = ("Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các sở, ban, "
                     "ngành tỉnh, Chủ tịch Ủy ban nhân dân các huyện, thành phố và các cơ quan, đơn vị "
                     "có liên quan")
    elif u.level == "district":
        proposer = f"Trưởng phòng Nội vụ {u.place_word}"
        executors = (f"Chánh Văn phòng HĐND và UBND {u.place_word}, Trưởng phòng Nội vụ, Thủ trưởng các "
                     f"cơ quan, đơn vị thuộc UBND {u.place_word}, Chủ tịch UBND các xã, thị trấn")
    else:
        proposer = "công chức Văn hóa - Xã hội"
        executors = f"Văn phòng HĐND và UBND {u.place_word}, các ban, ngành, đoàn thể {u.place_word}"
    paras += [f"{c.rng.choice(('Theo đề nghị', 'Xét đề nghị'))} của {proposer}.", "QUYẾT ĐỊNH:",
              f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch {plan}.",
              "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
              f"Điều 3. {executors} chịu trách nhiệm thi hành Quyết định này./."]
    recipients = ["Nơi nhận:", "- Như Điều 3;"] + _recipients(c)[1:]
    return ([Block("type", "QUYẾT ĐỊNH"), Block("title", f"Ban hành Kế hoạch {plan}"),
             Block("authority", _authority(c))] + [Block("para", p) for p in paras]
            + [Block("lines", lines=tuple(recipients)), Block("lines", lines=tuple(_sign(c)))])


def _attached_opening(c: Ctx, title_names_parent: bool) -> str:
    """The attached plan's opening. The plan it carries out is named under "Thực hiện" (or in the
    decision's title): named only among "Căn cứ" bases, the parser takes the attached plan's own
    title line ("THỰC HIỆN CÔNG TÁC …") for the opening's "Thực hiện" and reads the plan named
    there as a mere basis (loaders/document.py, reported in issue 13)."""
    if title_names_parent or c.parent_doc is None:
        return _opening(c, title_names_parent)
    return (f"{_cite_basis(c)}Thực hiện {_cite_parent(c)}, {_self_ref(c)} ban hành Kế hoạch thực hiện "
            "như sau:")


def _attached(c: Ctx) -> str:
    d = c.doc
    assert d.number is not None and d.date is not None
    who = c.rng.choice((c.unit.name, _short_name(c.unit)))
    head = c.rng.choice(("Ban hành kèm theo", "Kèm theo"))
    return f"({head} Quyết định số {d.number} ngày {_num_date(c, d.date)} của {who})"


def _short_name(u: Unit) -> str:
    return u.name if u.is_department else f"UBND {u.place_word} {u.place_name}"


def _portal(c: Ctx, subject: str) -> Portal:
    d, u = c.doc, c.unit
    assert d.date is not None
    where = c.province if u.is_department else u
    site = ("Cổng thông tin điện tử" if where.level != "commune" else "Trang thông tin điện tử") + \
        f" {where.place_word} {where.place_name}"
    type_name = "Quyết định" if d.decision else "Kế hoạch" if d.kind == "plan" else "Báo cáo"
    signer = " ".join((c.rng.choice(ph.SURNAMES), c.rng.choice(ph.MIDDLES), c.rng.choice(ph.GIVEN)))
    summary = f"Ban hành Kế hoạch {subject[:1].lower()}{subject[1:]}" if d.decision else subject
    return Portal(site, d.number, type_name, u.name, d.date, signer, summary)


# --- "Tổ chức thực hiện" as real plans write it ---------------------------------------------------

def _shaped_plan_body(c: Ctx, shape: Shape) -> list[Block]:
    prog = ph.PROGRAMMES[c.doc.programme]
    out = [Block("heading", f"I. {c.rng.choice(ph.PURPOSE_HEADINGS)}")]
    for i, p in enumerate(c.rng.sample(ph.PURPOSES, c.rng.randrange(2, 4)), 1):
        out.append(Block("para", f"{i}. {p.format(theme=prog.theme)}"))
    out.append(Block("heading", f"II. {c.rng.choice(ph.TASK_HEADINGS)}"))
    for i, (head, text) in enumerate(c.rng.sample(ph.TASKS, c.rng.randrange(3, 6)), 1):
        out += [Block("item", f"{i}. {head}"), Block("para", text.format(theme=prog.theme))]
    out.append(Block("heading", f"III. {c.rng.choice(ph.ORG_HEADINGS)}"))
    if shape.duties == "classic" or not c.doc.obligations:
        out += _paragraph_blocks(_organisation(c))
    else:
        out += _assigned(c, shape.duties)
    if c.rng.random() < 0.6:
        out.append(Block("para", _trouble(c)))
    out.append(Block("para", _ending(c)))
    return out


def _to(c: Ctx) -> tuple[str, str]:
    """(the issuer as the recipient of reports, the office reports go through)."""
    u = c.unit
    to = c.rng.choice((f"UBND {u.place_word}", f"Ủy ban nhân dân {u.place_word}"))
    return to, "Sở Nội vụ" if u.level == "province" else "Phòng Nội vụ"


def _trouble(c: Ctx) -> str:
    to, via = _to(c)
    return ("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương "
            f"kịp thời báo cáo về {to} (qua {via}) để xem xét, giải quyết./.")


def _real_class_phrase(c: Ctx, ob: Obligation, heading: bool = False) -> str:
    """The class an obligation addresses, in the words real plans use for it (only the kinds of
    units it holds: "UBND các huyện, thành phố" where the province has both)."""
    u = c.unit
    if ob.unit_class == "departments":
        where = "tỉnh" if u.place_word == "tỉnh" else "thành phố"
        choices = [f"Các sở, ban, ngành {where}", f"Thủ trưởng các sở, ban, ngành {where}",
                   "Giám đốc các Sở", f"Các sở, ban, ngành thuộc UBND {where}", "Các sở, ban, ngành"]
        if heading:
            choices.append(f"Các sở, ban, ngành cấp {where}")
        return c.rng.choice(choices)
    return _committees_of(c, ob)


def _plan_words(c: Ctx, ob: Obligation) -> str:
    what = c.rng.choice((
        "xây dựng Kế hoạch thực hiện của cơ quan, đơn vị, địa phương",
        "xây dựng kế hoạch triển khai thực hiện tại cơ quan, đơn vị, địa phương",
        "chủ động xây dựng kế hoạch cụ thể, phù hợp với tình hình thực tế",
        "ban hành kế hoạch triển khai thực hiện"))
    if ob.deadline is None:
        return what
    when = tm.deadline_phrase(c.rng, ob.deadline, "plan", c.doc.date)
    done = "" if when.startswith("hoàn thành") else ", hoàn thành"
    send = c.rng.choice(("", f", gửi về {_to(c)[1]}", done))
    return f"{what}{send} {when}"


def _report_words(c: Ctx, ob: Obligation) -> str:
    to, via = _to(c)
    year = c.doc.year
    if ob.deadline is None:
        when = tm.period_phrase(c.rng)
        return c.rng.choice((
            f"{when} báo cáo kết quả thực hiện về {to} (qua {via})",
            f"báo cáo kết quả thực hiện {when} gửi {to} (qua {via})",
            f"báo cáo {to} kết quả thực hiện thông qua {via} {when}"))
    when = tm.deadline_phrase(c.rng, ob.deadline, "report", c.doc.date)
    return c.rng.choice((
        f"báo cáo {to} kết quả thực hiện thông qua {via} {when}",
        f"báo cáo kết quả thực hiện năm {year} về {to} (qua {via}) {when}",
        f"tổng hợp, báo cáo kết quả thực hiện gửi {to} (qua {via}) {when}",
        f"gửi báo cáo kết quả thực hiện về {to} (qua {via}) {when}"))


def _assigned(c: Ctx, style: str) -> list[Block]:
    obs = c.doc.obligations
    classes: list[str] = []
    for ob in obs:
        if ob.unit_class not in classes:
            classes.append(ob.unit_class)
    plans = {o.unit_class: o for o in obs if o.kind == "plan"}
    reports = {o.unit_class: o for o in obs if o.kind == "report"}
    out: list[Block] = []
    n = 1
    office = _to(c)[1]
    duties = [item[0] for item in _duties(c)]
    if c.unit.level == "province" or c.rng.random() < 0.5:
        out.append(Block("para", f"{n}. {office}: Chủ trì, phối hợp với các cơ quan liên quan hướng dẫn, "
                                 "theo dõi, đôn đốc việc triển khai thực hiện Kế hoạch này."))
        n += 1
        duties = duties[1:]  # the office's duty, said once
    if style == "together":
        # "2. Các sở, ban, ngành tỉnh; UBND các huyện, thành phố căn cứ Kế hoạch này, xây dựng Kế
        # hoạch …; báo cáo UBND tỉnh kết quả thực hiện thông qua Sở Nội vụ trước ngày 15/11 hằng năm."
        together = [k for k in classes if k in plans and k in reports]
        sep = c.rng.choice(("; ", ", "))
        who = sep.join(_real_class_phrase(c, plans[k]) for k in together)
        parts = [_plan_words(c, _one({k: plans[k] for k in together})),
                 _report_words(c, _one({k: reports[k] for k in together}))]
        opener = c.rng.choice(("căn cứ Kế hoạch này, ", "căn cứ nội dung Kế hoạch, ", ""))
        out.append(Block("para", f"{n}. {who} {opener}{'; '.join(parts)}."))
        n += 1
        rest = [k for k in classes if k not in together]
        for k in rest:
            parts = [_plan_words(c, plans[k])] if k in plans else []
            parts += [_report_words(c, reports[k])] if k in reports else []
            who = _real_class_phrase(c, (plans | reports)[k])
            out.append(Block("para", f"{n}. {who} {'; '.join(parts)}."))
            n += 1
    elif style == "per_body":
        for k in classes:
            parts = [_cap(_plan_words(c, plans[k]))] if k in plans else []
            parts += [_report_words(c, reports[k])] if k in reports else []
            if parts and not parts[0][:1].isupper():
                parts[0] = _cap(parts[0])
            who = _real_class_phrase(c, (plans | reports)[k])
            out.append(Block("para", f"{n}. {who}: {c.rng.choice(('Căn cứ nội dung Kế hoạch, ', ''))}"
                                     f"{'; '.join(parts)}."))
            n += 1
    elif style == "points":
        for k in classes:
            out.append(Block("item", f"{n}. {_real_class_phrase(c, (plans | reports)[k], heading=True)}"))
            plan = _plan_words(c, plans[k]) if k in plans else None
            report = _report_words(c, reports[k]) if k in reports else None
            out += [Block("para", p) for p in _lettered_points(plan, report)]
            n += 1
    else:  # "blocks": task blocks, each with its chairing units and its time
        for kind, by_class in (("plan", plans), ("report", reports)):
            if not by_class:
                continue
            one = _one(by_class)
            chairs = "; ".join(_real_class_phrase(c, o) for o in by_class.values())
            if kind == "plan":
                task = c.rng.choice(("Xây dựng kế hoạch triển khai thực hiện Kế hoạch này tại cơ quan, "
                                     "đơn vị, địa phương", "Xây dựng và ban hành kế hoạch thực hiện"))
            else:
                to, via = _to(c)
                task = f"Tổng hợp, báo cáo kết quả thực hiện năm {c.doc.year} về {to} (qua {via})"
            out += [Block("item", f"{n}. {task}"), Block("para", f"- Đơn vị chủ trì: {chairs}.")]
            if one.deadline is not None:
                out.append(Block("para", f"- Thời gian hoàn thành: {tm.field_value(c.rng, one.deadline)}."))
            elif kind == "report":
                out.append(Block("para", f"- Thời gian thực hiện: {_cap(tm.period_phrase(c.rng))}."))
            n += 1
    if c.unit.level == "province" and not c.unit.is_department:
        # bodies named one by one with duties that are no plan or report: no row of `kg gaps`
        duties += c.rng.sample(_PROVINCE_DUTIES, c.rng.randrange(1, len(_PROVINCE_DUTIES) + 1))
    out += [Block("para", f"{n + i}. {text}") for i, text in enumerate(duties)]
    return out


_PROVINCE_DUTIES = (
    "Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định.",
    "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh theo chức năng, nhiệm vụ phối hợp bảo đảm an ninh, trật "
    "tự trong quá trình triển khai thực hiện.",
    "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh phối hợp "
    "tuyên truyền, vận động Nhân dân tham gia thực hiện.",
)


# --- noise -----------------------------------------------------------------------------------

def _symbol_space(text: str, c: Ctx) -> str:
    numbers = [n for n in (c.doc.number, c.parent_doc.number if c.parent_doc else None) if n]
    for n in numbers:
        i = n.index("/")
        variant = c.rng.choice((n[:i] + " " + n[i:], n[: i + 1] + " " + n[i + 1:],
                                n.replace("-", "- ", 1)))
        text = text.replace(n, variant, 1)
    return text


def _line_break(text: str, c: Ctx) -> str:
    p = c.parent_doc
    if p is None or p.number is None:
        return text.replace("ngày 26/11/2021", "ngày\n26/11/2021", 1)
    n = p.number
    cut = n.index("-") + 1
    # in the citation, never in the document's own "Số:" line
    m = re.search(r"(?:Kế hoạch|Quyết định) số " + re.escape(n), text)
    if m is None:
        return text
    at = m.start() + len(m.group(0)) - len(n)
    return text[:at] + n[:cut] + "\n" + n[cut:] + text[at + len(n):]


# Only open syllables in oa, oe, uy move their tone ("của", "quý" do not).
_TONE_OLD = re.compile(r"(?<![qQ])([òóỏõọÒÓỎÕỌ])([aeAE])(?!\w)|(?<![qQ])([ùúủũụÙÚỦŨỤ])([yY])(?!\w)")


def _old_tones(text: str, c: Ctx) -> str:
    """New tone placement → old ('hòa' → 'hoà', 'Ủy' → 'Uỷ')."""
    def move(m: re.Match[str]) -> str:
        first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        base, *marks = unicodedata.normalize("NFD", first)
        return base + unicodedata.normalize("NFC", second + "".join(marks))

    return _TONE_OLD.sub(move, text)


def _nfd(text: str, c: Ctx) -> str:
    return unicodedata.normalize("NFD", text)


def _page_break(text: str, c: Ctx) -> str:
    # A PDF page ends inside a sentence of section II: "… của cán bộ,\n\ncông chức …"
    m = re.search(r"(?m)^(?:Đẩy mạnh|Tiếp tục|Thực hiện|Tăng cường|Quan tâm)[^\n]{60,}", text)
    if not m:
        return text
    line = m.group(0)
    spaces = [i for i, ch in enumerate(line) if ch == " " and i > 40 and line[i + 1: i + 2].islower()]
    if not spaces:
        return text
    cut = m.start() + spaces[len(spaces) // 2]
    return text[:cut] + "\n\n" + text[cut + 1:]


def _nbsp(text: str, c: Ctx) -> str:
    return re.sub(r"ngày (\d)", "ngày\u00a0\\1", text, count=2)


_NOISE = {"symbol_space": _symbol_space, "line_break": _line_break, "old_tones": _old_tones,
          "nfd": _nfd, "page_break": _page_break, "nbsp": _nbsp}
