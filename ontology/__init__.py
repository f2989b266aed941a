"""directive_kg.ontology"""
