"""Check a generated corpus: every document parses to what it was meant to say, and `kg gaps`
equals the ground truth.

    python -m bench.check DIR            # parse check + gaps check (loads DIR/corpus into DIR/kg)
    python -m bench.check DIR --parse    # parse check only
    python -m bench.check DIR --gaps --store /tmp/kg   # gaps check only, store elsewhere

Exit code 0 when everything matches; otherwise the differences are listed (at most 30)."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from directive_kg.loaders import parse_file
from directive_kg.loaders.records import Document
from directive_kg.loaders.text import fold


@dataclass
class ParseCheck:
    documents: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_manifest(out: Path) -> list[dict]:
    with open(out / "manifest.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _same_body(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and fold(a) == fold(b)


def compare(doc: Document, want: dict) -> list[str]:
    """Differences between a parsed document and its intended record (empty when it matches)."""
    p = want["path"]
    out = []
    if doc.issuer is None or not _same_body(doc.issuer.name, want["issuer"]):
        out.append(f"{p}: issuer {doc.issuer.name if doc.issuer else None!r} != {want['issuer']!r}")
    got_place = doc.place.code if doc.place else None
    # An ambiguous letterhead is told apart by the province plan the document cites ("basis");
    # corpora written before the generator rendered that citation have no "basis" key.
    answerable = not want["ambiguous"] or want.get("basis") is not None
    if got_place != want["place_code"] and answerable:
        out.append(f"{p}: place {got_place} != {want['place_code']}")
    if doc.number != want["number"]:
        out.append(f"{p}: number {doc.number!r} != {want['number']!r}")
    if doc.is_draft != want["draft"]:
        out.append(f"{p}: draft {doc.is_draft} != {want['draft']}")
    if doc.year != want["year"]:
        out.append(f"{p}: year {doc.year} != {want['year']}")
    got_date = doc.date.isoformat() if doc.date else None
    if got_date != want["date"]:
        out.append(f"{p}: date {got_date} != {want['date']}")
    implements = {c.number: c for c in doc.citations if c.role == "implements" and c.number}
    parent = want["parent"]
    if parent is not None:
        c = implements.get(parent["number"])
        if c is None:
            out.append(f"{p}: parent {parent['number']} not among implemented {sorted(implements)}")
        else:
            if c.issuer is None or not _same_body(c.issuer.name, parent["issuer"]):
                out.append(f"{p}: parent issuer {c.issuer.name if c.issuer else None!r} != "
                           f"{parent['issuer']!r}")
            if (c.date.isoformat() if c.date else None) != parent["date"]:
                out.append(f"{p}: parent date {c.date} != {parent['date']}")
    basis = want.get("basis")
    if basis is not None:
        # the district's plan may carry the same number: the issuer tells them apart
        c = next((c for c in doc.citations if c.number == basis["number"] and c.issuer is not None
                  and _same_body(c.issuer.name, basis["issuer"])), None)
        if c is None or c.role != "based_on":
            out.append(f"{p}: basis {basis['number']} of {basis['issuer']} cited as "
                       f"{c.role if c else None}")
    for number in want["central"]:
        if number not in implements:
            out.append(f"{p}: central {number} not among implemented {sorted(implements)}")
    got = Counter()
    for o in doc.obligations:
        if o.kind not in ("plan", "report"):
            continue
        for a in o.addressees:
            if a.kind != "class":
                # A plan or report owed by one named unit (or the issuer itself) would be a row
                # the ground truth does not have.
                out.append(f"{p}: {o.kind} obligation on {a.kind} {a.text!r} (line {o.evidence.line})")
                continue
            got[(o.kind, a.unit_class, o.deadline.isoformat() if o.deadline else None)] += 1
            if a.body is None or not _same_body(a.body.name, want["issuer"]):
                out.append(f"{p}: class {a.text!r} under {a.body.name if a.body else None!r}")
    expected = Counter((o["kind"], o["unit_class"], o["deadline"]) for o in want["obligations"])
    if got != expected:
        out.append(f"{p}: obligations {sorted(got.items())} != {sorted(expected.items())}")
    return out


def check_parse(out: Path, manifest: list[dict] | None = None) -> ParseCheck:
    result = ParseCheck()
    for want in manifest or read_manifest(out):
        doc = parse_file(out / "corpus" / want["path"])
        result.documents += 1
        result.problems += compare(doc, want)
    return result


@dataclass
class GapsCheck:
    expected: int = 0
    got: int = 0
    matched: int = 0  # same unit, obligation, deadline and status
    missing: list[str] = field(default_factory=list)  # expected rows absent from the answer
    extra: list[str] = field(default_factory=list)  # answer rows the truth does not have
    differ: list[str] = field(default_factory=list)  # same row, other deadline or status
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.got if self.got else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.differ)


def _code_of(iri: str) -> str | None:
    """'…/id/body/ubnd/legacy-066' → 'legacy:066' (a People's Committee of a registry unit)."""
    m = re.search(r"/body/ubnd/([^/]+)$", iri)
    return m.group(1).replace("-", ":", 1) if m else None


def _name_key(name: str) -> str:
    """Folded name; 'quận Quận 4' (a numbered unit with its type word twice) counts as 'quận 4'."""
    return re.sub(r"\b(\w+) \1\b", r"\1", fold(name or ""))


def _key(unit_code: str | None, unit: str, kind: str, required_by: str, issuer: str,
         deadline: str) -> tuple:
    # The deadline is part of the key: numbers restart each year, so one issuer can have two
    # obliging plans 40/KH-UBND for the same year's work (one signed in January 2025).
    return (unit_code or _name_key(unit), kind, required_by, _name_key(issuer), deadline)


def gap_rows(store, year: int, as_of) -> list[dict]:
    """The answer of the tool: kg/answers/gaps.py when it exists, else the shipped queries/gaps.rq."""
    try:
        from directive_kg.kg.answers.gaps import find_gaps
    except ImportError:
        from importlib import resources

        rq = resources.files("directive_kg.queries").joinpath("gaps.rq").read_text(encoding="utf-8")
        return store.query(rq, {"year": year, "asOf": as_of})
    report = find_gaps(store, year, as_of=as_of, include_met=True)
    return [{"unit": r.unit, "unit_iri": r.unit_iri, "kind": r.kind, "required_by": r.required_by,
             "required_by_issuer": getattr(r, "required_by_issuer", ""),
             "deadline": r.deadline.isoformat() if r.deadline else None, "status": r.status}
            for r in report.rows]


def compare_gaps(truth_rows: list, answer: list[dict]) -> GapsCheck:
    res = GapsCheck(expected=len(truth_rows), got=len(answer))
    want = {}
    for t in truth_rows:
        want[_key(t.unit_code, t.unit, t.kind, t.required_by, t.required_by_issuer, t.deadline)] = t
    seen = set()
    for r in answer:
        deadline = str(r.get("deadline") or "")
        k = _key(_code_of(r["unit_iri"]), r["unit"], r["kind"], r["required_by"],
                 r.get("required_by_issuer") or "", deadline)
        t = want.get(k)
        line = f"{r['unit']} | {r['kind']} | {r['required_by']} ({r.get('required_by_issuer')}) | " \
               f"{deadline or '-'} | {r['status']}"
        if t is None or k in seen:
            res.extra.append(line)
            continue
        seen.add(k)
        if (t.deadline, t.status) == (deadline, r["status"]):
            res.matched += 1
        else:
            res.differ.append(f"{line}  (expected {t.deadline or '-'} | {t.status})")
    for k, t in want.items():
        if k not in seen:
            res.missing.append(f"{t.unit} | {t.kind} | {t.required_by} ({t.required_by_issuer}) | "
                               f"{t.deadline or '-'} | {t.status}")
    return res


def check_gaps(out: Path, store_dir: Path | None = None, reuse: bool = False) -> GapsCheck:
    """Load the corpus (and roster) into a store and compare `kg gaps --all` with the truth."""
    from bench.truth import read_truth
    from directive_kg.kg.store.load import load_paths
    from directive_kg.kg.store.store import Store

    payload = json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))
    as_of = date.fromisoformat(payload["as_of"])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    store_dir = store_dir or out / "kg"
    store = Store.open(store_dir, write=True)
    if not reuse:
        load_paths(store, [str(out / "corpus")])
        _load_roster(store, out / "roster.csv")
    t0 = time.perf_counter()
    answer = gap_rows(store, summary["year"], as_of)
    seconds = time.perf_counter() - t0
    ambiguous = {m["issuer_code"] for m in read_manifest(out) if m["ambiguous"]}
    res = compare_gaps(read_truth(out / "ground_truth.csv"), answer, ambiguous)
    res.seconds = seconds
    return res


