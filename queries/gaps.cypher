// gaps: who owes a plan or a report for a year, and whether they have produced it.
//
// One row per (unit, obligation), the same rows as gaps.rq. An obligation comes from the
// "Tổ chức thực hiện" part of a loaded instrument of the year. A class of units ("UBND các
// huyện, thành phố") is expanded to the bodies of its group (the registry's People's Committees,
// the roster's agencies) under its parent body, as they stood on the class's expandOn date; a
// class with no members stays one row, expanded = false.
//
// A unit has done it when an instrument with its own text, issued by the unit (or by its Văn
// phòng on its behalf), implements the obliging instrument (for a report: a Report that
// implements, is based on or cites it), dated no later than $asOf. Status, as in the Government
// Office's task tracking: done_on_time · done_late (dated after the deadline) · not_due (not
// done, deadline ahead) · overdue (not done, deadline passed). Without a stated deadline the due
// date is 31 December of the year.
//
// Parameters: $year (integer, required), $asOf (date, optional: default today).
// Example: kg query gaps --engine neo4j --param year=2024 --param asOf=2024-12-01
MATCH (obliging:Instrument {year: $year})-[:OBLIGES]->(obligation:Obligation)
WHERE obligation.kind IN ["plan", "report"]
WITH obliging, obligation, obligation.kind AS kind,
     coalesce(obligation.deadline, date({year: $year, month: 12, day: 31})) AS due,
     coalesce($asOf, date()) AS today
MATCH (obligation)-[:ADDRESSED_TO]->(addressee)
WITH obliging, obligation, kind, due, today, addressee,
     addressee.unitGroup IS NOT NULL AND addressee.expandOn IS NOT NULL AS grouped
// the members of a class's group: bodies under its parent that were valid on the day
OPTIONAL MATCH (addressee)-[:UNITS_OF]->(:Body)<-[:PART_OF]-(member:Body)
  WHERE grouped AND addressee.unitGroup IN member.groups
    AND (member.validFrom IS NULL OR member.validFrom <= addressee.expandOn)
    AND (member.validTo IS NULL OR addressee.expandOn <= member.validTo)
WITH obliging, obligation, kind, due, today, coalesce(member, addressee) AS owner,
     NOT grouped OR member IS NOT NULL AS expanded
// what the unit produced in answer, if anything
OPTIONAL MATCH (r:Instrument)-[link:IMPLEMENTS|BASED_ON|CITES]->(obliging)
  WHERE EXISTS { (r)-[:FROM_SOURCE]->(:SourceDocument) }
    AND EXISTS { MATCH (r)-[:ISSUED_BY]->(issuer)
                 WHERE issuer = owner OR (issuer:Office AND EXISTS { (issuer)-[:PART_OF]->(owner) }) }
    AND (r.date IS NULL OR r.date <= today)
    AND CASE WHEN kind = "report" THEN r:Report
             ELSE type(link) = "IMPLEMENTS" AND NOT r:Report END
WITH obliging, obligation, kind, owner, expanded, due, today,
     min(r.iri) AS response, min(r.date) AS response_date
WHERE obligation.evidence_line IS NOT NULL AND obligation.evidence_text IS NOT NULL
  AND obligation.file IS NOT NULL AND owner.name IS NOT NULL
OPTIONAL MATCH (obliging)-[:ISSUED_BY]->(issuer:Body) WHERE issuer.name IS NOT NULL
RETURN DISTINCT owner.name AS unit, owner.iri AS unit_iri, owner.province AS area, kind,
       coalesce(obliging.number, "(draft, no number)") AS required_by,
       issuer.name AS required_by_issuer, obliging.title AS required_by_title,
       obliging.iri AS required_by_iri, obligation.deadline AS deadline, due,
       CASE WHEN response IS NOT NULL
            THEN CASE WHEN response_date > due THEN "done_late" ELSE "done_on_time" END
            ELSE CASE WHEN today > due THEN "overdue" ELSE "not_due" END END AS status,
       expanded, response, response_date, obligation.file AS source,
       obligation.evidence_line AS line, obligation.evidence_text AS text
ORDER BY area IS NOT NULL, area, required_by, kind, expanded, unit
