"""The generated world: which units exist, which documents each writes, and what each owes.

Everything here is decided before any text is written, from the unit registry and one seed, so
the ground truth (``truth.py``) and the text (``render.py``) are two views of the same intent.
Each unit's choices come from its own random stream (seed + programme + unit), so a province
generated alone gets the same documents as in the national run."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from directive_kg.reference.registry import AdminUnit, Registry

# Departments of a province People's Committee (name, symbol series). The list changed when the
# ministries merged on 1 March 2025; each year uses the list valid on 1 January.
DEPARTMENTS_2024 = (
    ("Sở Nội vụ", "SNV"), ("Sở Tư pháp", "STP"), ("Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("Sở Tài chính", "STC"), ("Sở Công Thương", "SCT"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT"), ("Sở Giao thông vận tải", "SGTVT"),
    ("Sở Xây dựng", "SXD"), ("Sở Tài nguyên và Môi trường", "STNMT"),
    ("Sở Thông tin và Truyền thông", "STTTT"), ("Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"), ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"), ("Sở Y tế", "SYT"),
)
DEPARTMENTS_2025 = (
    ("Sở Nội vụ", "SNV"), ("Sở Tư pháp", "STP"), ("Sở Tài chính", "STC"),
    ("Sở Công Thương", "SCT"), ("Sở Nông nghiệp và Môi trường", "SNNMT"), ("Sở Xây dựng", "SXD"),
    ("Sở Khoa học và Công nghệ", "SKHCN"), ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"), ("Sở Y tế", "SYT"), ("Sở Dân tộc và Tôn giáo", "SDTTG"),
)
CLASS_OF_LEVEL = {"province": "province_people_committees",
                  "district": "district_people_committees",
                  "commune": "commune_people_committees"}
# Documents a body issues per day of the year (all types share one number series per year).
NUMBERS_PER_DAY = {"province": 1.2, "district": 0.8, "commune": 0.3, "department": 0.4}


@dataclass(frozen=True)
class Unit:
    """A body that issues documents and owes them: a People's Committee or a department."""

    key: str  # registry code ("legacy:066") or "dept:<province code>:<series>"
    name: str  # canonical body name: "Ủy ban nhân dân huyện Na Rì", "Sở Nội vụ tỉnh Bắc Kạn"
    unit_class: str  # district_people_committees, departments, ...
    level: str  # province | district | commune (departments: province)
    area: str  # short name of the province
    parent: str | None  # key of the body above
    code: str | None  # registry code (None for roster agencies)
    place_word: str  # "huyện", "thành phố", "xã", ... ("" for departments)
    place_name: str  # "Na Rì", "Phường 5" for numbered units, province name for departments
    series: str  # issuer code in symbols: UBND, SNV, ...
    short_name: str = ""  # departments: "Sở Nội vụ"

    @property
    def is_department(self) -> bool:
        return self.unit_class == "departments"


@dataclass
class Obligation:
    kind: str  # plan | report
    unit_class: str  # the class of units it addresses
    deadline: date | None
    owners: list[str]  # unit keys the class expands to


@dataclass
class Doc:
    id: str
    programme: str
    kind: str  # plan | report
    issuer: str  # unit key
    year: int  # the year the document is for
    date: date | None  # None for a draft
    month: int | None  # month printed in a draft's date line ("ngày   tháng 3 năm 2024")
    parent: str | None  # id of the document it implements (None: the programme's central act)
    obligations: list[Obligation] = field(default_factory=list)
    late: bool = False
    number: str | None = None  # canonical printed number; None for a draft
    path: str = ""
    # Issued by a decision ("QUYẾT ĐỊNH Ban hành Kế hoạch …", the plan attached): one instrument
    # with the decision's number (…/QĐ-…), issuer and date, which its children then cite.
    decision: bool = False

    @property
    def draft(self) -> bool:
        return self.date is None


@dataclass(frozen=True)
class Rates:
    skip: float = 0.1  # a unit does not produce the plan (or the report) it owes
    late: float = 0.1  # a unit produces it after the deadline
    draft: float = 0.05  # a leaf unit's document is an unsigned draft (no number, no date)
    noise: float = 0.1  # OCR-style damage in the text
    decision: float = 0.15  # a signed plan is issued by a decision, the plan attached
    shaped: float = 0.25  # another document is written in the layouts of real copies (render.py)


@dataclass
class Scenario:
    year: int
    seed: int
    units: dict[str, Unit]
    docs: dict[str, Doc]
    # (owner key, obliging doc id, kind) → id of the document that answers it
    responses: dict[tuple[str, str, str], str]
    programmes: tuple[str, ...]
    # Units whose letterhead (own name under the parent's name) fits more than one unit in the
    # country, e.g. Thị trấn Châu Thành of Huyện Châu Thành in Tây Ninh and in Sóc Trăng: their
    # documents do not say which one they are.
    ambiguous: frozenset[str] = frozenset()