def _load_roster(store, path: Path) -> bool:
    """The roster of departments, when the tool can load one (kg units load)."""
    try:
        from directive_kg.kg.answers.units import load_roster
    except ImportError:
        return False
    load_roster(store, str(path))
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--parse", action="store_true", help="only check the parsed records")
    ap.add_argument("--store", type=Path, default=None, help="store folder (default DIR/kg)")
    ap.add_argument("--reuse", action="store_true", help="query the store as it is, do not load")
    ap.add_argument("--gaps", action="store_true", help="only the gaps check (no parse check)")
    a = ap.parse_args(argv)
    ok = True
    if not (a.reuse or a.gaps):
        res = check_parse(a.dir)
        print(f"parse: {res.documents} documents, {len(res.problems)} differences")
        for line in res.problems[:30]:
            print("  " + line)
        ok = res.ok
    if a.parse:
        return 0 if ok else 1
    g = check_gaps(a.dir, a.store, a.reuse)
    print(f"gaps: {g.got} rows, expected {g.expected}; precision {g.precision:.4f}, recall "
          f"{g.recall:.4f} ({g.seconds:.1f} s); {len(g.missing)} missing, {len(g.extra)} extra, "
          f"{len(g.differ)} differ")
    for title, lines in (("missing", g.missing), ("extra", g.extra), ("differ", g.differ)):
        for line in lines[:10]:
            print(f"  {title}: {line}")
    return 0 if ok and g.ok else 1


if __name__ == "__main__":
    sys.exit(main())
