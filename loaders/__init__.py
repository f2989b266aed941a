"""directive_kg.loaders: documents → plain records with evidence. No store, no RDF.

Where things happen: ``text`` (normalisation with offsets), ``citations`` (where a citation is
parsed), ``bodies`` (body names), ``places`` (place names), ``obligations`` (who owes what),
``document`` (the pipeline), ``reading`` (files, formats and encodings: ``formats_docx``,
``formats_pdf``, ``formats_html``, ``tables``, ``legacy``)."""

from .document import PARSER_VERSION, parse_text
from .records import Citation, Document, Evidence, Obligation

__all__ = ["PARSER_VERSION", "Citation", "Document", "Evidence", "Obligation", "parse_text"]


def parse_file(path, registry=None) -> Document:
    """Read and parse one file. Raises :class:`directive_kg.errors.LoaderError` on bad input."""
    from .reading import read_source

    src = read_source(path)
    return parse_text(src.text, src.path, sha256=src.sha256, encoding=src.encoding,
                      registry=registry, source_format=src.format, conversions=src.conversions)


__all__.append("parse_file")
