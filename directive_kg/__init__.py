"""directive-kg: a knowledge graph of Vietnamese policy directives and their implementation chain.

Imports point one way, top to bottom (pyproject.toml's import contracts; ARCHITECTURE.md):
``kg.cli`` (the `kg` command) → ``viz`` (HTML views) → ``kg.answers`` (chain, gaps, units) and
``kg.neo4j`` (the property-graph projection) → ``kg.store`` (the embedded store, loading, the gaps
index) → ``kg.graph`` (identity, IRIs, records → quads) → ``loaders`` (documents → records) →
``reference`` (unit registry, catalog), ``queries`` (named SPARQL and Cypher), ``ontology``
(Turtle files) → ``errors`` (the one error tree). The folders beside this one (kg/, loaders/, viz/,
queries/, ontology/) are mapped into the namespace by pyproject.toml.
"""

__version__ = "0.1.0"
