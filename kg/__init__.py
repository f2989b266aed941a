"""directive_kg.kg: the graph, its store and what is asked of it. Imports point down this list:

``cli`` (the `kg` commands) → ``neo4j`` (the property-graph projection) and ``answers`` (chain,
gaps, units) → ``store`` (the embedded store, loading, the gaps index, export, validation) →
``graph`` (vocabulary, identity and IRIs, jurisdiction, record → quads)."""
