"""directive_kg.ontology: the OWL vocabulary, SHACL shapes and their documentation (data files)."""

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_TTL = ONTOLOGY_DIR / "directive-kg.ttl"  # OWL classes, properties, SKOS code lists
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"  # SHACL shapes for a valid graph
README_MD = ONTOLOGY_DIR / "README.md"  # identity rules and Turtle examples
