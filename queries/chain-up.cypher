// chain-up: every instrument that the given instrument carries out, directly or through others,
// up to the central resolution. Parameters: $number (e.g. "80/KH-UBND"); when a number is
// ambiguous all matching instruments' chains are listed.
// Inferred links (IMPLEMENTS {inferred: true}) are included; use chain-up-stated to exclude them.
// "x IS NOT NULL, x" in ORDER BY puts missing values first, as SPARQL does.
// @param number string required — an instrument's number as printed
MATCH (start:Instrument {number: $number})-[:IMPLEMENTS*1..]->(a:Instrument)
OPTIONAL MATCH (a)-[:ISSUED_BY]->(issuer:Body) WHERE issuer.name IS NOT NULL
RETURN DISTINCT start.iri AS from, a.iri AS ancestor, a.number AS ancestor_number,
       a.date AS ancestor_date, issuer.name AS ancestor_issuer
ORDER BY ancestor_date IS NOT NULL, ancestor_date, ancestor_number IS NOT NULL, ancestor_number
