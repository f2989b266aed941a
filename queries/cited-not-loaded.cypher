// cited-not-loaded: instruments that loaded documents name as their direct parent
// (implements) but whose own text is not loaded and that the shipped catalog does not hold:
// who they oblige is therefore unknown. No parameters.
// @param none
MATCH (child:Instrument)-[:IMPLEMENTS {inferred: false}]->(i:Instrument)
WHERE EXISTS { (child)-[:FROM_SOURCE]->(:SourceDocument) }
  AND NOT EXISTS { (i)-[:FROM_SOURCE]->(:SourceDocument) }
  AND coalesce(i.inCatalog, false) = false
OPTIONAL MATCH (i)-[:ISSUED_BY]->(issuer:Body) WHERE issuer.name IS NOT NULL
RETURN i.iri AS instrument, i.number AS number, issuer.name AS issuer, i.date AS date,
       count(DISTINCT child) AS implementers
ORDER BY number IS NOT NULL, number
