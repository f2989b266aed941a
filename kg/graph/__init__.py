"""Records → RDF, without a store: the vocabulary, identity keys and IRIs (``identity``: where an
IRI is minted), a body's registry unit (``jurisdiction``: where a body is resolved), a parsed
document, the catalog, the registry and a roster as quads (``mapping``, ``registry_graph``,
``roster``)."""