def pc_name(unit: AdminUnit) -> str:
    """'Huyện Kiên Lương' → 'Ủy ban nhân dân huyện Kiên Lương'."""
    word = unit.unit_type
    return f"Ủy ban nhân dân {word.lower()}{unit.name[len(word):]}"


def _place_name(unit: AdminUnit) -> str:
    """The name without its type word ("Phường 5" → "5"); the dataset writes a few in lower case
    ("Xã é Tòng"), documents capitalise them."""
    rest = unit.name[len(unit.unit_type) + 1:]
    return rest[:1].upper() + rest[1:]


def is_numbered(place_name: str) -> bool:
    """'5', 'I', 'III': such units are written with their type word ("Phường 5, ngày …")."""
    return bool(re.fullmatch(r"\d+|[IVX]+", place_name))


def people_committee(unit: AdminUnit, registry: Registry) -> Unit:
    province = registry.province_of(unit.code)
    parent = unit.parent
    return Unit(key=unit.code, name=pc_name(unit), unit_class=CLASS_OF_LEVEL[unit.level],
                level=unit.level, area=province.short, parent=parent, code=unit.code,
                place_word=unit.unit_type.lower(), place_name=_place_name(unit), series="UBND")


def departments(province: Unit, year: int, limit: int | None) -> list[Unit]:
    table = DEPARTMENTS_2024 if year <= 2024 else DEPARTMENTS_2025
    chosen = table[:limit] if limit is not None else table
    suffix = f"{province.place_word} {province.place_name}"
    return [Unit(key=f"dept:{province.key}:{series}", name=f"{name} {suffix}",
                 unit_class="departments", level="province", area=province.area,
                 parent=province.key, code=None, place_word="", place_name=province.place_name,
                 series=series, short_name=name)
            for name, series in chosen]


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random("|".join(map(str, (seed, *parts))))


def _clamp(d: date, lo: date, hi: date) -> date:
    return max(lo, min(hi, d))


def _round_deadline(d: date) -> date:
    """Deadlines are round days: the 5th, 10th, 15th, 20th, 25th or the month's end."""
    for day in (5, 10, 15, 20, 25):
        if d.day <= day:
            return d.replace(day=day)
    nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)


def due_date(ob: Obligation, year: int) -> date:
    """Stated deadline, else 31 December of the plan year."""
    return ob.deadline or date(year, 12, 31)


