"""The `kg` command: ``main`` (the group, errors as one line, the core commands), one module per
command group (``gaps``: `kg gaps` and `kg units`; ``neo4j``; ``viz``) and the shared options
(``output``)."""
