"""directive_kg.kg.web: `kg serve`, the local web workspace over the store.

A view beside kg/cli/: the same library calls (kg/answers, viz, kg/neo4j/query.py) over the same
store, opened read-only, so the browser and the terminal never disagree. Pages: the gaps dashboard
(with CSV and Excel downloads), a document with what was read marked in its text, the chain (the
`kg viz` view, embedded), the query page (YASGUI, vendored) and the SPARQL 1.1 Protocol endpoint
at /sparql, whose queries run in worker processes that are killed at their time limit.

Nothing imports this package but the CLI's `serve` command, which only starts it."""
