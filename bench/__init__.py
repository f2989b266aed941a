"""bench: the corpus generator with its ground truth, and the benchmark. Not part of the installed
package: run from the repository root as modules (``python -m bench.run``), next to tests/, whose
helpers (the set-difference oracle, the headless browser driver) it uses.

``scenario`` decides who exists, which documents each unit writes and what each owes; ``render``
turns one intended document into Vietnamese plain text; ``truth`` derives the expected gap rows
and the roster; ``generate`` and ``run`` are the command-line entry points."""