class Builder:
    """Decides the documents of one programme in one province."""

    def __init__(self, registry: Registry, year: int, seed: int, rates: Rates,
                 dept_limit: int | None):
        self.registry = registry
        self.year = year
        self.seed = seed
        self.rates = rates
        self.dept_limit = dept_limit
        self.on = date(year, 1, 1)
        self.units: dict[str, Unit] = {}
        self.docs: dict[str, Doc] = {}
        self.responses: dict[tuple[str, str, str], str] = {}
        self.twins = LetterheadTwins(registry)

    def unit(self, admin: AdminUnit) -> Unit:
        if admin.code not in self.units:
            self.units[admin.code] = people_committee(admin, self.registry)
        return self.units[admin.code]

    def province(self, admin: AdminUnit, programme: str) -> None:
        rng = _rng(self.seed, programme, admin.code)
        prov = self.unit(admin)
        depts = departments(prov, self.year, self.dept_limit)
        for d in depts:
            self.units[d.key] = d
        children = [self.unit(c) for c in self.registry.children(admin.code, on=self.on)]
        start = date(self.year, 1, 5) + timedelta(days=rng.randrange(0, 50))
        doc = self._doc(programme, "plan", prov, start, None, None)
        doc.obligations = self._obligations(rng, doc, [d.key for d in depts],
                                            [c.key for c in children], report_by=date(self.year, 11, 15))
        self._answer_all(doc, programme)

    def _obligations(self, rng: random.Random, doc: Doc, depts: list[str], children: list[str],
                     report_by: date) -> list[Obligation]:
        assert doc.date is not None
        plan_due = None
        if rng.random() < 0.85:
            plan_due = _round_deadline(doc.date + timedelta(days=rng.randrange(20, 45)))
        report_due = None
        if rng.random() < 0.9:
            report_due = _round_deadline(report_by - timedelta(days=rng.randrange(0, 20)))
        out = []
        for kind, due in (("plan", plan_due), ("report", report_due)):
            if depts:
                out.append(Obligation(kind, "departments", due, list(depts)))
            if children:
                cls = self.units[children[0]].unit_class
                out.append(Obligation(kind, cls, due, list(children)))
        return out

    def _answer_all(self, obliging: Doc, programme: str) -> None:
        for ob in obliging.obligations:
            for owner in ob.owners:
                self._answer(obliging, ob, self.units[owner], programme)

    def _answer(self, obliging: Doc, ob: Obligation, owner: Unit, programme: str) -> None:
        rng = _rng(self.seed, programme, owner.key, obliging.id, ob.kind)
        if rng.random() < self.rates.skip:
            return
        due = due_date(ob, self.year)
        assert obliging.date is not None
        earliest = obliging.date + timedelta(days=2)
        late = rng.random() < self.rates.late
        if late:
            when = due + timedelta(days=rng.randrange(1, 45))
        elif ob.kind == "plan":
            when = _clamp(earliest + timedelta(days=rng.randrange(0, 40)), earliest, due)
        else:
            when = _clamp(due - timedelta(days=rng.randrange(0, 25)), earliest, due)
        leaf = owner.is_department or owner.level == "commune"
        if not leaf and when.year > self.year:
            # A plan that obliges the communes stays in its year: its classes are listed as they
            # stand on its own date (the registry's day), and many communes and wards were merged
            # or renamed on 1 January 2025; the truth lists them as of this year.
            when = date(self.year, 12, 31)
            late = late and when > due
        if owner.code is not None and self.twins.shared(owner.code, when):
            # No letterhead names this unit apart from its twin that day (the registry keeps two
            # "Xã Tân Hiệp" under Huyện Yên Thế in 2024): no reader could credit its answer, and a
            # correct reading says it could not place the issuer (tests/test_renamed_units.py).
            # The unit stays silent, so the truth holds only what a text can establish.
            return
        draft = leaf and rng.random() < self.rates.draft
        doc = self._doc(programme, ob.kind, owner, None if draft else when, obliging, when.month)
        doc.late = late and not draft
        self.responses[(owner.key, obliging.id, ob.kind)] = doc.id
        if ob.kind == "plan" and not draft and not leaf:
            self._oblige_communes(rng, doc, programme, obliging)

    def _oblige_communes(self, rng: random.Random, doc: Doc, programme: str, obliging: Doc) -> None:
        owner = self.units[doc.issuer]
        communes = [self.unit(c).key for c in self.registry.children(owner.key, on=self.on)]
        if not communes:
            return
        parent_report = next((o.deadline for o in obliging.obligations if o.kind == "report"), None)
        report_by = (parent_report or date(self.year, 11, 30)) - timedelta(days=5)
        doc.obligations = self._obligations(rng, doc, [], communes, report_by=report_by)
        self._answer_all(doc, programme)

    def _doc(self, programme: str, kind: str, issuer: Unit, when: date | None,
             parent: Doc | None, month: int | None) -> Doc:
        doc_id = f"{programme}/{issuer.key}/{kind}"  # a unit answers one document per programme
        doc = Doc(id=doc_id, programme=programme, kind=kind, issuer=issuer.key, year=self.year,
                  date=when, month=month, parent=parent.id if parent else None)
        assert doc_id not in self.docs, doc_id
        self.docs[doc_id] = doc
        return doc


def mark_decisions(scenario: Scenario, rate: float) -> None:
    """Which signed plans are issued by a decision, each drawn from its own random stream so that
    every other choice of the scenario stays as it was."""
    for doc in scenario.docs.values():
        if doc.kind == "plan" and doc.date is not None:
            doc.decision = _rng(scenario.seed, "decision", doc.id).random() < rate


def assign_numbers(scenario: Scenario) -> None:
    """Number every signed document: one series per issuer and year, increasing with the date,
    zero-padded below 10 (Decree 30/2020); a decision that issues a plan takes its number from
    the same series."""
    by_issuer: dict[str, list[Doc]] = {}
    for doc in scenario.docs.values():
        if doc.date is not None:
            by_issuer.setdefault(doc.issuer, []).append(doc)
    for key, docs in by_issuer.items():
        unit = scenario.units[key]
        rate = NUMBERS_PER_DAY["department" if unit.is_department else unit.level]
        rng = _rng(scenario.seed, "numbers", key)
        last: dict[int, int] = {}
        for doc in sorted(docs, key=lambda d: (d.date, d.id)):
            assert doc.date is not None
            y = doc.date.year
            day = doc.date.timetuple().tm_yday
            n = max(last.get(y, 0) + 1, int(rate * day * rng.uniform(0.6, 1.4)) + 1)
            last[y] = n
            code = "QĐ" if doc.decision else "KH" if doc.kind == "plan" else "BC"
            doc.number = f"{n:02d}/{code}-{unit.series}"


