// answers: which loaded instruments answer an obliging instrument, for which unit, and when.
//
// The same rows as answers.rq: an instrument with its own text answers for the unit that issued
// it (or for the People's Committee whose Văn phòng issued it), as its plan when it implements
// the obliging instrument, as its report when it is a Report that implements, is based on or
// cites it. answer_date is null for an undated draft. Parameters: none.
// @param none
MATCH (answer:Instrument)-[link:IMPLEMENTS|BASED_ON|CITES]->(obliging:Instrument)
WHERE EXISTS { (obliging)-[:OBLIGES]->(:Obligation) }
// the issuer and the date as the answer's own document states them (FROM_SOURCE carries its
// facts; ISSUED_BY knows the graphs that state it), as answers.rq reads them in its own graph
MATCH (answer)-[own:FROM_SOURCE]->(:SourceDocument)
MATCH (answer)-[by:ISSUED_BY]->(issuer)
WHERE any(g IN by.graphs WHERE g IN own.graphs)
OPTIONAL MATCH (issuer:Office)-[:PART_OF]->(parent)
UNWIND CASE WHEN issuer:Office THEN [issuer, parent] ELSE [issuer] END AS owner
WITH obliging, owner, answer, own,
     CASE WHEN answer:Report THEN "report"
          WHEN type(link) = "IMPLEMENTS" THEN "plan" END AS kind
WHERE kind IS NOT NULL AND owner IS NOT NULL
RETURN DISTINCT obliging.iri AS obliging, owner.iri AS owner, kind, answer.iri AS answer,
       own.date AS answer_date
ORDER BY obliging, owner, kind, answer
