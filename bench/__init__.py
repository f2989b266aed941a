"""directive_kg.bench: the corpus generator with its ground truth, and the benchmark.

``scenario`` decides who exists, which documents each unit writes and what each owes; ``render``
turns one intended document into Vietnamese plain text; ``truth`` derives the expected gap rows
and the roster; ``generate`` and ``run`` are the command-line entry points."""
