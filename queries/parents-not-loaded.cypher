// parents-not-loaded: instruments that loaded documents of a year implement (their stated direct
// parent) but whose own text is not loaded (nor its draft, nor the shipped central catalog):
// who they oblige is unknown until they are.
// `kg gaps` prints them below its rows ("load 80/KH-UBND to check who owes it").
// Parameters: $year (integer).
// @param year year required — the year of the implementing documents
MATCH (child:Instrument {year: $year})-[:IMPLEMENTS {inferred: false}]->(i:Instrument)
WHERE EXISTS { (child)-[:FROM_SOURCE]->(:SourceDocument) }
  AND NOT EXISTS { (i)-[:FROM_SOURCE]->(:SourceDocument) }
  AND NOT EXISTS { (i)-[:DRAFT_VERSION]->() }   // loaded as a draft without number
  AND i.inCatalog IS NULL                       // shipped central instruments
OPTIONAL MATCH (i)-[:ISSUED_BY]->(issuer:Body) WHERE issuer.name IS NOT NULL
RETURN i.iri AS instrument, i.number AS number, issuer.name AS issuer,
       count(DISTINCT child) AS implementers
ORDER BY number IS NOT NULL, number, issuer IS NOT NULL, issuer, instrument