def select_provinces(registry: Registry, year: int, scale: str, seed: int) -> list[AdminUnit]:
    """'province:Bắc Kạn' | 'province:Sóc Trăng,Cà Mau' (several, named) | 'provinces:N' (a
    seeded sample) | 'national'."""
    on = date(year, 1, 1)
    provinces = registry.units_on(on, "province")
    kind, _, arg = scale.partition(":")
    if kind == "national":
        return sorted(provinces, key=lambda u: u.code)
    if kind == "province":
        chosen: dict[str, AdminUnit] = {}
        for name in arg.split(","):
            found = registry.find(name.strip(), level="province", on=on)
            if len(found) != 1:
                raise ValueError(f"province {name.strip()!r} not found (or ambiguous) in {year}")
            chosen[found[0].code] = found[0]
        return sorted(chosen.values(), key=lambda u: u.code)
    if kind == "provinces":
        n = int(arg)
        rng = _rng(seed, "provinces")
        return sorted(rng.sample(sorted(provinces, key=lambda u: u.code), min(n, len(provinces))),
                      key=lambda u: u.code)
    raise ValueError(f"scale must be province:NAME, provinces:N or national, not {scale!r}")


def build(registry: Registry, year: int, scale: str, seed: int, rates: Rates,
          programmes: tuple[str, ...] = ("dvcq",), dept_limit: int | None = None) -> Scenario:
    b = Builder(registry, year, seed, rates, dept_limit)
    for province in select_provinces(registry, year, scale, seed):
        for programme in programmes:
            b.province(province, programme)
    scenario = Scenario(year, seed, b.units, b.docs, b.responses, programmes,
                        ambiguous_letterheads(registry, date(year, 1, 1), b.units))
    mark_decisions(scenario, rates.decision)
    assign_numbers(scenario)
    return scenario


def ambiguous_letterheads(registry: Registry, on: date, units: dict[str, Unit]) -> frozenset[str]:
    def key(u: AdminUnit) -> tuple[str, str]:
        # names as they stood that day: Huyện Phong Điền of Thừa Thiên Huế was a thị xã only from
        # 2025, so in 2024 its town and Cần Thơ's "Thị trấn Phong Điền" shared their letterhead
        u = u.on(on)
        return u.name.casefold(), registry.get(u.parent).on(on).name.casefold() if u.parent else ""

    counts: dict[tuple[str, str], int] = {}
    for u in registry.units_on(on):
        counts[key(u)] = counts.get(key(u), 0) + 1
    return frozenset(k for k, u in units.items()
                     if u.code is not None and counts.get(key(registry.get(u.code)), 0) > 1)


class LetterheadTwins:
    """Units no text can tell apart: on a given day another unit had the same name under parents
    and grandparents of the same names (the registry keeps two "Xã Tân Hiệp" under Huyện Yên Thế
    of Bắc Giang in 2024, one merged into the other at the end of the year). Naming the province
    does not help, so an honest reading says it cannot place such an issuer (warning
    issuer-unplaced). A name shared only across provinces is not such a case."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._by_name: dict[str, list[str]] = {}  # every name any unit ever bore → codes
        for u in registry.all_units():
            for state in u.states():
                codes = self._by_name.setdefault(state.name.casefold(), [])
                if u.code not in codes:
                    codes.append(u.code)
        self._seen: dict[tuple[str, date], bool] = {}

    def _chain(self, code: str, on: date) -> tuple[str, ...]:
        names = []
        unit: AdminUnit | None = self.registry.get(code).on(on)
        while unit is not None:
            names.append(unit.name.casefold())
            unit = self.registry.get(unit.parent).on(on) if unit.parent else None
        return tuple(names)

    def shared(self, code: str, on: date) -> bool:
        key = (code, on)
        if key not in self._seen:
            unit = self.registry.get(code)
            mine = self._chain(code, on) if unit.valid_on(on) else ()
            others = [c for c in self._by_name.get(mine[0], ()) if c != code] if mine else []
            self._seen[key] = any(self.registry.get(c).valid_on(on) and self._chain(c, on) == mine
                                  for c in others)
        return self._seen[key]


def iter_expected(scenario: Scenario) -> Iterator[tuple[Doc, Obligation, str, Doc | None]]:
    """(obliging document, obligation, owner key, answering document or None)."""
    for doc in scenario.docs.values():
        for ob in doc.obligations:
            for owner in ob.owners:
                rid = scenario.responses.get((owner, doc.id, ob.kind))
                yield doc, ob, owner, scenario.docs[rid] if rid else None
