"""directive_kg.viz"""
