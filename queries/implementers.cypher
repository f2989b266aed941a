// implementers: the instruments that directly carry out the given one, with whether the link is
// stated by a document or inferred by a rule. Parameters: $number (e.g. "33/CT-TTg").
// @param number string required — an instrument's number as printed
MATCH (target:Instrument {number: $number})<-[link:IMPLEMENTS]-(i:Instrument)
OPTIONAL MATCH (i)-[:ISSUED_BY]->(issuer:Body) WHERE issuer.name IS NOT NULL
RETURN DISTINCT i.iri AS implementer, i.number AS implementer_number,
       issuer.name AS implementer_issuer, i.year AS implementer_year,
       link.inferred AS inferred, link.rule AS rule
ORDER BY implementer_issuer IS NOT NULL, implementer_issuer
