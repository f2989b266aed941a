"""directive_kg.queries"""
