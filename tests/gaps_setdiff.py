"""The gaps decision again, in plain Python over the store's triples: owed minus met.

An independent check of queries/gaps.rq (tests and bench/ compare the two): no SPARQL beyond
reading triples by pattern, no OPTIONAL, no NOT EXISTS."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from pyoxigraph import NamedNode

from directive_kg.kg.graph.vocab import DKG, ELI, ORG, RDF, SKOS
from directive_kg.kg.store.store import Store


def _p(iri: str) -> NamedNode:
    return NamedNode(iri)


def owed_minus_met(store: Store, year: int, as_of: date) -> dict[tuple[str, str, str], bool]:
    """{(owner IRI, obliging instrument IRI, kind): met?} for every obligation of ``year``."""
    def objects(subj, pred):
        return {q.object for q in store.match(subj, _p(pred), None)}

    def subjects(pred, obj):
        return {q.subject for q in store.match(None, _p(pred), obj)}

    def value(subj, pred):
        found = objects(subj, pred)
        return next(iter(found)).value if found else None

    kinds = {c: value(c, SKOS + "notation") for c in
             {q.object for q in store.match(None, _p(DKG + "obligationKind"), None)}}
    owed: set[tuple] = set()
    for q in store.match(None, _p(DKG + "year")):
        if int(q.object.value) != year:
            continue
        obliging = q.subject
        for obl in objects(obliging, DKG + "imposes"):
            kind = next((kinds[k] for k in objects(obl, DKG + "obligationKind")), None)
            if kind not in ("plan", "report"):
                continue
            for addressee in objects(obl, DKG + "addressee"):
                groups = objects(addressee, DKG + "unitGroup")
                if not groups:
                    owed.add((addressee.value, obliging.value, kind))
                    continue
                on = value(addressee, DKG + "expandOn")

                def valid(x, on=on) -> bool:
                    return (value(x, DKG + "validFrom") or "0000") <= on \
                        <= (value(x, DKG + "validTo") or "9999")

                # roster agencies in the group (a roster row is a membership node of one file);
                # registry committees whose state of the day is in the group with a kind the
                # class names
                named = {k.value for k in objects(addressee, DKG + "addressesKind")}
                members = [next(iter(objects(m, DKG + "member")), m)
                           for g in groups for m in subjects(DKG + "inGroup", g) if valid(m)]
                members += [m for g in groups for st in subjects(DKG + "group", g)
                            if value(st, DKG + "unitKind") in named and valid(st)
                            for m in objects(st, DKG + "stateOf")]
                for m in members or [addressee]:
                    owed.add((m.value, obliging.value, kind))
    # Met: an instrument with a source, issued by the owner or its office, linked to the obliging one.
    links = {"plan": (ELI + "ensures_implementation_of", DKG + "inferredImplementationOf"),
             "report": (ELI + "ensures_implementation_of", DKG + "inferredImplementationOf",
                        ELI + "based_on", ELI + "cites")}
    report_cls = _p(DKG + "Report")
    office_cls = _p(DKG + "Office")
    answered: dict[tuple[str, str, str], bool] = defaultdict(bool)
    for kind, preds in links.items():
        for pred in preds:
            for q in store.match(None, _p(pred)):
                r = q.subject
                if not objects(r, DKG + "hasSourceDocument"):
                    continue
                is_report = report_cls in objects(r, RDF + "type")
                if is_report != (kind == "report"):
                    continue
                r_date = value(r, ELI + "date_document")
                if r_date and r_date > as_of.isoformat():
                    continue
                for issuer in objects(r, ELI + "passed_by"):
                    owners = {issuer}
                    if office_cls in objects(issuer, RDF + "type"):
                        owners |= objects(issuer, ORG + "subOrganizationOf")
                    for owner in owners:
                        answered[(owner.value, q.object.value, kind)] = True
    return {key: answered.get(key, False) for key in owed}
