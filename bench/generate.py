"""Generate a realistic corpus of plans and reports with its ground truth.

    python -m bench.generate --year 2024 --scale "province:Bắc Kạn" --seed 1 --out bench/out/bk
    python -m bench.generate --year 2024 --scale national --programmes dvcq,qcdc,dvk --out DIR

Writes DIR/corpus/**.txt (one file per document), DIR/ground_truth.csv and .json (the expected
rows of `kg gaps --year YEAR --all --as-of AS_OF`), DIR/roster.csv (the departments, for
`kg units load`), DIR/manifest.jsonl (what each document is meant to say, for parser checks)
and DIR/summary.json (parameters and counts)."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench import render, scenario, truth
from bench.phrases import PROGRAMMES
from directive_kg.kg.graph.identity import slug
from directive_kg.reference.registry import Registry, load_registry


@dataclass(frozen=True)
class Options:
    year: int = 2024
    scale: str = "province:Bắc Kạn"
    seed: int = 1
    rates: scenario.Rates = scenario.Rates()
    programmes: tuple[str, ...] = ("dvcq",)
    departments: int | None = None  # departments per province (None: all of the year's list)
    as_of: date | None = None  # default: 31 December of the year


@dataclass(frozen=True)
class Result:
    scenario: scenario.Scenario
    rows: list[truth.TruthRow]
    manifest: list[dict]
    seconds: float


def _path(doc: scenario.Doc, sc: scenario.Scenario, shape: render.Shape | None = None) -> str:
    unit = sc.units[doc.issuer]
    province = sc.units[_province_of(unit, sc)]
    folder = f"{province.code.partition(':')[2]}-{slug(province.place_name)}"
    who = slug(unit.key.replace(":", " "))
    what = "quyet-dinh" if doc.decision else "ke-hoach" if doc.kind == "plan" else "bao-cao"
    suffix = "md" if shape is not None and shape.layout == "markdown" else "txt"
    return f"{folder}/{doc.programme}/{unit.level if not unit.is_department else 'department'}/" \
           f"{who}.{what}.{suffix}"


def _province_of(unit: scenario.Unit, sc: scenario.Scenario) -> str:
    key = unit.key
    while sc.units[key].parent:
        key = sc.units[key].parent  # type: ignore[assignment]
    return key


def intended(doc: scenario.Doc, sc: scenario.Scenario, noise: tuple[str, ...],
             shape: render.Shape | None = None) -> dict:
    """What the parser should read from the document."""
    unit = sc.units[doc.issuer]
    parent = sc.docs[doc.parent] if doc.parent else None
    basis = render.province_basis(doc, sc)
    return {
        "path": doc.path, "id": doc.id, "kind": doc.kind, "programme": doc.programme,
        "issuer": unit.name, "issuer_code": unit.code, "number": doc.number, "draft": doc.draft,
        # the registry unit the document speaks from (a department: its province)
        "place_code": unit.code or sc.units[unit.parent or ""].code,
        "ambiguous": unit.key in sc.ambiguous,
        "date": doc.date.isoformat() if doc.date else None, "year": doc.year,
        "parent": None if parent is None else {
            "number": parent.number, "issuer": sc.units[parent.issuer].name,
            "date": parent.date.isoformat() if parent.date else None},
        "central": list(PROGRAMMES[doc.programme].central_numbers) if parent is None else [],
        # the province plan a commune document cites among its bases (render.province_basis)
        "basis": None if basis is None else {
            "number": basis.number, "issuer": sc.units[basis.issuer].name,
            "date": basis.date.isoformat() if basis.date else None},
        "obligations": [{"kind": o.kind, "unit_class": o.unit_class,
                         "deadline": o.deadline.isoformat() if o.deadline else None}
                        for o in doc.obligations],
        "noise": list(noise),
        "decision": doc.decision,
        "shape": None if shape is None else {"layout": shape.layout, "portal": shape.portal,
                                             "duties": shape.duties},
    }


def generate(opts: Options, out: Path, registry: Registry | None = None) -> Result:
    t0 = time.perf_counter()
    registry = registry or load_registry()
    sc = scenario.build(registry, opts.year, opts.scale, opts.seed, opts.rates, opts.programmes,
                        opts.departments)
    corpus = out / "corpus"
    manifest = []
    shapes = {doc.id: render.shape_of(doc, sc, opts.rates.shaped) for doc in sc.docs.values()}
    for doc in sorted(sc.docs.values(), key=lambda d: d.id):
        doc.path = _path(doc, sc, shapes[doc.id])
    for doc in sorted(sc.docs.values(), key=lambda d: d.id):
        rng = random.Random(f"{opts.seed}|render|{doc.id}")
        text, noise = render.render(doc, sc, registry, rng, opts.rates.noise, shapes[doc.id])
        target = corpus / doc.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        manifest.append(intended(doc, sc, noise, shapes[doc.id]))
    as_of = opts.as_of or date(opts.year, 12, 31)
    rows = truth.expected_rows(sc, as_of)
    truth.write_truth(out, rows, as_of)
    truth.write_roster(out, truth.roster_rows(sc))
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as fh:
        for m in manifest:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - t0
    summary = {
        "year": opts.year, "scale": opts.scale, "seed": opts.seed, "as_of": as_of.isoformat(),
        "programmes": list(opts.programmes), "departments": opts.departments,
        "rates": opts.rates.__dict__, "documents": len(manifest),
        "by_kind": _count(m["kind"] for m in manifest),
        "drafts": sum(1 for m in manifest if m["draft"]),
        "noisy": sum(1 for m in manifest if m["noise"]),
        "decisions": sum(1 for m in manifest if m["decision"]),
        "shaped": sum(1 for m in manifest if m["shape"]),
        "truth_rows": len(rows), "by_status": _count(r.status for r in rows),
        "seconds": round(seconds, 2),
    }
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    return Result(sc, rows, manifest, seconds)


def _count(values) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


def parse_args(argv: list[str] | None = None) -> tuple[Options, Path]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--scale", default="province:Bắc Kạn",
                    help="province:NAME[,NAME…] | provinces:N (a seeded sample) | national")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--skip-rate", type=float, default=0.1)
    ap.add_argument("--late-rate", type=float, default=0.1)
    ap.add_argument("--draft-rate", type=float, default=0.05)
    ap.add_argument("--noise-rate", type=float, default=0.1)
    ap.add_argument("--decision-rate", type=float, default=scenario.Rates.decision,
                    help="share of signed plans issued by a decision, the plan attached")
    ap.add_argument("--shape-rate", type=float, default=scenario.Rates.shaped,
                    help="share of the other documents written in the layouts of real copies "
                         "(portal Markdown, flattened letterheads, portal pages, real wordings)")
    ap.add_argument("--programmes", default="dvcq",
                    help=f"comma-separated, of: {', '.join(PROGRAMMES)}")
    ap.add_argument("--departments", type=int, default=None,
                    help="departments per province (default: the year's full list)")
    ap.add_argument("--as-of", type=date.fromisoformat, default=None,
                    help="date the ground-truth statuses are computed for (default: 31 Dec of YEAR)")
    a = ap.parse_args(argv)
    progs = tuple(p.strip() for p in a.programmes.split(",") if p.strip())
    unknown = [p for p in progs if p not in PROGRAMMES]
    if unknown:
        ap.error(f"unknown programme(s): {', '.join(unknown)}")
    rates = scenario.Rates(a.skip_rate, a.late_rate, a.draft_rate, a.noise_rate, a.decision_rate,
                           a.shape_rate)
    return Options(a.year, a.scale, a.seed, rates, progs, a.departments, a.as_of), a.out


def main(argv: list[str] | None = None) -> int:
    opts, out = parse_args(argv)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "corpus").exists() and any((out / "corpus").iterdir()):
        print(f"error: {out / 'corpus'} is not empty; choose a new --out folder", file=sys.stderr)
        return 2
    try:
        res = generate(opts, out)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    print(f"{s['documents']} documents ({s['by_kind']}, {s['drafts']} drafts, {s['noisy']} noisy, "
          f"{s['decisions']} decisions issuing plans, {s['shaped']} in the shapes of real copies), "
          f"{s['truth_rows']} ground-truth rows {s['by_status']} in {res.seconds:.1f} s → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
