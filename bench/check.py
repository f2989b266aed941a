"""Check a generated corpus: every document parses to what it was meant to say, and `kg gaps`
equals the ground truth.

    python bench/check.py DIR            # parse check + gaps check (loads DIR/corpus into DIR/kg)
    python bench/check.py DIR --parse    # parse check only

Exit code 0 when everything matches; otherwise the differences are listed (at most 30)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
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
    if got_place != want["place_code"] and not want["ambiguous"]:
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--parse", action="store_true", help="only check the parsed records")
    a = ap.parse_args(argv)
    res = check_parse(a.dir)
    print(f"parse: {res.documents} documents, {len(res.problems)} differences")
    for line in res.problems[:30]:
        print("  " + line)
    return 0 if res.ok else 1


if __name__ == "__main__":
    sys.exit(main())
