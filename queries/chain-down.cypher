// chain-down: every instrument that carries out the given one, directly or through others
// (stated and inferred links). Parameters: $number (e.g. "33/CT-TTg").
// @param number string required — an instrument's number as printed
MATCH (top:Instrument {number: $number})<-[:IMPLEMENTS*1..]-(d:Instrument)
OPTIONAL MATCH (d)-[:ISSUED_BY]->(issuer:Body) WHERE issuer.name IS NOT NULL
RETURN DISTINCT d.iri AS descendant, d.number AS descendant_number, d.title AS descendant_title,
       d.year AS descendant_year, issuer.name AS descendant_issuer
ORDER BY descendant_issuer IS NOT NULL, descendant_issuer,
         descendant_number IS NOT NULL, descendant_number
