"""directive_kg.kg"""
