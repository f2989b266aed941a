// gaps: who owes a plan or a report for a year, and whether they have produced it.
//
// One row per (unit, obligation), the same rows as gaps.rq. An obligation comes from the
// "Tổ chức thực hiện" part of a loaded instrument of the year. A class of units ("UBND các
// huyện, thành phố") is expanded to the bodies of its group under its parent body, as they stood
// on the class's expandOn date: the roster's agencies, and the registry's People's Committees
// whose UnitState of that day is in the group with a kind the class names (unitKinds: "UBND các
// huyện" takes the huyện only); a class with no members stays one row, expanded = false.
// unit is the name of the day (the state's), unit_now who carries the duty in the registry's
// latest state, kinds the kinds the class took.
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
// An instrument's own facts (number, year, title, issuer) are the ones its own document states:
// the FROM_SOURCE relationship carries them, and ISSUED_BY / OBLIGES know their graphs. A cited
// instrument's node holds the smallest value over every document that mentions it, and two
// districts of one name can share a plan's identity (kg validate reports both), so the node's
// own properties are not used here (as gaps.rq reads each instrument's facts in its own graph).
// @param year year required — the year of the obliging instruments
// @param asOf date optional — the day the status is computed for (default today)
MATCH (obliging:Instrument)-[ob:OBLIGES]->(obligation:Obligation)
WHERE obligation.kind IN ["plan", "report"]
  AND obligation.evidence_line IS NOT NULL AND obligation.evidence_text IS NOT NULL
  AND obligation.file IS NOT NULL
MATCH (obliging)-[own:FROM_SOURCE]->(:SourceDocument)
WHERE own.year = $year AND any(g IN own.graphs WHERE g IN ob.graphs)
WITH obliging, obligation, ob, own, obligation.kind AS kind,
     coalesce(obligation.deadline, date({year: $year, month: 12, day: 31})) AS due,
     coalesce($asOf, date()) AS today
MATCH (obligation)-[:ADDRESSED_TO]->(addressee)
WITH obliging, obligation, ob, own, kind, due, today, addressee,
     addressee.unitGroup IS NOT NULL AND addressee.expandOn IS NOT NULL AS grouped
// the members of a class's group: bodies under its parent that were in it on the day (a registry
// committee by its state of the day, with a kind the class names; a roster row is a Membership of
// one file, with that file's dates, so one roster never changes another's rows)
OPTIONAL MATCH (addressee)-[:UNITS_OF]->(:Body)<-[:PART_OF]-(member:Body)
  WHERE grouped AND (
    (addressee.unitGroup IN member.groups
     AND (member.validFrom IS NULL OR member.validFrom <= addressee.expandOn)
     AND (member.validTo IS NULL OR addressee.expandOn <= member.validTo))
    OR EXISTS { MATCH (member)<-[:STATE_OF]-(s:UnitState)
                WHERE s.group = addressee.unitGroup AND s.unitKind IN addressee.unitKinds
                  AND (s.validFrom IS NULL OR s.validFrom <= addressee.expandOn)
                  AND (s.validTo IS NULL OR addressee.expandOn <= s.validTo) }
    OR EXISTS { MATCH (m:Membership)-[:MEMBER]->(member)
                WHERE addressee.unitGroup IN m.groups
                  AND (m.validFrom IS NULL OR m.validFrom <= addressee.expandOn)
                  AND (m.validTo IS NULL OR addressee.expandOn <= m.validTo) })
WITH obliging, obligation, ob, own, kind, due, today, coalesce(member, addressee) AS owner,
     NOT grouped OR member IS NOT NULL AS expanded,
     CASE WHEN grouped THEN addressee.kindsTaken END AS kinds,
     CASE WHEN grouped THEN addressee.expandOn
          ELSE coalesce(own.date, date({year: $year, month: 1, day: 1})) END AS name_day
WHERE owner.name IS NOT NULL
// the registry's name of the day, for a unit renamed or re-ranked (huyện → thành phố)
OPTIONAL MATCH (owner)<-[:STATE_OF]-(named:UnitState)
  WHERE (named.validFrom IS NULL OR named.validFrom <= name_day)
    AND (named.validTo IS NULL OR name_day <= named.validTo)
WITH obliging, obligation, ob, own, kind, due, today, owner, expanded, kinds,
     coalesce(named.name, owner.name) AS unit_name
// what the unit produced in answer, if anything: an instrument with its own text whose own
// document names the unit (or its Văn phòng) as issuer, dated in that document no later than today
CALL (obliging, owner, kind, today) {
  MATCH (r:Instrument)-[link:IMPLEMENTS|BASED_ON|CITES]->(obliging)
  WHERE CASE WHEN kind = "report" THEN r:Report
             ELSE type(link) = "IMPLEMENTS" AND NOT r:Report END
  MATCH (r)-[rs:FROM_SOURCE]->(:SourceDocument)
  WHERE rs.date IS NULL OR rs.date <= today
  MATCH (r)-[ri:ISSUED_BY]->(issuer)
  WHERE any(g IN ri.graphs WHERE g IN rs.graphs)
    AND (issuer = owner OR (issuer:Office AND EXISTS { (issuer)-[:PART_OF]->(owner) }))
  RETURN min(r.iri) AS response, min(rs.date) AS response_date
}
OPTIONAL MATCH (obliging)-[issued:ISSUED_BY]->(issuer:Body)
  WHERE issuer.name IS NOT NULL AND any(g IN issued.graphs WHERE g IN ob.graphs)
// the issuer's name on the instrument's day when the registry knows its states
OPTIONAL MATCH (issuer)<-[:STATE_OF]-(issuer_then:UnitState)
  WHERE (issuer_then.validFrom IS NULL
         OR issuer_then.validFrom <= coalesce(own.date, date({year: $year, month: 1, day: 1})))
    AND (issuer_then.validTo IS NULL
         OR coalesce(own.date, date({year: $year, month: 1, day: 1})) <= issuer_then.validTo)
RETURN DISTINCT unit_name AS unit, owner.iri AS unit_iri, owner.province AS area, kind,
       coalesce(own.number, "(draft, no number)") AS required_by,
       coalesce(issuer_then.name, issuer.name) AS required_by_issuer, own.title AS required_by_title,
       obliging.iri AS required_by_iri, obligation.deadline AS deadline, due,
       CASE WHEN response IS NOT NULL
            THEN CASE WHEN response_date > due THEN "done_late" ELSE "done_on_time" END
            ELSE CASE WHEN today > due THEN "overdue" ELSE "not_due" END END AS status,
       expanded, response, response_date, obligation.file AS source,
       obligation.evidence_line AS line, obligation.evidence_text AS text,
       owner.nameToday AS unit_now, kinds
ORDER BY area IS NOT NULL, area, required_by, kind, expanded, unit
