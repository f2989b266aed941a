// chain-up-stated: like chain-up, but only through links a document states (no inferred links).
// Parameters: $number.
// @param number string required — an instrument's number as printed
MATCH (start:Instrument {number: $number})-[:IMPLEMENTS*1.. {inferred: false}]->(a:Instrument)
WHERE NOT EXISTS { (start)-[:IMPLEMENTS {inferred: true}]->(a) }
OPTIONAL MATCH (a)-[:ISSUED_BY]->(issuer:Body) WHERE issuer.name IS NOT NULL
RETURN DISTINCT a.iri AS ancestor, a.number AS ancestor_number, a.date AS ancestor_date,
       issuer.name AS ancestor_issuer
ORDER BY ancestor_date IS NOT NULL, ancestor_date, ancestor_number IS NOT NULL, ancestor_number
