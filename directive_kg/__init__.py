"""directive-kg: a knowledge graph of Vietnamese policy directives and their implementation chain.

Subpackages: ``loaders`` (documents → records), ``kg`` (graph, store, registry, CLI),
``ontology`` (Turtle files), ``queries`` (named SPARQL and Cypher), ``viz`` (HTML views).
"""

__version__ = "0.1.0"
