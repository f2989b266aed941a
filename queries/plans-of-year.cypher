// plans-of-year: plans (Kế hoạch) loaded from documents for a given year, with issuer and the
// instruments they carry out. Parameters: $year (integer, e.g. 2024).
// @param year year required — the year of the plans
MATCH (plan:Plan {year: $year})
WHERE EXISTS { (plan)-[:FROM_SOURCE]->(:SourceDocument) }
OPTIONAL MATCH (plan)-[:ISSUED_BY]->(issuer:Body) WHERE issuer.name IS NOT NULL
WITH plan, issuer, COLLECT {
  MATCH (plan)-[:IMPLEMENTS {inferred: false}]->(parent:Instrument)
  WHERE parent.number IS NOT NULL
  RETURN DISTINCT parent.number ORDER BY parent.number
} AS parents
RETURN plan.iri AS plan, plan.number AS number, plan.symbol AS symbol, issuer.name AS issuer,
       plan.title AS title,
       reduce(s = "", n IN parents | s + CASE s WHEN "" THEN "" ELSE ", " END + n) AS implements
ORDER BY issuer IS NOT NULL, issuer
