"""The body of a document as its Roman-numbered sections, the tasks of its task sections, and the
section list the obligation reader (assignments.py) walks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import Line, line_evidence
from .records import Task
from .text import MappedText, clean

# "I. MỤC ĐÍCH, YÊU CẦU": where the header and opening end and the body begins.
ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\s*[.:]\s*(?P<title>.+)$")
_SECTION = re.compile(r"^(?P<num>[IVX]{1,5})\s*(?:[.:]\s*|[-)]\s*(?=[A-ZĐÀ-Ỹ]))(?P<title>\S.*)$")
_BARE_SECTION = re.compile(r"^(?P<num>)(?P<title>(?:TỔ CHỨC THỰC HIỆN|CHẾ ĐỘ BÁO CÁO|PHÂN CÔNG NHIỆM VỤ|"
                           r"TRÁCH NHIỆM THỰC HIỆN)[.:]?)$", re.IGNORECASE)
# Where the body of a section ends: the recipients, the signature, an annex.
_BODY_END = re.compile(r"^_*(?:Nơi nhận|NƠI NHẬN)\b|^(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\.?\s+[A-ZĐ]{2,}")
_ANNEX = re.compile(r"^(?:PHỤ LỤC\b|Phụ lục(?:\s+(?:số\s+)?[IVX\d]+)?\s*[:.]?\s*$|\(Kèm theo\b)")
_ITEM = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s*(?P<title>.*)$")


@dataclass
class Section:
    path: str
    title: str
    line: Line
    body: list[Line]


def body_start(lines: list[Line]) -> int:
    """Index of the first Roman-numbered heading (the end of the header and opening)."""
    return next((i for i, ln in enumerate(lines) if ROMAN.match(ln.text)), len(lines))


def split_sections(lines: list[Line]) -> list[Section]:
    """The Roman-numbered sections of the body ("IV. TỔ CHỨC THỰC HIỆN", also "IV- …"), each up
    to the next one, the recipients or the signature; an unnumbered "TỔ CHỨC THỰC HIỆN" line
    starts one too. Nothing after an annex heading (annex tables restate tasks, assign none)."""
    out: list[Section] = []
    open_body = False
    for ln in lines:
        if out and _ANNEX.match(ln.text):
            break
        m = _SECTION.match(ln.text) or _BARE_SECTION.match(ln.text)
        if m:
            out.append(Section(m.group("num") or "", m.group("title").strip(), ln, []))
            open_body = True
        elif _BODY_END.match(ln.text):
            open_body = False
        elif out and open_body:
            out[-1].body.append(ln)
    return out


def obligation_sections(sections: list[Section], lines: list[Line]) -> list[Section]:
    """What the obligation reader walks: the sections, or for a body without Roman-numbered parts
    its unnumbered "TỔ CHỨC THỰC HIỆN" section, else the whole body up to an annex (its "3. Tổ
    chức thực hiện" item is read there)."""
    if not sections and lines:
        sections = split_sections(lines)
    if not sections and lines:
        end = next((i for i, ln in enumerate(lines) if i and _ANNEX.match(ln.text)
                    and not ln.text.startswith("(")), len(lines))
        sections = [Section("", "", lines[0], lines[1:end])]
    return sections


_TASK_SECTION = re.compile(r"nhiệm vụ|giải pháp|nội dung")
_TITLE_END = re.compile(r"(?<=[^\d])[.;:](?:\s|$)")


def read_tasks(sections: list[Section], mt: MappedText) -> list[Task]:
    """The numbered items of the task sections ("II. NHIỆM VỤ, GIẢI PHÁP")."""
    tasks = []
    for sec in sections:
        if not _TASK_SECTION.search(clean(sec.title).casefold()):
            continue
        for ln in sec.body:
            m = _ITEM.match(ln.text)
            if m and m.group("title").strip():
                title = m.group("title").strip()
                short = _TITLE_END.split(title, maxsplit=1)[0]
                tasks.append(Task(f"{sec.path}.{m.group('num')}", short[:300], line_evidence(mt, ln)))
    return tasks
